//! One pass over the documents a search matches: the exact number of hits, the
//! disjunctive facet counts and the best hits of the page asked for, all read from the
//! index's columnar (fast) fields. Nothing but the page shown is ever loaded.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{EnableScoring, Query};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader};

use super::columns::{Columns, Ords, Quick, Rows, Tallies};
use super::estimate::Recording;
use super::pool;

/// The most hits a search ranks: deeper pages are refused before any work is spent.
pub const MAX_RANKED: usize = 10_000;

/// A dimension a list filters and counts by.
#[derive(Clone, Debug)]
pub enum Dim {
    /// A keyword field with one value per item (a category, a unit).
    Keyword(&'static str),
    /// Whether `at` lies within the item's two number fields `from..=until` (in force on
    /// a day); its values are `"true"` and `"false"`.
    Within { from: &'static str, until: &'static str, at: i64 },
}

#[derive(Clone, Debug)]
pub struct Facet {
    pub dim: Dim,
    /// The value every hit must have.
    pub want: Option<String>,
    /// Whether to count this dimension's values over the hits of the other filters.
    pub count: bool,
}

/// Ranks items by where `at` lies in their number fields `from..=until`: inside (in
/// force) first, then before (not yet in force), then after or no range (expired,
/// void: an `until` below `from`).
#[derive(Clone, Debug)]
pub struct Tier {
    pub from: &'static str,
    pub until: &'static str,
    pub at: i64,
}

/// The tier of items whose range holds the day: the same test as [`Dim::Within`].
pub(super) const IN_TIER: u8 = 2;

impl Tier {
    pub(super) fn of(&self, from: Option<i64>, until: Option<i64>) -> u8 {
        match (from, until) {
            (Some(f), Some(u)) if f <= self.at && self.at <= u => IN_TIER,
            (Some(f), Some(u)) if self.at < f && f <= u => 1,
            _ => 0,
        }
    }
}

/// What to search: the text query (`None`: every item), the facets, the number field
/// that orders equal scores (larger first, then the key), the tiers ranked before
/// relevance, the u64 column whose equal values fold into one hit (the best ranked),
/// and the page.
pub struct Plan<'a> {
    pub query: Option<&'a dyn Query>,
    pub facets: &'a [Facet],
    pub key: &'static str,
    pub sort: &'static str,
    pub tier: Option<Tier>,
    pub group: Option<&'static str>,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Items passing the query and every filter, counted exactly.
    pub total: u64,
    /// Per facet, its values and counts (empty where not asked for).
    pub counts: Vec<Vec<(String, u32)>>,
    /// The page, best first.
    pub hits: Vec<(DocAddress, Score)>,
}

/// Facet counts over every live item of a part of a segment, for searches with
/// neither words nor filters (the listing, the home page): a segment never changes but
/// for deletions, so its counts hold until its deletions or the day change.
#[derive(Default)]
pub struct Counts(Mutex<HashMap<(SegmentId, u32, Range<DocId>, String), Arc<(u64, Vec<Vec<u32>>)>>>);

/// Entries kept at most: a few segments times a few facet sets.
const COUNTS_KEPT: usize = 256;

impl Counts {
    fn key(reader: &SegmentReader, docs: &Range<DocId>, facets: &[Facet]) -> (SegmentId, u32, Range<DocId>, String) {
        (reader.segment_id(), reader.num_deleted_docs(), docs.clone(), format!("{facets:?}"))
    }
}

/// Below this many documents a search runs on the caller's thread: handing work to
/// the pool costs more than it saves.
static PARALLEL_FROM: AtomicU32 = AtomicU32::new(100_000);
/// The documents of one part; 0: [`PART_DOCS_DEFAULT`].
static PART_DOCS: AtomicU32 = AtomicU32::new(0);
/// A fixed size, so a segment is cut the same way whatever else the index holds (the
/// listing's cached counts are per part) and a million items make about twenty parts
/// (each part pays its own set-up and keeps its own candidates: at 50,000 documents a
/// million items made thirty, and searches took 2–15 % more CPU, page 50 a fifth more).
const PART_DOCS_DEFAULT: u32 = 100_000;
/// A page deeper than this is ranked by whole segments: each part keeps the page's
/// depth in candidates, and many parts would multiply them.
const SPLIT_WANTED_MAX: usize = 1_000;

/// Sets when a search is cut into parts for the pool, and their size (the defaults,
/// `100_000` and `0`, suit a real list; tests cut small lists to compare the answers:
/// a fixed size walks the parts on the pool even with one thread).
#[doc(hidden)]
pub fn split_searches(from_docs: u32, part_docs: u32) {
    PARALLEL_FROM.store(from_docs, AtomicOrdering::Relaxed);
    PART_DOCS.store(part_docs, AtomicOrdering::Relaxed);
}

/// Whether the searcher's index is large enough that a search spreads its work over
/// the pool's threads.
fn is_large(searcher: &Searcher) -> bool {
    searcher.segment_readers().iter().map(|r| u64::from(r.max_doc())).sum::<u64>() >= u64::from(PARALLEL_FROM.load(AtomicOrdering::Relaxed))
}

