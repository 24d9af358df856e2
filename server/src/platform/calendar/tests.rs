use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_fallback_counts_weekdays_and_warns() {
    let cal = WorkCalendar::weekdays_only();
    // 2024-10-01 is a national holiday on the real calendar, a Tuesday here.
    assert!(cal.is_working_day(d(2024, 10, 1)));
    assert!(!cal.is_working_day(d(2024, 10, 5)));
    assert_eq!(cal.add_working_days(d(2024, 9, 27), 1), d(2024, 9, 30));
    assert!(cal.is_provisional(d(2024, 10, 1)));
    assert!(cal.coverage_warning(d(2024, 10, 1)).is_some());
}

#[test]
fn bundled_parses_and_covers_2020_to_2027() {
    let cal = parse(include_str!("../../../../data/calendar/cn-workdays.csv"))
        .unwrap_or_else(|e| panic!("bundled calendar does not parse: {e}"));
    assert_eq!(cal.first(), d(2020, 1, 1));
    assert_eq!(cal.last(), d(2027, 12, 31));
    let cal = bundled();
    for y in 2020..=2027 {
        assert!(
            cal.covers(d(y, 1, 1)) && cal.covers(d(y, 12, 31)),
            "{y} not covered"
        );
    }
    assert!(!cal.covers(d(2019, 12, 31)));
    assert!(!cal.covers(d(2028, 1, 1)));
}

#[test]
fn bundled_has_the_seven_holidays_every_year() {
    // Every covered year has 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节 and
    // 国庆节 rows, and its days off balance: weekday holidays minus
    // make-up days equals the statutory count (11 days before 2025, 13
    // since; 2020 gained 2 from the extended Spring Festival: Friday
    // January 31, and Saturday February 1, which stopped being a make-up
    // day).
    let text = include_str!("../../../../data/calendar/cn-workdays.csv");
    let cal = bundled();
    for y in 2020..=2027 {
        for name in [
            "元旦",
            "春节",
            "清明节",
            "劳动节",
            "端午节",
            "中秋节",
            "国庆节",
        ] {
            let prefix = format!("{y}-");
            let found = text
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(name));
            assert!(found, "{y} has no {name} row");
        }
        let days: Vec<NaiveDate> = d(y, 1, 1)
            .iter_days()
            .take_while(|x| x.year() == y)
            .collect();
        let weekday_offs = days
            .iter()
            .filter(|x| !is_weekend(**x) && !cal.is_working_day(**x))
            .count();
        let makeups = days
            .iter()
            .filter(|x| is_weekend(**x) && cal.is_working_day(**x))
            .count();
        let statutory = match y {
            2020 => 11 + 2,
            2021..=2024 => 11,
            _ => 13,
        };
        assert_eq!(
            weekday_offs - makeups,
            statutory,
            "{y}: {weekday_offs} weekday holidays, {makeups} make-up days"
        );
    }
}

#[test]
fn national_day_2024() {
    let cal = bundled();
    for day in 1..=7 {
        assert!(
            !cal.is_working_day(d(2024, 10, day)),
            "2024-10-{day:02} should be off"
        );
    }
    assert_eq!(d(2024, 9, 29).weekday(), Weekday::Sun);
    assert!(cal.is_working_day(d(2024, 9, 29)));
    assert_eq!(d(2024, 10, 12).weekday(), Weekday::Sat);
    assert!(cal.is_working_day(d(2024, 10, 12)));
    // Ordinary weekend next to it stays off; ordinary weekday stays on.
    assert!(!cal.is_working_day(d(2024, 9, 28)));
    assert!(!cal.is_working_day(d(2024, 10, 13)));
    assert!(cal.is_working_day(d(2024, 10, 8)));
}

