//! Every word of a query (`AllWords`), or any of a term's alternatives, each a set of
//! words (`AnyWords`: a term and its synonyms), a window at a time.
//!
//! tantivy's intersection and union move their scorers a document at a time, and a
//! hit's score asks every word through a virtual call: for 高新技术企业 (or its
//! synonym 高企) at a million items that scoring alone was 38 % of a search. Here
//! each word marks the window as bits, an alternative's words are ANDed, the
//! alternatives ORed, and the window's hits are scored alternative by alternative,
//! word by word, field by field, in loops over the hits. Hits and scores are the
//! same, added in the same order, as tantivy's intersection and union gave: CPU per
//! search 12 % less for 高新技术企业, 22 % for 技术改造, 5 % for 出口信用保险.

use std::fmt;

use tantivy::query::{EnableScoring, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::pairs::{is_set, Bits, OpensWindows, ScoredWindows, WindowDocs, WindowWeight, Windowed, WINDOW, WORDS};
use super::word::{Either, Word, WordWeight};

/// Matches the documents holding every one of `words` (each in the title or the
/// body), scored as the sum of the words' scores.
#[derive(Clone)]
pub(super) struct AllWords {
    words: Vec<Word>,
}

impl AllWords {
    pub(super) fn new(words: Vec<Word>) -> Self {
        Self { words }
    }
}

impl fmt::Debug for AllWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.words).finish()
    }
}

impl AllWords {
    fn all_weight(&self, scoring: &EnableScoring<'_>) -> tantivy::Result<AllWeight> {
        let words = self.words.iter().map(|w| w.word_weight(scoring)).collect::<tantivy::Result<Vec<_>>>()?;
        Ok(AllWeight { words })
    }
}

impl Query for AllWords {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WindowWeight(self.all_weight(&scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for word in &self.words {
            word.query_terms(visitor);
        }
    }
}

struct AllWeight {
    words: Vec<WordWeight>,
}

impl AllWeight {
    /// Every word in one segment, the least frequent first; `None`: a word is missing,
    /// so nothing matches.
    fn all(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<All>> {
        let mut words = Vec::with_capacity(self.words.len());
        for word in &self.words {
            match word.either(reader, boost)? {
                Some(either) => words.push(either),
                None => return Ok(None),
            }
        }
        if words.is_empty() {
            return Ok(None);
        }
        // As tantivy's intersection orders its scorers (a stable sort by cost), so that
        // scores add up in the same order.
        words.sort_by_key(Windowed::size_hint);
        let sums = vec![Vec::new(); words.len()];
        Ok(Some(All { words, bits: [0; WORDS], sums }))
    }
}

impl OpensWindows for AllWeight {
    type Windows = All;
    const NAME: &'static str = "AllWords";

    fn open(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<All>> {
        self.all(reader, boost)
    }
}

/// The words in one segment (at least one), and room for a window's scores per word.
struct All {
    words: Vec<Either>,
    /// One word's marks of the current window.
    bits: Bits,
    sums: Vec<Vec<Score>>,
}

impl All {
    /// The words' scores added as tantivy's intersection adds them: the first two,
    /// then the sum of the others.
    #[inline]
    fn total(each: impl Iterator<Item = Score>) -> Score {
        let mut each = each;
        let first = each.next().unwrap_or(0.0);
        let second = each.next().unwrap_or(0.0);
        first + second + each.sum::<Score>()
    }
}

impl All {
    /// Where the next window holding a document of every word may start, at or after
    /// `from`: such a document lies at or after each word's next one.
    fn next_start(&mut self, from: DocId) -> DocId {
        let mut start = from;
        for word in &mut self.words {
            start = word.next_start(start);
            if start == TERMINATED {
                break;
            }
        }
        start
    }

    /// Marks in `bits` the documents of the window from `start` that every word holds;
    /// whether there is any (the words after the first that lacks them are not marked).
    fn mark(&mut self, start: DocId, bits: &mut Bits) -> bool {
        for (n, word) in self.words.iter_mut().enumerate() {
            if n == 0 {
                word.mark(start, bits);
                continue;
            }
            word.mark(start, &mut self.bits);
            let mut any = 0;
            for (b, w) in bits.iter_mut().zip(&self.bits) {
                *b &= w;
                any |= *b;
            }
            if any == 0 {
                return false;
            }
        }
        bits.iter().any(|w| *w != 0)
    }

    fn score(&self, doc: DocId, start: DocId) -> Score {
        All::total(self.words.iter().map(|w| w.score(doc, start)))
    }
}

impl Windowed for All {
    fn next_window(&mut self, mut from: DocId, bits: &mut Bits) -> Option<DocId> {
        loop {
            let start = self.next_start(from);
            if start == TERMINATED {
                return None;
            }
            if self.mark(start, bits) {
                return Some(start);
            }
            from = start.saturating_add(WINDOW);
        }
    }

