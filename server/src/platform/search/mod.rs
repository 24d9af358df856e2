//! The search engine every list shares: one tantivy index per list and process, derived
//! from the database and kept current from the change feed (docs/ARCHITECTURE.md).
//!
//! The index holds everything a search needs, so nothing is kept in memory besides
//! it: the words of the title and body, keyword and number columns for filters,
//! facets and ordering, and the item itself, stored, for the page of hits shown. What
//! a list puts in is its [`Corpus`]; its filters, facets and hits live in its own
//! feature folder (for policies: `policies/index.rs`). One task owns the only
//! `IndexWriter` (`writer.rs`).

pub mod collect;
pub mod segment;
pub mod snippet;
mod writer;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, TantivyDocument, Term};
use tokio::sync::{mpsc, oneshot};

pub use self::collect::{Dim, Facet, MAX_RANKED};
use self::segment::{bigrams, is_cjk, ChineseTokenizer, TOKENIZER_NAME};
use self::writer::WriterTask;
use super::db::Db;

/// Bump when the engine's schema or the tokenizer changes: every index is then rebuilt.
pub const SCHEMA_VERSION: &str = "5";
pub const VERSION_MARKER: &str = "QINGDAN_SCHEMA_VERSION";

/// The field names every index has; a list's own columns must not use them.
pub const KEY: &str = "key";
const TITLE: &str = "title";
const BODY: &str = "body";
const ITEM: &str = "item";

/// What a list puts into its index: items with a key, a title and a body, keyword
/// and number columns, loaded from the database by key (after a change) or page by
/// page (on a rebuild).
#[async_trait::async_trait]
pub trait Corpus: Send + Sync + 'static {
    type Item: Serialize + DeserializeOwned + Send + Sync + 'static;
    /// The change feed's entity for this list.
    const ENTITY: &'static str;
    /// Bump when what an item puts into the index changes: the index is rebuilt.
    const VERSION: u32;
    /// Keyword columns (filters and facets), one value per item, in this order.
    const KEYWORDS: &'static [&'static str];
    /// Number columns (ordering and ranges), one value per item, in this order.
    const NUMBERS: &'static [&'static str];
    fn db(&self) -> &Db;
    fn key(item: &Self::Item) -> &str;
    /// The title (weighted higher) and the body text of an item.
    fn text(item: &Self::Item) -> (String, String);
    fn keywords(item: &Self::Item) -> Vec<String>;
    fn numbers(item: &Self::Item) -> Vec<i64>;
    /// Up to `limit` items in key order after the key `after` (`""`: from the start).
    async fn page(&self, after: &str, limit: usize) -> Result<Vec<Self::Item>>;
    /// The items with these keys that still exist, in any order.
    async fn many(&self, keys: &[String]) -> Result<Vec<Self::Item>>;
}

pub(crate) struct Fields {
    key: Field,
    title: Field,
    body: Field,
    item: Field,
    keywords: Vec<Field>,
    numbers: Vec<Field>,
}

fn schema<C: Corpus>() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(TOKENIZER_NAME).set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        key: builder.add_text_field(KEY, STRING | STORED | FAST),
        title: builder.add_text_field(TITLE, text.clone()),
        body: builder.add_text_field(BODY, text),
        item: builder.add_bytes_field(ITEM, STORED),
        keywords: C::KEYWORDS.iter().map(|k| builder.add_text_field(k, FAST)).collect(),
        numbers: C::NUMBERS.iter().map(|n| builder.add_i64_field(n, FAST)).collect(),
    };
    (builder.build(), fields)
}

impl Fields {
    fn document<C: Corpus>(&self, item: &C::Item) -> Result<TantivyDocument> {
        let (title, body) = C::text(item);
        let mut doc = TantivyDocument::new();
        doc.add_text(self.key, C::key(item));
        doc.add_text(self.title, title);
        doc.add_text(self.body, body);
        doc.add_bytes(self.item, &serde_json::to_vec(item)?);
        for (field, value) in self.keywords.iter().zip(C::keywords(item)) {
            doc.add_text(*field, value);
        }
        for (field, value) in self.numbers.iter().zip(C::numbers(item)) {
            doc.add_i64(*field, value);
        }
        Ok(doc)
    }
}

pub(crate) struct Shared {
    reader: IndexReader,
    fields: Fields,
    counts: collect::Counts,
    /// The change feed id the searchable index has caught up with (for `/healthz`).
    applied: AtomicI64,
    /// Whether the writer's last sync with the change feed succeeded.
    synced: AtomicBool,
}

type SyncRequest = oneshot::Sender<Result<(), String>>;

/// A list's index: searched by any task, written by its one writer task.
pub struct SearchEngine<C: Corpus> {
    shared: Arc<Shared>,
    sync_tx: mpsc::Sender<SyncRequest>,
    _corpus: std::marker::PhantomData<fn() -> C>,
}

impl<C: Corpus> Clone for SearchEngine<C> {
    fn clone(&self) -> Self {
        Self { shared: self.shared.clone(), sync_tx: self.sync_tx.clone(), _corpus: std::marker::PhantomData }
    }
}

/// What a search asks of the engine (see [`collect::Plan`]).
pub struct Request<'a> {
    /// Words every hit has (`Occur::Must`) or any (`Occur::Should`); none: every item.
    pub words: &'a [String],
    pub occur: Occur,
    pub facets: &'a [Facet],
    /// The number column that orders equal scores, larger first.
    pub sort: &'static str,
    pub offset: usize,
    pub limit: usize,
}