#[test]
fn spring_festival_2025_new_rules() {
    let cal = bundled();
    // 除夕 is a statutory holiday since 2025.
    assert_eq!(d(2025, 1, 28).weekday(), Weekday::Tue);
    assert!(!cal.is_working_day(d(2025, 1, 28)));
    for day in [d(2025, 1, 29), d(2025, 2, 3), d(2025, 2, 4)] {
        assert!(!cal.is_working_day(day), "{day}");
    }
    assert!(cal.is_working_day(d(2025, 2, 5)));
    assert_eq!(d(2025, 2, 8).weekday(), Weekday::Sat);
    assert!(cal.is_working_day(d(2025, 2, 8)));
    assert!(cal.is_working_day(d(2025, 1, 26))); // Sunday make-up day
                                                 // 劳动节 2025: May 1–5 off, only April 27 made up.
    assert!(!cal.is_working_day(d(2025, 5, 5)));
    assert!(cal.is_working_day(d(2025, 4, 27)));
    assert!(!cal.is_working_day(d(2025, 5, 10)));
}

#[test]
fn year_2026() {
    let cal = bundled();
    assert!(cal.is_working_day(d(2026, 1, 4))); // Sunday make-up
    for x in d(2026, 2, 15).iter_days().take(9) {
        assert!(!cal.is_working_day(x), "{x}");
    }
    assert!(cal.is_working_day(d(2026, 2, 14)));
    assert!(cal.is_working_day(d(2026, 2, 28)));
    assert!(cal.is_working_day(d(2026, 9, 20)));
}

#[test]
fn spring_festival_2020_extension() {
    let cal = bundled();
    // Original period January 24–30, extended to February 2.
    for x in d(2020, 1, 24)
        .iter_days()
        .take_while(|x| *x <= d(2020, 2, 2))
    {
        assert!(!cal.is_working_day(x), "{x}");
    }
    // January 31 (Friday) is off by the extension; February 1 (Saturday)
    // was to be a make-up day but was swallowed by it.
    assert!(!cal.is_working_day(d(2020, 1, 31)));
    assert!(!cal.is_working_day(d(2020, 2, 1)));
    assert!(cal.is_working_day(d(2020, 2, 3)));
    // The make-up day before the holiday still happened.
    assert!(cal.is_working_day(d(2020, 1, 19)));
    assert_eq!(cal.add_working_days(d(2020, 1, 23), 1), d(2020, 2, 3));
}

#[test]
fn add_working_days_across_national_day_2024() {
    let cal = bundled();
    let fri = d(2024, 9, 27);
    assert_eq!(cal.add_working_days(fri, 0), fri);
    assert_eq!(cal.add_working_days(fri, 1), d(2024, 9, 29)); // Sunday make-up day
    assert_eq!(cal.add_working_days(fri, 2), d(2024, 9, 30));
    assert_eq!(cal.add_working_days(fri, 3), d(2024, 10, 8));
    // n = 0 returns start even when start is not a working day.
    assert_eq!(cal.add_working_days(d(2024, 10, 3), 0), d(2024, 10, 3));
    // Starting inside the holiday: the first working day after it.
    assert_eq!(cal.add_working_days(d(2024, 10, 3), 1), d(2024, 10, 8));
}

#[test]
fn fifteen_working_days_over_a_holiday() {
    let cal = bundled();
    // From Wed 2024-09-25: 26, 27, 29(Sun), 30 | 10/8, 9, 10, 11, 12(Sat),
    // 14, 15, 16, 17, 18, 21 → 15th is Monday 2024-10-21.
    assert_eq!(cal.add_working_days(d(2024, 9, 25), 15), d(2024, 10, 21));
    // Same over Spring Festival 2025: from Fri 2025-01-24:
    // 26(Sun), 27 | 2/5, 6, 7, 8(Sat), 10, 11, 12, 13, 14, 17, 18, 19, 20.
    assert_eq!(cal.add_working_days(d(2025, 1, 24), 15), d(2025, 2, 20));
    // Plain Mon–Fri would have said 2025-02-14.
    assert_eq!(cal.working_days_between(d(2025, 1, 24), d(2025, 2, 20)), 15);
}