    fn size_hint(&self) -> u32 {
        self.words.first().map_or(0, Windowed::size_hint)
    }
}

impl ScoredWindows for All {
    fn score_window(&mut self, start: DocId, docs: &[DocId], scores: &mut [Score]) {
        if let [word] = self.words.as_mut_slice() {
            // Its score plus zero twice ([`All::total`]) is its score.
            word.score_window(start, docs, scores);
            return;
        }
        for (word, sums) in self.words.iter_mut().zip(&mut self.sums) {
            sums.clear();
            sums.resize(docs.len(), 0.0);
            word.score_window(start, docs, sums);
        }
        for (i, score) in scores.iter_mut().enumerate() {
            *score = All::total(self.sums.iter().map(|s| s[i]));
        }
    }
}

impl Scorer for WindowDocs<All> {
    fn score(&mut self) -> Score {
        self.inner.score(self.doc(), self.window_start())
    }
}

/// Matches the documents holding every word of any of its alternatives (a term and
/// its synonyms), scored as the sum of the alternatives it holds.
#[derive(Clone, Debug)]
pub(super) struct AnyWords {
    alternatives: Vec<AllWords>,
}

impl AnyWords {
    pub(super) fn new(alternatives: Vec<AllWords>) -> Self {
        Self { alternatives }
    }
}

impl Query for AnyWords {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let alternatives = self.alternatives.iter().map(|a| a.all_weight(&scoring)).collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(WindowWeight(AnyWeight { alternatives })))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for alternative in &self.alternatives {
            alternative.query_terms(visitor);
        }
    }
}

struct AnyWeight {
    alternatives: Vec<AllWeight>,
}

impl AnyWeight {
    /// The alternatives found in one segment, in their order; `None`: none is.
    fn any(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Any>> {
        let mut alternatives = Vec::with_capacity(self.alternatives.len());
        for alternative in &self.alternatives {
            if let Some(all) = alternative.all(reader, boost)? {
                alternatives.push(all);
            }
        }
        if alternatives.is_empty() {
            return Ok(None);
        }
        let marks = vec![[0; WORDS]; alternatives.len()];
        Ok(Some(Any { alternatives, marks, union: [0; WORDS], at: Vec::new(), held: Vec::new(), sums: Vec::new() }))
    }
}

impl OpensWindows for AnyWeight {
    type Windows = Any;
    const NAME: &'static str = "AnyWords";

    fn open(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Any>> {
        self.any(reader, boost)
    }
}

/// The alternatives in one segment, each one's marks of the current window, and room
/// for scoring a window.
struct Any {
    alternatives: Vec<All>,
    marks: Vec<Bits>,
    /// The current window's hits: the alternatives' marks ORed.
    union: Bits,
    /// The places (among the window's hits) and the documents one alternative holds.
    at: Vec<usize>,
    held: Vec<DocId>,
    sums: Vec<Score>,
}

impl Windowed for Any {
    fn next_window(&mut self, mut from: DocId, bits: &mut Bits) -> Option<DocId> {
        loop {
            let start = self.alternatives.iter_mut().map(|a| a.next_start(from)).min().unwrap_or(TERMINATED);
            if start == TERMINATED {
                return None;
            }
            *bits = [0; WORDS];
            for (alternative, marks) in self.alternatives.iter_mut().zip(&mut self.marks) {
                if !alternative.mark(start, marks) {
                    *marks = [0; WORDS];
                }
                for (b, m) in bits.iter_mut().zip(marks.iter()) {
                    *b |= m;
                }
            }
            if bits.iter().any(|w| *w != 0) {
                self.union = *bits;
                return Some(start);
            }
            from = start.saturating_add(WINDOW);
        }
    }

    fn size_hint(&self) -> u32 {
        self.alternatives.iter().map(Windowed::size_hint).sum()
    }
}

impl ScoredWindows for Any {
    /// Each alternative scores the hits it holds; they add up in the alternatives'
    /// order, from zero, as tantivy's union adds them.
    fn score_window(&mut self, start: DocId, docs: &[DocId], scores: &mut [Score]) {
        scores.fill(0.0);
        for (alternative, marks) in self.alternatives.iter_mut().zip(&self.marks) {
            if *marks == self.union {
                // It holds every hit of the window (the common case): no picking.
                self.sums.clear();
                self.sums.resize(docs.len(), 0.0);
                alternative.score_window(start, docs, &mut self.sums);
                for (score, sum) in scores.iter_mut().zip(&self.sums) {
                    *score += sum;
                }
                continue;
            }
            self.at.clear();
            self.held.clear();
            for (i, &doc) in docs.iter().enumerate() {
                if is_set(marks, start, doc) {
                    self.at.push(i);
                    self.held.push(doc);
                }
            }
            self.sums.clear();
            self.sums.resize(self.held.len(), 0.0);
            alternative.score_window(start, &self.held, &mut self.sums);
            for (&i, sum) in self.at.iter().zip(&self.sums) {
                scores[i] += sum;
            }
        }
    }
}

impl Scorer for WindowDocs<Any> {
    fn score(&mut self) -> Score {
        let (doc, start) = (self.doc(), self.window_start());
        let mut score = 0.0;
        for (alternative, marks) in self.inner.alternatives.iter().zip(&self.inner.marks) {
            if is_set(marks, start, doc) {
                score += alternative.score(doc, start);
            }
        }
        score
    }
}

#[cfg(test)]
mod tests;
