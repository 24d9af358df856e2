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
mod columns;
mod cursor;
mod directory;
mod estimate;
mod groups;
mod kept;
mod merging;
mod pairs;
mod pool;
pub mod pinyin;
pub mod segment;
pub mod snippet;
pub mod synonyms;
mod word;
mod words;
mod writer;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery, Weight};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::{DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, TantivyDocument, Term, TERMINATED};
use tokio::sync::{mpsc, oneshot};

pub use self::collect::{Dim, Facet, Tier, MAX_RANKED};
use self::segment::{bigrams, is_cjk, ChineseTokenizer, TOKENIZER_NAME};
use self::synonyms::{QueryTerm, Synonyms};
use self::writer::WriterTask;
pub use self::writer::FEED_BATCH;
use super::db::{After, Db};

/// Decompressed store blocks (16 KB) kept per segment: tantivy's default of 100 holds
/// 1.6 MB of heap per segment, while a page of hits reads about ten blocks.
const STORE_CACHE_BLOCKS: usize = 10;

/// Bump when the engine's schema or the tokenizer changes: every index is then rebuilt.
pub const SCHEMA_VERSION: &str = "9";
pub const VERSION_MARKER: &str = "QINGDAN_SCHEMA_VERSION";

/// The field names every index has; a list's own columns must not use them.
pub const KEY: &str = "key";
const TITLE: &str = "title";
const BODY: &str = "body";
const ITEM: &str = "item";
/// Pinyin of the title and the `PINYIN_KEYWORDS` columns (`pinyin.rs`).
const PINYIN: &str = "pinyin";
/// The version group (`Corpus::version`) as a number: an item's versions share it.
pub const VERSION_GROUP: &str = "version_group";

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
    /// Keyword columns whose values are found by their pinyin too, like the title.
    const PINYIN_KEYWORDS: &'static [&'static str] = &[];
    fn db(&self) -> &Db;
    fn key(item: &Self::Item) -> &str;
    /// The title (weighted higher) and the body text of an item.
    fn text(item: &Self::Item) -> (String, String);
    fn keywords(item: &Self::Item) -> Vec<String>;
    fn numbers(item: &Self::Item) -> Vec<i64>;
    /// What a rebuild adds side by side: items of one value (for policies, the category)
    /// go into the index one after the other, so that a search's hits, which mostly
    /// share a subject, share segments and cache lines (`""` for every item: key order).
    fn cluster(_item: &Self::Item) -> String {
        String::new()
    }
    /// Up to `limit` items after `after`, by [`cluster`](Self::cluster) and then key.
    async fn page(&self, after: &After, limit: usize) -> Result<Vec<Self::Item>>;
    /// The items with these keys that still exist, in any order.
    async fn many(&self, keys: &[String]) -> Result<Vec<Self::Item>>;
    /// What an item's versions have in common (for policies, the normalised title), so
    /// that a search can fold earlier versions under the one it shows; `None`: the item
    /// stands alone.
    fn version(_item: &Self::Item) -> Option<String> {
        None
    }
}

pub(crate) struct Fields {
    key: Field,
    title: Field,
    body: Field,
    item: Field,
    pinyin: Field,
    version: Field,
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
        // Stored as text, not bytes: tantivy reads stored bytes back a byte at a time,
        // text at once (a page's ten items took 1.3 µs each more as bytes).
        item: builder.add_text_field(ITEM, STORED),
        pinyin: builder.add_text_field(
            PINYIN,
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(pinyin::TOKENIZER_NAME)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        version: builder.add_u64_field(VERSION_GROUP, INDEXED | FAST),
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
        let keywords = C::keywords(item);
        let mut spoken = title.clone();
        for (name, value) in C::KEYWORDS.iter().zip(&keywords) {
            if C::PINYIN_KEYWORDS.contains(name) {
                spoken.push('\n');
                spoken.push_str(value);
            }
        }
        doc.add_text(self.pinyin, spoken);
        doc.add_text(self.title, title);
        doc.add_text(self.body, body);
        doc.add_text(self.item, serde_json::to_string(item)?);
        let group = C::version(item).map_or_else(|| format!("key:{}", C::key(item)), |v| format!("version:{v}"));
        doc.add_u64(self.version, stable_hash(&group));
        for (field, value) in self.keywords.iter().zip(keywords) {
            doc.add_text(*field, value);
        }
        for (field, value) in self.numbers.iter().zip(C::numbers(item)) {
            doc.add_i64(*field, value);
        }
        // Up to 10,000 documents wait in tantivy's queue during a large import; their
        // buffers grow by doubling and would hold up to twice their size.
        doc.shrink_to_fit();
        Ok(doc)
    }
}