/// The parts a search walks: whole segments, with a large one cut into ranges so that
/// the pool's threads get about the same work; and whether the pool walks them.
fn parts(searcher: &Searcher, wanted: usize) -> (Vec<(u32, Range<DocId>)>, bool) {
    let readers = searcher.segment_readers();
    let threads = pool::threads();
    let fixed = PART_DOCS.load(AtomicOrdering::Relaxed);
    let large = is_large(searcher);
    let size = match fixed {
        _ if !large || wanted > SPLIT_WANTED_MAX => u32::MAX,
        0 => PART_DOCS_DEFAULT,
        fixed => fixed,
    };
    let mut out = Vec::new();
    for (segment, reader) in readers.iter().enumerate() {
        // Parts of about `size`, equal within a segment: a segment merged to just over
        // the size (`merging.rs`) is one part, not one and a sliver.
        let docs = u64::from(reader.max_doc());
        let cuts = ((docs + u64::from(size) / 2) / u64::from(size)).max(1);
        for k in 0..cuts {
            let (start, end) = ((docs * k / cuts) as u32, (docs * (k + 1) / cuts) as u32);
            if start < end {
                out.push((segment as u32, start..end));
            }
        }
    }
    let parallel = large && out.len() > 1 && (threads > 1 || fixed > 0);
    (out, parallel)
}

/// What one part gives: its exact count, its facet counts by the segment's slots (see
/// [`SegmentFacet`]) and its best hits.
struct Part {
    segment: u32,
    total: u64,
    counts: Vec<Vec<u32>>,
    ranked: Vec<Ranked>,
}

pub fn run(searcher: &Searcher, plan: &Plan, counts_cache: &Counts, columns: &Columns) -> Result<Outcome> {
    columns.keep_only(searcher);
    let wanted = (plan.offset + plan.limit).min(MAX_RANKED);
    let recording = Recording::new(searcher);
    let weight = match plan.query {
        Some(q) => Some(q.weight(EnableScoring::enabled_from_statistics_provider(&recording, searcher))?),
        None => None,
    };
    let cacheable = plan.query.is_none() && plan.facets.iter().all(|f| f.want.is_none());
    // Without words every score is 0: a floor on tier and score would rarely prune.
    let floor = SharedFloor::default();
    let shared = weight.is_some().then_some(&floor);
    let pass = |(segment, docs): (u32, Range<DocId>)| -> Result<Part> {
        let reader = searcher.segment_reader(segment);
        let mut state = SegmentState::new(reader, plan, wanted, columns, shared)?;
        let key = cacheable.then(|| Counts::key(reader, &docs, plan.facets));
        let cached = key.as_ref().and_then(|k| counts_cache.0.lock().unwrap_or_else(|e| e.into_inner()).get(k).cloned());
        if let Some(cached) = &cached {
            state.precounted = true;
            state.total = cached.0;
            for (facet, counts) in state.facets.iter_mut().zip(&cached.1) {
                facet.counts.clone_from(counts);
            }
            if wanted == 0 {
                return state.harvest(segment);
            }
        }
        let whole = docs.start == 0 && docs.end == reader.max_doc();
        match &weight {
            Some(w) if whole => w.for_each(reader, &mut |doc, score| state.offer(doc, score))?,
            Some(w) => {
                let mut scorer = w.scorer(reader, 1.0)?;
                let mut doc = scorer.doc();
                if doc < docs.start {
                    doc = scorer.seek(docs.start);
                }
                while doc < docs.end {
                    state.offer(doc, scorer.score());
                    doc = scorer.advance();
                }
            }
            None => state.offer_range(docs.clone()),
        }
        state.flush();
        for facet in &mut state.facets {
            facet.settle();
        }
        if let (Some(key), None) = (key, &cached) {
            let mut cache = counts_cache.0.lock().unwrap_or_else(|e| e.into_inner());
            if cache.len() >= COUNTS_KEPT {
                cache.clear();
            }
            let counted = state.facets.iter().map(|f| f.counts.clone()).collect();
            cache.insert(key, Arc::new((state.total, counted)));
        }
        state.harvest(segment)
    };
    let (mut parts, parallel) = parts(searcher, wanted);
    if let (true, Some(docs)) = (parallel, recording.per_segment()) {
        // Largest first; a part of a segment cut in several holds its share.
        let share = |(segment, range): &(u32, Range<DocId>)| {
            let max = u64::from(searcher.segment_reader(*segment).max_doc()).max(1);
            docs.get(*segment as usize).map_or(0, |d| d * u64::from(range.end - range.start) / max)
        };
        parts.sort_by_key(|part| std::cmp::Reverse(share(part)));
    }
    let done: Vec<Result<Part>> = pool::walk(parts, parallel, pass);
    let mut outcome = Outcome::default();
    // The parts of one segment share its ordinals: their counts add up by slot, and
    // each slot is labelled once per segment.
    let mut by_segment: HashMap<u32, Vec<Vec<u32>>> = HashMap::new();
    let mut ranked: Vec<Ranked> = Vec::new();
    for part in done {
        let part = part?;
        outcome.total += part.total;
        match by_segment.entry(part.segment) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(part.counts);
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                for (merged, slots) in o.get_mut().iter_mut().zip(part.counts) {
                    for (m, n) in merged.iter_mut().zip(slots) {
                        *m += n;
                    }
                }
            }
        }
        ranked.extend(part.ranked);
    }
    // Per facet, counts by the numbers `Columns::labels` gives each value, then by text
    // for values without one.
    let mut numbered: Vec<Vec<u32>> = plan.facets.iter().map(|_| Vec::new()).collect();
    let mut counts: Vec<HashMap<String, u32>> = plan.facets.iter().map(|_| HashMap::new()).collect();
    for (segment, slots) in by_segment {
        let reader = searcher.segment_reader(segment);
        for (((merged, numbers), facet), slots) in counts.iter_mut().zip(numbered.iter_mut()).zip(plan.facets).zip(slots) {
            let missing = slots.len().saturating_sub(1);
            let labels = match facet.dim {
                Dim::Keyword(field) if slots.iter().any(|n| *n > 0) => Some((field, columns.labels(reader, field)?)),
                _ => None,
            };
            for (slot, n) in slots.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                let label = match (&facet.dim, &labels) {
                    (Dim::Within { .. }, _) => (if slot == 1 { "true" } else { "false" }).to_string(),
                    _ if slot == missing => String::new(),
                    (_, Some((_, Some(labels)))) => match labels.get(slot) {
                        Some(&number) => {
                            let number = number as usize;
                            if numbers.len() <= number {
                                numbers.resize(number + 1, 0);
                            }
                            numbers[number] += n;
                            continue;
                        }
                        None => String::new(),
                    },
                    (_, Some((field, None))) => {
                        let mut text = String::new();
                        if let Some(column) = columns.str(reader, field)? {
                            column.ord_to_str(slot as u64, &mut text)?;
                        }
                        text
                    }
                    (_, None) => String::new(),
                };
                *merged.entry(label).or_default() += n;
            }
        }
    }
    for ((merged, numbers), facet) in counts.iter_mut().zip(numbered).zip(plan.facets) {
        let Dim::Keyword(field) = facet.dim else { continue };
        for (number, n) in numbers.into_iter().enumerate().filter(|(_, n)| *n > 0) {
            *merged.entry(columns.name(field, number as u32)).or_default() += n;
        }
    }
    outcome.hits = page(searcher, columns, plan.key, ranked, plan.offset, plan.limit)?;
    outcome.counts = counts
        .into_iter()
        .map(|m| {
            let mut values: Vec<(String, u32)> = m.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values
        })
        .collect();
    Ok(outcome)
}

