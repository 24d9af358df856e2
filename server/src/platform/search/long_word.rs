//! A long Chinese word in the title and the body at once.
//!
//! The word matches a field where all its character pairs do (`pairs.rs`), and scores
//! there a constant plus, where the field holds the word whole, its BM25 relevance;
//! the title weighs [`LongWord::title_boost`] times the body. Written as tantivy
//! queries this was a union of two required-plus-optional scorers: for every hit of a
//! frequent word, a union buffer refill, two optional seeks and four virtual calls,
//! about a sixth of a search for 高新技术企业 at a million items. Here both fields
//! mark the same window of documents as bits, their union is an OR, and a hit's score
//! is worked out only when asked for. Scores are the same numbers, added in the same
//! order, as the union gave.

use std::fmt;

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::pairs::{is_set, AllPairs, Bits, WindowDocs, Windowed, Windows, WINDOW, WORDS};

/// Matches the documents whose title or body holds every pair of `word`.
#[derive(Clone)]
pub(super) struct LongWord {
    title: AllPairs,
    body: AllPairs,
    title_word: TermQuery,
    body_word: TermQuery,
    title_boost: Score,
}

impl LongWord {
    /// `pairs`: the word's character pairs; a field's match scores `pairs_score`, plus
    /// the word's relevance where the field holds it whole.
    pub(super) fn new(title: Field, body: Field, word: &str, pairs: &[String], pairs_score: Score, title_boost: Score) -> Self {
        let term = |field| TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs);
        Self {
            title: AllPairs::new(title, pairs, pairs_score),
            body: AllPairs::new(body, pairs, pairs_score),
            title_word: term(title),
            body_word: term(body),
            title_boost,
        }
    }
}

impl fmt::Debug for LongWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LongWord").field("title", &self.title).field("body", &self.body).finish()
    }
}

impl Query for LongWord {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(LongWordWeight {
            title: self.title.clone(),
            body: self.body.clone(),
            title_word: self.title_word.weight(scoring)?,
            body_word: self.body_word.weight(scoring)?,
            title_boost: self.title_boost,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.title.query_terms(visitor);
        self.body.query_terms(visitor);
        self.title_word.query_terms(visitor);
        self.body_word.query_terms(visitor);
    }
}

struct LongWordWeight {
    title: AllPairs,
    body: AllPairs,
    title_word: Box<dyn Weight>,
    body_word: Box<dyn Weight>,
    title_boost: Score,
}

impl Weight for LongWordWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let title = Side::open(&self.title, self.title_word.as_ref(), reader, boost * self.title_boost)?;
        let body = Side::open(&self.body, self.body_word.as_ref(), reader, boost)?;
        if title.is_none() && body.is_none() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(WindowDocs::new(Either { title, body })))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("Document #({doc}) does not match")));
        }
        Ok(Explanation::new("LongWord", scorer.score()))
    }
}

/// One field: its pairs' windows, the whole word's scorer and what a match adds.
struct Side {
    windows: Windows,
    word: Box<dyn Scorer>,
    constant: Score,
    bits: Bits,
}

impl Side {
    fn open(pairs: &AllPairs, word: &dyn Weight, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Self>> {
        let Some(windows) = pairs.windows(reader)? else { return Ok(None) };
        let word = word.scorer(reader, boost)?;
        Ok(Some(Self { windows, word, constant: boost * pairs.score(), bits: [0; WORDS] }))
    }

    /// The field's score for `doc`, which it matches: the constant, plus the word's
    /// relevance where the word is there whole (as a required clause and an optional one
    /// added up).
    fn score(&mut self, doc: DocId) -> Score {
        let mut score = self.constant;
        if self.word.doc() <= doc && self.word.seek(doc) == doc {
            score += self.word.score();
        }
        score
    }
}

/// The union of both fields' matches, a window at a time.
struct Either {
    title: Option<Side>,
    body: Option<Side>,
}

impl Windowed for Either {
    fn next_window(&mut self, mut from: DocId, bits: &mut Bits) -> Option<DocId> {
        loop {
            let title = self.title.as_mut().map_or(TERMINATED, |s| s.windows.next_start(from));
            let body = self.body.as_mut().map_or(TERMINATED, |s| s.windows.next_start(from));
            let start = title.min(body);
            if start == TERMINATED {
                return None;
            }
            *bits = [0; WORDS];
            for side in [&mut self.title, &mut self.body].into_iter().flatten() {
                side.windows.mark_window(start, &mut side.bits);
                for (b, s) in bits.iter_mut().zip(&side.bits) {
                    *b |= s;
                }
            }
            if bits.iter().any(|w| *w != 0) {
                return Some(start);
            }
            from = start.saturating_add(WINDOW);
        }
    }

    fn size_hint(&self) -> u32 {
        [&self.title, &self.body].into_iter().flatten().map(|s| s.windows.size_hint()).sum()
    }
}

impl Scorer for WindowDocs<Either> {
    /// Title first, then body, each added to zero: the order the union added them in.
    fn score(&mut self) -> Score {
        let (doc, start) = (self.doc(), self.window_start());
        let mut score = 0.0;
        for side in [&mut self.inner.title, &mut self.inner.body].into_iter().flatten() {
            if is_set(&side.bits, start, doc) {
                score += side.score(doc);
            }
        }
        score
    }
}

#[cfg(test)]
mod tests;
