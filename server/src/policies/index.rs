//! The policy list's search: what a policy item puts into the shared search engine,
//! and the filters, facets, ranking and hits of a policy search.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use app::error::PortalError;
use app::policies::applicability::evaluate;
use app::policies::model::{DocumentRef, FacetValue, Facets, HomeData, PolicyHit, SearchResults};
use app::policies::query::SearchParams;
use tantivy::query::Occur;

use super::model::ItemRecord;
use super::store::PolicyStore;
use crate::platform::changes::ENTITY_POLICY;
use crate::platform::db::Db;
use crate::platform::search::segment::query_words;
use crate::platform::search::snippet::snippet;
use crate::platform::search::{Corpus, SearchEngine};

const SNIPPET_CHARS: usize = 90;

/// Policy items as the search engine reads them.
pub struct PolicyCorpus(pub Arc<PolicyStore>);

#[async_trait::async_trait]
impl Corpus for PolicyCorpus {
    type Item = ItemRecord;
    const ENTITY: &'static str = ENTITY_POLICY;

    fn db(&self) -> &Db {
        self.0.db()
    }

    fn key(item: &ItemRecord) -> &str {
        &item.code
    }

    fn text(item: &ItemRecord) -> (String, String) {
        let body = [
            item.content.as_str(),
            &item.category,
            &item.support_type,
            &item.delivery,
            &item.document.title,
            &item.document.number,
            &item.document.issuing_unit,
            &item.executing_unit,
            &item.conditions.industries.join(" "),
            &item.conditions.regions.join(" "),
            &item.conditions.qualifications.join(" "),
        ]
        .join("\n");
        (item.title.clone(), body)
    }

    async fn all(&self) -> Result<Vec<ItemRecord>> {
        self.0.all_items().await
    }

    async fn one(&self, key: &str) -> Result<Option<ItemRecord>> {
        self.0.item(key).await
    }
}

#[derive(Clone)]
pub struct PolicyIndex {
    engine: SearchEngine<PolicyCorpus>,
}

impl PolicyIndex {
    pub async fn open(dir: &Path, store: Arc<PolicyStore>) -> Result<Self> {
        Ok(Self { engine: SearchEngine::open(dir, PolicyCorpus(store)).await? })
    }

    pub async fn sync(&self) -> Result<()> {
        self.engine.sync().await
    }

    pub fn item_count(&self) -> usize {
        self.engine.item_count()
    }

    pub fn search(&self, params: &SearchParams, today: &str, year: i32) -> Result<SearchResults, PortalError> {
        params.validate()?;
        let words = query_words(&params.q);
        let items = self.engine.items();
        let mut scored: Vec<(Arc<ItemRecord>, f32)> = if params.q.trim().is_empty() {
            items.values().map(|i| (i.clone(), 0.0)).collect()
        } else if words.is_empty() {
            Vec::new()
        } else {
            let mut found = self.engine.matches(&words, Occur::Must, &items)?;
            if found.is_empty() && words.len() > 1 {
                found = self.engine.matches(&words, Occur::Should, &items)?;
            }
            found
        };
        let in_force = |item: &ItemRecord| item.in_force(today);
        let facets = Facets {
            category: count(&scored, params, Facet::Category, today, |i| i.category.clone()),
            support: count(&scored, params, Facet::Support, today, |i| i.support_type.clone()),
            issuer: count(&scored, params, Facet::Issuer, today, |i| i.document.issuing_unit.clone()),
            executor: count(&scored, params, Facet::Executor, today, |i| i.executing_unit.clone()),
            delivery: count(&scored, params, Facet::Delivery, today, |i| i.delivery.clone()),
            in_force: count(&scored, params, Facet::InForce, today, |i| {
                if in_force(i) { "有效".into() } else { "已失效".into() }
            }),
        };
        scored.retain(|(item, _)| passes(item, params, None, today));
        scored.sort_by(|(a, sa), (b, sb)| {
            sb.total_cmp(sa)
                .then_with(|| b.valid_from.cmp(&a.valid_from))
                .then_with(|| a.code.cmp(&b.code))
        });
        let total = scored.len() as u32;
        let hits = scored
            .iter()
            .skip(params.offset as usize)
            .take(params.limit as usize)
            .map(|(item, _)| {
                let in_force = in_force(item);
                PolicyHit {
                    code: item.code.clone(),
                    title: item.title.clone(),
                    document: DocumentRef { title: item.document.title.clone(), number: item.document.number.clone() },
                    issuing_unit: item.document.issuing_unit.clone(),
                    executing_unit: item.executing_unit.clone(),
                    interpreter: item.interpreter.clone(),
                    category: item.category.clone(),
                    support_type: item.support_type.clone(),
                    delivery: item.delivery.clone(),
                    valid_from: item.valid_from.clone(),
                    valid_until: item.valid_until.clone(),
                    in_force,
                    snippet: snippet(&item.content, &words, SNIPPET_CHARS),
                    verdict: evaluate(&item.conditions, in_force, &params.profile, year),
                }
            })
            .collect();
        Ok(SearchResults { total, offset: params.offset, limit: params.limit, hits, facets })
    }

