//! The search engine every list shares: one tantivy index per list and process, derived
//! from the database and kept current from the change feed.
//!
//! One task owns the only `IndexWriter` (tantivy's rule). It follows the change feed,
//! batches what it finds into one commit, reloads the reader and only then answers
//! whoever asked it to sync, so a write is visible to the next search. What a list
//! indexes is its [`Corpus`]; its filters, facets and hits live in its own feature
//! folder (for policies: `policies/index.rs`).

pub mod segment;
pub mod snippet;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::Duration;

use anyhow::{Context, Result};
use app::error::PortalError;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use tokio::sync::{mpsc, oneshot};

use self::segment::{bigrams, is_cjk, ChineseTokenizer, TOKENIZER_NAME};
use super::changes::{self, ENTITY_REINDEX};
use super::db::Db;

/// Bump when the schema or the tokenizer changes: every index is then rebuilt.
pub const SCHEMA_VERSION: &str = "4";
pub const VERSION_MARKER: &str = "QINGDAN_SCHEMA_VERSION";
const POLL_INTERVAL: Duration = Duration::from_millis(1000);

/// What a list puts into its index: items with a key, a title and a body, loaded from
/// the database by key (after a change) or all at once (on a rebuild).
#[async_trait::async_trait]
pub trait Corpus: Send + Sync + 'static {
    type Item: Send + Sync + 'static;
    /// The change feed's entity for this list.
    const ENTITY: &'static str;
    fn db(&self) -> &Db;
    fn key(item: &Self::Item) -> &str;
    /// The title (weighted higher) and the body text of an item.
    fn text(item: &Self::Item) -> (String, String);
    async fn all(&self) -> Result<Vec<Self::Item>>;
    async fn one(&self, key: &str) -> Result<Option<Self::Item>>;
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
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
        key: builder.add_text_field("key", STRING | STORED),
        title: builder.add_text_field("title", text.clone()),
        body: builder.add_text_field("body", text),
    };
    (builder.build(), fields)
}

pub type Items<T> = HashMap<String, Arc<T>>;

struct Shared<T> {
    reader: IndexReader,
    fields: Fields,
    items: RwLock<Items<T>>,
}

/// A list's index: searched by any task, written by its one writer task.
pub struct SearchEngine<C: Corpus> {
    shared: Arc<Shared<C::Item>>,
    sync_tx: mpsc::Sender<oneshot::Sender<Result<(), String>>>,
}

impl<C: Corpus> Clone for SearchEngine<C> {
    fn clone(&self) -> Self {
        Self { shared: self.shared.clone(), sync_tx: self.sync_tx.clone() }
    }
}

impl<C: Corpus> SearchEngine<C> {
    /// Opens (or builds) the index under `dir`, catches up with the change feed and
    /// starts the writer task.
    pub async fn open(dir: &Path, corpus: C) -> Result<Self> {
        segment::warm_up();
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
        let mut task = WriterTask { writer, corpus, shared: shared.clone(), last_change: 0, dir: dir.to_path_buf() };
        if rebuild {
            task.rebuild().await?;
        } else {
            task.last_change = index.load_metas()?.payload.and_then(|p| p.parse().ok()).unwrap_or(0);
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

    pub fn items(&self) -> RwLockReadGuard<'_, Items<C::Item>> {
        self.shared.items.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The items matching every word (`Occur::Must`) or any (`Occur::Should`), with
    /// their scores; a title match weighs three times a body match.
    pub fn matches(&self, words: &[String], occur: Occur, items: &Items<C::Item>) -> Result<Vec<(Arc<C::Item>, f32)>, PortalError> {
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
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()).map_err(unavailable)?;
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(unavailable)?;
            let key = doc.get_first(f.key).and_then(|v| v.as_str()).unwrap_or_default();
            if let Some(item) = items.get(key) {
                out.push((item.clone(), score));
            }
        }
        Ok(out)
    }
}

fn unavailable(e: impl std::fmt::Display) -> PortalError {
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

struct WriterTask<C: Corpus> {
    writer: IndexWriter,
    corpus: C,
    shared: Arc<Shared<C::Item>>,
    last_change: i64,
    dir: PathBuf,
}

impl<C: Corpus> WriterTask<C> {
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

    fn document(&self, item: &C::Item) -> TantivyDocument {
        let f = self.shared.fields;
        let (title, body) = C::text(item);
        doc!(f.key => C::key(item).to_string(), f.title => title, f.body => body)
    }

    async fn load_items(&mut self) -> Result<()> {
        let all = self.corpus.all().await?;
        let map = all.into_iter().map(|i| (C::key(&i).to_string(), Arc::new(i))).collect();
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
        let last = changes::last_id(self.corpus.db()).await?;
        self.load_items().await?;
        self.writer.delete_all_documents()?;
        let items: Vec<Arc<C::Item>> =
            self.shared.items.read().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        for item in &items {
            self.writer.add_document(self.document(item))?;
        }
        self.last_change = last;
        self.commit()?;
        std::fs::write(self.dir.join(VERSION_MARKER), SCHEMA_VERSION)?;
        tracing::info!("search index rebuilt: {} {} items", items.len(), C::ENTITY);
        Ok(())
    }

    async fn sync(&mut self) -> Result<()> {
        let mut keys: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut rebuild = false;
        let mut last = self.last_change;
        loop {
            let batch = changes::since(self.corpus.db(), last, 5000).await?;
            let Some(end) = batch.last().map(|c| c.id) else { break };
            for change in batch {
                if change.entity == ENTITY_REINDEX {
                    rebuild = true;
                } else if change.entity == C::ENTITY && seen.insert(change.key.clone()) {
                    keys.push(change.key);
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
        let mut fresh = Vec::with_capacity(keys.len());
        for key in &keys {
            self.writer.delete_term(Term::from_field_text(f.key, key));
            if let Some(item) = self.corpus.one(key).await? {
                self.writer.add_document(self.document(&item))?;
                fresh.push(Arc::new(item));
            }
        }
        self.last_change = last;
        self.commit()?;
        let mut items = self.shared.items.write().unwrap_or_else(|e| e.into_inner());
        for key in &keys {
            items.remove(key);
        }
        for item in fresh {
            items.insert(C::key(&item).to_string(), item);
        }
        if !keys.is_empty() {
            tracing::info!("search index updated: {} {} items changed", keys.len(), C::ENTITY);
        }
        Ok(())
    }
}
