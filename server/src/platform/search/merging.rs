//! Which segments the index writer merges: level by level while the portal runs, at
//! most once each while a rebuild adds every item.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::IndexWriter;

/// Segments with more live items than this are left as they are: merging them would
/// rewrite, and map, most of a large index for a few new items (at a million items a
/// 100,000-row import merged everything into one segment and the portal's resident
/// memory rose by the whole index). Searches cut segments into parts anyway.
pub(super) const MERGE_MAX_DOCS: usize = 100_000;

/// tantivy's merging by size levels, capped at [`MERGE_MAX_DOCS`]; a segment that lost
/// a third of its items to updates falls under the cap and is merged again.
pub(super) fn steady() -> Box<dyn MergePolicy> {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MERGE_MAX_DOCS);
    policy.set_del_docs_ratio_before_merge(0.3);
    Box::new(policy)
}

/// For a rebuild: the writer's small budget flushes a segment every 1,400 items or so,
/// and merging by levels rewrote each item three times on its way into a segment of
/// the cap's size (a fifth of a million items' first start). Here fresh segments wait
/// until together they hold [`MERGE_MAX_DOCS`] items and are merged into one at once;
/// after the commit, [`Rebuild::merge_rest`] merges what no group took.
#[derive(Default)]
pub(super) struct Rebuild(Arc<Once>);

#[derive(Debug, Default)]
struct Once {
    /// The segments handed to a merge so far.
    taken: Mutex<HashSet<SegmentId>>,
}

impl Rebuild {
    pub(super) fn policy(&self) -> Box<dyn MergePolicy> {
        Box::new(Grouping(self.0.clone()))
    }

    /// Merges the committed segments under [`MERGE_MAX_DOCS`] items that no group took
    /// into one, and waits for it: otherwise searches would walk dozens of small
    /// segments until the next change set merging off. Groups still merging are left
    /// to finish on their own.
    pub(super) fn merge_rest(&self, writer: &mut IndexWriter) -> tantivy::Result<()> {
        let rest: Vec<SegmentId> = {
            let taken = self.0.taken.lock().unwrap_or_else(|e| e.into_inner());
            let metas = writer.index().searchable_segment_metas()?;
            metas.iter().filter(|m| (m.num_docs() as usize) < MERGE_MAX_DOCS && !taken.contains(&m.id())).map(|m| m.id()).collect()
        };
        if rest.len() > 1 {
            writer.merge(&rest).wait()?;
        }
        Ok(())
    }
}

#[derive(Debug)]
struct Grouping(Arc<Once>);

impl MergePolicy for Grouping {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let groups = groups(segments.iter().map(|s| (s.id(), s.num_docs() as usize)), MERGE_MAX_DOCS);
        let mut taken = self.0.taken.lock().unwrap_or_else(|e| e.into_inner());
        taken.extend(groups.iter().flatten().copied());
        groups.into_iter().map(MergeCandidate).collect()
    }
}

/// The segments under `docs` items, gathered in the order given into groups that each
/// reach `docs` items; what is left over waits for more.
fn groups<Id>(segments: impl IntoIterator<Item = (Id, usize)>, docs: usize) -> Vec<Vec<Id>> {
    let mut out = Vec::new();
    let (mut group, mut held) = (Vec::new(), 0);
    for (id, n) in segments.into_iter().filter(|(_, n)| *n < docs) {
        group.push(id);
        held += n;
        if held >= docs {
            out.push(std::mem::take(&mut group));
            held = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests;
