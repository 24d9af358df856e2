use super::*;
use crate::platform::search::kept;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
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

/// What `Word::by_pairs` replaces: the title's and the body's pairs-plus-word queries under
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
    kept::both_ways(|| {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        for pairs in [&["p", "q"][..], &["p"], &["q", "p"], &["p", "absent"]] {
            let pairs: Vec<String> = pairs.iter().map(|p| p.to_string()).collect();
            let expected = hits(&searcher, &as_union(title, body, &pairs));
            let found = hits(&searcher, &Word::by_pairs(title, body, "w", &pairs, 1.0, 3.0));
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
    });
}

#[test]
fn seeks_land_where_the_union_lands() {
    kept::both_ways(|| {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let pairs = vec!["p".to_string(), "q".to_string()];
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let union = as_union(title, body, &pairs).weight(scoring).expect("weight");
        let long = Word::by_pairs(title, body, "w", &pairs, 1.0, 3.0).weight(scoring).expect("weight");
        for reader in searcher.segment_readers() {
            let (a, b) = (union.scorer(reader, 1.0).expect("scorer"), long.scorer(reader, 1.0).expect("scorer"));
            // Steps small and large: within a window, into the next, across empty windows.
            seek_alike(a, b, &[1, 3, 64, 100, 4_096, 5_000, 17, 9_000, 2, 8_192], reader.max_doc());
        }
    });
}

/// Seeks `a` and `b` by the same steps (repeated) and compares where they land and
/// what they score there.
pub(in crate::platform::search) fn seek_alike(mut a: Box<dyn Scorer>, mut b: Box<dyn Scorer>, steps: &[u32], max_doc: u32) {
    assert_eq!(a.doc(), b.doc());
    let mut target = 0;
    for step in steps.iter().cycle().take(60) {
        target += step;
        if target >= max_doc {
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

/// What `Word::whole` replaces: the word's term query in the title (boosted) and in
/// the body, under one union.
fn terms_union(title: Field, body: Field, word: &str) -> BooleanQuery {
    let term = |f: Field| -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(f, word), IndexRecordOption::WithFreqs))
    };
    BooleanQuery::new(vec![
        (Occur::Should, Box::new(BoostQuery::new(term(title), 3.0)) as Box<dyn Query>),
        (Occur::Should, term(body)),
    ])
}

#[test]
fn a_whole_word_matches_and_scores_exactly_as_its_term_queries() {
    kept::both_ways(|| {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        for word in ["p", "w", "filler", "absent"] {
            let expected = hits(&searcher, &terms_union(title, body, word));
            let found = hits(&searcher, &Word::whole(title, body, word, 3.0));
            assert_eq!(found, expected, "word {word}");
            let total: usize = found.iter().map(Vec::len).sum();
            assert_eq!(total == 0, word == "absent", "{word}: {total} hits");
        }
    });
}

#[test]
fn words_intersected_score_exactly_as_their_unions_intersected() {
    kept::both_ways(|| {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let all = |words: Vec<Box<dyn Query>>| BooleanQuery::new(words.into_iter().map(|q| (Occur::Must, q)).collect());
        let pairs = vec!["p".to_string(), "q".to_string()];
        let expected = all(vec![
            Box::new(terms_union(title, body, "filler")),
            Box::new(as_union(title, body, &pairs)),
            Box::new(terms_union(title, body, "p")),
        ]);
        let found = all(vec![
            Box::new(Word::whole(title, body, "filler", 3.0)),
            Box::new(Word::by_pairs(title, body, "w", &pairs, 1.0, 3.0)),
            Box::new(Word::whole(title, body, "p", 3.0)),
        ]);
        let (expected, found) = (hits(&searcher, &expected), hits(&searcher, &found));
        assert_eq!(found, expected);
        let total: usize = found.iter().map(Vec::len).sum();
        assert!(total > 3_000, "{total} hits");
    });
}

#[test]
fn a_whole_word_seeks_where_its_term_queries_land_and_matches_without_scores() {
    kept::both_ways(|| {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let union = terms_union(title, body, "q").weight(scoring).expect("weight");
        let word = Word::whole(title, body, "q", 3.0);
        let whole = word.weight(scoring).expect("weight");
        let unscored = word.weight(EnableScoring::disabled_from_searcher(&searcher)).expect("weight");
        for reader in searcher.segment_readers() {
            let (a, b) = (union.scorer(reader, 1.0).expect("scorer"), whole.scorer(reader, 1.0).expect("scorer"));
            seek_alike(a, b, &[1, 5, 64, 4_096, 3, 7_000, 2], reader.max_doc());
            let (mut a, mut c) = (union.scorer(reader, 1.0).expect("scorer"), unscored.scorer(reader, 1.0).expect("scorer"));
            while a.doc() != TERMINATED {
                assert_eq!(c.doc(), a.doc());
                a.advance();
                c.advance();
            }
            assert_eq!(c.doc(), TERMINATED);
        }
    });
}

