//! The documents holding every character pair of a long word, found window by window.
//!
//! A word of n characters matches wherever all its n − 1 pairs do. tantivy's
//! intersection leapfrogs: each candidate of the rarest pair seeks every other pair's
//! list, and seeking a dense list (技术, 企业) costs a skip-list walk and a block
//! decode each time: a third of a search for 高新技术企业 at a million items. Here the
//! rarest list marks a window of documents as bits, and each other list either walks
//! its decoded blocks through the window (when it is dense there, or ORs in its bits
//! when it is kept, `kept.rs`) or seeks the few candidates left, and clears what it
//! lacks. The pairs only decide whether a document
//! matches, so every hit scores the same.

use std::fmt;

use tantivy::query::{ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::cursor::Cursor;

/// Documents per window: 64 words of bits.
pub(super) const WINDOW: u32 = 4096;
pub(super) const WORDS: usize = (WINDOW / 64) as usize;
/// A window's documents as bits, the first document in the lowest bit of word 0.
pub(super) type Bits = [u64; WORDS];

/// Matches the documents whose `field` holds every one of `pairs`, each scoring `score`.
#[derive(Clone)]
pub(super) struct AllPairs {
    field: Field,
    pairs: Vec<Term>,
    score: Score,
}

impl AllPairs {
    pub(super) fn new(field: Field, pairs: &[String], score: Score) -> Self {
        let pairs = pairs.iter().map(|p| Term::from_field_text(field, p)).collect();
        Self { field, pairs, score }
    }
}

impl fmt::Debug for AllPairs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AllPairs").field("field", &self.field).field("pairs", &self.pairs.len()).finish()
    }
}

impl Query for AllPairs {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for pair in &self.pairs {
            visitor(pair, false);
        }
    }
}

impl AllPairs {
    /// The segment's documents holding every pair, window by window; `None` when a pair
    /// is missing from the segment (no document matches).
    pub(super) fn windows(&self, reader: &SegmentReader) -> tantivy::Result<Option<Windows>> {
        let mut lists = Vec::with_capacity(self.pairs.len());
        for pair in &self.pairs {
            match Cursor::open(reader, pair, IndexRecordOption::Basic)? {
                Some(list) => lists.push(list),
                None => return Ok(None),
            }
        }
        if lists.is_empty() {
            return Ok(None);
        }
        Ok(Some(Windows::new(lists, reader.max_doc())))
    }

    /// What a match scores.
    pub(super) fn score(&self) -> Score {
        self.score
    }
}

impl Weight for AllPairs {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        match self.windows(reader)? {
            Some(windows) => Ok(Box::new(ConstScorer::new(WindowDocs::new(windows), boost * self.score))),
            None => Ok(Box::new(EmptyScorer)),
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explained(self, reader, doc, "AllPairs")
    }
}

/// The intersection as a walk over windows of [`WINDOW`] documents.
pub(super) struct Windows {
    /// Rarest first: the first list decides where windows start.
    lists: Vec<Cursor>,
    /// Per list, its documents expected in a window (its density).
    expected: Vec<u32>,
}

impl Windows {
    fn new(mut lists: Vec<Cursor>, max_doc: u32) -> Self {
        lists.sort_by_key(Cursor::doc_freq);
        let expected = lists
            .iter()
            .map(|l| (u64::from(l.doc_freq()) * u64::from(WINDOW) / u64::from(max_doc.max(1))) as u32)
            .collect();
        Self { lists, expected }
    }

    /// Where a window holding a match may start, at or after `from`: the rarest list's
    /// next document (`TERMINATED`: none left).
    pub(super) fn next_start(&mut self, from: DocId) -> DocId {
        self.lists[0].skip_to(from)
    }

