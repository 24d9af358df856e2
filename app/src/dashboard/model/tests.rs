use super::*;

fn rows(counts: &[u32]) -> Vec<(String, u32)> {
    counts
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("r{i}"), *n))
        .collect()
}

#[test]
fn counts_below_five_are_never_numbers() {
    for n in 0..5 {
        assert_eq!(Cell::of(n), Cell::Small);
        assert_eq!(serde_json::to_string(&Cell::of(n)).unwrap(), "\"<5\"");
    }
    assert_eq!(serde_json::to_string(&Cell::of(5)).unwrap(), "5");
    assert!(serde_json::from_str::<Cell>("3").is_err());
    assert_eq!(serde_json::from_str::<Cell>("\"<5\"").unwrap(), Cell::Small);
}

#[test]
fn a_lone_small_cell_takes_the_smallest_other_one_with_it() {
    let out = breakdown(rows(&[40, 3, 12, 9]));
    let cells: Vec<Cell> = out.iter().map(|r| r.count).collect();
    assert_eq!(
        cells,
        [Cell::Count(40), Cell::Small, Cell::Count(12), Cell::Small]
    );
    // Two small cells that add up to 5 or more already hide each other.
    let out = breakdown(rows(&[40, 3, 2, 9]));
    assert_eq!(out[3].count, Cell::Count(9));
    // Two that add up to less do not: their sum would show.
    let out = breakdown(rows(&[40, 1, 2, 12]));
    assert_eq!(
        out.iter().map(|r| r.count).collect::<Vec<_>>(),
        [Cell::Count(40), Cell::Small, Cell::Small, Cell::Small]
    );
    // A zero protects nobody: it hides nothing else.
    let out = breakdown(rows(&[40, 0, 12]));
    assert_eq!(
        out.iter().map(|r| r.count).collect::<Vec<_>>(),
        [Cell::Count(40), Cell::Small, Cell::Count(12)]
    );
    // Nothing small: nothing hidden.
    assert!(breakdown(rows(&[5, 6]))
        .iter()
        .all(|r| r.count != Cell::Small));
}

#[test]
fn shares_and_medians_hide_small_numbers() {
    assert_eq!(share(20, 20), Some(100));
    assert_eq!(share(19, 20), None, "one miss would show");
    assert_eq!(share(3, 20), None);
    assert_eq!(share(10, 20), Some(50));
    assert_eq!(share(0, 4), None);
    assert_eq!(median(vec![1, 2, 3, 4]), None);
    assert_eq!(median(vec![5, 1, 3, 2, 4]), Some(3.0));
    assert_eq!(median(vec![1, 2, 3, 4, 5, 6]), Some(3.5));
}

#[test]
fn ranges_default_to_twelve_months_and_refuse_nonsense() {
    assert_eq!(
        range(None, None, "2026-12-02"),
        Ok(((2025, 12), (2026, 11)))
    );
    assert_eq!(range(None, None, "2027-01-15"), Ok(((2026, 1), (2026, 12))));
    assert_eq!(
        range(None, Some("2026-06"), "2026-12-02"),
        Ok(((2025, 7), (2026, 6)))
    );
    assert!(
        range(None, Some("2026-12"), "2026-12-02").is_err(),
        "the month is not over"
    );
    assert!(range(Some("2026-13"), None, "2026-12-02").is_err());
    assert!(range(Some("2026-10"), Some("2026-09"), "2026-12-02").is_err());
    assert!(range(Some("2019-01"), Some("2026-01"), "2026-12-02").is_err());
    assert_eq!(months((2025, 11), (2026, 2)).len(), 4);
}
