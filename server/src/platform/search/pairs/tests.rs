use super::*;
use crate::platform::search::kept;
use tantivy::schema::{Schema, STRING};
use tantivy::Index;

/// Ten thousand documents over three windows and a bit; each holds the pairs
/// `a` (every 2nd), `b` (every 3rd), `c` (every 700th) and `d` (all but every 5th).
fn index() -> (Index, Field) {
    let mut schema = Schema::builder();
    let field = schema.add_text_field("t", STRING);
    let index = Index::create_in_ram(schema.build());
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
    for n in 0..10_000u32 {
        let mut d = tantivy::TantivyDocument::new();
        for (name, every) in [("a", 2), ("b", 3), ("c", 700)] {
            if n % every == 0 {
                d.add_text(field, name);
            }
        }
        if n % 5 != 0 {
            d.add_text(field, "d");
        }
        writer.add_document(d).expect("add");
    }
    writer.commit().expect("commit");
    (index, field)
}

fn expected(n: u32, pairs: &[&str]) -> bool {
    pairs.iter().all(|p| match *p {
        "a" => n % 2 == 0,
        "b" => n % 3 == 0,
        "c" => n % 700 == 0,
        "d" => n % 5 != 0,
        _ => false,
    })
}

#[test]
fn finds_exactly_the_documents_with_every_pair() {
    kept::both_ways(|| {
        let (index, field) = index();
        let searcher = index.reader().expect("reader").searcher();
        let reader = searcher.segment_reader(0);
        for pairs in [
            &["a", "b"][..],
            &["c", "d"],
            &["a", "b", "c", "d"],
            &["d"],
            &["b", "d", "a"],
        ] {
            let owned: Vec<String> = pairs.iter().map(|p| p.to_string()).collect();
            let query = AllPairs::new(field, &owned, 1.5);
            let weight = query
                .weight(EnableScoring::disabled_from_searcher(&searcher))
                .expect("weight");
            let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
            let mut found = Vec::new();
            while scorer.doc() != TERMINATED {
                assert_eq!(scorer.score(), 1.5);
                found.push(scorer.doc());
                scorer.advance();
            }
            let want: Vec<u32> = (0..10_000).filter(|n| expected(*n, pairs)).collect();
            assert_eq!(found, want, "{pairs:?}");
        }
    });
}

#[test]
fn seeks_land_on_the_next_match_within_and_across_windows() {
    kept::both_ways(|| {
        let (index, field) = index();
        let searcher = index.reader().expect("reader").searcher();
        let reader = searcher.segment_reader(0);
        let query = AllPairs::new(field, &["a".to_string(), "b".to_string()], 1.0);
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .expect("weight");
        let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
        for target in [1, 7, 4095, 4096, 4097, 9000, 9995, 9999] {
            let want = (target..10_000).find(|n| n % 6 == 0).unwrap_or(TERMINATED);
            assert_eq!(scorer.seek(target), want, "seek {target}");
        }
        assert_eq!(scorer.seek(10_000), TERMINATED);
        let missing = AllPairs::new(field, &["a".to_string(), "zz".to_string()], 1.0);
        let weight = missing
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .expect("weight");
        assert_eq!(
            weight.scorer(reader, 1.0).expect("scorer").doc(),
            TERMINATED
        );
        assert!(weight.explain(reader, 0).is_err());
    });
}

/// Steps and seeks mixed, within a window, into the next and across empty ones, each
/// land on the next match.
#[test]
fn seeks_and_steps_mixed_land_on_the_next_match() {
    kept::both_ways(|| {
        let (index, field) = index();
        let searcher = index.reader().expect("reader").searcher();
        let reader = searcher.segment_reader(0);
        for pairs in [&["a", "b"][..], &["a", "b", "c"], &["b", "c"], &["d"]] {
            let owned: Vec<String> = pairs.iter().map(|p| p.to_string()).collect();
            let weight = AllPairs::new(field, &owned, 1.0)
                .weight(EnableScoring::disabled_from_searcher(&searcher))
                .expect("weight");
            let next = |from: u32| (from..10_000).find(|n| expected(*n, pairs)).unwrap_or(TERMINATED);
            let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
            assert_eq!(scorer.doc(), next(0));
            let mut moves = 0u32;
            while scorer.doc() != TERMINATED {
                moves += 1;
                let doc = scorer.doc();
                // Every third move a seek, by a distance from 1 to past a window.
                if moves % 3 == 0 {
                    let target = doc + 1 + (moves * 397) % 5_000;
                    assert_eq!(scorer.seek(target), next(target), "{pairs:?}: seek {target} from {doc}");
                } else {
                    assert_eq!(scorer.advance(), next(doc + 1), "{pairs:?}: advance from {doc}");
                }
            }
            assert!(moves > 0, "{pairs:?}: no match at all");
        }
    });
}
