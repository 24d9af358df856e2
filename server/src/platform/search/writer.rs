//! The one task that writes a list's index: it follows the change feed, applies what it
//! finds in one commit, reloads the reader and only then answers whoever asked it to
//! sync, so a write is visible to the next search. Tantivy's work (building documents,
//! indexing, committing) runs on the blocking pool, never on the async workers that
//! answer pages.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tantivy::{IndexWriter, Term};
use tokio::sync::{mpsc, oneshot};

use super::{merging, synonyms, After, Corpus, Shared, SyncRequest, VERSION_MARKER};
use crate::platform::changes::{self, ENTITY_REINDEX, ENTITY_SYNONYMS};

const POLL_INTERVAL: Duration = Duration::from_millis(1000);
/// Changes read from the feed at a time.
pub const FEED_BATCH: i64 = 5000;
/// Items loaded from the database per query.
const LOAD_BATCH: usize = 500;

pub(super) struct WriterTask<C: Corpus> {
    writer: Option<IndexWriter>,
    corpus: C,
    shared: Arc<Shared>,
    last_change: i64,
    dir: PathBuf,
    marker: String,
}

impl<C: Corpus> WriterTask<C> {
    pub(super) fn new(writer: IndexWriter, corpus: C, shared: Arc<Shared>, dir: PathBuf, marker: String) -> Self {
        Self { writer: Some(writer), corpus, shared, last_change: 0, dir, marker }
    }

    pub(super) fn resume(&mut self, last_change: i64) {
        self.last_change = last_change;
        self.shared.applied.store(last_change, Ordering::Relaxed);
    }