/// A hash that stays the same across builds and processes (the index keeps it).
fn stable_hash(text: &str) -> u64 {
    // FNV-1a: std's hasher may change between Rust releases.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

pub(crate) struct Shared {
    reader: IndexReader,
    fields: Fields,
    counts: collect::Counts,
    columns: columns::Columns,
    synonyms: RwLock<Arc<Synonyms>>,
    /// Bumped on every reload of the synonyms, so cached answers can tell.
    synonyms_version: AtomicU64,
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

impl Shared {
    pub(crate) fn set_synonyms(&self, groups: &[synonyms::Group]) {
        let loaded = Arc::new(Synonyms::new(groups));
        *self.synonyms.write().unwrap_or_else(|e| e.into_inner()) = loaded;
        self.synonyms_version.fetch_add(1, Ordering::Relaxed);
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

/// How [`SearchEngine::search_ranked`] orders, folds and falls back; the default is
/// what [`SearchEngine::search`] does.
#[derive(Clone, Debug, Default)]
pub struct Ranking {
    /// Items in force (inside the range) first, then those not yet in force, then the
    /// rest, whatever their relevance; relevance orders within each tier.
    pub tier: Option<Tier>,
    /// One hit per version group (`Corpus::version`), its other versions attached.
    pub fold: bool,
    /// Keyword columns read for each earlier version.
    pub version_columns: &'static [&'static str],
    /// When no item has every term, rank the items having some of them by how many
    /// they have (and say so: [`Answer::partial`]).
    pub partial: bool,
}

/// A ranked search's answer.
pub struct Answer<T> {
    /// Items matching, counted exactly, each version counted (like the facets).
    pub total: u64,
    pub counts: Vec<Vec<(String, u32)>>,
    pub hits: Vec<Hit<T>>,
    /// No item has every term: these items have some of them.
    pub partial: bool,
    /// Whether hits follow this page (with folding, `total` cannot tell).
    pub more: bool,
    /// The words a snippet may mark (the query's words and their synonyms).
    pub marks: Vec<String>,
}

pub struct Hit<T> {
    pub item: T,
    pub score: Score,
    /// With folding: the group's other versions (looked at, at most [`MAX_VERSIONS`]),
    /// newest first.
    pub earlier: Vec<Version>,
}

/// Another version as the columns hold it: loading each from the store would cost
/// more than the rest of a search.
pub struct Version {
    pub key: String,
    /// Whether this version matches the search too (it is counted in `total`).
    pub matched: bool,
    /// Its tier (see [`Tier`]; 0 without tiers) and its value of the sort column.
    pub tier: u8,
    pub sort: i64,
    /// Its values of [`Ranking::version_columns`], in that order.
    pub columns: Vec<String>,
}

/// Versions of one group looked at, at most: a title shared by thousands of items is
/// not one policy's history. Earlier versions come from the columns, not the store,
/// but each costs dictionary look-ups; 6 bounds a page's work.
const MAX_VERSIONS: usize = 6;

/// The index writer's memory budget, shared by its two threads (15 MB each, tantivy's
/// least). A large import into a running portal fills it on top of what searches use.
const WRITER_MEMORY: usize = 30_000_000;

impl<C: Corpus> SearchEngine<C> {
    /// Opens (or builds) the index under `dir`, catches up with the change feed and
    /// starts the writer task.
    pub async fn open(dir: &Path, corpus: C) -> Result<Self> {
        segment::warm_up();
        pinyin::warm_up();
        let (schema, fields) = schema::<C>();
        let marker = format!("{SCHEMA_VERSION}.{}", C::VERSION);
        let version_ok =
            std::fs::read_to_string(dir.join(VERSION_MARKER)).map(|v| v.trim() == marker).unwrap_or(false);
        let opened = if version_ok { Index::open(directory::IndexDirectory::open(dir)?).ok() } else { None };
        let rebuild = opened.is_none();
        let index = match opened {
            Some(index) => index,
            None => {
                if dir.exists() {
                    std::fs::remove_dir_all(dir).context("cannot remove the old index")?;
                }
                std::fs::create_dir_all(dir)?;
                Index::create(directory::IndexDirectory::open(dir)?, schema, tantivy::IndexSettings::default())?
            }
        };
        index.tokenizers().register(TOKENIZER_NAME, ChineseTokenizer);
        index.tokenizers().register(pinyin::TOKENIZER_NAME, pinyin::PinyinTokenizer);
        // Tokenising Chinese is the cost of indexing: one thread per core of this kind of
        // machine, each with tantivy's smallest memory budget.
        let writer: IndexWriter = index.writer_with_num_threads(2, WRITER_MEMORY).map_err(|e| {
            anyhow::anyhow!(
                "搜索索引被另一个进程占用（是否已有 qingdan serve 在运行？）/ the search index is locked by another process: {e}"
            )
        })?;
        writer.set_merge_policy(merging::steady());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(STORE_CACHE_BLOCKS)
            .try_into()?;
        let shared = Arc::new(Shared {
            reader,
            fields,
            counts: collect::Counts::default(),
            columns: columns::Columns::default(),
            synonyms: RwLock::default(),
            synonyms_version: AtomicU64::new(0),
            applied: AtomicI64::new(0),
            synced: AtomicBool::new(true),
        });
        shared.set_synonyms(&synonyms::list(corpus.db()).await?);
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

    /// The segments searches walk (merges make fewer of them).
    pub fn segment_count(&self) -> usize {
        self.searcher().segment_readers().len()
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

    /// Changes whenever what a search sees changes (a commit, the synonyms): kept
    /// answers are keyed by it.
    pub fn stamp(&self) -> String {
        format!("{}.{}", self.searcher().generation().generation_id(), self.synonyms_version())
    }

    /// Changes whenever the synonyms are reloaded: part of the key of a cached answer.
    pub fn synonyms_version(&self) -> u64 {
        self.shared.synonyms_version.load(Ordering::Relaxed)
    }

    /// The items matching a request: counted, faceted and ranked in one pass; only the
    /// page asked for is loaded from the index's store.
    pub fn search(&self, searcher: &Searcher, request: &Request) -> Result<Found<C::Item>> {
        let answer = self.search_ranked(searcher, request, &Ranking::default())?;
        let hits = answer.hits.into_iter().map(|h| (h.item, h.score)).collect();
        Ok(Found { total: answer.total, counts: answer.counts, hits })
    }

    /// [`search`](Self::search), ordered in tiers, folding versions and falling back
    /// to some of the words as `ranking` asks. The extra work is per term and per hit
    /// of the page, never per matching item.
    pub fn search_ranked(&self, searcher: &Searcher, request: &Request, ranking: &Ranking) -> Result<Answer<C::Item>> {
        let synonyms = self.shared.synonyms.read().unwrap_or_else(|e| e.into_inner()).clone();
        let terms = synonyms::terms(request.words, &synonyms);
        let marks = synonyms::marked_words(&terms);
        let run = |occur: Occur| -> Result<(Option<Box<dyn Query>>, collect::Outcome)> {
            let query = (!terms.is_empty()).then(|| self.text_query(&terms, occur));
            let plan = collect::Plan {
                query: query.as_deref(),
                facets: request.facets,
                key: KEY,
                sort: request.sort,
                tier: ranking.tier.clone(),
                group: ranking.fold.then_some(VERSION_GROUP),
                offset: request.offset,
                // One more than the page: whether another page follows.
                limit: request.limit + 1,
            };
            let outcome = collect::run(searcher, &plan, &self.shared.counts, &self.shared.columns)?;
            Ok((query, outcome))
        };
        let (mut query, mut outcome) = run(request.occur)?;
        let mut partial = false;
        if ranking.partial && outcome.total == 0 && terms.len() > 1 && request.occur == Occur::Must {
            (query, outcome) = run(Occur::Should)?;
            partial = outcome.total > 0;
        }
        let more = outcome.hits.len() > request.limit;
        let page: Vec<(DocAddress, Score)> = outcome.hits.into_iter().take(request.limit).collect();
        let hits = if ranking.fold {
            let matching = match &query {
                Some(q) => Some(q.weight(EnableScoring::disabled_from_searcher(searcher))?),
                None => None,
            };
            self.fold_page(searcher, page, matching.as_deref(), request, ranking)?
        } else {
            page.into_iter()
                .map(|(address, score)| Ok(Hit { item: self.load(searcher, address)?, score, earlier: Vec::new() }))
                .collect::<Result<Vec<_>>>()?
        };
        Ok(Answer { total: outcome.total, counts: outcome.counts, hits, partial, more, marks })
    }

    /// The page's hits with their groups' other versions: each shows the newest version
    /// matching the search (best tier first) and lists the others, newest first. Every
    /// version of the page is looked at once, segment by segment in document order, so
    /// columns and the text scorer are opened once per segment and search.
    fn fold_page(
        &self,
        searcher: &Searcher,
        page: Vec<(DocAddress, Score)>,
        matching: Option<&dyn Weight>,
        request: &Request,
        ranking: &Ranking,
    ) -> Result<Vec<Hit<C::Item>>> {
        let readers = searcher.segment_readers();
        // (Spread over the pool's threads, the look-ups and loads took as long and cost a
        // tenth more CPU.)
        let filters =
            readers.iter().map(|r| self.shared.columns.groups(r, VERSION_GROUP)).collect::<Result<Vec<_>>>()?;
        let members: Vec<Vec<DocAddress>> =
            page.iter().map(|(address, _)| self.versions(searcher, &filters, *address)).collect::<Result<_>>()?;
        let mut looked: Vec<(DocAddress, bool)> = members
            .iter()
            .filter(|list| list.len() > 1)
            .flat_map(|list| list.iter().enumerate().map(|(i, a)| (*a, i == 0)))
            .collect();
        looked.sort_by_key(|(a, _)| *a);
        let mut facts: HashMap<DocAddress, Candidate> = HashMap::with_capacity(looked.len());
        let mut opened: HashMap<u32, collect::VersionColumns> = HashMap::new();
        for segment in looked.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
            let reader = &readers[segment[0].0.segment_ord as usize];
            let mut columns = collect::VersionColumns::new(
                reader,
                request.facets,
                ranking.tier.as_ref(),
                request.sort,
                KEY,
                ranking.version_columns,
                &self.shared.columns,
            )?;
            let mut text = match matching {
                Some(w) => Some(w.scorer(reader, 1.0)?),
                None => None,
            };
            for (address, is_hit) in segment {
                let doc = address.doc_id;
                let in_text = match &mut text {
                    Some(t) => t.doc() == doc || (t.doc() < doc && t.seek(doc) == doc),
                    None => true,
                };
                let matched = *is_hit || (in_text && columns.passes(doc));
                let candidate =
                    Candidate { matched, tier: columns.tier(doc), sort: columns.sort(doc), key: columns.key(doc)?, address: *address };
                facts.insert(*address, candidate);
            }
            opened.insert(segment[0].0.segment_ord, columns);
        }
        let mut hits = Vec::with_capacity(page.len());
        for ((address, score), list) in page.into_iter().zip(members) {
            if list.len() == 1 {
                hits.push(Hit { item: self.load(searcher, address)?, score, earlier: Vec::new() });
                continue;
            }
            let mut versions: Vec<&Candidate> = list.iter().filter_map(|a| facts.get(a)).collect();
            versions.sort_by(|a, b| {
                b.matched
                    .cmp(&a.matched)
                    .then(b.tier.cmp(&a.tier))
                    .then(b.sort.cmp(&a.sort))
                    .then_with(|| a.key.cmp(&b.key))
            });
            let shown = versions[0];
            // Every other version is listed, a newer one too: one that matches is counted
            // in the total, so it must be shown somewhere.
            let mut others: Vec<&Candidate> = versions[1..].to_vec();
            others.sort_by(|a, b| b.sort.cmp(&a.sort).then_with(|| a.key.cmp(&b.key)));
            // Only the versions listed read their keyword columns (a dictionary block each).
            let earlier = others
                .into_iter()
                .map(|v| {
                    let columns = opened[&v.address.segment_ord].keywords(v.address.doc_id)?;
                    Ok(Version { key: v.key.clone(), matched: v.matched, tier: v.tier, sort: v.sort, columns })
                })
                .collect::<Result<Vec<_>>>()?;
            hits.push(Hit { item: self.load(searcher, shown.address)?, score, earlier });
        }
        Ok(hits)
    }

    /// The hit at `address` and the other versions of its group (at most
    /// [`MAX_VERSIONS`] in all), the hit first. `filters`: each segment's
    /// [`groups::GroupFilter`].
    fn versions(&self, searcher: &Searcher, filters: &[Arc<groups::GroupFilter>], address: DocAddress) -> Result<Vec<DocAddress>> {
        let readers = searcher.segment_readers();
        let mut list = vec![address];
        let column = self.shared.columns.u64(&readers[address.segment_ord as usize], VERSION_GROUP)?;
        let Some(group) = column.first(address.doc_id) else {
            return Ok(list);
        };
        let term = Term::from_field_u64(self.shared.fields.version, group);
        // Most policies have one version: the segments that may hold the group tell,
        // a dictionary look-up each.
        let mut seen = 0;
        for (reader, filter) in readers.iter().zip(filters) {
            if filter.may_hold(group) {
                seen += reader.inverted_index(self.shared.fields.version)?.doc_freq(&term)?;
                if seen > 1 {
                    break;
                }
            }
        }
        if seen <= 1 {
            return Ok(list);
        }
        let same = TermQuery::new(term, IndexRecordOption::Basic).weight(EnableScoring::disabled_from_searcher(searcher))?;
        for (ord, (reader, filter)) in readers.iter().zip(filters).enumerate() {
            if !filter.may_hold(group) {
                continue;
            }
            let mut docs = same.scorer(reader, 1.0)?;
            while docs.doc() != TERMINATED {
                let this = DocAddress::new(ord as u32, docs.doc());
                docs.advance();
                if this == address || reader.alive_bitset().is_some_and(|a| a.is_deleted(this.doc_id)) {
                    continue;
                }
                if list.len() >= MAX_VERSIONS {
                    return Ok(list);
                }
                list.push(this);
            }
        }
        Ok(list)
    }

    /// How many distinct values the items hold across these keyword columns.
    pub fn distinct(&self, searcher: &Searcher, fields: &[&str]) -> Result<usize> {
        collect::distinct(searcher, fields)
    }

    fn load(&self, searcher: &Searcher, address: tantivy::DocAddress) -> Result<C::Item> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = doc.get_first(self.shared.fields.item).and_then(|v| v.as_str()).context("item not stored")?;
        Ok(serde_json::from_str(text)?)
    }

    /// Every term (`Occur::Must`), or any, ranked by how many terms an item has
    /// (`Occur::Should`): each term present adds [`COVERED`], more than any relevance
    /// score reaches.
    fn text_query(&self, terms: &[QueryTerm], occur: Occur) -> Box<dyn Query> {
        let alone = matches!(terms, [t] if t.pinyin.is_empty() && matches!(t.alternatives.as_slice(), [words] if words.len() == 1));
        if let ([term], Occur::Must) = (terms, occur) {
            // As itself: a boolean query of one clause walks it through a scorer, a call
            // per hit, where a word walks its windows itself (`Weight::for_each`).
            return self.term_query(term, alone);
        }
        if occur == Occur::Must {
            // Each term one word, as most queries are: the words intersected window by window.
            let words: Option<Vec<word::Word>> = terms
                .iter()
                .map(|t| match t.alternatives.as_slice() {
                    [words] if t.pinyin.is_empty() && words.len() == 1 => Some(self.word(&words[0])),
                    _ => None,
                })
                .collect();
            if let Some(words) = words {
                return Box::new(words::AllWords::new(words));
            }
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let query = self.term_query(t, alone);
                if occur == Occur::Should {
                    let counted: Box<dyn Query> = Box::new(ConstScoreQuery::new(query.box_clone(), COVERED));
                    let both: Box<dyn Query> = Box::new(BooleanQuery::new(vec![(Occur::Should, counted), (Occur::Should, query)]));
                    (Occur::Should, both)
                } else {
                    (occur, query)
                }
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// A term matches through any alternative (all of its words) or pinyin reading.
    fn term_query(&self, term: &QueryTerm, alone: bool) -> Box<dyn Query> {
        if term.pinyin.is_empty() && term.alternatives.len() > 1 {
            // A term and its synonyms: their windows ORed (`words.rs`).
            let alternatives =
                term.alternatives.iter().map(|words| words::AllWords::new(words.iter().map(|w| self.word(w)).collect())).collect();
            return Box::new(words::AnyWords::new(alternatives));
        }
        let f = &self.shared.fields;
        let mut either: Vec<(Occur, Box<dyn Query>)> = term
            .alternatives
            .iter()
            .map(|words| {
                let all: Vec<(Occur, Box<dyn Query>)> = words.iter().map(|w| (Occur::Must, self.word_either(w, alone))).collect();
                (Occur::Should, one_or_all(all))
            })
            .collect();
        for syllables in &term.pinyin {
            let pairs: Vec<(Occur, Box<dyn Query>)> = pinyin::pairs(syllables)
                .iter()
                .map(|p| {
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(Term::from_field_text(f.pinyin, p), IndexRecordOption::WithFreqs));
                    (Occur::Must, q)
                })
                .collect();
            let reading: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(BooleanQuery::new(pairs)), PINYIN_BOOST));
            either.push((Occur::Should, reading));
        }
        one_or_all(either)
    }

    /// A word in the title or the body, found by its character pairs too when it is a
    /// long Chinese word.
    fn word(&self, w: &str) -> word::Word {
        let f = &self.shared.fields;
        if is_long_chinese(w) {
            word::Word::by_pairs(f.title, f.body, w, &bigrams(w), PAIRS_SCORE, TITLE_BOOST)
        } else {
            word::Word::whole(f.title, f.body, w, TITLE_BOOST)
        }
    }

    /// A word in the title or the body; a title match weighs [`TITLE_BOOST`] times a
    /// body match. A long Chinese word is found by its character pairs too. A word
    /// searched `alone` is walked by tantivy's union of the two fields, which scores a
    /// buffer of documents at a time: faster on its own (a sixth, for 贴息 at a million
    /// items), but each seek into it, as a search of several words makes, clears and
    /// refills that buffer.
    fn word_either(&self, w: &str, alone: bool) -> Box<dyn Query> {
        let f = &self.shared.fields;
        if is_long_chinese(w) || !alone {
            return Box::new(self.word(w));
        }
        let term = |field| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, w), IndexRecordOption::WithFreqs))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, Box::new(BoostQuery::new(term(f.title), TITLE_BOOST)) as Box<dyn Query>),
            (Occur::Should, term(f.body)),
        ]))
    }
}

