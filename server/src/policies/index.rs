//! The policy list's search: what a policy item puts into the shared search engine,
//! and the filters, facets, ranking and hits of a policy search.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use app::error::PortalError;
use app::policies::applicability::evaluate;
use app::policies::model::{DocumentRef, EarlierVersion, FacetValue, Facets, HomeData, PolicyHit, SearchResults};
use app::policies::query::SearchParams;
use app::policies::vocab::DELIVERY_AUTOMATIC;
use tantivy::query::Occur;
use tantivy::Searcher;

use super::model::ItemRecord;
use super::store::PolicyStore;
use crate::error::internal;
use crate::platform::changes::ENTITY_POLICY;
use crate::platform::db::{After, Db};
use crate::platform::metrics::Histogram;
use crate::platform::search::segment::{normalize, query_words};
use crate::platform::search::snippet::snippet;
use crate::platform::search::{check_depth, facet_values, Answer, Corpus, Dim, Facet, Request, Ranking, SearchEngine, Tier};

const SNIPPET_CHARS: usize = 90;

const CATEGORY: &str = "category";
const SUPPORT: &str = "support";
const ISSUER: &str = "issuer";
const EXECUTOR: &str = "executor";
const DELIVERY: &str = "delivery";
const DOCUMENT: &str = "document";
const DOCUMENT_TITLE: &str = "document_title";
const VALID_FROM: &str = "valid_from";
/// The last day in force: the end date, or never for a void document.
const FORCE_UNTIL: &str = "force_until";

/// A `YYYY-MM-DD` date as the number `YYYYMMDD` (same order); 0 when malformed.
pub fn day_number(date: &str) -> i64 {
    date.get(0..10).map(|d| d.replace('-', "")).and_then(|d| d.parse().ok()).unwrap_or(0)
}

/// `YYYYMMDD` back to `YYYY-MM-DD`.
fn day_text(day: i64) -> String {
    format!("{:04}-{:02}-{:02}", day / 10000, day / 100 % 100, day % 100)
}

/// The tier of a policy in force (`platform::search::Tier`).
const IN_FORCE: u8 = 2;

/// Policy items as the search engine reads them.
pub struct PolicyCorpus(pub Arc<PolicyStore>);

#[async_trait::async_trait]
impl Corpus for PolicyCorpus {
    type Item = ItemRecord;
    const ENTITY: &'static str = ENTITY_POLICY;
    const VERSION: u32 = 4;
    const KEYWORDS: &'static [&'static str] = &[CATEGORY, SUPPORT, ISSUER, EXECUTOR, DELIVERY, DOCUMENT, DOCUMENT_TITLE];
    const NUMBERS: &'static [&'static str] = &[VALID_FROM, FORCE_UNTIL];
    const PINYIN_KEYWORDS: &'static [&'static str] = &[CATEGORY, SUPPORT, ISSUER, EXECUTOR];

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

    fn keywords(item: &ItemRecord) -> Vec<String> {
        vec![
            item.category.clone(),
            item.support_type.clone(),
            item.document.issuing_unit.clone(),
            item.executing_unit.clone(),
            item.delivery.clone(),
            item.document.number.clone(),
            item.document.title.clone(),
        ]
    }

    fn numbers(item: &ItemRecord) -> Vec<i64> {
        let until = if item.document.status == "已失效" {
            -1
        } else {
            item.valid_until.as_deref().map(day_number).unwrap_or(i64::MAX)
        };
        vec![day_number(&item.valid_from), until]
    }

    /// A policy issued again in a later document keeps its title: the normalised title
    /// (letters and digits only) groups its versions.
    fn version(item: &ItemRecord) -> Option<String> {
        let title: String = normalize(&item.title).chars().filter(|c| c.is_alphanumeric()).collect();
        (!title.is_empty()).then_some(title)
    }

    fn cluster(item: &ItemRecord) -> String {
        item.category.clone()
    }

    async fn page(&self, after: &After, limit: usize) -> Result<Vec<ItemRecord>> {
        self.0.page(after, limit).await
    }

    async fn many(&self, keys: &[String]) -> Result<Vec<ItemRecord>> {
        self.0.many(keys).await
    }
}

#[derive(Clone)]
pub struct PolicyIndex {
    engine: SearchEngine<PolicyCorpus>,
    /// The home page's figures, for one index generation and one day.
    home: Arc<Mutex<Option<(u64, String, HomeData)>>>,
    /// Recent answers, for one index generation: the same search asked again (a
    /// popular word, a page reloaded, the page and its hydration) is answered from here.
    recent: Arc<Mutex<Recent>>,
    /// Time spent answering searches, a cached answer included (`/metrics`).
    pub search_duration: Arc<Histogram>,
}