    pub(super) async fn run(mut self, mut requests: mpsc::Receiver<SyncRequest>) {
        let mut ticker = tokio::time::interval(POLL_INTERVAL);
        loop {
            let mut waiting: Vec<oneshot::Sender<Result<(), String>>> = Vec::new();
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
                crate::error::log_internal("index sync failed", &e);
                format!("{e:#}")
            });
            for reply in waiting {
                let _ = reply.send(outcome.clone());
            }
            if let Err(e) = self.adopt_merges().await {
                crate::error::log_internal("index reload after a merge failed", &e);
            }
        }
    }

    /// Runs `work` with the writer on the blocking pool.
    async fn with_writer<R: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut IndexWriter, &Shared) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let mut writer = self.writer.take().context("the index writer was lost in an earlier failure")?;
        let shared = self.shared.clone();
        let (writer, outcome) = tokio::task::spawn_blocking(move || {
            let outcome = work(&mut writer, &shared);
            (writer, outcome)
        })
        .await?;
        self.writer = Some(writer);
        outcome
    }

    async fn commit(&mut self) -> Result<()> {
        let last_change = self.last_change;
        self.with_writer(move |writer, shared| {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&last_change.to_string());
            prepared.commit()?;
            shared.reader.reload()?;
            // Columns kept of segments this commit retired (merged away, emptied) would
            // keep their files mapped until the next search.
            shared.columns.keep_only(&shared.reader.searcher());
            shared.applied.store(last_change, Ordering::Relaxed);
            release_freed_memory();
            Ok(())
        })
        .await
    }

    /// Lets searches see the segments background merges made, without waiting for the
    /// next change: until then they keep the merged-away segments open, and the pages
    /// the merge read of them stay in the portal's resident memory.
    async fn adopt_merges(&mut self) -> Result<()> {
        self.with_writer(|writer, shared| current_searcher(writer, shared).map(|_| ())).await
    }

    /// Replaces every item of the index with the list as the database holds it,
    /// reading it page by page; searches see the old index until the commit.
    pub(super) async fn rebuild(&mut self) -> Result<()> {
        let outcome = self.try_rebuild().await;
        self.undo_on_failure(outcome).await
    }

    /// Applies the changes recorded since the last commit, in one commit.
    pub(super) async fn sync(&mut self) -> Result<()> {
        let outcome = self.try_sync().await;
        let outcome = self.undo_on_failure(outcome).await;
        self.shared.synced.store(outcome.is_ok(), Ordering::Relaxed);
        outcome
    }

    /// A failed rebuild or sync leaves nothing half done for the next commit.
    async fn undo_on_failure(&mut self, outcome: Result<()>) -> Result<()> {
        if outcome.is_err() && self.writer.is_some() {
            if let Err(e) = self.with_writer(|writer, _| Ok(writer.rollback().map(|_| ())?)).await {
                crate::error::log_internal("index rollback failed", &e);
            }
        }
        outcome
    }

    async fn try_rebuild(&mut self) -> Result<()> {
        let started = std::time::Instant::now();
        let _keep_freed = crate::platform::allocator::KeepFreed::during_rebuild();
        let rebuild = merging::Rebuild::default();
        let policy = rebuild.policy();
        let outcome = self.replace_all(policy).await;
        let merged = outcome.is_ok();
        self.with_writer(move |writer, shared| {
            if merged {
                if let Err(e) = rebuild.merge_rest(writer) {
                    // The index is whole and committed: only its last small segments stay.
                    crate::error::log_internal("merging the rebuilt index's last segments failed", &e);
                }
            }
            // Every later change merges by levels, whatever became of the rebuild.
            writer.set_merge_policy(merging::steady());
            current_searcher(writer, shared).map(|_| ())
        })
        .await?;
        let count = outcome?;
        std::fs::write(self.dir.join(VERSION_MARKER), &self.marker)?;
        tracing::info!(
            "search index rebuilt: {count} {} items in {:.1} s",
            C::ENTITY,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// Replaces every item of the index with the list's, merging as `policy` says, and
    /// commits; returns how many items.
    async fn replace_all(&mut self, policy: Box<dyn tantivy::merge_policy::MergePolicy>) -> Result<usize> {
        let last = changes::last_id(self.corpus.db()).await?;
        self.with_writer(|writer, _| {
            writer.set_merge_policy(policy);
            Ok(writer.delete_all_documents().map(|_| ())?)
        })
        .await?;
        let count = self.add_all().await?;
        self.last_change = last;
        self.commit().await?;
        Ok(count)
    }

    /// Adds every item of the list, page by page; returns how many.
    async fn add_all(&mut self) -> Result<usize> {
        let mut after = After::default();
        let mut count = 0usize;
        loop {
            let page = self.corpus.page(&after, LOAD_BATCH * 4).await?;
            let Some(last_item) = page.last() else { break };
            after = After { cluster: C::cluster(last_item), key: C::key(last_item).to_string() };
            count += page.len();
            self.with_writer(move |writer, shared| {
                for item in &page {
                    writer.add_document(shared.fields.document::<C>(item)?)?;
                }
                Ok(())
            })
            .await?;
        }
        Ok(count)
    }

    async fn try_sync(&mut self) -> Result<()> {
        let mut last = self.last_change;
        let mut changed = 0usize;
        let mut copies = Copies::default();
        loop {
            let batch = changes::since(self.corpus.db(), last, FEED_BATCH).await?;
            let Some(end) = batch.last().map(|c| c.id) else { break };
            if batch.iter().any(|c| c.entity == ENTITY_SYNONYMS) {
                // Synonyms apply when a query is read: nothing in the index changes.
                self.shared.set_synonyms(&synonyms::list(self.corpus.db()).await?);
            }
            if batch.iter().any(|c| c.entity == ENTITY_REINDEX) {
                // The rebuild reads everything up to now; what it misses, the next sync sees.
                return self.try_rebuild().await;
            }
            let mut seen = HashSet::new();
            let keys: Vec<String> = batch
                .into_iter()
                .filter(|c| c.entity == C::ENTITY && seen.insert(c.key.clone()))
                .map(|c| c.key)
                .collect();
            changed += keys.len();
            for chunk in keys.chunks(LOAD_BATCH) {
                let items = self.corpus.many(chunk).await?;
                let keys = chunk.to_vec();
                let mut known = std::mem::take(&mut copies);
                // A delete applies to what was added before it: the fresh copy survives.
                copies = self
                    .with_writer(move |writer, shared| {
                        for key in keys {
                            if let Some(copy) = known.copy_of(writer, shared, key)? {
                                writer.delete_term(copy);
                            }
                        }
                        for item in &items {
                            writer.add_document(shared.fields.document::<C>(item)?)?;
                        }
                        Ok(known)
                    })
                    .await?;
            }
            last = end;
        }
        if last == self.last_change {
            return Ok(());
        }
        self.last_change = last;
        self.commit().await?;
        if changed > 0 {
            tracing::info!("search index updated: {changed} {} items changed", C::ENTITY);
        }
        Ok(())
    }
}

/// Which keys already have a copy in the index during one sync. tantivy keeps every
/// delete as a query (about 1 KB) until the commit, so a large import of new items
/// would hold 100 MB of them: only keys with a copy are deleted.
#[derive(Default)]
struct Copies {
    /// The committed items, opened at the first key of the sync.
    searcher: Option<tantivy::Searcher>,
    /// Keys this sync added, not yet committed: the searcher cannot see them.
    added: HashSet<String>,
}

impl Copies {
    /// The term that deletes `key`'s copy, if it has one, before its fresh copy is
    /// added; it has one from now on.
    fn copy_of(&mut self, writer: &IndexWriter, shared: &Shared, key: String) -> Result<Option<Term>> {
        let searcher = match &self.searcher {
            Some(s) => s,
            None => self.searcher.insert(current_searcher(writer, shared)?),
        };
        let term = Term::from_field_text(shared.fields.key, &key);
        let exists = self.added.contains(&key) || searcher.doc_freq(&term)? > 0;
        self.added.insert(key);
        Ok(exists.then_some(term))
    }
}

/// A searcher over every committed segment, reloading the reader first when the
/// writer's segments differ from the ones searches walk (after a merge, or when the
/// reload after a commit failed).
fn current_searcher(writer: &IndexWriter, shared: &Shared) -> Result<tantivy::Searcher> {
    let searcher = shared.reader.searcher();
    let searched: HashSet<_> = searcher.segment_readers().iter().map(|r| r.segment_id()).collect();
    let current: HashSet<_> = writer.index().searchable_segment_ids()?.into_iter().collect();
    if searched == current {
        return Ok(searcher);
    }
    shared.reader.reload()?;
    let searcher = shared.reader.searcher();
    shared.columns.keep_only(&searcher);
    release_freed_memory();
    Ok(searcher)
}

/// Hands back to the system what glibc keeps in its arenas after a commit: SQLite's
/// memory in the portal (its Rust heap is mimalloc's, which returns freed memory
/// itself, see `main.rs`) and everything in binaries on the system allocator (tests).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}