#[test]
fn between_is_consistent_with_add() {
    let cal = bundled();
    let mut start = d(2019, 12, 1);
    let end = d(2028, 2, 1);
    let mut i: u32 = 0;
    while start < end {
        let n = (i * 7) % 40;
        let target = cal.add_working_days(start, n);
        assert!(target >= start);
        assert_eq!(
            cal.working_days_between(start, target),
            n as i64,
            "{start} + {n} = {target}"
        );
        assert_eq!(cal.working_days_between(target, start), -(n as i64));
        if n > 0 {
            assert!(
                cal.is_working_day(target),
                "{target} should be a working day"
            );
            // Nothing earlier reaches n.
            let before = target.pred_opt().unwrap();
            assert_eq!(cal.working_days_between(start, before), n as i64 - 1);
        }
        // (a, c] = (a, b] + (b, c]
        let mid = start + chrono::Days::new(u64::from(i % 23));
        assert_eq!(
            cal.working_days_between(start, target),
            cal.working_days_between(start, mid) + cal.working_days_between(mid, target)
        );
        start = start + chrono::Days::new(3 + u64::from(i % 5));
        i += 1;
    }
    assert_eq!(cal.working_days_between(end, end), 0);
}

#[test]
fn outside_the_data_is_monday_to_friday() {
    let cal = bundled();
    // 2019-10-01 was a holiday in reality, but 2019 is not covered.
    assert!(!cal.covers(d(2019, 10, 1)));
    assert!(cal.is_working_day(d(2019, 10, 1)));
    assert!(!cal.is_working_day(d(2030, 1, 5))); // Saturday
    assert_eq!(cal.add_working_days(d(2030, 1, 4), 1), d(2030, 1, 7));
    assert_eq!(cal.working_days_between(d(2030, 1, 1), d(2030, 1, 31)), 22);
}

#[test]
fn parse_accepts_small_files() {
    let cal = parse("\u{feff}date,kind,name\r\n2024-10-01,holiday,国庆节\r\n\r\n2024-10-12,workday,调休上班\r\n")
            .unwrap();
    assert!(!cal.is_working_day(d(2024, 10, 1)));
    assert!(cal.is_working_day(d(2024, 10, 12)));
    assert!(cal.covers(d(2024, 1, 1)));
    assert!(!cal.covers(d(2025, 1, 1)));
}

#[test]
fn parse_errors_name_the_line() {
    let err = |t: &str| parse(t).unwrap_err();
    assert!(err("").contains("empty"));
    assert!(err("date,kind\n").starts_with("line 1:"));
    assert!(err("date,kind,name\n").contains("no rows"));

    let e = err("date,kind,name\n2024-10-01,holiday,国庆节\n2024-13-01,holiday,x\n");
    assert!(e.starts_with("line 3:") && e.contains("2024-13-01"), "{e}");

    let e = err("date,kind,name\n2024-10-01,vacation,国庆节\n");
    assert!(e.starts_with("line 2:") && e.contains("vacation"), "{e}");

    let e = err("date,kind,name\n2024-10-01,holiday\n");
    assert!(e.starts_with("line 2:") && e.contains("3 fields"), "{e}");

    let e = err("date,kind,name\n2024-10-01,holiday,国庆节,extra\n");
    assert!(e.starts_with("line 2:"), "{e}");

    let e = err("date,kind,name\n2024-10-01,holiday,\n");
    assert!(e.starts_with("line 2:") && e.contains("name"), "{e}");

    // 2024-10-08 is a Tuesday: cannot be a make-up working day.
    let e = err("date,kind,name\n\n2024-10-08,workday,调休上班\n");
    assert!(e.starts_with("line 3:") && e.contains("Tue"), "{e}");

    let e = err("date,kind,name\n2024-10-01,holiday,国庆节\n2024-10-01,workday,调休上班\n");
    assert!(
        e.starts_with("line 3:") && e.contains("more than once"),
        "{e}"
    );
}