/// How many distinct values the live items hold across `fields` (keyword fields).
pub fn distinct(searcher: &Searcher, fields: &[&str]) -> Result<usize> {
    let mut seen: HashSet<String> = HashSet::new();
    for reader in searcher.segment_readers() {
        let alive = reader.alive_bitset();
        for field in fields {
            let Some(column) = reader.fast_fields().str(field)? else { continue };
            let mut used = vec![false; column.num_terms()];
            for doc in 0..reader.max_doc() {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    if let Some(ord) = column.ords().first(doc) {
                        used[ord as usize] = true;
                    }
                }
            }
            let mut value = String::new();
            for (ord, _) in used.iter().enumerate().filter(|(_, u)| **u) {
                column.ord_to_str(ord as u64, &mut value)?;
                if !value.is_empty() && !seen.contains(&value) {
                    seen.insert(value.clone());
                }
            }
        }
    }
    Ok(seen.len())
}

enum Values {
    Keyword(Ords),
    Within(Column<i64>, Column<i64>, i64),
}

/// One facet within one segment: each document's value (a keyword's ordinal, or
/// whether the day is in range), the wanted value as a segment ordinal (`NOWHERE` when
/// no item of the segment has it) and its counts by ordinal.
struct SegmentFacet {
    values: Values,
    want: Option<u64>,
    count: bool,
    counts: Vec<u32>,
    /// Three more tallies by ordinal ([`Tallies`]), folded into `counts` by
    /// [`SegmentFacet::settle`]; empty for a facet of many values.
    spare: Vec<u32>,
}

const NOWHERE: u64 = u64::MAX;

/// The keyword columns of `facets`, whose ordinals a search reads per hit.
fn keyword_fields(facets: &[Facet]) -> Vec<&'static str> {
    facets
        .iter()
        .filter_map(|f| match f.dim {
            Dim::Keyword(field) => Some(field),
            Dim::Within { .. } => None,
        })
        .collect()
}

/// Facets with up to this many values count into four tallies (`spare`).
const TALLIED_MAX: usize = 1024;

impl SegmentFacet {
    /// `rows`: made of (at least) the facet's keyword column.
    fn new(reader: &SegmentReader, facet: &Facet, rows: &Arc<Rows>, columns: &Columns) -> Result<Self> {
        let (values, slots, want) = match &facet.dim {
            Dim::Keyword(field) => {
                let column = columns.str(reader, field)?;
                let want = match (&facet.want, &column) {
                    (None, _) => None,
                    (Some(w), Some(column)) => Some(column.dictionary().term_ord(w)?.unwrap_or(NOWHERE)),
                    (Some(_), None) => Some(NOWHERE),
                };
                // The ordinals run to the number of values: that one stands for none.
                let slots = column.as_ref().map_or(0, |c| c.num_terms()) + 1;
                let ords = rows.ords(field).ok_or_else(|| anyhow::anyhow!("no ordinals of {field}"))?;
                (Values::Keyword(ords), slots, want)
            }
            Dim::Within { from, until, at } => {
                let want = facet.want.as_ref().map(|w| u64::from(w == "true"));
                (Values::Within(columns.i64(reader, from)?, columns.i64(reader, until)?, *at), 2, want)
            }
        };
        let counted = if facet.count { slots } else { 0 };
        let spare = vec![0; if counted <= TALLIED_MAX { 3 * counted } else { 0 }];
        Ok(Self { values, want, count: facet.count, counts: vec![0; counted], spare })
    }

