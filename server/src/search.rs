//! The search service: one tantivy index per process, derived from the database.
//!
//! One task owns the only `IndexWriter` (tantivy's rule). It follows the database's
//! change feed, batches what it finds into one commit, reloads the reader and only
//! then answers whoever asked it to sync, so a write is visible to the next search.
//! Filters, facets and applicability run over an in-memory copy of the items.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::{Context, Result};
use app::applicability::evaluate;
use app::error::PortalError;
use app::model::{FacetValue, Facets, HomeData, PolicyHit, SearchResults, DocumentRef};
use app::query::SearchParams;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use tokio::sync::{mpsc, oneshot};

use crate::segment::{bigrams, is_cjk, query_words, ChineseTokenizer, TOKENIZER_NAME};
use crate::snippet::snippet;
use crate::store::{ItemRecord, Store, ENTITY_REINDEX};

/// Bump when the schema or the tokenizer changes: the index is then rebuilt.
pub const SCHEMA_VERSION: &str = "3";
pub const VERSION_MARKER: &str = "QINGDAN_SCHEMA_VERSION";
const POLL_INTERVAL: Duration = Duration::from_millis(1000);
const SNIPPET_CHARS: usize = 90;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    code: Field,
    title: Field,
    body: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        id: builder.add_u64_field("id", INDEXED | FAST | STORED),
        code: builder.add_text_field("code", STRING | STORED),
        title: builder.add_text_field("title", text.clone()),
        body: builder.add_text_field("body", text),
    };
    (builder.build(), fields)
}

type Items = HashMap<String, Arc<ItemRecord>>;

struct Shared {
    reader: IndexReader,
    fields: Fields,
    items: RwLock<Items>,
}

#[derive(Clone)]
pub struct SearchService {
    shared: Arc<Shared>,
    sync_tx: mpsc::Sender<oneshot::Sender<Result<(), String>>>,
}

impl SearchService {
    /// Opens (or builds) the index under `dir`, catches up with the change feed and
    /// starts the writer task.
    pub async fn open(dir: &Path, store: Arc<Store>) -> Result<Self> {
        crate::segment::warm_up();
        let (schema, fields) = schema();
        let version_ok = std::fs::read_to_string(dir.join(VERSION_MARKER))
            .map(|v| v.trim() == SCHEMA_VERSION)
            .unwrap_or(false);
        let opened = if version_ok { Index::open_in_dir(dir).ok() } else { None };
        let rebuild = opened.is_none();
        let index = match opened {
            Some(index) => index,
            None => {
                if dir.exists() {
                    std::fs::remove_dir_all(dir).context("cannot remove the old index")?;
                }
                std::fs::create_dir_all(dir)?;
                Index::create_in_dir(dir, schema)?
            }
        };
        index.tokenizers().register(TOKENIZER_NAME, ChineseTokenizer);
        let writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000).map_err(|e| {
            anyhow::anyhow!(
                "搜索索引被另一个进程占用（是否已有 qingdan serve 在运行？）/ the search index is locked by another process: {e}"
            )
        })?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let shared = Arc::new(Shared { reader, fields, items: RwLock::new(HashMap::new()) });
        let mut task = WriterTask {
            writer,
            store,
            shared: shared.clone(),
            last_change: 0,
            dir: dir.to_path_buf(),
        };
        if rebuild {
            task.rebuild().await?;
        } else {
            task.last_change = index
                .load_metas()?
                .payload
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            task.load_items().await?;
        }
        task.sync().await?;
        let (sync_tx, sync_rx) = mpsc::channel(256);
        tokio::spawn(task.run(sync_rx));
        Ok(Self { shared, sync_tx })
    }

    /// Applies every change committed to the database so far; returns once the next
    /// search sees it.
    pub async fn sync(&self) -> Result<()> {
        let (tx, rx) = oneshot::channel();
        self.sync_tx.send(tx).await.map_err(|_| anyhow::anyhow!("index writer stopped"))?;
        rx.await.map_err(|_| anyhow::anyhow!("index writer stopped"))?.map_err(anyhow::Error::msg)
    }

    pub fn item_count(&self) -> usize {
        self.items().len()
    }

    fn items(&self) -> std::sync::RwLockReadGuard<'_, Items> {
        self.shared.items.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn search(&self, params: &SearchParams, today: &str, year: i32) -> Result<SearchResults, PortalError> {
        params.validate()?;
        let words = query_words(&params.q);
        let items = self.items();
        let mut scored: Vec<(Arc<ItemRecord>, f32)> = if params.q.trim().is_empty() {
            items.values().map(|i| (i.clone(), 0.0)).collect()
        } else if words.is_empty() {
            Vec::new()
        } else {
            let mut found = self.run_query(&words, Occur::Must, &items)?;
            if found.is_empty() && words.len() > 1 {
                found = self.run_query(&words, Occur::Should, &items)?;
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

    fn run_query(&self, words: &[String], occur: Occur, items: &Items) -> Result<Vec<(Arc<ItemRecord>, f32)>, PortalError> {
        let f = self.shared.fields;
        let clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| {
                let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (Occur::Should, Box::new(BoostQuery::new(word_query(f.title, w), 3.0)) as Box<dyn Query>),
                    (Occur::Should, word_query(f.body, w)),
                ]));
                (occur, either)
            })
            .collect();
        let query = BooleanQuery::new(clauses);
        let searcher = self.shared.reader.searcher();
        let limit = (searcher.num_docs() as usize).max(1);
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())
            .map_err(internal)?;
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(internal)?;
            let code = doc.get_first(f.code).and_then(|v| v.as_str()).unwrap_or_default();
            if let Some(item) = items.get(code) {
                out.push((item.clone(), score));
            }
        }
        Ok(out)
    }

    pub fn home(&self, today: &str) -> HomeData {
        let items = self.items();
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
            automatic: briefs(&|i| i.delivery == app::vocab::DELIVERY_AUTOMATIC && i.in_force(today)),
            newest: briefs(&|i| i.in_force(today)),
        }
    }
}

