use super::*;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::{EnableScoring, Query, Scorer, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, STRING};
use tantivy::{Index, TantivyDocument};

/// Two segments: 40 documents, then 10; "x" and "y" in the title `t` and the body `b`.
fn index() -> (Index, Field, Field) {
    let mut schema = Schema::builder();
    let t = schema.add_text_field("t", STRING);
    let b = schema.add_text_field("b", STRING);
    let index = Index::create_in_ram(schema.build());
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let add = |writer: &mut tantivy::IndexWriter, n: u32, fields: &[(Field, &str, u32)]| {
        let mut d = TantivyDocument::new();
        for (field, text, below) in fields {
            if n < *below {
                d.add_text(*field, text);
            }
        }
        writer.add_document(d).expect("add");
    };
    for n in 0..40 {
        add(&mut writer, n, &[(t, "x", 3), (b, "x", 10), (b, "y", 20)]);
    }
    writer.commit().expect("commit");
    for n in 0..10 {
        add(&mut writer, n, &[(b, "x", 5), (t, "y", 2), (b, "y", 2)]);
    }
    writer.commit().expect("commit");
    (index, t, b)
}

#[test]
fn each_segment_holds_the_fewest_documents_of_any_word_in_title_and_body() {
    let (index, t, b) = index();
    let searcher = index.reader().expect("reader").searcher();
    let recording = Recording::new(&searcher);
    assert_eq!(recording.per_segment(), None, "nothing looked up yet");
    for field in [t, b] {
        for text in ["x", "y"] {
            let term = Term::from_field_text(field, text);
            assert_eq!(recording.doc_freq(&term).expect("doc_freq"), searcher.doc_freq(&term).expect("doc_freq"));
        }
    }
    let per_segment = recording.per_segment().expect("recorded");
    let by_size: Vec<(u32, u64)> = searcher.segment_readers().iter().map(|r| r.max_doc()).zip(per_segment).collect();
    // x: 3 + 10 and 5; y: 20 and 2 + 2.
    assert_eq!(by_size.len(), 2);
    for (docs, least) in by_size {
        assert_eq!(least, if docs == 40 { 13 } else { 4 }, "segment of {docs}");
    }
}

#[test]
fn a_query_weighed_through_it_records_its_terms() {
    let (index, _, b) = index();
    let searcher = index.reader().expect("reader").searcher();
    let recording = Recording::new(&searcher);
    let query = TermQuery::new(Term::from_field_text(b, "y"), IndexRecordOption::WithFreqs);
    let weight = query.weight(EnableScoring::enabled_from_statistics_provider(&recording, &searcher)).expect("weight");
    let mut found: Vec<(u32, u64)> =
        searcher.segment_readers().iter().map(|r| r.max_doc()).zip(recording.per_segment().expect("recorded")).collect();
    found.sort_unstable();
    assert_eq!(found, vec![(10, 2), (40, 20)]);
    // Scores as the searcher's own statistics give them.
    let plain = query.weight(EnableScoring::enabled_from_searcher(&searcher)).expect("weight");
    let reader = &searcher.segment_readers()[0];
    let (mut ours, mut theirs) = (weight.scorer(reader, 1.0).expect("scorer"), plain.scorer(reader, 1.0).expect("scorer"));
    assert_eq!(ours.score(), theirs.score());
}