    /// Counts the values of a block of documents.
    fn count(&mut self, docs: &[DocId], scratch: &mut Scratch) {
        match &self.values {
            Values::Keyword(ords) => ords.count(docs, &mut Tallies::new(&mut self.counts, &mut self.spare)),
            Values::Within(..) => {
                let mut values = [0u64; BLOCK];
                let values = &mut values[..docs.len()];
                self.values(docs, values, scratch);
                for v in values.iter() {
                    self.counts[*v as usize] += 1;
                }
            }
        }
    }

    /// Adds the spare tallies into `counts`.
    fn settle(&mut self) {
        let slots = self.counts.len();
        if self.spare.len() == 3 * slots && slots > 0 {
            let (one, rest) = self.spare.split_at(slots);
            let (two, three) = rest.split_at(slots);
            for (k, c) in self.counts.iter_mut().enumerate() {
                *c += one[k] + two[k] + three[k];
            }
            self.spare.fill(0);
        }
    }

    /// The values of a block of documents, into `out` (one per document).
    fn values(&self, docs: &[DocId], out: &mut [u64], scratch: &mut Scratch) {
        match &self.values {
            Values::Keyword(ords) => ords.fill(docs, out),
            Values::Within(from, until, at) => {
                let (froms, untils) = (&mut scratch.from[..docs.len()], &mut scratch.until[..docs.len()]);
                froms.fill(None);
                untils.fill(None);
                from.first_vals(docs, froms);
                until.first_vals(docs, untils);
                for ((o, f), u) in out.iter_mut().zip(froms.iter()).zip(untils.iter()) {
                    *o = u64::from(f.is_some_and(|f| f <= *at) && u.is_some_and(|u| u >= *at));
                }
            }
        }
    }
}

/// A candidate hit within a segment; its key is the segment's ordinal of the key.
#[derive(Clone, Copy)]
struct Candidate {
    tier: u8,
    score: Score,
    sort: i64,
    key: u64,
    doc: DocId,
    group: u64,
}

/// Orders candidates worst first, so the heap's top is the one to drop.
struct Worst(Candidate);

/// Tier, score and date: what ranks two hits before their keys are read.
type Coarse = (u8, Score, i64);

/// Orders by tier, score and date, the better first (`Less` when `a` ranks before `b`).
#[inline]
fn coarse((at, ascore, asort): Coarse, (bt, bscore, bsort): Coarse) -> Ordering {
    bt.cmp(&at).then_with(|| bscore.total_cmp(&ascore)).then_with(|| bsort.cmp(&asort))
}

impl Candidate {
    fn coarse(&self) -> Coarse {
        (self.tier, self.score, self.sort)
    }
}

fn rank(a: &Candidate, b: &Candidate) -> Ordering {
    coarse(a.coarse(), b.coarse()).then_with(|| a.key.cmp(&b.key))
}

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        rank(&self.0, &other.0) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        rank(&self.0, &other.0)
    }
}

/// A segment's candidate: its key is still the segment's ordinal of the key.
struct Ranked {
    tier: u8,
    score: Score,
    sort: i64,
    key: u64,
    group: Option<u64>,
    address: DocAddress,
}

impl Ranked {
    fn coarse(&self) -> Coarse {
        (self.tier, self.score, self.sort)
    }
}

/// The page of the merged candidates. Keys are compared as text only where score and
/// date tie at the page's edges: resolving every candidate's key would cost a
/// dictionary look-up each, thousands for a deep page.
fn page(
    searcher: &Searcher,
    columns: &Columns,
    key: &'static str,
    mut ranked: Vec<Ranked>,
    offset: usize,
    limit: usize,
) -> Result<Vec<(DocAddress, Score)>> {
    let by_rank = |a: &Ranked, b: &Ranked| coarse(a.coarse(), b.coarse());
    ranked.sort_by(|a, b| by_rank(a, b).then_with(|| a.address.cmp(&b.address)));
    let mut keys: HashMap<u32, Option<StrColumn>> = HashMap::new();
    let mut key_text = |r: &Ranked| -> Result<String> {
        let mut text = String::new();
        if r.key != u64::MAX {
            let segment = r.address.segment_ord;
            let column = match keys.get(&segment) {
                Some(c) => c,
                None => {
                    // Opened once per segment (`columns.rs`), not once per search.
                    let c = columns.str(searcher.segment_reader(segment), key)?;
                    keys.entry(segment).or_insert(c)
                }
            };
            if let Some(column) = column {
                column.ord_to_str(r.key, &mut text)?;
            }
        }
        Ok(text)
    };
    if ranked.iter().any(|r| r.group.is_some()) {
        // Each part kept its best hit per group; a group in several parts keeps its best
        // across them. Two versions that tie are told apart by their keys, as within a
        // part: by address, which version stands for the group would depend on which
        // parts kept it, and so on the page asked for.
        let mut kept: HashMap<u64, usize, Groups> = HashMap::with_capacity_and_hasher(ranked.len(), Groups::default());
        let mut unique: Vec<Ranked> = Vec::with_capacity(ranked.len());
        for r in ranked {
            let Some(group) = r.group else {
                unique.push(r);
                continue;
            };
            match kept.get(&group) {
                None => {
                    kept.insert(group, unique.len());
                    unique.push(r);
                }
                Some(&i) => {
                    if by_rank(&unique[i], &r) == Ordering::Equal && key_text(&r)? < key_text(&unique[i])? {
                        unique[i] = r;
                    }
                }
            }
        }
        ranked = unique;
    }
    let end = (offset + limit).min(ranked.len());
    if offset >= end {
        return Ok(Vec::new());
    }
    let same = |a: &Ranked, b: &Ranked| by_rank(a, b) == Ordering::Equal;
    let mut first = offset;
    while first > 0 && same(&ranked[first - 1], &ranked[offset]) {
        first -= 1;
    }
    let mut last = end;
    while last < ranked.len() && same(&ranked[last], &ranked[end - 1]) {
        last += 1;
    }
    let mut ordered: Vec<&Ranked> = Vec::with_capacity(end - first);
    for run in ranked[first..last].chunk_by(|a, b| same(a, b)) {
        let need = (end - first - ordered.len()).min(run.len());
        if need == 0 {
            break;
        }
        by_key(run, need, &mut key_text, &mut ordered)?;
    }
    Ok(ordered[offset - first..].iter().map(|r| (r.address, r.score)).collect())
}

