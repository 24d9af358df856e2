use super::*;

fn d(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn case(unit: &str, submitted: &str) -> CaseFacts {
    CaseFacts {
        kind: "policy_not_honoured".into(),
        channel: "online".into(),
        subject_unit: unit.into(),
        submitted: d(submitted),
        accept_due: d("2026-03-20"),
        state: "submitted".into(),
        ..Default::default()
    }
}

#[test]
fn counts_steps_and_deadlines_on_the_working_day_calendar() {
    let units: HashSet<String> = ["区财政局", "区交通运输局", "区税务局"]
        .iter()
        .map(|u| u.to_string())
        .collect();
    let mut cases: Vec<CaseFacts> = (0..8).map(|_| case("区财政局", "2026-03-02")).collect();
    cases.extend((0..6).map(|_| case("区交通运输局", "2026-04-01")));
    cases.extend((0..3).map(|_| case("区税务局", "2026-04-01")));
    cases.push(case("张三的公司", "2026-04-01"));
    for c in cases.iter_mut().take(6) {
        // Monday 2 March to Monday 9 March: 5 working days.
        c.decided = d("2026-03-09");
        c.accepted = d("2026-03-09");
    }
    cases[0].decided = d("2026-03-23"); // after its due day
    let f = aggregate(
        &cases,
        (2026, 1),
        (2026, 12),
        &units,
        &Deadlines::default(),
        d("2027-01-05").unwrap(),
    );
    assert_eq!(f.received, Cell::Count(18));
    assert_eq!(f.accepted, Cell::Count(6));
    let rows: Vec<(&str, Cell)> = f
        .by_unit
        .iter()
        .map(|r| (r.label.as_str(), r.count))
        .collect();
    // 区税务局's 3 and the free text fold into the last row (4): small, so the
    // smallest named unit is hidden too, or 18 − 8 − 6 would give it away.
    assert_eq!(
        rows,
        [
            ("区财政局", Cell::Count(8)),
            ("区交通运输局", Cell::Small),
            (OTHER_UNITS, Cell::Small)
        ]
    );
    assert_eq!(f.by_month.len(), 12);
    assert_eq!(f.by_month[2].count, Cell::Count(8));
    assert_eq!(f.by_month[3].count, Cell::Count(10));
    assert_eq!(f.durations[0].median_days, Some(5.0));
    // Every case's acceptance was due by 20 March: all 18 are due, 5 met, 13 missed.
    let accept = &f.limits[0];
    assert_eq!(
        (accept.due, accept.met, accept.missed, accept.percent),
        (Cell::Count(18), Cell::Count(5), Cell::Count(13), Some(28))
    );
}

#[test]
fn a_few_misses_hide_both_parts_of_a_deadline() {
    let mut cases: Vec<CaseFacts> = (0..12).map(|_| case("区财政局", "2026-03-02")).collect();
    for c in cases.iter_mut() {
        c.decided = d("2026-03-09");
    }
    cases[0].decided = d("2026-03-23");
    let f = aggregate(
        &cases,
        (2026, 1),
        (2026, 12),
        &HashSet::new(),
        &Deadlines::default(),
        d("2027-01-05").unwrap(),
    );
    let accept = &f.limits[0];
    assert_eq!(
        (accept.due, accept.met, accept.missed, accept.percent),
        (Cell::Count(12), Cell::Small, Cell::Small, None)
    );
}

#[test]
fn the_english_dashboard_names_every_row_the_server_writes() {
    let f = aggregate(
        &[case("区财政局", "2026-03-02")],
        (2026, 1),
        (2026, 2),
        &HashSet::new(),
        &Deadlines::default(),
        d("2027-01-05").unwrap(),
    );
    let labels = f
        .by_kind
        .iter()
        .chain(&f.by_channel)
        .chain(&f.by_unit)
        .chain(&f.ratings)
        .map(|r| &r.label)
        .chain(f.durations.iter().map(|r| &r.label))
        .chain(f.limits.iter().map(|r| &r.label));
    for label in labels {
        let (text, lang) = app::dashboard::model::label_in(app::lang::Locale::en, label);
        assert!(
            lang.is_none() && text.is_ascii(),
            "{label} has no English name on /en/dashboard: {text}"
        );
    }
}
