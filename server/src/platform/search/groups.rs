//! Which version groups a segment may hold: a bit filter over its group column. A page's
//! hit lists its policy's other versions, which may sit in any segment; most policies
//! have one, and the filter says so for nearly every segment without a look-up in its
//! term dictionary (ten segments asked per hit were a tenth of folding a page).

use tantivy::columnar::Column;
use tantivy::DocId;

use super::columns::WALK_BLOCK;

/// Bits per document: with two probes, about one absent group in twenty passes.
const BITS_PER_DOC: usize = 8;

pub struct GroupFilter {
    bits: Box<[u64]>,
    /// The number of bits minus one (a power of two).
    mask: u64,
}

impl GroupFilter {
    /// The filter of every document's group in `column` (deleted ones too: a filter
    /// may only answer "absent" for what is absent).
    pub fn of(column: &Column<u64>, max_doc: DocId) -> Self {
        let size = (max_doc as usize * BITS_PER_DOC).next_power_of_two().max(64);
        let mut filter = Self { bits: vec![0; size / 64].into(), mask: size as u64 - 1 };
        let mut docs: Vec<DocId> = Vec::with_capacity(WALK_BLOCK);
        let mut found = vec![None; WALK_BLOCK];
        let mut start = 0;
        while start < max_doc {
            let end = max_doc.min(start.saturating_add(WALK_BLOCK as DocId));
            docs.clear();
            docs.extend(start..end);
            let found = &mut found[..docs.len()];
            found.fill(None);
            column.first_vals(&docs, found);
            for group in found.iter().flatten() {
                filter.add(*group);
            }
            start = end;
        }
        filter
    }

    fn probes(&self, group: u64) -> [u64; 2] {
        // Groups are FNV hashes; mixed again so both probes use well-spread bits.
        let h = group.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        [h & self.mask, h.rotate_left(32).wrapping_mul(0xff51_afd7_ed55_8ccd) & self.mask]
    }

    fn add(&mut self, group: u64) {
        for bit in self.probes(group) {
            self.bits[(bit / 64) as usize] |= 1 << (bit % 64);
        }
    }

    /// `false`: no document of the segment has `group`; `true`: one may.
    pub fn may_hold(&self, group: u64) -> bool {
        self.probes(group).iter().all(|bit| self.bits[(bit / 64) as usize] & (1 << (bit % 64)) != 0)
    }
}

#[cfg(test)]
mod tests;
