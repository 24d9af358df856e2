use super::*;

/// Ties merged segment by segment come out as a sort of all of them by key text, then
/// address, would give them, reading fewer texts: within a segment, ordinals order the
/// keys as their texts do (a segment's dictionary is sorted).
#[test]
fn ties_merge_by_key_as_a_full_sort_would() {
    let mut seed = 7u64;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for round in 0..200 {
        let segments = 1 + next(6) as u32;
        // Each segment's keys: a sorted dictionary of texts drawn from a shared pool, so
        // texts repeat across segments (equal texts fall back to the address).
        let dictionaries: Vec<Vec<String>> = (0..segments)
            .map(|_| {
                let mut words: Vec<String> = (0..1 + next(12)).map(|_| format!("P-{:03}", next(30))).collect();
                words.sort();
                words.dedup();
                words
            })
            .collect();
        let mut run: Vec<Ranked> = Vec::new();
        for (s, words) in dictionaries.iter().enumerate() {
            for doc in 0..next(8) as u32 {
                let key = if next(10) == 0 { u64::MAX } else { next(words.len() as u64) };
                run.push(Ranked { tier: 2, score: 1.0, sort: 5, key, group: None, address: DocAddress::new(s as u32, doc * 3) });
            }
        }
        run.sort_by_key(|r| r.address);
        let text = |r: &Ranked| if r.key == u64::MAX { String::new() } else { dictionaries[r.address.segment_ord as usize][r.key as usize].clone() };
        let mut expected: Vec<&Ranked> = run.iter().collect();
        expected.sort_by(|a, b| text(a).cmp(&text(b)).then_with(|| a.address.cmp(&b.address)));
        for need in [0, run.len().min(1), run.len() / 2, run.len()] {
            let mut read = 0;
            let mut key_text = |r: &Ranked| {
                read += 1;
                Ok(text(r))
            };
            let mut out = Vec::new();
            by_key(&run, need, &mut key_text, &mut out).unwrap();
            let got: Vec<DocAddress> = out.iter().map(|r| r.address).collect();
            let want: Vec<DocAddress> = expected[..need].iter().map(|r| r.address).collect();
            assert_eq!(got, want, "round {round}, need {need}");
            assert!(read <= need + segments as usize, "round {round}: {read} texts read for {need}");
        }
    }
}

/// The floor parts share keeps tier and score exactly, and rises only: a part's lower
/// floor never lowers what another part showed.
#[test]
fn the_shared_floor_orders_as_tier_then_score_and_only_rises() {
    let scores = [-3.5f32, -0.0, 0.0, 1e-30, 0.25, 1.0, 1.5, 7.75, 1e30];
    for (ta, sa) in [0u8, 1, 2].iter().flat_map(|t| scores.iter().map(move |s| (*t, *s))) {
        for (tb, sb) in [0u8, 1, 2].iter().flat_map(|t| scores.iter().map(move |s| (*t, *s))) {
            let by_encoding = SharedFloor::encode(ta, sa).cmp(&SharedFloor::encode(tb, sb));
            let by_rank = coarse((tb, sb, 0), (ta, sa, 0));
            assert_eq!(by_encoding, by_rank, "({ta}, {sa}) against ({tb}, {sb})");
        }
    }
    let floor = SharedFloor::default();
    assert_eq!(floor.get(), None);
    floor.raise(1, 2.5);
    assert_eq!(floor.get(), Some((1, 2.5, i64::MIN)));
    floor.raise(1, 0.5);
    floor.raise(0, 9.0);
    assert_eq!(floor.get(), Some((1, 2.5, i64::MIN)));
    floor.raise(2, -1.0);
    assert_eq!(floor.get(), Some((2, -1.0, i64::MIN)));
    // What ties the floor on tier and score is never below it, whatever its date.
    assert!(!below(floor.get(), 2, -1.0, i64::MIN));
    assert!(below(floor.get(), 2, -1.5, i64::MAX));
    assert!(below(floor.get(), 1, 100.0, i64::MAX));
}
