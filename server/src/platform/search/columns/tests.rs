use std::collections::HashSet;

use tantivy::schema::{Schema, FAST, STRING};
use tantivy::{doc, Index, IndexWriter};

use super::*;
use crate::platform::search::collect::IN_TIER;

/// An index of "from"/"until" ranges, one segment per batch.
fn ranges_index(batches: &[Vec<(i64, i64)>]) -> (Index, IndexWriter) {
    let mut schema = Schema::builder();
    let from = schema.add_i64_field("from", FAST);
    let until = schema.add_i64_field("until", FAST);
    let index = Index::create_in_ram(schema.build());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for batch in batches {
        for (f, u) in batch {
            writer.add_document(doc!(from => *f, until => *u)).unwrap();
        }
        writer.commit().unwrap();
    }
    (index, writer)
}

#[test]
fn tiers_follow_the_day_and_match_the_rule() {
    // More documents than one block of the walk, with ranges around days 100 and 200.
    let ranges: Vec<(i64, i64)> = (0..10_000)
        .map(|i| (i % 300, i % 300 + (i % 7) * 20 - 10))
        .collect();
    let (index, _writer) = ranges_index(&[ranges.clone()]);
    let searcher = index.reader().unwrap().searcher();
    let reader = searcher.segment_reader(0);
    let columns = Columns::default();
    for at in [100, 200, 100] {
        let tier = Tier {
            from: "from",
            until: "until",
            at,
        };
        let rows = columns.rows(reader, &[], Some(&tier)).unwrap();
        let tiers: Vec<u8> = (0..reader.max_doc()).map(|d| rows.tier(d)).collect();
        let expected: Vec<u8> = ranges
            .iter()
            .map(|(f, u)| tier.of(Some(*f), Some(*u)))
            .collect();
        assert_eq!(tiers, expected, "day {at}");
        assert!(tiers.iter().any(|t| *t == IN_TIER) && tiers.iter().any(|t| *t == 0));
    }
}

#[test]
fn columns_of_merged_away_segments_are_let_go() {
    let (index, mut writer) = ranges_index(&[vec![(0, 10)], vec![(1, 11)]]);
    let reader = index.reader().unwrap();
    let columns = Columns::default();
    let tier = Tier {
        from: "from",
        until: "until",
        at: 5,
    };
    let before = reader.searcher();
    columns.keep_only(&before);
    for segment in before.segment_readers() {
        columns.rows(segment, &[], Some(&tier)).unwrap();
    }
    let old: HashSet<SegmentId> = before
        .segment_readers()
        .iter()
        .map(|r| r.segment_id())
        .collect();
    assert_eq!(old.len(), 2);
    assert_eq!(columns.segments_kept(), old);
    let ids: Vec<SegmentId> = old.iter().copied().collect();
    writer.merge(&ids).wait().unwrap();
    reader.reload().unwrap();
    let after = reader.searcher();
    assert_eq!(after.segment_readers().len(), 1);
    columns.keep_only(&after);
    assert!(
        columns.segments_kept().is_empty(),
        "the merged-away segments' columns are let go"
    );
    let merged = after.segment_reader(0);
    let rows = columns.rows(merged, &[], Some(&tier)).unwrap();
    assert_eq!([rows.tier(0), rows.tier(1)], [IN_TIER, IN_TIER]);
    columns.keep_only(&after);
    assert_eq!(
        columns.segments_kept(),
        [merged.segment_id()].into_iter().collect()
    );
}