    /// Marks in `bits` (cleared) the documents from `start` (at or after where the last
    /// window began) to `start + WINDOW` that every list holds.
    pub(super) fn mark_window(&mut self, start: DocId, bits: &mut Bits) {
        *bits = [0; WORDS];
        let end = start.saturating_add(WINDOW).min(TERMINATED);
        if self.lists[0].skip_to(start) >= end {
            return;
        }
        self.lists[0].mark(start, end, bits);
        for (list, expected) in self.lists[1..].iter_mut().zip(&self.expected[1..]) {
            let left: u32 = bits.iter().map(|w| w.count_ones()).sum();
            if left == 0 {
                return;
            }
            // A kept list marks a window in 64 steps, whatever is left.
            if list.kept().is_none() && left.saturating_mul(16) < *expected {
                keep_sought(list, start, bits);
            } else {
                let mut has = [0u64; WORDS];
                if list.skip_to(start) < end {
                    list.mark(start, end, &mut has);
                }
                for (b, h) in bits.iter_mut().zip(has) {
                    *b &= h;
                }
            }
        }
    }

}

impl Windowed for Windows {
    fn next_window(&mut self, mut from: DocId, bits: &mut Bits) -> Option<DocId> {
        loop {
            let start = self.next_start(from);
            if start == TERMINATED {
                return None;
            }
            self.mark_window(start, bits);
            if bits.iter().any(|w| *w != 0) {
                return Some(start);
            }
            from = start.saturating_add(WINDOW);
        }
    }

    fn size_hint(&self) -> u32 {
        self.lists[0].doc_freq()
    }
}

/// Documents found a window of [`WINDOW`] documents at a time, as bits.
pub(super) trait Windowed: Send {
    /// Marks in `bits` the first window, from `from` on, that holds a document, and
    /// returns where it starts; `None` when no document is left. Windows only move on.
    fn next_window(&mut self, from: DocId, bits: &mut Bits) -> Option<DocId>;
    fn size_hint(&self) -> u32;
}

/// A weight's explanation of `doc`: what its scorer gives there (an error when the
/// document does not match).
pub(super) fn explained(weight: &dyn Weight, reader: &SegmentReader, doc: DocId, name: &'static str) -> tantivy::Result<Explanation> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.doc() > doc || scorer.seek(doc) != doc {
        return Err(TantivyError::InvalidArgument(format!("Document #({doc}) does not match")));
    }
    Ok(Explanation::new(name, scorer.score()))
}

/// What a scored windowed query opens in each segment.
pub(super) trait OpensWindows: Send + Sync + 'static {
    type Windows: ScoredWindows + 'static;
    /// Its name in explanations.
    const NAME: &'static str;
    /// The query's documents in one segment; `None`: none there.
    fn open(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Self::Windows>>;
}

/// The weight of a scored windowed query: a scorer walks its windows a document at a
/// time (for seeks), `for_each` a window at a time ([`for_each_scored`]).
pub(super) struct WindowWeight<O>(pub(super) O);

impl<O: OpensWindows> Weight for WindowWeight<O>
where
    WindowDocs<O::Windows>: Scorer,
{
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        match self.0.open(reader, boost)? {
            Some(windows) => Ok(Box::new(WindowDocs::new(windows))),
            None => Ok(Box::new(EmptyScorer)),
        }
    }

    fn for_each(&self, reader: &SegmentReader, callback: &mut dyn FnMut(DocId, Score)) -> tantivy::Result<()> {
        if let Some(mut windows) = self.0.open(reader, 1.0)? {
            for_each_scored(&mut windows, callback);
        }
        Ok(())
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explained(self, reader, doc, O::NAME)
    }
}

/// A [`Windowed`] set that scores the documents it marks.
pub(super) trait ScoredWindows: Windowed {
    /// Writes the score of each of `docs`, marked in the window from `start` (the
    /// current one), into `scores` (as long as `docs`).
    fn score_window(&mut self, start: DocId, docs: &[DocId], scores: &mut [Score]);
}