/// At most this many answers are kept (a few MB).
const RECENT_KEPT: usize = 256;

/// Whether a search may be answered from the answers kept from recent searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    Use,
    /// Search the index again: a client asked for a fresh answer (`Cache-Control:
    /// no-cache`), as the benchmarks do to time the engine and not the memory.
    Skip,
}

#[derive(Default)]
struct Recent {
    generation: u64,
    answers: HashMap<String, SearchResults>,
    order: VecDeque<String>,
}

impl Recent {
    fn get(&mut self, generation: u64, key: &str) -> Option<SearchResults> {
        if self.generation != generation {
            self.generation = generation;
            self.answers.clear();
            self.order.clear();
        }
        self.answers.get(key).cloned()
    }

    fn put(&mut self, generation: u64, key: String, answer: &SearchResults) {
        if self.generation != generation {
            return;
        }
        if self.order.len() >= RECENT_KEPT {
            if let Some(oldest) = self.order.pop_front() {
                self.answers.remove(&oldest);
            }
        }
        self.order.push_back(key.clone());
        self.answers.insert(key, answer.clone());
    }
}

impl PolicyIndex {
    pub async fn open(dir: &Path, store: Arc<PolicyStore>) -> Result<Self> {
        Ok(Self {
            engine: SearchEngine::open(dir, PolicyCorpus(store)).await?,
            home: Arc::default(),
            recent: Arc::default(),
            search_duration: Arc::default(),
        })
    }

    pub async fn sync(&self) -> Result<()> {
        self.engine.sync().await
    }

    pub fn segment_count(&self) -> usize {
        self.engine.segment_count()
    }

    pub fn item_count(&self) -> usize {
        self.engine.item_count() as usize
    }

    /// The last change feed id this index has applied.
    pub fn applied_change(&self) -> i64 {
        self.engine.applied_change()
    }

    /// Whether the index keeps up with the change feed (its writer runs and syncs).
    pub fn writer_ok(&self) -> bool {
        self.engine.writer_ok()
    }

    /// What a search's answer depends on besides its parameters: the index generation,
    /// the day and the synonyms. An answer kept under another stamp is stale.
    pub fn stamp(&self, today: &str) -> String {
        format!("{}|{today}", self.engine.stamp())
    }

    pub fn search(&self, params: &SearchParams, today: &str, year: i32) -> Result<SearchResults, PortalError> {
        self.search_kept(params, today, year, Kept::Use)
    }

    /// [`search`](Self::search), with or without the recent answers (the search is
    /// always kept for the next one).
    pub fn search_kept(&self, params: &SearchParams, today: &str, year: i32, kept: Kept) -> Result<SearchResults, PortalError> {
        params.validate()?;
        check_depth(params.offset, params.limit)?;
        self.search_duration.time(|| self.lookup(params, today, year, kept))
    }

