//! Every word of a query at once (`Word`s intersected), a window at a time.
//!
//! tantivy's intersection moves its rarest scorer a document at a time and seeks each
//! other one there, and a hit's score then asks every word through a virtual call:
//! for 出口信用保险 (three words at a million items) the walk and the scoring were
//! half of a search. Here each word marks the window as bits, the window's hits are
//! the AND, and their scores are worked out word by word, field by field, in loops
//! over the window's hits. Hits and scores are the same, added in the same order, as
//! the intersection gave.

use std::fmt;

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::pairs::{for_each_scored, Bits, ScoredWindows, WindowDocs, Windowed, WINDOW, WORDS};
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

impl Query for AllWords {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let words = self.words.iter().map(|w| w.word_weight(&scoring)).collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AllWeight { words }))
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
        // As tantivy's intersection orders its scorers (a stable sort by cost), so that
        // scores add up in the same order.
        words.sort_by_key(Windowed::size_hint);
        let sums = vec![Vec::new(); words.len()];
        Ok(Some(All { words, bits: [0; WORDS], sums }))
    }
}

impl Weight for AllWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        match self.all(reader, boost)? {
            Some(all) => Ok(Box::new(WindowDocs::new(all))),
            None => Ok(Box::new(EmptyScorer)),
        }
    }

    fn for_each(&self, reader: &SegmentReader, callback: &mut dyn FnMut(DocId, Score)) -> tantivy::Result<()> {
        if let Some(mut all) = self.all(reader, 1.0)? {
            for_each_scored(&mut all, callback);
        }
        Ok(())
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("Document #({doc}) does not match")));
        }
        Ok(Explanation::new("AllWords", scorer.score()))
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

impl Windowed for All {
    fn next_window(&mut self, mut from: DocId, bits: &mut Bits) -> Option<DocId> {
        'windows: loop {
            // A document every word holds lies at or after each word's next one.
            let mut start = from;
            for word in &mut self.words {
                start = word.next_start(start);
                if start == TERMINATED {
                    return None;
                }
            }
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
                    from = start.saturating_add(WINDOW);
                    continue 'windows;
                }
            }
            if bits.iter().any(|w| *w != 0) {
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
        let (doc, start) = (self.doc(), self.window_start());
        All::total(self.inner.words.iter().map(|w| w.score(doc, start)))
    }
}

#[cfg(test)]
mod tests;
