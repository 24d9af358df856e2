//! The columnar (fast) fields of each segment, opened once and kept while the segment
//! lives. Opening a column is not free: tantivy finds it by name in the segment's
//! column directory and decodes its block headers (a number column of a million items
//! has thousands). A search over a million items walks twenty-odd parts, each reading
//! about ten columns: opened per search, that was most of the time of a search with
//! few hits. A segment never changes once written (deletions aside, which columns do
//! not hold), so what was opened stays right for as long as the segment is searched.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use super::collect::Tier;

/// Entries kept at most per kind: segments × columns, with merged-away segments among
/// them until the next clear.
const KEPT: usize = 1024;

/// Keyword columns with more distinct values than this are labelled one look-up at a
/// time: their labels are not kept.
const LABELS_KEPT_MAX: usize = 65_536;

/// Documents read at a time when a column is walked whole.
const WALK_BLOCK: usize = 4096;

type Kept<T> = HashMap<(SegmentId, &'static str), T, Quick>;

/// Every search looks up a few dozen columns here (each part of each segment), under
/// one lock: std's SipHash of the segment id and the field name was a tenth of a search
/// with no hits. The keys are the index's own (and version groups, hashes already), so
/// a fast hash is enough.
pub(super) type Quick = std::hash::BuildHasherDefault<QuickHasher>;

#[derive(Default)]
pub(super) struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

#[derive(Default)]
struct Open {
    str: Kept<Option<StrColumn>>,
    i64: Kept<Column<i64>>,
    u64: Kept<Column<u64>>,
    /// A keyword column's values by ordinal, for labelling facet counts.
    labels: Kept<Option<Arc<Vec<String>>>>,
    /// Each document's ordinal of a keyword column, one to four bytes each.
    ords: Kept<Arc<Ords>>,
    /// Each document's tier by its two range columns, for the day it was worked out on.
    tiers: HashMap<(SegmentId, &'static str, &'static str), (i64, Arc<Vec<u8>>), Quick>,
    /// The segments last searched: what is kept of any other is let go (a merged-away
    /// segment's files stay mapped while a column of it is held).
    live: Vec<SegmentId>,
}

#[derive(Default)]
pub struct Columns(Mutex<Open>);

fn kept<T: Clone>(map: &mut Kept<T>, reader: &SegmentReader, field: &'static str, open: impl FnOnce() -> Result<T>) -> Result<T> {
    let key = (reader.segment_id(), field);
    if let Some(found) = map.get(&key) {
        return Ok(found.clone());
    }
    let opened = open()?;
    if map.len() >= KEPT {
        map.clear();
    }
    map.insert(key, opened.clone());
    Ok(opened)
}

impl Columns {
    fn open(&self) -> std::sync::MutexGuard<'_, Open> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Lets go of the columns of segments the searcher no longer has (after a commit or
    /// a merge); a comparison of a few ids when nothing changed.
    pub fn keep_only(&self, searcher: &Searcher) {
        let mut open = self.open();
        let live = searcher.segment_readers().iter().map(|r| r.segment_id());
        if open.live.iter().copied().eq(live.clone()) {
            return;
        }
        open.live = live.collect();
        let Open { str, i64, u64, labels, ords, tiers, live } = &mut *open;
        str.retain(|(s, _), _| live.contains(s));
        ords.retain(|(s, _), _| live.contains(s));
        i64.retain(|(s, _), _| live.contains(s));
        u64.retain(|(s, _), _| live.contains(s));
        labels.retain(|(s, _), _| live.contains(s));
        tiers.retain(|(s, _, _), _| live.contains(s));
    }

    pub fn str(&self, reader: &SegmentReader, field: &'static str) -> Result<Option<StrColumn>> {
        kept(&mut self.open().str, reader, field, || Ok(reader.fast_fields().str(field)?))
    }

    pub fn i64(&self, reader: &SegmentReader, field: &'static str) -> Result<Column<i64>> {
        kept(&mut self.open().i64, reader, field, || Ok(reader.fast_fields().i64(field)?))
    }

    pub fn u64(&self, reader: &SegmentReader, field: &'static str) -> Result<Column<u64>> {
        kept(&mut self.open().u64, reader, field, || Ok(reader.fast_fields().u64(field)?))
    }

    /// Every document's ordinal of a keyword column (its number of values where it has
    /// none), for counting and filtering by it: read from an array, a block of hits
    /// costs a fraction of unpacking the column for it each time. Worked out once per
    /// segment; one byte a document for a column of up to 255 values.
    pub fn ords(&self, reader: &SegmentReader, field: &'static str) -> Result<Arc<Ords>> {
        if let Some(found) = self.open().ords.get(&(reader.segment_id(), field)) {
            return Ok(found.clone());
        }
        let column = self.str(reader, field)?;
        kept(&mut self.open().ords, reader, field, || Ok(Arc::new(Ords::of(column.as_ref(), reader.max_doc()))))
    }

    /// Every document's tier (one byte each) for the day `tier.at`: ranking and the
    /// in-force facet then read one byte per hit instead of two number columns. Worked
    /// out once per segment and day.
    pub fn tiers(&self, reader: &SegmentReader, tier: &Tier) -> Result<Arc<Vec<u8>>> {
        let key = (reader.segment_id(), tier.from, tier.until);
        if let Some((at, tiers)) = self.open().tiers.get(&key) {
            if *at == tier.at {
                return Ok(tiers.clone());
            }
        }
        let (from, until) = (self.i64(reader, tier.from)?, self.i64(reader, tier.until)?);
        let mut tiers = Vec::with_capacity(reader.max_doc() as usize);
        let (mut froms, mut untils) = (vec![None; WALK_BLOCK], vec![None; WALK_BLOCK]);
        let mut docs: Vec<DocId> = Vec::with_capacity(WALK_BLOCK);
        let mut start = 0;
        while start < reader.max_doc() {
            let end = reader.max_doc().min(start + WALK_BLOCK as DocId);
            docs.clear();
            docs.extend(start..end);
            let n = docs.len();
            froms[..n].fill(None);
            untils[..n].fill(None);
            from.first_vals(&docs, &mut froms[..n]);
            until.first_vals(&docs, &mut untils[..n]);
            tiers.extend(froms[..n].iter().zip(&untils[..n]).map(|(f, u)| tier.of(*f, *u)));
            start = end;
        }
        let tiers = Arc::new(tiers);
        let mut open = self.open();
        if open.tiers.len() >= KEPT {
            open.tiers.clear();
        }
        open.tiers.insert(key, (tier.at, tiers.clone()));
        Ok(tiers)
    }

    /// Every value of a keyword column by ordinal, or `None` when the column has too many
    /// to keep (or none in this segment).
    pub fn labels(&self, reader: &SegmentReader, field: &'static str) -> Result<Option<Arc<Vec<String>>>> {
        let column = self.str(reader, field)?;
        kept(&mut self.open().labels, reader, field, || {
            let Some(column) = column.filter(|c| c.num_terms() <= LABELS_KEPT_MAX) else { return Ok(None) };
            let mut labels = Vec::with_capacity(column.num_terms());
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                labels.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
            Ok(Some(Arc::new(labels)))
        })
    }
}

/// Each document's ordinal in a keyword column, as narrow as its values allow.
pub enum Ords {
    Narrow(Vec<u8>),
    Medium(Vec<u16>),
    Wide(Vec<u32>),
}

impl Ords {
    fn of(column: Option<&StrColumn>, max_doc: DocId) -> Self {
        let terms = column.map_or(0, |c| c.num_terms() as u64);
        if terms <= u64::from(u8::MAX) {
            Self::Narrow(walk(column, max_doc, terms, |o| o as u8))
        } else if terms <= u64::from(u16::MAX) {
            Self::Medium(walk(column, max_doc, terms, |o| o as u16))
        } else {
            Self::Wide(walk(column, max_doc, terms, |o| o as u32))
        }
    }

    /// Adds one to `counts` at the ordinal of each of `docs` (as [`Ords::fill`] reads it).
    #[inline]
    pub fn count(&self, docs: &[DocId], counts: &mut Tallies) {
        fn each<T: Copy + Into<u64>>(all: &[T], docs: &[DocId], counts: &mut Tallies) {
            let ord = |d: DocId| all.get(d as usize).map_or(0, |v| (*v).into()) as usize;
            if counts.spare.is_empty() {
                for d in docs {
                    counts.counts[ord(*d)] += 1;
                }
                return;
            }
            let slots = counts.counts.len();
            let (one, rest) = counts.spare.split_at_mut(slots);
            let (two, three) = rest.split_at_mut(slots);
            let mut fours = docs.chunks_exact(4);
            for four in &mut fours {
                counts.counts[ord(four[0])] += 1;
                one[ord(four[1])] += 1;
                two[ord(four[2])] += 1;
                three[ord(four[3])] += 1;
            }
            for d in fours.remainder() {
                counts.counts[ord(*d)] += 1;
            }
        }
        match self {
            Self::Narrow(all) => each(all, docs, counts),
            Self::Medium(all) => each(all, docs, counts),
            Self::Wide(all) => each(all, docs, counts),
        }
    }

    /// The ordinals of `docs`, into `out` (documents past the segment read as 0).
    #[inline]
    pub fn fill(&self, docs: &[DocId], out: &mut [u64]) {
        fn each<T: Copy + Into<u64>>(all: &[T], docs: &[DocId], out: &mut [u64]) {
            for (o, d) in out.iter_mut().zip(docs) {
                *o = all.get(*d as usize).map_or(0, |v| (*v).into());
            }
        }
        match self {
            Self::Narrow(all) => each(all, docs, out),
            Self::Medium(all) => each(all, docs, out),
            Self::Wide(all) => each(all, docs, out),
        }
    }
}

/// Counts by ordinal kept as four tallies: successive hits often share a value (an
/// item's clauses, a document's items), and with one tally each increment waits for
/// the one before it (most of the time of counting facets). Documents 0, 1, 2, 3 of
/// every four go to `counts` and the three parts of `spare` in turn; without `spare`,
/// all go to `counts`.
pub struct Tallies<'a> {
    pub counts: &'a mut [u32],
    /// Empty, or three times the length of `counts`.
    pub spare: &'a mut [u32],
}

