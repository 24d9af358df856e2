//! Frequent terms' documents kept decoded, per segment: a bit per document and, for a
//! search that scores, a byte of term frequency.
//!
//! At a million items the words every query shares (企业 is in 92 % of them, 技术 in
//! half) were decoded from their postings again by every search: a quarter of the
//! CPU of 高新技术企业. Kept as bits, a window of 4,096 documents is 64 words to OR
//! in, and a hit's frequency one byte to read. Segments never change, so a kept list
//! stays right for as long as its segment lives; the least recently used go first
//! when the lists outgrow [`KEPT_BYTES`], and a merged-away segment's lists with them.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use tantivy::index::SegmentId;
use tantivy::postings::BlockSegmentPostings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, SegmentReader, Term, TERMINATED};

use super::cursor::Cursor;
use super::pairs::{first_set, Bits, WINDOW};

/// A term is kept when at least one document in this many holds it: below, a window
/// holds fewer of its documents than the 64 words a kept window costs.
const KEEP_FROM: u64 = 64;

/// Smaller segments (fresh from a live import, soon merged) are read from their
/// postings: a few blocks, not worth an entry.
const KEEP_MIN_DOCS: u32 = 2 * WINDOW;

/// What an entry costs beside its lists (its key, its place in the map), counted so
/// that many small ones cannot pass [`KEPT_BYTES`] unseen.
const ENTRY_BYTES: usize = 256;

/// All kept lists together, at most (a million documents: 125 KB a list, 1.1 MB
/// with frequencies).
const KEPT_BYTES: usize = 32 << 20;

/// A frequency this large or larger is looked up in [`KeptList::large`].
const LARGE: u8 = u8::MAX;

/// One term's documents in one segment.
pub(super) struct KeptList {
    bits: Box<[u64]>,
    /// Per document, its term frequency (up to [`LARGE`]); empty when kept without.
    freqs: Box<[u8]>,
    /// The documents whose frequency is [`LARGE`] or more, in order, with it.
    large: Box<[(DocId, u32)]>,
    doc_freq: u32,
}

impl KeptList {
    fn bytes(max_doc: u32, with_freqs: bool) -> usize {
        let docs = max_doc as usize;
        ENTRY_BYTES + docs.div_ceil(64) * 8 + if with_freqs { docs } else { 0 }
    }

    /// Reads the whole list (with frequencies when `with_freqs` and the list has them).
    pub(super) fn decode(mut block: BlockSegmentPostings, max_doc: u32, with_freqs: bool) -> Self {
        let mut bits = vec![0u64; (max_doc as usize).div_ceil(64)];
        let mut freqs = if with_freqs { vec![0u8; max_doc as usize] } else { Vec::new() };
        let mut large = Vec::new();
        let mut doc_freq = 0u32;
        loop {
            let docs = block.docs();
            if docs.is_empty() {
                break;
            }
            for &doc in docs {
                if let Some(word) = bits.get_mut(doc as usize / 64) {
                    *word |= 1 << (doc % 64);
                }
            }
            if with_freqs {
                for (&doc, &freq) in docs.iter().zip(block.freqs()) {
                    if let Some(slot) = freqs.get_mut(doc as usize) {
                        *slot = u8::try_from(freq).unwrap_or(LARGE).min(LARGE);
                        if *slot == LARGE {
                            large.push((doc, freq));
                        }
                    }
                }
            }
            doc_freq = doc_freq.saturating_add(docs.len() as u32);
            block.advance();
        }
        Self { bits: bits.into(), freqs: freqs.into(), large: large.into(), doc_freq }
    }

    pub(super) fn doc_freq(&self) -> u32 {
        self.doc_freq
    }

    /// The first document at or after `from` (`TERMINATED`: none).
    pub(super) fn next_doc(&self, from: DocId) -> DocId {
        first_set(&self.bits, from).unwrap_or(TERMINATED)
    }

    /// Marks, in the window from `start`, the documents from `from` to before `end`.
    pub(super) fn mark(&self, from: DocId, start: DocId, end: DocId, bits: &mut Bits) {
        let (from, end) = (from.saturating_sub(start), end.saturating_sub(start).min(WINDOW));
        let (first, shift) = ((start / 64) as usize, start % 64);
        let word = |at: usize| self.bits.get(at).copied().unwrap_or(0);
        for (n, out) in bits.iter_mut().enumerate() {
            let lo = n as u32 * 64;
            if lo + 64 <= from || lo >= end {
                continue;
            }
            let high = if shift == 0 { 0 } else { word(first + n + 1) << (64 - shift) };
            let mut kept = (word(first + n) >> shift) | high;
            if from > lo {
                kept &= u64::MAX << (from - lo);
            }
            if end < lo + 64 {
                kept &= (1u64 << (end - lo)) - 1;
            }
            *out |= kept;
        }
    }