/// The first `need` of `run` (candidates of equal rank, in address order) by key text,
/// then address, onto `out`. Within a segment a key's ordinal orders it as its text
/// does: the segments' lists are merged, reading only the texts the merge compares (a
/// run of a hundred ties across ten segments reads about twenty, not a hundred).
fn by_key<'r>(run: &'r [Ranked], need: usize, key_text: &mut impl FnMut(&Ranked) -> Result<String>, out: &mut Vec<&'r Ranked>) -> Result<()> {
    // A candidate without a key reads as the empty text, before any other.
    let in_segment = |r: &Ranked| (r.key != u64::MAX, r.key, r.address.doc_id);
    let mut lists: Vec<Vec<&Ranked>> = run
        .chunk_by(|a, b| a.address.segment_ord == b.address.segment_ord)
        .map(|segment| {
            let mut list: Vec<&Ranked> = segment.iter().collect();
            list.sort_by_key(|r| in_segment(r));
            list.reverse();
            list
        })
        .collect();
    let mut heads: Vec<Option<String>> = vec![None; lists.len()];
    for _ in 0..need {
        let mut best: Option<usize> = None;
        for i in 0..lists.len() {
            let Some(head) = lists[i].last() else { continue };
            if heads[i].is_none() && lists.len() > 1 {
                heads[i] = Some(key_text(head)?);
            }
            let better = match best {
                None => true,
                Some(b) => {
                    let (this, that) = (&heads[i], &heads[b]);
                    this.cmp(that).then_with(|| head.address.cmp(&lists[b][lists[b].len() - 1].address)) == Ordering::Less
                }
            };
            if better {
                best = Some(i);
            }
        }
        let Some(b) = best else { break };
        if let Some(r) = lists[b].pop() {
            out.push(r);
        }
        heads[b] = None;
    }
    Ok(())
}

/// Version groups key maps by their values, hashes already (`SearchEngine` writes them).
type Groups = Quick;

/// Documents are gathered in blocks so that each column is read many values at a time.
const BLOCK: usize = 128;

/// Buffers for reading one block of column values.
struct Scratch {
    from: Vec<Option<i64>>,
    until: Vec<Option<i64>>,
    sort: Vec<Option<i64>>,
}

impl Default for Scratch {
    fn default() -> Self {
        Self { from: vec![None; BLOCK], until: vec![None; BLOCK], sort: vec![None; BLOCK] }
    }
}

struct SegmentState<'r> {
    reader: &'r SegmentReader,
    /// The floor of the parts that filled their page: what ranks below it on tier and
    /// score cannot make the page.
    shared: Option<&'r SharedFloor>,
    facets: Vec<SegmentFacet>,
    /// Per facet, the values of the block's documents.
    values: Vec<[u64; BLOCK]>,
    scratch: Scratch,
    docs: Vec<DocId>,
    scores: Vec<Score>,
    /// The block's documents that may rank (their indexes), and those documents.
    picks: Vec<usize>,
    picked: Vec<DocId>,
    sort: Column<i64>,
    key: Option<StrColumn>,
    /// Every document's tier (in [`Columns::rows`]) where the plan ranks by tier, and
    /// the block's.
    tier_of: Option<Arc<Rows>>,
    tiers: [u8; BLOCK],
    /// Per facet, whether it asks what the tier already tells (in force on the same
    /// day): its value is then read off the tier, not off its two columns again.
    within_is_tier: Vec<bool>,
    /// Folding: the group column and the best candidate held per group. The heap may
    /// then hold candidates that lost their group's place (stale).
    group: Option<Column<u64>>,
    held: HashMap<u64, Candidate, Groups>,
    wanted: usize,
    heap: BinaryHeap<Worst>,
    total: u64,
    /// Counts and total came from [`Counts`]: the pass only ranks.
    precounted: bool,
    /// Whether any facet wants a value: otherwise every document is a hit.
    filtered: bool,
}

