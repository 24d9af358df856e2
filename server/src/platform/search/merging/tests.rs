use super::*;

#[test]
fn fresh_segments_merge_once_they_reach_the_size_together() {
    let segments = (0..10).map(|i| (i, 30));
    assert_eq!(groups(segments, 100), vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
}

#[test]
fn segments_at_the_size_are_left_alone() {
    let segments = [(0, 100), (1, 60), (2, 250), (3, 50)];
    assert_eq!(groups(segments, 100), vec![vec![1, 3]]);
}

#[test]
fn too_few_items_wait_for_more() {
    assert!(groups([(0, 10), (1, 20)], 100).is_empty());
    assert!(groups(Vec::<(u8, usize)>::new(), 100).is_empty());
}

/// An index in memory with one committed segment per document, never merged by itself.
fn segments(n: usize) -> (tantivy::Index, IndexWriter) {
    let mut schema = tantivy::schema::Schema::builder();
    let text = schema.add_text_field("text", tantivy::schema::TEXT);
    let index = tantivy::Index::create_in_ram(schema.build());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("writer");
    writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
    for i in 0..n {
        writer.add_document(tantivy::doc!(text => format!("item {i}"))).expect("add");
        writer.commit().expect("commit");
    }
    (index, writer)
}

#[test]
fn the_rest_merges_into_one_segment_leaving_the_groups_alone() {
    let (index, mut writer) = segments(5);
    let metas = index.searchable_segment_metas().expect("metas");
    assert_eq!(metas.len(), 5);
    let rebuild = Rebuild::default();
    // Two segments handed to a group (as if they were large enough together).
    let grouped: Vec<SegmentMeta> = metas[..2].iter().map(|m| index.new_segment_meta(m.id(), 60_000)).collect();
    let candidates = rebuild.policy().compute_merge_candidates(&grouped);
    assert_eq!(candidates.len(), 1);
    rebuild.merge_rest(&mut writer).expect("merge");
    let after = index.searchable_segment_metas().expect("metas");
    let ids: Vec<SegmentId> = after.iter().map(|m| m.id()).collect();
    assert_eq!(after.len(), 3, "the two grouped segments and one for the other three");
    assert!(ids.contains(&metas[0].id()) && ids.contains(&metas[1].id()));
    assert_eq!(after.iter().map(|m| m.num_docs()).sum::<u32>(), 5);
}

#[test]
fn one_segment_left_is_not_merged_again() {
    let (index, mut writer) = segments(1);
    let before = index.searchable_segment_metas().expect("metas")[0].id();
    Rebuild::default().merge_rest(&mut writer).expect("merge");
    let after = index.searchable_segment_metas().expect("metas");
    assert_eq!(after.iter().map(|m| m.id()).collect::<Vec<_>>(), vec![before]);
}
