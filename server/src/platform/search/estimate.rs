//! How much of a search each segment holds, known before any is walked: the searcher's
//! statistics for BM25, with each segment's share of every term's documents kept. A
//! word's documents (its title and body terms added up), the fewest over the words,
//! bound an all-words search's hits in the segment. The parts are walked largest
//! first, so no thread starts a large one when the others are nearly done: a list
//! rebuilt category by category holds a rare word's hits mostly in one or two
//! segments, and one walked last kept one core busy a third of the search alone.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

pub(super) struct Recording<'a> {
    searcher: &'a Searcher,
    /// Per term text (whatever the field), its documents in each segment.
    by_text: Mutex<HashMap<Vec<u8>, Vec<u64>>>,
}

impl<'a> Recording<'a> {
    pub(super) fn new(searcher: &'a Searcher) -> Self {
        Self { searcher, by_text: Mutex::new(HashMap::new()) }
    }

    /// Per segment, the fewest documents any recorded text has there; `None` where no
    /// term was looked up (a search without words, or one scoring none).
    pub(super) fn per_segment(&self) -> Option<Vec<u64>> {
        let by_text = self.by_text.lock().unwrap_or_else(|e| e.into_inner());
        by_text.values().fold(None, |least: Option<Vec<u64>>, docs| {
            Some(match least {
                None => docs.clone(),
                Some(least) => least.iter().zip(docs).map(|(a, b)| *a.min(b)).collect(),
            })
        })
    }
}

impl Bm25StatisticsProvider for Recording<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let readers = self.searcher.segment_readers();
        let mut total = 0;
        let mut by_text = self.by_text.lock().unwrap_or_else(|e| e.into_inner());
        let docs = by_text.entry(term.serialized_value_bytes().to_vec()).or_insert_with(|| vec![0; readers.len()]);
        for (reader, docs) in readers.iter().zip(docs.iter_mut()) {
            let n = u64::from(reader.inverted_index(term.field())?.doc_freq(term)?);
            *docs += n;
            total += n;
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests;