fn internal(e: impl std::fmt::Display) -> PortalError {
    tracing::error!("search failed: {e}");
    PortalError::internal("搜索服务暂时不可用，请稍后再试 / Search is temporarily unavailable")
}

/// A word matches a field as itself or, when longer than two characters, as all of
/// its character pairs (which the index holds for every stretch of Chinese text).
fn word_query(field: Field, word: &str) -> Box<dyn Query> {
    let term = |t: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::WithFreqs))
    };
    if word.chars().count() > 2 && word.chars().all(is_cjk) {
        let pieces: Vec<(Occur, Box<dyn Query>)> = bigrams(word).iter().map(|b| (Occur::Must, term(b))).collect();
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, term(word)),
            (Occur::Should, Box::new(BooleanQuery::new(pieces))),
        ]))
    } else {
        term(word)
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

struct WriterTask {
    writer: IndexWriter,
    store: Arc<Store>,
    shared: Arc<Shared>,
    last_change: i64,
    dir: PathBuf,
}

impl WriterTask {
    async fn run(mut self, mut requests: mpsc::Receiver<oneshot::Sender<Result<(), String>>>) {
        let mut ticker = tokio::time::interval(POLL_INTERVAL);
        loop {
            let mut waiting = Vec::new();
            tokio::select! {
                request = requests.recv() => match request {
                    Some(reply) => waiting.push(reply),
                    None => return,
                },
                _ = ticker.tick() => {}
            }
            // Everyone who asked while we were busy shares this one commit.
            while let Ok(reply) = requests.try_recv() {
                waiting.push(reply);
            }
            let outcome = self.sync().await.map_err(|e| {
                tracing::error!("index sync failed: {e:#}");
                format!("{e:#}")
            });
            for reply in waiting {
                let _ = reply.send(outcome.clone());
            }
        }
    }

    fn document(&self, item: &ItemRecord) -> TantivyDocument {
        let f = self.shared.fields;
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
        doc!(f.id => item.id as u64, f.code => item.code.clone(), f.title => item.title.clone(), f.body => body)
    }

    async fn load_items(&mut self) -> Result<()> {
        let all = self.store.all_items().await?;
        let map = all.into_iter().map(|i| (i.code.clone(), Arc::new(i))).collect();
        *self.shared.items.write().unwrap_or_else(|e| e.into_inner()) = map;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&self.last_change.to_string());
        prepared.commit()?;
        self.shared.reader.reload()?;
        Ok(())
    }

    async fn rebuild(&mut self) -> Result<()> {
        let last = self.store.last_change_id().await?;
        self.load_items().await?;
        self.writer.delete_all_documents()?;
        let items: Vec<Arc<ItemRecord>> = self.shared.items.read().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        for item in &items {
            self.writer.add_document(self.document(item))?;
        }
        self.last_change = last;
        self.commit()?;
        std::fs::write(self.dir.join(VERSION_MARKER), SCHEMA_VERSION)?;
        tracing::info!("search index rebuilt: {} policy items", items.len());
        Ok(())
    }

    async fn sync(&mut self) -> Result<()> {
        let mut codes: Vec<String> = Vec::new();
        let mut rebuild = false;
        let mut last = self.last_change;
        loop {
            let batch = self.store.changes_since(last, 5000).await?;
            let Some(end) = batch.last().map(|c| c.id) else { break };
            for change in batch {
                if change.entity == ENTITY_REINDEX {
                    rebuild = true;
                } else if !codes.contains(&change.key) {
                    codes.push(change.key);
                }
            }
            last = end;
        }
        if last == self.last_change {
            return Ok(());
        }
        if rebuild {
            return self.rebuild().await;
        }
        let f = self.shared.fields;
        let mut fresh = Vec::with_capacity(codes.len());
        for code in &codes {
            self.writer.delete_term(Term::from_field_text(f.code, code));
            if let Some(item) = self.store.item(code).await? {
                self.writer.add_document(self.document(&item))?;
                fresh.push(Arc::new(item));
            }
        }
        self.last_change = last;
        self.commit()?;
        let mut items = self.shared.items.write().unwrap_or_else(|e| e.into_inner());
        for code in &codes {
            items.remove(code);
        }
        for item in fresh {
            items.insert(item.code.clone(), item);
        }
        tracing::info!("search index updated: {} policy items changed", codes.len());
        Ok(())
    }
}