impl<'r> SegmentState<'r> {
    fn new(reader: &'r SegmentReader, plan: &Plan, wanted: usize, columns: &Columns, shared: Option<&'r SharedFloor>) -> Result<Self> {
        let rows = columns.rows(reader, &keyword_fields(plan.facets), plan.tier.as_ref())?;
        let facets = plan.facets.iter().map(|f| SegmentFacet::new(reader, f, &rows, columns)).collect::<Result<Vec<_>>>()?;
        let tier_of = plan.tier.is_some().then_some(rows);
        let group = match plan.group {
            Some(g) => Some(columns.u64(reader, g)?),
            None => None,
        };
        let within_is_tier = plan
            .facets
            .iter()
            .map(|f| match (&f.dim, &plan.tier) {
                (Dim::Within { from, until, at }, Some(t)) => *from == t.from && *until == t.until && *at == t.at,
                _ => false,
            })
            .collect();
        Ok(Self {
            reader,
            shared,
            values: vec![[0; BLOCK]; facets.len()],
            within_is_tier,
            facets,
            scratch: Scratch::default(),
            docs: Vec::with_capacity(BLOCK),
            scores: Vec::with_capacity(BLOCK),
            picks: Vec::with_capacity(BLOCK),
            picked: Vec::with_capacity(BLOCK),
            sort: columns.i64(reader, plan.sort)?,
            key: columns.str(reader, plan.key)?,
            tier_of,
            tiers: [0; BLOCK],
            group,
            held: HashMap::default(),
            wanted,
            heap: BinaryHeap::with_capacity(wanted + 1),
            total: 0,
            precounted: false,
            filtered: plan.facets.iter().any(|f| f.want.is_some()),
        })
    }

    #[inline]
    fn offer(&mut self, doc: DocId, score: Score) {
        if self.reader.alive_bitset().is_some_and(|a| a.is_deleted(doc)) {
            return;
        }
        self.docs.push(doc);
        self.scores.push(score);
        if self.docs.len() == BLOCK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let n = self.docs.len();
        if n == 0 {
            return;
        }
        let tiers_counted = !self.precounted && self.within_is_tier.iter().any(|t| *t);
        if let (Some(tier_of), true) = (&self.tier_of, self.wanted > 0 || tiers_counted) {
            for (t, doc) in self.tiers[..n].iter_mut().zip(&self.docs) {
                *t = tier_of.tier(*doc);
            }
        }
        if !self.precounted && !self.filtered {
            // Every document counts: each facet counts its block straight from its column.
            self.total += n as u64;
            for (facet, is_tier) in self.facets.iter_mut().zip(&self.within_is_tier) {
                if !facet.count {
                    continue;
                }
                if *is_tier {
                    let inside = self.tiers[..n].iter().filter(|t| **t == IN_TIER).count() as u32;
                    facet.counts[1] += inside;
                    facet.counts[0] += n as u32 - inside;
                } else {
                    facet.count(&self.docs, &mut self.scratch);
                }
            }
            if self.wanted > 0 {
                self.rank_block(n);
            }
            self.docs.clear();
            self.scores.clear();
            return;
        }
        if !self.precounted {
            for ((facet, values), is_tier) in self.facets.iter().zip(self.values.iter_mut()).zip(&self.within_is_tier) {
                if *is_tier {
                    for (v, t) in values[..n].iter_mut().zip(&self.tiers[..n]) {
                        *v = u64::from(*t == IN_TIER);
                    }
                } else {
                    facet.values(&self.docs, &mut values[..n], &mut self.scratch);
                }
            }
        }
        if self.precounted {
            self.rank_block(n);
            self.docs.clear();
            self.scores.clear();
            return;
        }
        let floor = self.floor();
        for i in 0..n {
            // Disjunctive counting: an item failing exactly one filter still counts
            // toward that filter's own facet, so each facet shows its alternatives.
            let mut failed = 0;
            let mut failed_at = 0;
            for (f, facet) in self.facets.iter().enumerate() {
                if facet.want.is_some_and(|w| w != self.values[f][i]) {
                    failed += 1;
                    failed_at = f;
                }
            }
            if failed == 1 {
                let facet = &mut self.facets[failed_at];
                if facet.count {
                    Tallies::new(&mut facet.counts, &mut facet.spare).add(i, self.values[failed_at][i] as usize);
                }
                continue;
            }
            if failed > 1 {
                continue;
            }
            self.total += 1;
            for (f, facet) in self.facets.iter_mut().enumerate() {
                if facet.count {
                    Tallies::new(&mut facet.counts, &mut facet.spare).add(i, self.values[f][i] as usize);
                }
            }
            if self.wanted > 0 && !below(floor, self.tiers[i], self.scores[i], i64::MAX) {
                self.picks.push(i);
            }
        }
        self.rank_picks();
        self.docs.clear();
        self.scores.clear();
    }

    /// Offers every live document of `docs` with score 0 (a search without words), a
    /// block at a time.
    fn offer_range(&mut self, docs: Range<DocId>) {
        let reader = self.reader;
        let alive = reader.alive_bitset();
        let mut start = docs.start;
        while start < docs.end {
            let room = (BLOCK - self.docs.len()) as u32;
            let end = docs.end.min(start.saturating_add(room));
            match alive {
                None => self.docs.extend(start..end),
                Some(a) => self.docs.extend((start..end).filter(|d| a.is_alive(*d))),
            }
            self.scores.resize(self.docs.len(), 0.0);
            if self.docs.len() == BLOCK {
                self.flush();
            }
            start = end;
        }
    }