/// One version of a group while a hit is folded.
struct Candidate {
    matched: bool,
    tier: u8,
    sort: i64,
    key: String,
    address: DocAddress,
}

/// What each term present adds to an item's score when some terms suffice: relevance
/// (BM25, title ×3 plus body, under 200 a term even at 10 million items, 32 terms at
/// most) stays below it, so items with more terms always rank first.
const COVERED: Score = 10_000.0;

/// A pinyin match is a title or keyword match, but less certain than the characters.
const PINYIN_BOOST: Score = 2.0;

const TITLE_BOOST: Score = 3.0;

/// The score of a match found only through a word's character pairs: below what the
/// word itself scores where it was indexed whole.
const PAIRS_SCORE: Score = 1.0;

/// A word of more than two Chinese characters matches a field as itself or as all of
/// its character pairs, which the index holds for every stretch of Chinese text
/// (`word.rs`); a shorter word matches as itself.
fn is_long_chinese(word: &str) -> bool {
    word.chars().count() > 2 && word.chars().all(is_cjk)
}

/// One clause as itself, several as a boolean query of them.
fn one_or_all(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.len() == 1 {
        if let Some((_, only)) = clauses.pop() {
            return only;
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Facet counts as the lists' pages show them.
pub fn facet_values(counts: Vec<(String, u32)>) -> Vec<app::params::FacetValue> {
    counts.into_iter().map(|(value, count)| app::params::FacetValue { value, count }).collect()
}

/// Refuses a page past the first [`MAX_RANKED`] hits (ranking further would cost more
/// than anyone reads).
pub fn check_depth(offset: u32, limit: u32) -> Result<(), app::error::PortalError> {
    if offset as usize + limit as usize > MAX_RANKED {
        return Err(app::error::PortalError::bad_request(format!(
            "最多可翻阅前 {MAX_RANKED} 条结果，请缩小搜索范围 / Only the first {MAX_RANKED} results can be paged through; narrow the search"
        )));
    }
    Ok(())
}