impl<'a> Tallies<'a> {
    pub fn new(counts: &'a mut [u32], spare: &'a mut [u32]) -> Self {
        let spare = if spare.len() == 3 * counts.len() { spare } else { &mut [] };
        Self { counts, spare }
    }

    /// Adds one at `slot` for the `i`th document of a run.
    #[inline]
    pub fn add(&mut self, i: usize, slot: usize) {
        match i % 4 {
            0 => self.counts[slot] += 1,
            _ if self.spare.is_empty() => self.counts[slot] += 1,
            k => self.spare[(k - 1) * self.counts.len() + slot] += 1,
        }
    }
}

/// Every document's ordinal, `missing` where it has none, narrowed by `narrow` (the
/// caller picks a width that holds `missing`, the largest value).
fn walk<T>(column: Option<&StrColumn>, max_doc: DocId, missing: u64, narrow: impl Fn(u64) -> T) -> Vec<T> {
    let mut all = Vec::with_capacity(max_doc as usize);
    let Some(column) = column else {
        all.extend((0..max_doc).map(|_| narrow(missing)));
        return all;
    };
    let mut found = vec![None; WALK_BLOCK];
    let mut docs: Vec<DocId> = Vec::with_capacity(WALK_BLOCK);
    let mut start = 0;
    while start < max_doc {
        let end = max_doc.min(start + WALK_BLOCK as DocId);
        docs.clear();
        docs.extend(start..end);
        let n = docs.len();
        found[..n].fill(None);
        column.ords().first_vals(&docs, &mut found[..n]);
        all.extend(found[..n].iter().map(|o| narrow(o.unwrap_or(missing))));
        start = end;
    }
    all
}

#[cfg(test)]
impl Columns {
    fn segments_kept(&self) -> std::collections::HashSet<SegmentId> {
        let open = self.open();
        open.i64.keys().map(|(s, _)| *s).chain(open.tiers.keys().map(|(s, _, _)| *s)).collect()
    }
}

#[cfg(test)]
mod tests;
