use super::*;
use crate::platform::search::kept;
use crate::platform::search::word::tests::seek_alike;
use tantivy::query::{BooleanQuery, Occur};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, Searcher, TantivyDocument};

/// Title and body hold the words `a` (often), `b` (in one document in five), `c`
/// (rarely, and only in the title) and the pairs `p`, `q`, at random and a few times
/// each among filler words, in two segments, with a stretch of documents (6,000 to
/// 15,000) holding none of them, so that whole windows are empty.
fn index() -> (Index, Field, Field) {
    let mut schema = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer("whitespace").set_index_option(IndexRecordOption::WithFreqs),
    );
    let title = schema.add_text_field("title", text.clone());
    let body = schema.add_text_field("body", text);
    let index = Index::create_in_ram(schema.build());
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("writer");
    let mut seed: u64 = 11;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    for n in 0..24_000u32 {
        let quiet = (6_000..15_000).contains(&n);
        let mut doc = TantivyDocument::new();
        for field in [title, body] {
            let mut words = Vec::new();
            for (word, one_in) in [("a", 2), ("b", 5), ("c", 40), ("p", 3), ("q", 3)] {
                if !quiet && next(one_in) == 0 && (word != "c" || field == title) {
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
        if n == 13_000 {
            writer.commit().expect("commit");
        }
    }
    writer.commit().expect("commit");
    (index, title, body)
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

/// The words as [`AllWords`] and as tantivy's intersection of the same `Word`s.
fn both(title: Field, body: Field, words: &[&str]) -> (AllWords, BooleanQuery) {
    let word = |w: &str| match w {
        "pq" => Word::by_pairs(title, body, "pq", &["p".to_string(), "q".to_string()], 1.0, 3.0),
        w => Word::whole(title, body, w, 3.0),
    };
    let all = AllWords::new(words.iter().map(|w| word(w)).collect());
    let intersected = BooleanQuery::new(words.iter().map(|w| (Occur::Must, Box::new(word(w)) as Box<dyn Query>)).collect());
    (all, intersected)
}

const SETS: [&[&str]; 6] = [
    &["a", "b"],
    &["b", "a"],
    &["a", "b", "c"],
    &["c", "pq", "a", "filler"],
    &["a", "pq"],
    &["a", "absent"],
];

#[test]
fn matches_and_scores_exactly_as_the_intersection_of_its_words() {
    kept::both_ways(|| {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        for words in SETS {
            let (all, intersected) = both(title, body, words);
            let (found, expected) = (hits(&searcher, &all), hits(&searcher, &intersected));
            // Bit for bit: ties in score are broken by date and key.
            assert_eq!(found, expected, "words {words:?}");
            let total: usize = found.iter().map(Vec::len).sum();
            assert_eq!(total == 0, words.contains(&"absent"), "{words:?}: {total} hits");
            // The second segment's documents start at 13,001; none in the quiet stretch.
            let numbers = found.iter().zip([0, 13_001]).flat_map(|(hits, first)| hits.iter().map(move |(doc, _)| doc + first));
            assert!(numbers.clone().all(|n| !(6_000..15_000).contains(&n)), "{words:?}");
        }
    });
}

#[test]
fn seeks_land_and_score_where_the_intersection_does() {
    kept::both_ways(|| {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        for words in SETS {
            let (all, intersected) = both(title, body, words);
            let (all, intersected) = (all.weight(scoring).expect("weight"), intersected.weight(scoring).expect("weight"));
            for reader in searcher.segment_readers() {
                let (a, b) = (intersected.scorer(reader, 1.0).expect("scorer"), all.scorer(reader, 1.0).expect("scorer"));
                // Steps small and large: within a window, into the next, across empty windows.
                seek_alike(a, b, &[1, 3, 64, 100, 4_096, 5_000, 17, 9_000, 2, 8_192], reader.max_doc());
            }
        }
    });
}

/// The alternatives as [`AnyWords`] and as tantivy's union of their intersections.
fn alternatives(title: Field, body: Field, sets: &[&[&str]]) -> (AnyWords, BooleanQuery) {
    let any = AnyWords::new(sets.iter().map(|words| both(title, body, words).0).collect());
    let union = BooleanQuery::new(
        sets.iter()
            .map(|words| {
                let query: Box<dyn Query> = match words {
                    [_] => Box::new(both(title, body, words).1.clauses()[0].1.box_clone()),
                    _ => Box::new(both(title, body, words).1),
                };
                (Occur::Should, query)
            })
            .collect(),
    );
    (any, union)
}

const ALTERNATIVES: [&[&[&str]]; 5] = [
    &[&["c"], &["b"]],
    &[&["pq"], &["c"]],
    &[&["a", "b"], &["c"]],
    &[&["c"], &["pq", "a"], &["b", "filler"]],
    &[&["absent"], &["c"]],
];

#[test]
fn alternatives_match_and_score_exactly_as_the_union_of_their_words() {
    kept::both_ways(|| {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        for sets in ALTERNATIVES {
            let (any, union) = alternatives(title, body, sets);
            let (found, expected) = (hits(&searcher, &any), hits(&searcher, &union));
            assert_eq!(found, expected, "alternatives {sets:?}");
            let total: usize = found.iter().map(Vec::len).sum();
            assert!(total > 200, "{sets:?}: {total} hits");
            let (any, union) = (any.weight(scoring).expect("weight"), union.weight(scoring).expect("weight"));
            for reader in searcher.segment_readers() {
                let (a, b) = (union.scorer(reader, 1.0).expect("scorer"), any.scorer(reader, 1.0).expect("scorer"));
                seek_alike(a, b, &[1, 5, 64, 4_096, 3, 7_000, 2, 9_000], reader.max_doc());
            }
        }
    });
}
