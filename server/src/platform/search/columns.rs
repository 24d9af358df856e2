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
use super::groups::GroupFilter;

/// Entries kept at most per kind: segments × columns, with merged-away segments among
/// them until the next clear.
const KEPT: usize = 1024;

/// Keyword columns with more distinct values than this are labelled one look-up at a
/// time: their labels are not kept.
const LABELS_KEPT_MAX: usize = 65_536;

/// Documents read at a time when a column is walked whole.
pub(super) const WALK_BLOCK: usize = 4096;

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
    groups: Kept<Arc<GroupFilter>>,
    /// A keyword column's values by ordinal, as numbers of `names`, for labelling facet
    /// counts.
    labels: Kept<Option<Arc<Vec<u32>>>>,
    /// Per keyword column, every value any segment's labels held, numbered once: each
    /// segment numbers its values by its own ordinals, and a search adds up its
    /// segments' counts by these numbers, not by text (over ten segments it hashed and
    /// copied some two thousand labels per search).
    names: HashMap<&'static str, (HashMap<String, u32>, Vec<String>)>,
    /// Each document's ordinals of some keyword columns and its tier, side by side,
    /// for the day the tiers were worked out on.
    rows: HashMap<(SegmentId, Vec<&'static str>, Option<(&'static str, &'static str)>), (i64, Arc<Rows>), Quick>,
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
        let Open { str, i64, u64, groups, labels, rows, live, .. } = &mut *open;
        str.retain(|(s, _), _| live.contains(s));
        i64.retain(|(s, _), _| live.contains(s));
        u64.retain(|(s, _), _| live.contains(s));
        groups.retain(|(s, _), _| live.contains(s));
        labels.retain(|(s, _), _| live.contains(s));
        rows.retain(|(s, _, _), _| live.contains(s));
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

    /// Which values of the u64 column `field` the segment may hold ([`GroupFilter`]),
    /// worked out once per segment.
    pub fn groups(&self, reader: &SegmentReader, field: &'static str) -> Result<Arc<GroupFilter>> {
        if let Some(found) = self.open().groups.get(&(reader.segment_id(), field)) {
            return Ok(found.clone());
        }
        // Built outside the lock: a walk of the segment's column.
        let column = self.u64(reader, field)?;
        let built = Arc::new(GroupFilter::of(&column, reader.max_doc()));
        kept(&mut self.open().groups, reader, field, || Ok(built))
    }

    /// Every document's ordinals of the keyword columns `fields` (a column's number of
    /// values where the document has none) and, with `tier`, its tier for the day
    /// `tier.at`, side by side: counting, filtering and ranking a hit then read one
    /// cache line where a column each cost one apiece (at a million items, a search
    /// with 18,799 hits waited on six lines per hit, a sixth of its time). Worked out
    /// once per segment and day; one byte per column of up to 255 values.
    pub fn rows(&self, reader: &SegmentReader, fields: &[&'static str], tier: Option<&Tier>) -> Result<Arc<Rows>> {
        let key = (reader.segment_id(), fields.to_vec(), tier.map(|t| (t.from, t.until)));
        let at = tier.map_or(0, |t| t.at);
        if let Some((day, rows)) = self.open().rows.get(&key) {
            if *day == at {
                return Ok(rows.clone());
            }
        }
        let keywords = fields.iter().map(|f| self.str(reader, f)).collect::<Result<Vec<_>>>()?;
        let ranges = match tier {
            Some(t) => Some((self.i64(reader, t.from)?, self.i64(reader, t.until)?, t)),
            None => None,
        };
        let rows = Arc::new(Rows::of(reader.max_doc(), fields, &keywords, ranges));
        let mut open = self.open();
        if open.rows.len() >= KEPT {
            open.rows.clear();
        }
        open.rows.insert(key, (at, rows.clone()));
        Ok(rows)
    }

    /// Every value of a keyword column by ordinal, as its number for [`Columns::name`],
    /// or `None` when the column has too many to keep (or none in this segment).
    pub fn labels(&self, reader: &SegmentReader, field: &'static str) -> Result<Option<Arc<Vec<u32>>>> {
        let column = self.str(reader, field)?;
        let open = &mut *self.open();
        kept(&mut open.labels, reader, field, || {
            let Some(column) = column.filter(|c| c.num_terms() <= LABELS_KEPT_MAX) else { return Ok(None) };
            let (numbers, names) = open.names.entry(field).or_default();
            let mut labels = Vec::with_capacity(column.num_terms());
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                let name = String::from_utf8_lossy(stream.key());
                let number = match numbers.get(name.as_ref()) {
                    Some(n) => *n,
                    None => {
                        let n = names.len() as u32;
                        numbers.insert(name.clone().into_owned(), n);
                        names.push(name.into_owned());
                        n
                    }
                };
                labels.push(number);
            }
            Ok(Some(Arc::new(labels)))
        })
    }

    /// The value numbered `number` by [`Columns::labels`] for `field`.
    pub fn name(&self, field: &'static str, number: u32) -> String {
        self.open().names.get(field).and_then(|(_, names)| names.get(number as usize).cloned()).unwrap_or_default()
    }
}