pub struct Found<T> {
    pub total: u64,
    pub counts: Vec<Vec<(String, u32)>>,
    pub hits: Vec<(T, Score)>,
}

impl<C: Corpus> SearchEngine<C> {
    /// Opens (or builds) the index under `dir`, catches up with the change feed and
    /// starts the writer task.
    pub async fn open(dir: &Path, corpus: C) -> Result<Self> {
        segment::warm_up();
        let (schema, fields) = schema::<C>();
        let marker = format!("{SCHEMA_VERSION}.{}", C::VERSION);
        let version_ok =
            std::fs::read_to_string(dir.join(VERSION_MARKER)).map(|v| v.trim() == marker).unwrap_or(false);
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
        // Tokenising Chinese is the cost of indexing: one thread per core of this kind of
        // machine, with a modest memory budget each.
        let writer: IndexWriter = index.writer_with_num_threads(2, 60_000_000).map_err(|e| {
            anyhow::anyhow!(
                "搜索索引被另一个进程占用（是否已有 qingdan serve 在运行？）/ the search index is locked by another process: {e}"
            )
        })?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let shared = Arc::new(Shared {
            reader,
            fields,
            counts: collect::Counts::default(),
            applied: AtomicI64::new(0),
            synced: AtomicBool::new(true),
        });
        let last_change = if rebuild { None } else { index.load_metas()?.payload.and_then(|p| p.parse().ok()) };
        let mut task = WriterTask::new(writer, corpus, shared.clone(), dir.to_path_buf(), marker);
        match last_change {
            Some(last) => task.resume(last),
            None => task.rebuild().await?,
        }
        task.sync().await?;
        let (sync_tx, sync_rx) = mpsc::channel(256);
        tokio::spawn(task.run(sync_rx));
        Ok(Self { shared, sync_tx, _corpus: std::marker::PhantomData })
    }

    /// Applies every change committed to the database so far; returns once the next
    /// search sees it.
    pub async fn sync(&self) -> Result<()> {
        let (tx, rx) = oneshot::channel();
        self.sync_tx.send(tx).await.map_err(|_| anyhow::anyhow!("index writer stopped"))?;
        rx.await.map_err(|_| anyhow::anyhow!("index writer stopped"))?.map_err(anyhow::Error::msg)
    }

    /// A consistent view of the index: every read of one search goes through one.
    pub fn searcher(&self) -> Searcher {
        self.shared.reader.searcher()
    }

    pub fn item_count(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// The last change feed id that searches see applied; with `changes::last_id`, how
    /// far the index lags the database.
    pub fn applied_change(&self) -> i64 {
        self.shared.applied.load(Ordering::Relaxed)
    }

    /// Whether the writer task runs and its last sync with the change feed succeeded.
    pub fn writer_ok(&self) -> bool {
        !self.sync_tx.is_closed() && self.shared.synced.load(Ordering::Relaxed)
    }

    /// The items matching a request: counted, faceted and ranked in one pass; only the
    /// page asked for is loaded from the index's store.
    pub fn search(&self, searcher: &Searcher, request: &Request) -> Result<Found<C::Item>> {
        let query = (!request.words.is_empty()).then(|| self.text_query(request.words, request.occur));
        let plan = collect::Plan {
            query: query.as_deref(),
            facets: request.facets,
            key: KEY,
            sort: request.sort,
            offset: request.offset,
            limit: request.limit,
        };
        let outcome = collect::run(searcher, &plan, &self.shared.counts)?;
        let hits = outcome
            .hits
            .into_iter()
            .map(|(address, score)| Ok((self.load(searcher, address)?, score)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Found { total: outcome.total, counts: outcome.counts, hits })
    }

    /// How many distinct values the items hold across these keyword columns.
    pub fn distinct(&self, searcher: &Searcher, fields: &[&str]) -> Result<usize> {
        collect::distinct(searcher, fields)
    }

    fn load(&self, searcher: &Searcher, address: tantivy::DocAddress) -> Result<C::Item> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let bytes = doc.get_first(self.shared.fields.item).and_then(|v| v.as_bytes()).context("item not stored")?;
        Ok(serde_json::from_slice(bytes)?)
    }

    /// A title match weighs three times a body match.
    fn text_query(&self, words: &[String], occur: Occur) -> Box<dyn Query> {
        let f = &self.shared.fields;
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
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The score of a match found only through a word's character pairs: below what the
/// word itself scores where it was indexed whole.
const PAIRS_SCORE: Score = 1.0;

/// A word matches a field as itself or, when longer than two characters, as all of
/// its character pairs (which the index holds for every stretch of Chinese text). The
/// pairs only decide whether a document matches: scoring five or more frequent pairs
/// for every hit was a third of the time of a search for a common word.
fn word_query(field: Field, word: &str) -> Box<dyn Query> {
    let term = |t: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::WithFreqs))
    };
    if word.chars().count() > 2 && word.chars().all(is_cjk) {
        let pieces: Vec<(Occur, Box<dyn Query>)> = bigrams(word).iter().map(|b| (Occur::Must, term(b))).collect();
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, term(word)),
            (Occur::Should, Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(pieces)), PAIRS_SCORE))),
        ]))
    } else {
        term(word)
    }
}
