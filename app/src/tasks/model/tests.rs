use super::*;

#[test]
fn the_colour_rule() {
    let (start, deadline) = ("2027-01-01", "2027-12-31");
    assert_eq!(
        colour(start, deadline, "2027-01-01", 0, false),
        Colour::Green,
        "nothing expected on day one"
    );
    // Half way through the year: 50 expected.
    let mid = "2027-07-02";
    assert_eq!(
        colour(start, deadline, mid, 45, false),
        Colour::Green,
        "5 behind"
    );
    assert_eq!(
        colour(start, deadline, mid, 40, false),
        Colour::Yellow,
        "10 behind"
    );
    assert_eq!(
        colour(start, deadline, mid, 21, false),
        Colour::Yellow,
        "29 behind"
    );
    assert_eq!(
        colour(start, deadline, mid, 20, false),
        Colour::Red,
        "30 behind"
    );
    // The deadline day: everything expected.
    assert_eq!(colour(start, deadline, deadline, 100, false), Colour::Green);
    assert_eq!(colour(start, deadline, deadline, 90, false), Colour::Yellow);
    assert_eq!(colour(start, deadline, deadline, 70, false), Colour::Red);
    // Overdue and not closed, however far along: red. Closed: green.
    assert_eq!(
        colour(start, deadline, "2028-01-01", 100, false),
        Colour::Red
    );
    assert_eq!(
        colour(start, deadline, "2028-01-01", 100, true),
        Colour::Green
    );
    assert_eq!(
        colour(start, deadline, "not a date", 50, false),
        Colour::Red
    );
}

#[test]
fn the_weekly_cut_off() {
    // 2026-12-04 is a Friday: until it ends, the report due is last week's.
    assert_eq!(week_of("2026-12-04"), "2026-11-30");
    assert_eq!(week_due("2026-12-04"), "2026-11-23");
    assert_eq!(
        week_due("2026-12-05"),
        "2026-11-30",
        "Saturday: this week's was due"
    );
    assert_eq!(
        week_due("2026-12-07"),
        "2026-11-30",
        "Monday: still last week's"
    );
    assert!(report_missing("2026-11-01", None, false, "2026-12-05"));
    assert!(report_missing(
        "2026-11-01",
        Some("2026-11-23"),
        false,
        "2026-12-05"
    ));
    assert!(!report_missing(
        "2026-11-01",
        Some("2026-11-30"),
        false,
        "2026-12-05"
    ));
    assert!(
        !report_missing("2026-11-01", None, true, "2026-12-05"),
        "a closed task owes nothing"
    );
    assert!(
        !report_missing("2026-12-02", None, false, "2026-12-04"),
        "a task started after the week due owes nothing"
    );
}