/// Per document, a row of its ordinals of some keyword columns (each one, two or four
/// bytes, as narrow as the column's values allow) and, where asked, its tier byte.
pub struct Rows {
    bytes: Box<[u8]>,
    stride: usize,
    /// Per column, its name, the offset of its ordinal within a row and its width.
    columns: Vec<(&'static str, usize, usize)>,
    tier: Option<usize>,
}

impl Rows {
    fn of(max_doc: DocId, fields: &[&'static str], keywords: &[Option<StrColumn>], tier: Option<(Column<i64>, Column<i64>, &Tier)>) -> Self {
        let mut columns = Vec::with_capacity(fields.len());
        let mut stride = 0;
        for (field, column) in fields.iter().zip(keywords) {
            let terms = column.as_ref().map_or(0, |c| c.num_terms() as u64);
            let width = if terms <= u64::from(u8::MAX) {
                1
            } else if terms <= u64::from(u16::MAX) {
                2
            } else {
                4
            };
            columns.push((*field, stride, width));
            stride += width;
        }
        let tier_at = tier.is_some().then_some(stride);
        stride += usize::from(tier.is_some());
        let mut bytes = vec![0u8; max_doc as usize * stride];
        let mut found = vec![None; WALK_BLOCK];
        let (mut froms, mut untils) = (vec![None; WALK_BLOCK], vec![None; WALK_BLOCK]);
        let mut docs: Vec<DocId> = Vec::with_capacity(WALK_BLOCK);
        let mut start = 0;
        while start < max_doc {
            let end = max_doc.min(start + WALK_BLOCK as DocId);
            docs.clear();
            docs.extend(start..end);
            let n = docs.len();
            let row = |j: usize| (start as usize + j) * stride;
            for (column, &(_, at, width)) in keywords.iter().zip(&columns) {
                let missing = column.as_ref().map_or(0, |c| c.num_terms() as u64);
                found[..n].fill(None);
                if let Some(column) = column {
                    column.ords().first_vals(&docs, &mut found[..n]);
                }
                for (j, ord) in found[..n].iter().enumerate() {
                    let value = (ord.unwrap_or(missing) as u32).to_le_bytes();
                    bytes[row(j) + at..row(j) + at + width].copy_from_slice(&value[..width]);
                }
            }
            if let (Some((from, until, tier)), Some(at)) = (&tier, tier_at) {
                froms[..n].fill(None);
                untils[..n].fill(None);
                from.first_vals(&docs, &mut froms[..n]);
                until.first_vals(&docs, &mut untils[..n]);
                for (j, (f, u)) in froms[..n].iter().zip(&untils[..n]).enumerate() {
                    bytes[row(j) + at] = tier.of(*f, *u);
                }
            }
            start = end;
        }
        Self { bytes: bytes.into(), stride, columns, tier: tier_at }
    }

    /// The ordinals of the column `field`, one of those the rows were made of.
    pub fn ords(self: &Arc<Self>, field: &str) -> Option<Ords> {
        let &(_, at, width) = self.columns.iter().find(|(f, _, _)| *f == field)?;
        Some(Ords { rows: self.clone(), at, width })
    }

    /// The tier of `doc` (0 where the rows hold none, or past the segment).
    #[inline]
    pub fn tier(&self, doc: DocId) -> u8 {
        self.tier.and_then(|at| self.bytes.get(doc as usize * self.stride + at)).copied().unwrap_or(0)
    }
}

/// Each document's ordinal in one keyword column: a column of [`Rows`].
pub struct Ords {
    rows: Arc<Rows>,
    at: usize,
    width: usize,
}

/// The `W` bytes at `i` as a number (0 past the end).
#[inline]
fn read<const W: usize>(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i..i + W) {
        Some(b) => {
            let mut word = [0u8; 4];
            word[..W].copy_from_slice(b);
            u32::from_le_bytes(word) as usize
        }
        None => 0,
    }
}

impl Ords {
    /// The bytes of each ordinal.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Adds one to `counts` at the ordinal of each of `docs` (as [`Ords::fill`] reads it).
    #[inline]
    pub fn count(&self, docs: &[DocId], counts: &mut Tallies) {
        fn each<const W: usize>(rows: &Rows, at: usize, docs: &[DocId], counts: &mut Tallies) {
            let (bytes, stride) = (&rows.bytes[..], rows.stride);
            let ord = |d: DocId| read::<W>(bytes, d as usize * stride + at);
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
        match self.width {
            1 => each::<1>(&self.rows, self.at, docs, counts),
            2 => each::<2>(&self.rows, self.at, docs, counts),
            _ => each::<4>(&self.rows, self.at, docs, counts),
        }
    }

    /// The ordinals of `docs`, into `out` (documents past the segment read as 0).
    #[inline]
    pub fn fill(&self, docs: &[DocId], out: &mut [u64]) {
        fn each<const W: usize>(rows: &Rows, at: usize, docs: &[DocId], out: &mut [u64]) {
            for (o, d) in out.iter_mut().zip(docs) {
                *o = read::<W>(&rows.bytes, *d as usize * rows.stride + at) as u64;
            }
        }
        match self.width {
            1 => each::<1>(&self.rows, self.at, docs, out),
            2 => each::<2>(&self.rows, self.at, docs, out),
            _ => each::<4>(&self.rows, self.at, docs, out),
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

#[cfg(test)]
impl Columns {
    fn segments_kept(&self) -> std::collections::HashSet<SegmentId> {
        let open = self.open();
        open.i64.keys().map(|(s, _)| *s).chain(open.rows.keys().map(|(s, _, _)| *s)).collect()
    }
}

#[cfg(test)]
mod tests;