    /// A valid search, answered from the recent answers or the index.
    fn lookup(&self, params: &SearchParams, today: &str, year: i32, kept: Kept) -> Result<SearchResults, PortalError> {
        let searcher = self.engine.searcher();
        let generation = searcher.generation().generation_id();
        let key = format!("{params:?}|{today}|{year}|{}", self.engine.synonyms_version());
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner()).get(generation, &key);
        if let (Some(answer), Kept::Use) = (recent, kept) {
            return Ok(answer);
        }
        let answer = self.answer(&searcher, params, today, year)?;
        self.recent.lock().unwrap_or_else(|e| e.into_inner()).put(generation, key, &answer);
        Ok(answer)
    }

    fn answer(&self, searcher: &Searcher, params: &SearchParams, today: &str, year: i32) -> Result<SearchResults, PortalError> {
        let words = query_words(&params.q);
        if !params.q.trim().is_empty() && words.is_empty() {
            return Ok(SearchResults {
                total: 0,
                offset: params.offset,
                limit: params.limit,
                hits: Vec::new(),
                facets: Facets::default(),
                partial: false,
                more: false,
            });
        }
        let at = day_number(today);
        let within = Dim::Within { from: VALID_FROM, until: FORCE_UNTIL, at };
        let facet = |dim: Dim, want: &Option<String>| Facet { dim, want: want.clone(), count: true };
        let facets = [
            facet(Dim::Keyword(CATEGORY), &params.category),
            facet(Dim::Keyword(SUPPORT), &params.support),
            facet(Dim::Keyword(ISSUER), &params.issuer),
            facet(Dim::Keyword(EXECUTOR), &params.executor),
            facet(Dim::Keyword(DELIVERY), &params.delivery),
            facet(within, &params.in_force.map(|f| f.to_string())),
        ];
        let request = Request {
            words: &words,
            occur: Occur::Must,
            facets: &facets,
            sort: VALID_FROM,
            offset: params.offset as usize,
            limit: params.limit as usize,
        };
        // In force first at any relevance: an expired policy is what a person least
        // wants to apply for, however well its text matches.
        let ranking = Ranking { tier: Some(Tier { from: VALID_FROM, until: FORCE_UNTIL, at }), fold: !params.all_versions,
            version_columns: &[DOCUMENT, DOCUMENT_TITLE],
            partial: true,
        };
        let Answer { total, counts, hits, partial, more, marks } =
            self.engine.search_ranked(searcher, &request, &ranking).map_err(internal)?;
        let mut counts = counts.into_iter().map(facet_values);
        let mut next = || counts.next().unwrap_or_default();
        let facets = Facets {
            category: next(),
            support: next(),
            issuer: next(),
            executor: next(),
            delivery: next(),
            in_force: in_force_labels(next()),
        };
        let hits = hits
            .into_iter()
            .map(|hit| {
                let item = hit.item;
                let in_force = item.in_force(today);
                let earlier = hit
                    .earlier
                    .into_iter()
                    .map(|mut v| EarlierVersion {
                        in_force: v.tier == IN_FORCE,
                        code: v.key,
                        document: DocumentRef { title: v.columns.pop().unwrap_or_default(), number: v.columns.pop().unwrap_or_default() },
                        valid_from: day_text(v.sort),
                        matched: v.matched,
                    })
                    .collect();
                PolicyHit {
                    snippet: snippet(&item.content, &marks, SNIPPET_CHARS),
                    verdict: evaluate(&item.conditions, in_force, &params.profile, year),
                    code: item.code,
                    title: item.title,
                    document: DocumentRef { title: item.document.title, number: item.document.number },
                    issuing_unit: item.document.issuing_unit,
                    executing_unit: item.executing_unit,
                    interpreter: item.interpreter,
                    category: item.category,
                    support_type: item.support_type,
                    delivery: item.delivery,
                    valid_from: item.valid_from,
                    valid_until: item.valid_until,
                    in_force,
                    earlier,
                }
            })
            .collect();
        Ok(SearchResults { total: total as u32, offset: params.offset, limit: params.limit, hits, facets, partial, more })
    }

    /// The home page's figures; computed once per index generation and day.
    pub fn home(&self, today: &str) -> Result<HomeData, PortalError> {
        let searcher = self.engine.searcher();
        let generation = searcher.generation().generation_id();
        let mut cached = self.home.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, day, home)) = cached.as_ref() {
            if *g == generation && day == today {
                return Ok(home.clone());
            }
        }
        let in_force = Facet {
            dim: Dim::Within { from: VALID_FROM, until: FORCE_UNTIL, at: day_number(today) },
            want: Some("true".into()),
            count: false,
        };
        let briefs = |facets: &[Facet]| -> Result<Vec<app::policies::model::PolicyBrief>, PortalError> {
            let request = Request { words: &[], occur: Occur::Must, facets, sort: VALID_FROM, offset: 0, limit: 8 };
            let found = self.engine.search(&searcher, &request).map_err(internal)?;
            Ok(found.hits.iter().map(|(item, _)| item.brief(today)).collect())
        };
        let categories = {
            let facets = [Facet { dim: Dim::Keyword(CATEGORY), want: None, count: true }];
            let request = Request { words: &[], occur: Occur::Must, facets: &facets, sort: VALID_FROM, offset: 0, limit: 0 };
            let found = self.engine.search(&searcher, &request).map_err(internal)?;
            found.counts.into_iter().next().map(facet_values).unwrap_or_default()
        };
        let automatic = Facet { dim: Dim::Keyword(DELIVERY), want: Some(DELIVERY_AUTOMATIC.into()), count: false };
        let home = HomeData {
            policy_count: searcher.num_docs() as u32,
            document_count: self.engine.distinct(&searcher, &[DOCUMENT]).map_err(internal)? as u32,
            unit_count: self.engine.distinct(&searcher, &[ISSUER, EXECUTOR]).map_err(internal)? as u32,
            categories,
            automatic: briefs(&[automatic, in_force.clone()])?,
            newest: briefs(&[in_force])?,
        };
        *cached = Some((generation, today.to_string(), home.clone()));
        Ok(home)
    }
}


fn in_force_labels(values: Vec<FacetValue>) -> Vec<FacetValue> {
    let mut labelled: Vec<FacetValue> = values
        .into_iter()
        .map(|v| FacetValue { value: if v.value == "true" { "有效".into() } else { "已失效".into() }, count: v.count })
        .collect();
    labelled.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    labelled
}
