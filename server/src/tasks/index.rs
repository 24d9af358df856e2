//! The ledger's search: what a task puts into the shared search engine, and its facets.
//! Colour and 未报送 depend on the day, so they are worked out for the page shown, not
//! indexed.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use app::error::PortalError;
use app::tasks::model::{TaskFacets, TaskResults, AREAS};
use app::tasks::query::TaskParams;
use tantivy::query::Occur;

use super::model::TaskRecord;
use super::store::TaskStore;
use crate::error::internal;
use crate::platform::changes::ENTITY_TASK;
use crate::platform::db::{After, Db};
use crate::platform::search::segment::query_words;
use crate::platform::search::{check_depth, facet_values as values, Answer, Corpus, Dim, Facet, Ranking, Request, SearchEngine};
use crate::policies::index::day_number;

const AREA: &str = "area";
const SOURCE: &str = "source";
const UNIT: &str = "unit";
const STATE: &str = "state";
/// Orders the listing: the soonest deadline first (the number is negated).
const URGENCY: &str = "urgency";

pub struct TaskCorpus(pub Arc<TaskStore>);

#[async_trait::async_trait]
impl Corpus for TaskCorpus {
    type Item = TaskRecord;
    const ENTITY: &'static str = ENTITY_TASK;
    const VERSION: u32 = 1;
    const KEYWORDS: &'static [&'static str] = &[AREA, SOURCE, UNIT, STATE];
    const NUMBERS: &'static [&'static str] = &[URGENCY];

    fn db(&self) -> &Db {
        self.0.db()
    }

    fn key(item: &TaskRecord) -> &str {
        &item.code
    }

    fn text(item: &TaskRecord) -> (String, String) {
        let body = [item.code.as_str(), &item.area, &item.target, &item.unit, &item.source, &item.main_person, &item.charge_person, &item.specific_person].join(" · ");
        (item.content.clone(), body)
    }

    fn keywords(item: &TaskRecord) -> Vec<String> {
        vec![item.area.clone(), item.source.clone(), item.unit.clone(), item.state.clone()]
    }

    fn numbers(item: &TaskRecord) -> Vec<i64> {
        vec![-day_number(&item.deadline)]
    }

    async fn page(&self, after: &After, limit: usize) -> Result<Vec<TaskRecord>> {
        self.0.page(after, limit).await
    }

    async fn many(&self, keys: &[String]) -> Result<Vec<TaskRecord>> {
        self.0.many(keys).await
    }
}

#[derive(Clone)]
pub struct TaskIndex {
    engine: SearchEngine<TaskCorpus>,
}


impl TaskIndex {
    pub async fn open(dir: &Path, store: Arc<TaskStore>) -> Result<Self> {
        Ok(Self { engine: SearchEngine::open(dir, TaskCorpus(store)).await? })
    }

    pub async fn sync(&self) -> Result<()> {
        self.engine.sync().await
    }

    pub fn item_count(&self) -> usize {
        self.engine.item_count() as usize
    }

    pub fn search(&self, params: &TaskParams, today: &str) -> Result<TaskResults, PortalError> {
        params.validate()?;
        check_depth(params.offset, params.limit)?;
        let words = query_words(&params.q);
        if !params.q.trim().is_empty() && words.is_empty() {
            return Ok(TaskResults { offset: params.offset, limit: params.limit, ..Default::default() });
        }
        let facet = |dim, want: &Option<String>| Facet { dim: Dim::Keyword(dim), want: want.clone(), count: true };
        let facets = [facet(AREA, &params.area), facet(SOURCE, &params.source), facet(UNIT, &params.unit), facet(STATE, &params.state)];
        let searcher = self.engine.searcher();
        let request = Request { words: &words, occur: Occur::Must, facets: &facets, sort: URGENCY, offset: params.offset as usize, limit: params.limit as usize };
        let ranking = Ranking { partial: true, ..Ranking::default() };
        let Answer { total, counts, hits, partial, .. } = self.engine.search_ranked(&searcher, &request, &ranking).map_err(internal)?;
        let mut counts = counts.into_iter().map(values);
        let mut next = || counts.next().unwrap_or_default();
        let mut area = next();
        area.sort_by_key(|v| AREAS.iter().position(|a| *a == v.value).unwrap_or(AREAS.len()));
        let facets = TaskFacets { area, source: next(), unit: next(), state: next() };
        Ok(TaskResults {
            total: total as u32,
            offset: params.offset,
            limit: params.limit,
            hits: hits.into_iter().map(|h| h.item.hit(today)).collect(),
            facets,
            partial,
        })
    }
}