    /// Ranks the block's documents `0..n`. Most lose to the worst candidate held on
    /// tier or score alone; they are passed over without reading their dates.
    fn rank_block(&mut self, n: usize) {
        let floor = self.floor();
        for i in 0..n {
            if !below(floor, self.tiers[i], self.scores[i], i64::MAX) {
                self.picks.push(i);
            }
        }
        self.rank_picks();
    }

    /// Ranks the block's documents picked (not below the floor on tier and score when
    /// picked): their dates are read together, then each is ranked against the floor
    /// as it rises.
    fn rank_picks(&mut self) {
        if self.picks.is_empty() {
            return;
        }
        let n = self.picks.len();
        self.picked.clear();
        self.picked.extend(self.picks.iter().map(|&i| self.docs[i]));
        let sorts = &mut self.scratch.sort[..n];
        sorts.fill(None);
        self.sort.first_vals(&self.picked, sorts);
        let mut floor = self.floor();
        for k in 0..n {
            let (i, sort) = (self.picks[k], self.scratch.sort[k].unwrap_or(i64::MIN));
            if below(floor, self.tiers[i], self.scores[i], sort) {
                continue;
            }
            self.rank(self.docs[i], self.scores[i], sort, self.tiers[i]);
            floor = self.floor();
        }
        self.picks.clear();
        self.share_floor();
    }

    /// The worst held candidate's tier, score and date once every place of the page is
    /// taken (what [`SegmentState::rank`] compares first), or the floor other parts
    /// share where it is higher.
    #[inline]
    fn floor(&self) -> Option<Coarse> {
        let own = self.own_floor();
        let Some(shared) = self.shared else {
            return own;
        };
        match (own, shared.get()) {
            (Some(own), Some(shared)) if coarse(shared, own) == Ordering::Less => Some(shared),
            (None, shared) => shared,
            (own, _) => own,
        }
    }

    /// This part's own floor: its worst held candidate once its page is full.
    #[inline]
    fn own_floor(&self) -> Option<Coarse> {
        let held = if self.group.is_some() { self.held.len() } else { self.heap.len() };
        match self.heap.peek() {
            Some(Worst(worst)) if held == self.wanted => Some(worst.coarse()),
            _ => None,
        }
    }

    /// Offers this part's floor to the others once its page is full.
    #[inline]
    fn share_floor(&self) {
        if let (Some(shared), Some((tier, score, _))) = (self.shared, self.own_floor()) {
            shared.raise(tier, score);
        }
    }

    #[inline]
    fn rank(&mut self, doc: DocId, score: Score, sort: i64, tier: u8) {
        let held = if self.group.is_some() { self.held.len() } else { self.heap.len() };
        let mut key = None;
        if let (true, Some(&Worst(worst))) = (held == self.wanted, self.heap.peek()) {
            // Callers pass over what loses on tier, score or date (`below`); a tie reads the key.
            match coarse((tier, score, sort), worst.coarse()) {
                Ordering::Greater => return,
                Ordering::Less => {}
                Ordering::Equal => {
                    let tied = self.key_of(doc);
                    if tied >= worst.key {
                        return;
                    }
                    key = Some(tied);
                }
            }
        }
        let Some(column) = &self.group else {
            let key = key.unwrap_or_else(|| self.key_of(doc));
            if self.heap.len() == self.wanted {
                self.heap.pop();
            }
            self.heap.push(Worst(Candidate { tier, score, sort, key, doc, group: 0 }));
            return;
        };
        let group = column.first(doc).unwrap_or(u64::MAX - u64::from(doc));
        // A version that loses to its group's held one is dropped before its key is read.
        let held = self.held.get(&group).copied();
        if let Some(best) = &held {
            match coarse((tier, score, sort), best.coarse()) {
                Ordering::Greater => return,
                Ordering::Less => {}
                Ordering::Equal => {
                    let tied = *key.get_or_insert_with(|| self.key_of(doc));
                    if tied >= best.key {
                        return;
                    }
                }
            }
        }
        let key = key.unwrap_or_else(|| self.key_of(doc));
        let candidate = Candidate { tier, score, sort, key, doc, group };
        if held.is_none() && self.held.len() == self.wanted {
            self.drop_stale();
            if let Some(Worst(out)) = self.heap.pop() {
                self.held.remove(&out.group);
            }
        }
        // A group's better version leaves the old heap entry stale.
        self.held.insert(group, candidate);
        self.heap.push(Worst(candidate));
        if self.heap.len() > 2 * self.wanted + 64 {
            self.heap = self.held.values().map(|c| Worst(*c)).collect();
        }
        // The heap's top is always a held candidate: the threshold above relies on it.
        self.drop_stale();
    }

    /// Pops heap entries whose group has a better candidate since.
    fn drop_stale(&mut self) {
        if self.group.is_none() {
            return;
        }
        while let Some(Worst(top)) = self.heap.peek() {
            if self.held.get(&top.group).is_some_and(|c| c.doc == top.doc) {
                break;
            }
            self.heap.pop();
        }
    }

    fn key_of(&self, doc: DocId) -> u64 {
        self.key.as_ref().and_then(|k| k.ords().first(doc)).unwrap_or(u64::MAX)
    }

    fn harvest(self, segment: u32) -> Result<Part> {
        let counts = self.facets.into_iter().map(|f| f.counts).collect();
        let grouped = self.group.is_some();
        let held: Vec<Candidate> = if grouped { self.held.into_values().collect() } else { self.heap.into_iter().map(|w| w.0).collect() };
        let ranked = held
            .into_iter()
            .map(|c| Ranked {
                tier: c.tier,
                score: c.score,
                sort: c.sort,
                key: c.key,
                group: grouped.then_some(c.group),
                address: DocAddress::new(segment, c.doc),
            })
            .collect();
        Ok(Part { segment, total: self.total, counts, ranked })
    }
}

