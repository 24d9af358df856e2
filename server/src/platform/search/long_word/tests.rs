use super::*;
use tantivy::query::{BooleanQuery, BoostQuery, Occur};
use tantivy::schema::{Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, Searcher, TantivyDocument};

/// Title and body hold the pairs `p`, `q` and the whole word `w` at random, a few times
/// each among filler words (so that frequencies and field lengths vary), in two
/// segments, with a stretch of documents (5,000 to 14,000) matching in neither field,
/// so that whole windows are empty.
fn index() -> (Index, Field, Field) {
    let mut schema = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("whitespace")
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let title = schema.add_text_field("title", text.clone());
    let body = schema.add_text_field("body", text);
    let index = Index::create_in_ram(schema.build());
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("writer");
    let mut seed: u64 = 7;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    for n in 0..20_000u32 {
        let quiet = (5_000..14_000).contains(&n);
        let mut doc = TantivyDocument::new();
        for field in [title, body] {
            let mut words = Vec::new();
            for word in ["p", "q", "w"] {
                if !quiet && next(3) > 0 {
                    for _ in 0..=next(3) {
                        words.push(word);
                    }
                }
            }
            for _ in 0..next(12) {
                words.push("filler");
            }
            doc.add_text(field, words.join(" "));
        }
        writer.add_document(doc).expect("add");
        if n == 11_000 {
            writer.commit().expect("commit");
        }
    }
    writer.commit().expect("commit");
    (index, title, body)
}

/// What `LongWord` replaces: the title's and the body's pairs-plus-word queries under
/// one union, the title boosted.
fn as_union(title: Field, body: Field, pairs: &[String]) -> BooleanQuery {
    let field = |f: Field| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllPairs::new(f, pairs, 1.0)) as Box<dyn Query>),
            (
                Occur::Should,
                Box::new(TermQuery::new(Term::from_field_text(f, "w"), IndexRecordOption::WithFreqs)),
            ),
        ]))
    };
    BooleanQuery::new(vec![
        (Occur::Should, Box::new(BoostQuery::new(field(title), 3.0)) as Box<dyn Query>),
        (Occur::Should, field(body)),
    ])
}

fn hits(searcher: &Searcher, query: &dyn Query) -> Vec<Vec<(DocId, Score)>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher)).expect("weight");
    searcher
        .segment_readers()
        .iter()
        .map(|reader| {
            let mut found = Vec::new();
            weight.for_each(reader, &mut |doc, score| found.push((doc, score))).expect("for_each");
            found
        })
        .collect()
}

#[test]
fn matches_and_scores_exactly_as_the_union_it_replaces() {
    let (index, title, body) = index();
    let searcher = index.reader().expect("reader").searcher();
    assert_eq!(searcher.segment_readers().len(), 2);
    for pairs in [&["p", "q"][..], &["p"], &["q", "p"], &["p", "absent"]] {
        let pairs: Vec<String> = pairs.iter().map(|p| p.to_string()).collect();
        let expected = hits(&searcher, &as_union(title, body, &pairs));
        let found = hits(&searcher, &LongWord::new(title, body, "w", &pairs, 1.0, 3.0));
        // Bit for bit: ties in score are broken by date and key, so the same numbers
        // keep the same order.
        assert_eq!(found, expected, "pairs {pairs:?}");
        if pairs.len() == 2 && pairs[1] == "absent" {
            assert!(found.iter().all(Vec::is_empty));
        } else {
            let total: usize = found.iter().map(Vec::len).sum();
            assert!(total > 5_000 && total < 11_000, "{total} hits");
            // The second segment's documents start at 11,001.
            let numbers = found.iter().zip([0, 11_001]).flat_map(|(hits, first)| hits.iter().map(move |(doc, _)| doc + first));
            assert!(numbers.clone().all(|n| !(5_000..14_000).contains(&n)));
            assert!(numbers.clone().any(|n| n < 5_000) && numbers.clone().any(|n| n >= 14_000));
        }
    }
}

#[test]
fn seeks_land_where_the_union_lands() {
    let (index, title, body) = index();
    let searcher = index.reader().expect("reader").searcher();
    let pairs = vec!["p".to_string(), "q".to_string()];
    let scoring = EnableScoring::enabled_from_searcher(&searcher);
    let union = as_union(title, body, &pairs).weight(scoring).expect("weight");
    let long = LongWord::new(title, body, "w", &pairs, 1.0, 3.0).weight(scoring).expect("weight");
    for reader in searcher.segment_readers() {
        let (mut a, mut b) = (union.scorer(reader, 1.0).expect("scorer"), long.scorer(reader, 1.0).expect("scorer"));
        assert_eq!(a.doc(), b.doc());
        // Steps small and large: within a window, into the next, across empty windows.
        let mut target = 0;
        for step in [1, 3, 64, 100, 4_096, 5_000, 17, 9_000, 2, 8_192].iter().cycle().take(60) {
            target += step;
            if target >= reader.max_doc() {
                break;
            }
            if a.doc() >= target {
                continue;
            }
            assert_eq!(b.seek(target), a.seek(target), "seek {target}");
            if a.doc() != TERMINATED {
                assert_eq!(b.score(), a.score(), "score at {}", a.doc());
            }
        }
    }
}
