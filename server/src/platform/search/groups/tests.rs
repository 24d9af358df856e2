use tantivy::schema::{Schema, FAST};
use tantivy::{doc, Index, IndexWriter};

use super::*;

/// A segment of `groups`, and its filter.
fn filter_of(groups: &[u64]) -> GroupFilter {
    let mut schema = Schema::builder();
    let field = schema.add_u64_field("group", FAST);
    let index = Index::create_in_ram(schema.build());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for g in groups {
        writer.add_document(doc!(field => *g)).unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let reader = searcher.segment_reader(0);
    GroupFilter::of(&reader.fast_fields().u64("group").unwrap(), reader.max_doc())
}

fn fnv(n: u64) -> u64 {
    n.to_le_bytes().iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[test]
fn holds_every_group_of_the_segment_and_few_others() {
    // More documents than one block of the walk; some groups twice.
    let groups: Vec<u64> = (0..10_000u64).map(|i| fnv(i % 9_000)).collect();
    let filter = filter_of(&groups);
    assert!(groups.iter().all(|g| filter.may_hold(*g)), "a group the segment holds is never missed");
    let passed = (100_000..120_000u64).filter(|i| filter.may_hold(fnv(*i))).count();
    assert!(passed < 20_000 / 10, "{passed} of 20,000 absent groups passed");
}

#[test]
fn an_empty_segment_holds_nothing() {
    let filter = GroupFilter { bits: vec![0; 1].into(), mask: 63 };
    assert!(!filter.may_hold(fnv(1)));
    let one = filter_of(&[fnv(7)]);
    assert!(one.may_hold(fnv(7)));
}