/// Calls `callback` with every document of `windows` and its score, scored a window at
/// a time: a loop per field over the window's hits, where a `Scorer` pays calls and
/// branches per hit and field.
pub(super) fn for_each_scored<W: ScoredWindows>(windows: &mut W, callback: &mut dyn FnMut(DocId, Score)) {
    let mut bits = [0; WORDS];
    let mut docs: Vec<DocId> = Vec::with_capacity(WINDOW as usize);
    let mut scores: Vec<Score> = Vec::with_capacity(WINDOW as usize);
    let mut from = 0;
    while let Some(start) = windows.next_window(from, &mut bits) {
        docs.clear();
        for (n, word) in bits.iter().enumerate() {
            let mut left = *word;
            while left != 0 {
                docs.push(start + n as u32 * 64 + left.trailing_zeros());
                left &= left - 1;
            }
        }
        scores.clear();
        scores.resize(docs.len(), 0.0);
        windows.score_window(start, &docs, &mut scores);
        for (&doc, &score) in docs.iter().zip(&scores) {
            callback(doc, score);
        }
        from = start.saturating_add(WINDOW);
    }
}

/// A [`Windowed`] set as a `DocSet`: on a document of its current window.
pub(super) struct WindowDocs<W> {
    pub(super) inner: W,
    start: DocId,
    bits: Bits,
    doc: DocId,
}

impl<W: Windowed> WindowDocs<W> {
    /// On the first document.
    pub(super) fn new(inner: W) -> Self {
        let mut docs = Self { inner, start: 0, bits: [0; WORDS], doc: TERMINATED };
        docs.fill(0);
        docs
    }

    /// Moves to the first document at or after `from`, in the next window holding one.
    fn fill(&mut self, from: DocId) {
        self.doc = match self.inner.next_window(from, &mut self.bits) {
            Some(start) => {
                self.start = start;
                next_set(&self.bits, start, start).unwrap_or(TERMINATED)
            }
            None => TERMINATED,
        };
    }

    /// Where the current window starts.
    pub(super) fn window_start(&self) -> DocId {
        self.start
    }
}

impl<W: Windowed> DocSet for WindowDocs<W> {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        match next_set(&self.bits, self.start, self.doc + 1) {
            Some(doc) => self.doc = doc,
            None => self.fill(self.start.saturating_add(WINDOW)),
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        match next_set(&self.bits, self.start, target) {
            Some(doc) => self.doc = doc,
            None => self.fill(target.max(self.start.saturating_add(WINDOW))),
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

/// The first document marked in `bits` (a window from `start`) at or after `from`.
pub(super) fn next_set(bits: &Bits, start: DocId, from: DocId) -> Option<DocId> {
    let at = from.checked_sub(start)?;
    first_set(bits, at).map(|at| start + at)
}

/// The first bit set in `words` at or after bit `from`.
#[inline]
pub(super) fn first_set(words: &[u64], from: u32) -> Option<u32> {
    let mut at = (from / 64) as usize;
    let mut left = words.get(at)? & (u64::MAX << (from % 64));
    loop {
        if left != 0 {
            return Some(at as u32 * 64 + left.trailing_zeros());
        }
        at += 1;
        left = *words.get(at)?;
    }
}

/// Whether `doc` (in the window from `start`) is marked in `bits`.
pub(super) fn is_set(bits: &Bits, start: DocId, doc: DocId) -> bool {
    doc.checked_sub(start).is_some_and(|at| at < WINDOW && bits[(at / 64) as usize] & (1 << (at % 64)) != 0)
}

/// Clears the marked documents `list` lacks, by seeking each of them.
fn keep_sought(list: &mut Cursor, start: DocId, bits: &mut Bits) {
    for (w, word) in bits.iter_mut().enumerate() {
        let mut left = *word;
        while left != 0 {
            let bit = left.trailing_zeros();
            left &= left - 1;
            let target = start + w as u32 * 64 + bit;
            if list.skip_to(target) != target {
                *word &= !(1 << bit);
            }
        }
    }
}

#[cfg(test)]
mod tests;