    pub fn home(&self, today: &str) -> HomeData {
        let items = self.engine.items();
        let mut sorted: Vec<&Arc<ItemRecord>> = items.values().collect();
        sorted.sort_by(|a, b| b.valid_from.cmp(&a.valid_from).then_with(|| a.code.cmp(&b.code)));
        let mut categories: HashMap<&str, u32> = HashMap::new();
        let mut documents = HashSet::new();
        let mut units = HashSet::new();
        for item in items.values() {
            *categories.entry(&item.category).or_default() += 1;
            documents.insert(&item.document.number);
            units.insert(&item.document.issuing_unit);
            units.insert(&item.executing_unit);
        }
        let briefs = |keep: &dyn Fn(&ItemRecord) -> bool| {
            sorted.iter().filter(|i| keep(i)).take(8).map(|i| i.brief(today)).collect()
        };
        HomeData {
            policy_count: items.len() as u32,
            document_count: documents.len() as u32,
            unit_count: units.len() as u32,
            categories: sorted_facet(categories.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
            automatic: briefs(&|i| i.delivery == app::policies::vocab::DELIVERY_AUTOMATIC && i.in_force(today)),
            newest: briefs(&|i| i.in_force(today)),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Facet {
    Category,
    Support,
    Issuer,
    Executor,
    Delivery,
    InForce,
}

/// Whether `item` passes every filter of `params` except `skip` (facet counts are
/// disjunctive: a facet's own filter does not hide its alternatives).
fn passes(item: &ItemRecord, params: &SearchParams, skip: Option<Facet>, today: &str) -> bool {
    let check = |facet: Facet, wanted: &Option<String>, actual: &str| {
        skip == Some(facet) || wanted.as_deref().is_none_or(|w| w == actual)
    };
    check(Facet::Category, &params.category, &item.category)
        && check(Facet::Support, &params.support, &item.support_type)
        && check(Facet::Issuer, &params.issuer, &item.document.issuing_unit)
        && check(Facet::Executor, &params.executor, &item.executing_unit)
        && check(Facet::Delivery, &params.delivery, &item.delivery)
        && (skip == Some(Facet::InForce) || params.in_force.is_none_or(|f| f == item.in_force(today)))
}

fn count(
    scored: &[(Arc<ItemRecord>, f32)],
    params: &SearchParams,
    facet: Facet,
    today: &str,
    value: impl Fn(&ItemRecord) -> String,
) -> Vec<FacetValue> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for (item, _) in scored.iter().filter(|(i, _)| passes(i, params, Some(facet), today)) {
        *counts.entry(value(item)).or_default() += 1;
    }
    sorted_facet(counts)
}

fn sorted_facet(counts: HashMap<String, u32>) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = counts.into_iter().map(|(value, count)| FacetValue { value, count }).collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values
}

