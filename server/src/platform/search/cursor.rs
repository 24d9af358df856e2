//! A term's documents in one segment, walked forward a window at a time: from the
//! postings, a decoded block at a time, or from the bits kept for a frequent term
//! (`kept.rs`).

use std::sync::Arc;

use tantivy::postings::BlockSegmentPostings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, SegmentReader, Term, TERMINATED};

use super::kept::{self, KeptList};
use super::pairs::{Bits, WORDS};

pub(super) struct Cursor {
    source: Source,
}

enum Source {
    /// Unless the list is exhausted, `at` indexes a document of the loaded block.
    Blocks { block: BlockSegmentPostings, at: usize },
    /// `doc`: where the cursor is (`TERMINATED` past the last document).
    Kept { list: Arc<KeptList>, doc: DocId },
}

impl Cursor {
    /// The segment's documents holding `term` (with their term frequencies when
    /// `option` has them); `None` when it holds none.
    pub(super) fn open(reader: &SegmentReader, term: &Term, option: IndexRecordOption) -> tantivy::Result<Option<Self>> {
        kept::open(reader, term, option)
    }

    pub(super) fn from_blocks(block: BlockSegmentPostings) -> Self {
        Self { source: Source::Blocks { block, at: 0 } }
    }

    pub(super) fn from_kept(list: Arc<KeptList>) -> Self {
        let doc = list.next_doc(0);
        Self { source: Source::Kept { list, doc } }
    }

    pub(super) fn doc_freq(&self) -> u32 {
        match &self.source {
            Source::Blocks { block, .. } => block.doc_freq(),
            Source::Kept { list, .. } => list.doc_freq(),
        }
    }

    /// The kept list the cursor walks, if it walks one: its term frequencies are read
    /// from it directly.
    pub(super) fn kept(&self) -> Option<&KeptList> {
        match &self.source {
            Source::Blocks { .. } => None,
            Source::Kept { list, .. } => Some(list),
        }
    }

    /// Moves to the first document at or after `target` (never back).
    pub(super) fn skip_to(&mut self, target: DocId) -> DocId {
        match &mut self.source {
            Source::Blocks { block, at } => {
                let docs = block.docs();
                match docs.last() {
                    None => return TERMINATED,
                    Some(&last) if last >= target => *at += docs[*at..].partition_point(|&d| d < target),
                    Some(_) => {
                        // The skip list finds the block without decoding the ones between.
                        *at = block.seek(target);
                        if *at >= block.docs().len() {
                            next_block(block, at);
                        }
                    }
                }
                block.docs().get(*at).copied().unwrap_or(TERMINATED)
            }
            Source::Kept { list, doc } => {
                if *doc < target {
                    *doc = list.next_doc(target);
                }
                *doc
            }
        }
    }

    /// Marks the documents before `end`, from where the cursor is (at or after
    /// `start`), as bits from `start`; stops at the first document at or after `end`.
    pub(super) fn mark(&mut self, start: DocId, end: DocId, bits: &mut Bits) {
        match &mut self.source {
            Source::Blocks { block, at } => walk(block, at, end, false, |doc, _| set(bits, doc - start)),
            Source::Kept { list, doc } => {
                list.mark((*doc).max(start), start, end, bits);
                *doc = list.next_doc(end);
            }
        }
    }

    /// [`mark`](Self::mark), keeping each document's term frequency at its place in
    /// the window too (the list is read with frequencies). A kept list only marks:
    /// its frequencies are read from it.
    pub(super) fn mark_counted(&mut self, start: DocId, end: DocId, bits: &mut Bits, freqs: &mut [u32]) {
        match &mut self.source {
            Source::Blocks { block, at } => walk(block, at, end, true, |doc, freq| {
                let at = doc - start;
                set(bits, at);
                if let Some(f) = freqs.get_mut(at as usize) {
                    *f = freq;
                }
            }),
            Source::Kept { .. } => self.mark(start, end, bits),
        }
    }
}

fn next_block(block: &mut BlockSegmentPostings, at: &mut usize) {
    if !block.docs().is_empty() {
        block.advance();
    }
    *at = 0;
}

/// Calls `each` with every document before `end` from where the cursor is, and its
/// term frequency when `with_freqs` (0 otherwise); stops at the first document at or
/// after `end`.
#[inline]
fn walk(block: &mut BlockSegmentPostings, at: &mut usize, end: DocId, with_freqs: bool, mut each: impl FnMut(DocId, u32)) {
    loop {
        let docs = block.docs();
        if docs.is_empty() {
            return;
        }
        let rest = &docs[*at..];
        let before = rest.partition_point(|&d| d < end);
        if with_freqs {
            for (&doc, &freq) in rest[..before].iter().zip(&block.freqs()[*at..]) {
                each(doc, freq);
            }
        } else {
            for &doc in &rest[..before] {
                each(doc, 0);
            }
        }
        *at += before;
        if *at < docs.len() {
            return;
        }
        next_block(block, at);
    }
}

/// Marks the document `at` places into a window.
#[inline]
fn set(bits: &mut Bits, at: u32) {
    // `at` is below WINDOW: the modulo only spares a bounds check per document.
    bits[(at / 64) as usize % WORDS] |= 1 << (at % 64);
}
