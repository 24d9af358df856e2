//! A word in the title and the body at once.
//!
//! A field matches where all the word's pieces do: for a long Chinese word its
//! character pairs (`pairs.rs`), for any other word the word itself. A match scores a
//! constant plus, where the field holds the word whole, its BM25 relevance; the title
//! weighs `title_boost` times the body. Written as tantivy queries this was a
//! union of the two fields' scorers: a frequent word paid, per hit, a union buffer
//! refill and virtual calls, and a search of several words paid, per seek, a union
//! that clears its 4,096-document buffer and refills it from both fields (a third of a
//! search for 出口信用保险, three words, at a million items). Here both fields mark
//! the same window of documents as bits, their union is an OR, seeks within a window
//! are bit look-ups. The whole word's term frequencies are kept as its list is walked
//! through the window, so a hit's score, worked out only when asked for, needs no
//! seek. Scores are the same numbers, added in the same order, as the union gave.

use std::fmt;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25Weight, EnableScoring, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::cursor::Cursor;
use super::pairs::{is_set, AllPairs, Bits, OpensWindows, ScoredWindows, WindowDocs, WindowWeight, Windowed, Windows, WINDOW, WORDS};

/// Matches the documents whose title or body holds every piece of a word.
#[derive(Clone)]
pub(super) struct Word {
    /// The character pairs per field (title, body); `None`: the word is found as itself.
    pairs: Option<(AllPairs, AllPairs)>,
    /// The whole word in the title and in the body.
    terms: (Term, Term),
    title_boost: Score,
}

impl Word {
    /// A word found as itself: it scores its relevance, as a term query does.
    pub(super) fn whole(title: Field, body: Field, word: &str, title_boost: Score) -> Self {
        Self { pairs: None, terms: terms(title, body, word), title_boost }
    }

    /// A word found by its character pairs: a field's match scores `pairs_score`, plus
    /// the word's relevance where the field holds it whole.
    pub(super) fn by_pairs(title: Field, body: Field, word: &str, pairs: &[String], pairs_score: Score, title_boost: Score) -> Self {
        let pairs = Some((AllPairs::new(title, pairs, pairs_score), AllPairs::new(body, pairs, pairs_score)));
        Self { pairs, terms: terms(title, body, word), title_boost }
    }