/// Each document's ordinal is the column's, the number of values where it has none,
/// in the narrowest width that holds them (more documents than one walk block).
#[test]
fn ordinal_arrays_hold_the_columns_ordinals() {
    for values in [3usize, 300, 100_000] {
        let mut schema = Schema::builder();
        let unit = schema.add_text_field("unit", STRING | FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000).unwrap();
        let docs = values.max(10_000);
        for n in 0..docs {
            let mut doc = tantivy::TantivyDocument::new();
            // Every seventh document has no unit.
            if n % 7 != 0 {
                doc.add_text(unit, format!("u{:05}", n % values));
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let reader = searcher.segment_reader(0);
        let ords = Columns::default().rows(reader, &["unit"], None).unwrap().ords("unit").unwrap();
        match (ords.width(), values) {
            (1, 3) | (2, 300) | (4, 100_000) => {}
            _ => panic!("{values} values: wrong width"),
        }
        let column = reader.fast_fields().str("unit").unwrap().unwrap();
        let all: Vec<u32> = (0..reader.max_doc()).collect();
        let mut read = vec![0u64; all.len()];
        ords.fill(&all, &mut read);
        let mut counts = vec![0u32; column.num_terms() + 1];
        ords.count(&all, &mut Tallies::new(&mut counts, &mut []));
        // Four tallies added up give the same counts, also for a run not a multiple of four.
        let mut tallied = vec![0u32; counts.len()];
        let mut spare = vec![0u32; 3 * counts.len()];
        for run in all.chunks(127) {
            ords.count(run, &mut Tallies::new(&mut tallied, &mut spare));
        }
        assert!(spare.iter().any(|n| *n > 0), "{values} values: the spare tallies are used");
        for (k, t) in tallied.iter_mut().enumerate() {
            *t += spare[k] + spare[counts.len() + k] + spare[2 * counts.len() + k];
        }
        assert_eq!(tallied, counts, "{values} values");
        let mut text = String::new();
        for (doc, ord) in all.iter().zip(&read) {
            match column.ords().first(*doc) {
                Some(expected) => {
                    assert_eq!(*ord, expected, "{values} values, doc {doc}");
                    column.ord_to_str(*ord, &mut text).unwrap();
                    assert!(text.starts_with('u'));
                }
                None => assert_eq!(*ord, column.num_terms() as u64, "{values} values, doc {doc}"),
            }
        }
        assert_eq!(counts[column.num_terms()] as usize, docs.div_ceil(7), "documents without a unit");
        assert_eq!(counts.iter().map(|c| *c as usize).sum::<usize>(), docs);
    }
}

/// Several columns and the tier side by side in one row read back as each alone: no
/// column overwrites its neighbour, whatever their widths.
#[test]
fn rows_hold_each_column_and_the_tier_apart() {
    let mut schema = Schema::builder();
    let small = schema.add_text_field("small", STRING | FAST);
    let large = schema.add_text_field("large", STRING | FAST);
    let from = schema.add_i64_field("from", FAST);
    let until = schema.add_i64_field("until", FAST);
    let index = Index::create_in_ram(schema.build());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000).unwrap();
    for n in 0..9_000i64 {
        let mut doc = tantivy::TantivyDocument::new();
        doc.add_text(small, format!("s{}", n % 3));
        if n % 5 != 0 {
            doc.add_text(large, format!("l{:04}", n % 700));
        }
        doc.add_i64(from, n % 50);
        doc.add_i64(until, n % 50 + n % 4 * 10);
        writer.add_document(doc).unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let reader = searcher.segment_reader(0);
    let tier = Tier { from: "from", until: "until", at: 25 };
    let rows = Columns::default().rows(reader, &["small", "large"], Some(&tier)).unwrap();
    let all: Vec<u32> = (0..reader.max_doc()).collect();
    for (field, width) in [("small", 1), ("large", 2)] {
        let ords = rows.ords(field).unwrap();
        assert_eq!(ords.width(), width, "{field}");
        let column = reader.fast_fields().str(field).unwrap().unwrap();
        let mut read = vec![0u64; all.len()];
        ords.fill(&all, &mut read);
        for (doc, ord) in all.iter().zip(&read) {
            let expected = column.ords().first(*doc).unwrap_or(column.num_terms() as u64);
            assert_eq!(*ord, expected, "{field}, doc {doc}");
        }
    }
    let (froms, untils) = (reader.fast_fields().i64("from").unwrap(), reader.fast_fields().i64("until").unwrap());
    let mut tiers = [0usize; 3];
    for doc in &all {
        let expected = tier.of(froms.first(*doc), untils.first(*doc));
        assert_eq!(rows.tier(*doc), expected, "doc {doc}");
        tiers[expected as usize] += 1;
    }
    assert!(tiers.iter().all(|n| *n > 0), "every tier is there: {tiers:?}");
    assert!(rows.ords("missing").is_none());
}