/// The best floor any part has reached, on tier and score alone: a part that holds its
/// page (`wanted` candidates, of as many groups) shows that many hits rank at least as
/// high, so a hit of any other part strictly below it cannot make the page. Parts
/// walked later start from it instead of from nothing (the first hits of each part
/// were all ranked, a key and a group look-up each).
#[derive(Default)]
struct SharedFloor(AtomicU64);

impl SharedFloor {
    /// Tier, then score, as one number that orders as they do; 0: no floor yet.
    fn encode(tier: u8, score: Score) -> u64 {
        let bits = score.to_bits();
        let ordered = if bits >> 31 == 1 { !bits } else { bits | 1 << 31 };
        ((u64::from(tier) << 32) | u64::from(ordered)) + 1
    }

    fn raise(&self, tier: u8, score: Score) {
        if score.is_nan() {
            return;
        }
        // Read first: a write on every block, even of the same value, would bounce the
        // line between the cores walking parts (a listing sharing its floor so took a
        // quarter longer).
        let value = Self::encode(tier, score);
        if value > self.0.load(AtomicOrdering::Relaxed) {
            self.0.fetch_max(value, AtomicOrdering::Relaxed);
        }
    }

    /// As a [`Coarse`] floor whose date ranks last: only what loses on tier or score
    /// falls below it.
    #[inline]
    fn get(&self) -> Option<Coarse> {
        let value = self.0.load(AtomicOrdering::Relaxed).checked_sub(1)?;
        let ordered = value as u32;
        let bits = if ordered >> 31 == 1 { ordered & !(1 << 31) } else { !ordered };
        Some(((value >> 32) as u8, Score::from_bits(bits), i64::MIN))
    }
}

/// Whether a document ranks below `floor` on tier, score and date alone.
#[inline]
fn below(floor: Option<Coarse>, tier: u8, score: Score, sort: i64) -> bool {
    floor.is_some_and(|floor| coarse((tier, score, sort), floor) == Ordering::Greater)
}

/// One document's value of a u64 column.
pub fn number_u64(reader: &SegmentReader, field: &str, doc: DocId) -> Result<Option<u64>> {
    Ok(reader.fast_fields().u64(field)?.first(doc))
}

/// The columns that compare an item's versions within one segment, opened once for
/// every version looked at there.
pub struct VersionColumns {
    filters: Vec<SegmentFacet>,
    tier: Option<(Column<i64>, Column<i64>, Tier)>,
    sort: Column<i64>,
    key: Option<StrColumn>,
    keywords: Vec<Option<StrColumn>>,
    scratch: Scratch,
}

impl VersionColumns {
    pub fn new(
        reader: &SegmentReader,
        facets: &[Facet],
        tier: Option<&Tier>,
        sort: &'static str,
        key: &'static str,
        keywords: &[&'static str],
        columns: &Columns,
    ) -> Result<Self> {
        let filters = if facets.iter().any(|f| f.want.is_some()) {
            // The search's rows (the same columns and tier): made already.
            let rows = columns.rows(reader, &keyword_fields(facets), tier)?;
            facets
                .iter()
                .filter(|f| f.want.is_some())
                .map(|f| SegmentFacet::new(reader, &Facet { count: false, ..f.clone() }, &rows, columns))
                .collect::<Result<Vec<_>>>()?
        } else {
            Vec::new()
        };
        let tier = match tier {
            Some(t) => Some((columns.i64(reader, t.from)?, columns.i64(reader, t.until)?, t.clone())),
            None => None,
        };
        let keywords = keywords.iter().map(|k| columns.str(reader, k)).collect::<Result<Vec<_>>>()?;
        Ok(Self {
            filters,
            tier,
            sort: columns.i64(reader, sort)?,
            key: columns.str(reader, key)?,
            keywords,
            scratch: Scratch::default(),
        })
    }

    /// Whether the document has every facet value the search wants.
    pub fn passes(&mut self, doc: DocId) -> bool {
        let mut value = [0u64; 1];
        for facet in &self.filters {
            facet.values(&[doc], &mut value, &mut self.scratch);
            if facet.want != Some(value[0]) {
                return false;
            }
        }
        true
    }

    pub fn tier(&self, doc: DocId) -> u8 {
        self.tier.as_ref().map_or(0, |(from, until, tier)| tier.of(from.first(doc), until.first(doc)))
    }

    pub fn sort(&self, doc: DocId) -> i64 {
        self.sort.first(doc).unwrap_or(i64::MIN)
    }

    pub fn key(&self, doc: DocId) -> Result<String> {
        text_of(self.key.as_ref(), doc)
    }

    /// The document's values of the keyword columns asked for.
    pub fn keywords(&self, doc: DocId) -> Result<Vec<String>> {
        self.keywords.iter().map(|c| text_of(c.as_ref(), doc)).collect()
    }
}

fn text_of(column: Option<&StrColumn>, doc: DocId) -> Result<String> {
    let mut out = String::new();
    if let Some(column) = column {
        if let Some(ord) = column.ords().first(doc) {
            column.ord_to_str(ord, &mut out)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