    /// The term frequency of `doc`, which holds the term (the list keeps frequencies).
    pub(super) fn freq(&self, doc: DocId) -> u32 {
        match self.freqs.get(doc as usize) {
            Some(&LARGE) => match self.large.binary_search_by_key(&doc, |&(d, _)| d) {
                Ok(at) => self.large[at].1,
                Err(_) => u32::from(LARGE),
            },
            Some(&freq) => u32::from(freq),
            None => 0,
        }
    }
}

type Key = (SegmentId, Term, bool);

struct Entry {
    list: Arc<OnceLock<Arc<KeptList>>>,
    bytes: usize,
    used: u64,
}

#[derive(Default)]
struct Kept {
    lists: HashMap<Key, Entry>,
    bytes: usize,
    tick: u64,
}

static KEPT: LazyLock<Mutex<Kept>> = LazyLock::new(Mutex::default);

impl Kept {
    /// The slot for `key`, if there is one, marked as used now.
    fn used(&mut self, key: &Key) -> Option<Arc<OnceLock<Arc<KeptList>>>> {
        self.tick += 1;
        let tick = self.tick;
        self.lists.get_mut(key).map(|entry| {
            entry.used = tick;
            entry.list.clone()
        })
    }

    /// The slot for `key`, made (and room for `bytes` made) when there is none;
    /// `None` when the list would not fit even alone.
    fn slot(&mut self, key: Key, bytes: usize) -> Option<Arc<OnceLock<Arc<KeptList>>>> {
        if let Some(slot) = self.used(&key) {
            return Some(slot);
        }
        if bytes > KEPT_BYTES {
            return None;
        }
        while self.bytes + bytes > KEPT_BYTES {
            let Some(oldest) = self.lists.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone()) else { break };
            if let Some(gone) = self.lists.remove(&oldest) {
                self.bytes -= gone.bytes;
            }
        }
        let list = Arc::new(OnceLock::new());
        self.lists.insert(key, Entry { list: list.clone(), bytes, used: self.tick });
        self.bytes += bytes;
        Some(list)
    }
}

/// [`Cursor::open`]: a frequent term's list is kept (decoded once, by the first search
/// that needs it; the others wait for it), any other is read from its postings.
pub(super) fn open(reader: &SegmentReader, term: &Term, option: IndexRecordOption) -> tantivy::Result<Option<Cursor>> {
    let with_freqs = option.has_freq();
    let max_doc = reader.max_doc();
    if max_doc < KEEP_MIN_DOCS || !keeping() {
        let postings = reader.inverted_index(term.field())?.read_block_postings(term, option)?;
        return Ok(postings.map(Cursor::from_blocks));
    }
    let key = (reader.segment_id(), term.clone(), with_freqs);
    let known = KEPT.lock().unwrap_or_else(|e| e.into_inner()).used(&key).and_then(|slot| slot.get().cloned());
    if let Some(list) = known {
        return Ok(Some(Cursor::from_kept(list)));
    }
    let Some(block) = reader.inverted_index(term.field())?.read_block_postings(term, option)? else {
        return Ok(None);
    };
    if u64::from(block.doc_freq()) * KEEP_FROM < u64::from(max_doc) {
        return Ok(Some(Cursor::from_blocks(block)));
    }
    let slot = KEPT.lock().unwrap_or_else(|e| e.into_inner()).slot(key, KeptList::bytes(max_doc, with_freqs));
    match slot {
        Some(slot) => {
            let list = slot.get_or_init(|| Arc::new(KeptList::decode(block, max_doc, with_freqs)));
            Ok(Some(Cursor::from_kept(list.clone())))
        }
        None => Ok(Some(Cursor::from_blocks(block))),
    }
}

#[cfg(not(test))]
fn keeping() -> bool {
    true
}

#[cfg(test)]
thread_local! {
    static KEEPING: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

#[cfg(test)]
fn keeping() -> bool {
    KEEPING.get()
}

/// For tests: runs `f` twice on this thread, with lists kept as usual and with every
/// list read from its postings, so that both ways are compared with tantivy's.
#[cfg(test)]
pub(super) fn both_ways(mut f: impl FnMut()) {
    for keep in [true, false] {
        KEEPING.set(keep);
        f();
    }
    KEEPING.set(true);
}

/// For tests: whether the list kept so far for `term` in `reader`'s segment.
#[cfg(test)]
pub(super) fn is_kept(reader: &SegmentReader, term: &Term, with_freqs: bool) -> bool {
    let key = (reader.segment_id(), term.clone(), with_freqs);
    KEPT.lock().unwrap_or_else(|e| e.into_inner()).lists.get(&key).is_some_and(|e| e.list.get().is_some())
}

#[cfg(test)]
mod tests;
