//! The service list's search: what a service puts into the shared search engine, and
//! the filters, facets and hits of a service search and of the catalogue page.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use app::error::PortalError;
use app::services::model::{Catalogue, LifeEvent, ServiceFacets, ServiceResults, FULLY_ONLINE, LEVEL_TOWNSHIP, LIFE_EVENTS};
use app::services::query::ServiceParams;
use tantivy::query::Occur;

use super::model::ServiceRecord;
use super::store::ServiceStore;
use crate::error::internal;
use crate::platform::changes::ENTITY_SERVICE;
use crate::platform::db::{After, Db};
use crate::platform::search::segment::query_words;
use crate::platform::search::snippet::snippet;
use crate::platform::search::{check_depth, facet_values as values, Answer, Corpus, Dim, Facet, Ranking, Request, SearchEngine};

const CATEGORY: &str = "category";
const UNIT: &str = "unit";
const LEVEL: &str = "level";
const ONLINE: &str = "online";
const ZERO_VISITS: &str = "zero_visits";
const INSTANT: &str = "instant";
const DEVOLVED: &str = "devolved";
const TARGET_MET: &str = "target_met";
/// Orders equal scores and the listing: the most requested services first.
const CASES: &str = "annual_cases";

const SNIPPET_CHARS: usize = 60;
/// Services shown per life event on the catalogue page.
const TOP_PER_EVENT: usize = 6;

fn flag(b: bool) -> String {
    b.to_string()
}

pub struct ServiceCorpus(pub Arc<ServiceStore>);

#[async_trait::async_trait]
impl Corpus for ServiceCorpus {
    type Item = ServiceRecord;
    const ENTITY: &'static str = ENTITY_SERVICE;
    const VERSION: u32 = 1;
    const KEYWORDS: &'static [&'static str] = &[CATEGORY, UNIT, LEVEL, ONLINE, ZERO_VISITS, INSTANT, DEVOLVED, TARGET_MET];
    const NUMBERS: &'static [&'static str] = &[CASES];

    fn db(&self) -> &Db {
        self.0.db()
    }

    fn key(item: &ServiceRecord) -> &str {
        &item.code
    }

    fn text(item: &ServiceRecord) -> (String, String) {
        let materials: Vec<&str> = item.materials.iter().map(|m| m.name.as_str()).collect();
        let body = [
            item.category.as_str(),
            &item.unit,
            &item.level,
            &item.online_depth,
            &item.location,
            &item.legal_basis,
            &materials.join("、"),
        ]
        .join(" · ");
        (item.name.clone(), body)
    }

    fn keywords(item: &ServiceRecord) -> Vec<String> {
        vec![
            item.category.clone(),
            item.unit.clone(),
            item.level.clone(),
            flag(item.online_depth == FULLY_ONLINE),
            flag(item.visits == 0),
            flag(item.committed_days == 0),
            flag(item.level == LEVEL_TOWNSHIP),
            flag(item.target_met()),
        ]
    }

    fn numbers(item: &ServiceRecord) -> Vec<i64> {
        vec![item.annual_cases as i64]
    }

    async fn page(&self, after: &After, limit: usize) -> Result<Vec<ServiceRecord>> {
        self.0.page(after, limit).await
    }

    async fn many(&self, keys: &[String]) -> Result<Vec<ServiceRecord>> {
        self.0.many(keys).await
    }
}

#[derive(Clone)]
pub struct ServiceIndex {
    engine: SearchEngine<ServiceCorpus>,
}


impl ServiceIndex {
    pub async fn open(dir: &Path, store: Arc<ServiceStore>) -> Result<Self> {
        Ok(Self { engine: SearchEngine::open(dir, ServiceCorpus(store)).await? })
    }

    /// Changes whenever what a search of the services sees changes.
    pub fn stamp(&self) -> String {
        self.engine.stamp()
    }

    pub async fn sync(&self) -> Result<()> {
        self.engine.sync().await
    }

    pub fn item_count(&self) -> usize {
        self.engine.item_count() as usize
    }

    pub fn search(&self, params: &ServiceParams) -> Result<ServiceResults, PortalError> {
        params.validate()?;
        check_depth(params.offset, params.limit)?;
        let words = query_words(&params.q);
        let empty = ServiceResults { total: 0, offset: params.offset, limit: params.limit, ..Default::default() };
        if !params.q.trim().is_empty() && words.is_empty() {
            return Ok(empty);
        }
        let text = |v: &Option<String>| v.clone();
        let yes_no = |v: Option<bool>| v.map(flag);
        let facet = |dim, want| Facet { dim: Dim::Keyword(dim), want, count: true };
        let facets = [
            facet(CATEGORY, text(&params.category)),
            facet(UNIT, text(&params.unit)),
            facet(LEVEL, text(&params.level)),
            facet(ONLINE, yes_no(params.online)),
            facet(ZERO_VISITS, yes_no(params.zero_visits)),
            facet(INSTANT, yes_no(params.instant)),
            facet(DEVOLVED, yes_no(params.devolved)),
            facet(TARGET_MET, yes_no(params.target_met)),
        ];
        let searcher = self.engine.searcher();
        let request = Request { words: &words, occur: Occur::Must, facets: &facets, sort: CASES, offset: params.offset as usize, limit: params.limit as usize };
        let ranking = Ranking { partial: true, ..Ranking::default() };
        let Answer { total, counts, hits, partial, .. } = self.engine.search_ranked(&searcher, &request, &ranking).map_err(internal)?;
        let mut counts = counts.into_iter().map(values);
        let mut next = || counts.next().unwrap_or_default();
        let mut category = next();
        category.sort_by_key(|v| LIFE_EVENTS.iter().position(|e| *e == v.value).unwrap_or(LIFE_EVENTS.len()));
        let facets = ServiceFacets {
            category,
            unit: next(),
            level: next(),
            online: next(),
            zero_visits: next(),
            instant: next(),
            devolved: next(),
            target_met: next(),
        };
        let hits = hits
            .into_iter()
            .map(|hit| {
                let item = hit.item;
                let text = if words.is_empty() { String::new() } else { ServiceCorpus::text(&item).1 };
                let parts = if words.is_empty() { Vec::new() } else { snippet(&text, &words, SNIPPET_CHARS) };
                item.hit(parts)
            })
            .collect();
        Ok(ServiceResults { total: total as u32, offset: params.offset, limit: params.limit, hits, facets, partial })
    }

    /// The catalogue page: every life event with its count and most requested services.
    pub fn catalogue(&self) -> Result<Catalogue, PortalError> {
        let searcher = self.engine.searcher();
        let mut events = Vec::with_capacity(LIFE_EVENTS.len());
        for event in LIFE_EVENTS {
            let facets = [Facet { dim: Dim::Keyword(CATEGORY), want: Some(event.to_string()), count: false }];
            let request = Request { words: &[], occur: Occur::Must, facets: &facets, sort: CASES, offset: 0, limit: TOP_PER_EVENT };
            let found = self.engine.search(&searcher, &request).map_err(internal)?;
            events.push(LifeEvent {
                name: event.to_string(),
                count: found.total as u32,
                top: found.hits.into_iter().map(|(s, _)| s.hit(Vec::new())).collect(),
            });
        }
        Ok(Catalogue { total: searcher.num_docs() as u32, events, bundles: Vec::new() })
    }
}