    fn field(&self, term: &Term, pairs: Option<&AllPairs>, scoring: &EnableScoring<'_>) -> tantivy::Result<FieldWord> {
        let bm25 = match scoring {
            EnableScoring::Enabled { statistics_provider, .. } => {
                Some(Bm25Weight::for_terms(*statistics_provider, std::slice::from_ref(term))?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(FieldWord { pairs: pairs.cloned(), term: term.clone(), bm25 })
    }
}

fn terms(title: Field, body: Field, word: &str) -> (Term, Term) {
    (Term::from_field_text(title, word), Term::from_field_text(body, word))
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Word").field("terms", &self.terms).field("pairs", &self.pairs.is_some()).finish()
    }
}

impl Word {
    /// The word as a search weighs it.
    pub(super) fn word_weight(&self, scoring: &EnableScoring<'_>) -> tantivy::Result<WordWeight> {
        let (title_pairs, body_pairs) = match &self.pairs {
            Some((t, b)) => (Some(t), Some(b)),
            None => (None, None),
        };
        Ok(WordWeight {
            title: self.field(&self.terms.0, title_pairs, scoring)?,
            body: self.field(&self.terms.1, body_pairs, scoring)?,
            title_boost: self.title_boost,
        })
    }
}

impl Query for Word {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WindowWeight(self.word_weight(&scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        if let Some((title, body)) = &self.pairs {
            title.query_terms(visitor);
            body.query_terms(visitor);
        }
        visitor(&self.terms.0, false);
        visitor(&self.terms.1, false);
    }
}

/// The word in one field, as a search weighs it.
struct FieldWord {
    pairs: Option<AllPairs>,
    term: Term,
    /// Its relevance weight; `None` when the search does not score.
    bm25: Option<Bm25Weight>,
}

pub(super) struct WordWeight {
    title: FieldWord,
    body: FieldWord,
    title_boost: Score,
}

impl WordWeight {
    /// The word in both fields of one segment; `None`: neither field matches.
    pub(super) fn either(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Either>> {
        let title = Side::open(&self.title, reader, boost * self.title_boost)?;
        let body = Side::open(&self.body, reader, boost)?;
        Ok((title.is_some() || body.is_some()).then_some(Either { title, body }))
    }
}

impl OpensWindows for WordWeight {
    type Windows = Either;
    const NAME: &'static str = "Word";

    fn open(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Either>> {
        self.either(reader, boost)
    }
}

/// One field in one segment: its pairs' windows, the whole word's documents, and what
/// a match adds.
struct Side {
    /// `None`: the word is found as itself, and `word` decides.
    pairs: Option<Windows>,
    word: Option<Counted>,
    constant: Score,
    /// The window's documents the pairs mark.
    bits: Bits,
}

/// The whole word's documents in the window, and what scoring them takes.
struct Counted {
    list: Cursor,
    has: Bits,
    /// `None` when the search does not score.
    scoring: Option<Scoring>,
}

/// The word's relevance weight (boosted), the field's lengths, and the term
/// frequencies of the window's documents holding the word (where `has` is set; empty
/// when the list is kept, which has them all).
struct Scoring {
    bm25: Bm25Weight,
    norms: FieldNormReader,
    freqs: Box<[u32]>,
}

impl Scoring {
    /// The word's relevance in `doc` (of the window from `start`), which holds it whole.
    #[inline]
    fn relevance(&self, list: &Cursor, doc: DocId, start: DocId) -> Score {
        let freq = match list.kept() {
            Some(kept) => kept.freq(doc),
            None => self.freqs.get((doc - start) as usize).copied().unwrap_or(0),
        };
        self.bm25.score(self.norms.fieldnorm_id(doc), freq)
    }
}

impl Counted {
    /// `None`: the segment's field does not hold the word.
    fn open(field: &FieldWord, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Self>> {
        let option = if field.bm25.is_some() { IndexRecordOption::WithFreqs } else { IndexRecordOption::Basic };
        let Some(list) = Cursor::open(reader, &field.term, option)? else {
            return Ok(None);
        };
        let scoring = match &field.bm25 {
            Some(bm25) => {
                // As a term query scores: the field's lengths, or 1 where none are kept.
                let norms = reader
                    .fieldnorms_readers()
                    .get_field(field.term.field())?
                    .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
                let freqs = if list.kept().is_some() { Box::default() } else { vec![0; WINDOW as usize].into() };
                Some(Scoring { bm25: bm25.boost_by(boost), norms, freqs })
            }
            None => None,
        };
        Ok(Some(Self { list, has: [0; WORDS], scoring }))
    }
}

impl Side {
    /// `None`: nothing in the segment's field matches.
    fn open(field: &FieldWord, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Self>> {
        let pairs = match &field.pairs {
            Some(pairs) => match pairs.windows(reader)? {
                Some(windows) => Some(windows),
                None => return Ok(None),
            },
            None => None,
        };
        // Where pairs decide and nothing is scored, the whole word adds nothing.
        let word = if pairs.is_some() && field.bm25.is_none() { None } else { Counted::open(field, reader, boost)? };
        if pairs.is_none() && word.is_none() {
            return Ok(None);
        }
        let constant = field.pairs.as_ref().map_or(0.0, |p| boost * p.score());
        Ok(Some(Self { pairs, word, constant, bits: [0; WORDS] }))
    }

    /// Where this field's next window with a match may start, at or after `from`.
    fn next_start(&mut self, from: DocId) -> DocId {
        match (&mut self.pairs, &mut self.word) {
            (Some(pairs), _) => pairs.next_start(from),
            (None, Some(word)) => word.list.skip_to(from),
            (None, None) => TERMINATED,
        }
    }

    /// Marks the window from `start`: the documents matching, and the whole word's.
    fn mark_window(&mut self, start: DocId) {
        if let Some(pairs) = &mut self.pairs {
            pairs.mark_window(start, &mut self.bits);
        }
        if let Some(word) = &mut self.word {
            word.has = [0; WORDS];
            let end = start.saturating_add(WINDOW).min(TERMINATED);
            if word.list.skip_to(start) < end {
                match &mut word.scoring {
                    Some(scoring) => word.list.mark_counted(start, end, &mut word.has, &mut scoring.freqs),
                    None => word.list.mark(start, end, &mut word.has),
                }
            }
        }
    }

    /// The window's documents this field matches.
    fn matched(&self) -> &Bits {
        match (&self.pairs, &self.word) {
            (None, Some(word)) => &word.has,
            _ => &self.bits,
        }
    }

    /// The field's score for `doc` (in the window from `start`), which it matches: the
    /// constant, plus the word's relevance where the word is there whole (as a
    /// required clause and an optional one added up).
    #[inline]
    fn score(&self, doc: DocId, start: DocId) -> Score {
        let mut score = self.constant;
        if let Some(Counted { list, has, scoring: Some(scoring) }) = &self.word {
            if is_set(has, start, doc) {
                score += scoring.relevance(list, doc, start);
            }
        }
        score
    }

    /// Adds the field's score to each of `docs` (of the window from `start`) it
    /// matches: a loop per field, where a scorer asks both fields per hit.
    fn add_scores(&self, start: DocId, docs: &[DocId], scores: &mut [Score]) {
        let matched = self.matched();
        for (&doc, score) in docs.iter().zip(scores.iter_mut()) {
            if is_set(matched, start, doc) {
                *score += self.score(doc, start);
            }
        }
    }

    fn size_hint(&self) -> u32 {
        match (&self.pairs, &self.word) {
            (Some(pairs), _) => pairs.size_hint(),
            (None, Some(word)) => word.list.doc_freq(),
            (None, None) => 0,
        }
    }
}

/// The union of both fields' matches, a window at a time.
pub(super) struct Either {
    title: Option<Side>,
    body: Option<Side>,
}

impl Either {
    /// Where the next window with a match may start, at or after `from`.
    pub(super) fn next_start(&mut self, from: DocId) -> DocId {
        let title = self.title.as_mut().map_or(TERMINATED, |s| s.next_start(from));
        let body = self.body.as_mut().map_or(TERMINATED, |s| s.next_start(from));
        title.min(body)
    }

    /// Marks in `bits` (cleared) the documents of the window from `start` that either
    /// field matches (`start` at or after where the last window began).
    pub(super) fn mark(&mut self, start: DocId, bits: &mut Bits) {
        *bits = [0; WORDS];
        for side in [&mut self.title, &mut self.body].into_iter().flatten() {
            side.mark_window(start);
            for (b, s) in bits.iter_mut().zip(side.matched()) {
                *b |= s;
            }
        }
    }

    /// The score of `doc`, marked in the window from `start`: title first, then body,
    /// each added to zero, the order tantivy's union added them in.
    pub(super) fn score(&self, doc: DocId, start: DocId) -> Score {
        let mut score = 0.0;
        for side in [&self.title, &self.body].into_iter().flatten() {
            if is_set(side.matched(), start, doc) {
                score += side.score(doc, start);
            }
        }
        score
    }
}

impl Windowed for Either {
    fn next_window(&mut self, mut from: DocId, bits: &mut Bits) -> Option<DocId> {
        loop {
            let start = self.next_start(from);
            if start == TERMINATED {
                return None;
            }
            self.mark(start, bits);
            if bits.iter().any(|w| *w != 0) {
                return Some(start);
            }
            from = start.saturating_add(WINDOW);
        }
    }

    fn size_hint(&self) -> u32 {
        [&self.title, &self.body].into_iter().flatten().map(Side::size_hint).sum()
    }
}

impl ScoredWindows for Either {
    /// [`Either::score`] for every hit of the window, a field at a time.
    fn score_window(&mut self, start: DocId, docs: &[DocId], scores: &mut [Score]) {
        scores.fill(0.0);
        for side in [&self.title, &self.body].into_iter().flatten() {
            side.add_scores(start, docs, scores);
        }
    }
}

impl Scorer for WindowDocs<Either> {
    fn score(&mut self) -> Score {
        self.inner.score(self.doc(), self.window_start())
    }
}

#[cfg(test)]
pub(super) mod tests;
