//! China's official working-day calendar (法定节假日与调休), for deadlines
//! counted in working days (工作日).
//!
//! The data is `data/calendar/cn-workdays.csv`, compiled into the binary
//! (see [`bundled`]); `data/calendar/README.md` says where each year comes
//! from and how to add one. Each row is one date:
//!
//! * `holiday` — a day inside an official holiday period (放假), whatever
//!   weekday it falls on;
//! * `workday` — a Saturday or Sunday that is an official make-up working
//!   day (调休上班).
//!
//! Every other date is a working day exactly when it is Monday to Friday.
//! That is also the rule for dates in years the data does not cover
//! ([`WorkCalendar::covers`] tells): there the calendar falls back to plain
//! Mon–Fri, knowing nothing about holidays, so callers that care (e.g. a
//! deadline landing in a year not yet published) should check `covers`.
//!
//! Pure: std and chrono only, no I/O.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};

/// Official holidays and make-up working days for a span of whole years.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    holidays: HashSet<NaiveDate>,
    workdays: HashSet<NaiveDate>,
    /// January 1 of the earliest year that has a row.
    first: NaiveDate,
    /// December 31 of the latest year that has a row.
    last: NaiveDate,
    /// Years whose rows are marked 暂定: the State Council has not published them yet.
    provisional: std::collections::BTreeSet<i32>,
}

const HEADER: &str = "date,kind,name";

/// Parses the calendar CSV: a `date,kind,name` header, then one row per date
/// (`YYYY-MM-DD`, `holiday` or `workday`, a non-empty name without commas).
/// Blank lines are ignored; a UTF-8 BOM and CRLF line ends are accepted.
/// Errors name the 1-based line number. A date may appear only once, and a
/// `workday` row must fall on a Saturday or Sunday.
pub fn parse(csv_text: &str) -> Result<WorkCalendar, String> {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));

    let header = loop {
        match lines.next() {
            Some((_, l)) if l.trim().is_empty() => continue,
            Some(found) => break found,
            None => return Err("calendar CSV is empty: expected header `date,kind,name`".into()),
        }
    };
    if header.1.trim() != HEADER {
        return Err(format!(
            "line {}: expected header `{HEADER}`, found `{}`",
            header.0, header.1
        ));
    }

    let mut holidays = HashSet::new();
    let mut workdays = HashSet::new();
    let mut years: Option<(i32, i32)> = None;
    let mut provisional = std::collections::BTreeSet::new();

    for (no, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != 3 {
            return Err(format!(
                "line {no}: expected 3 fields `date,kind,name`, found {}: `{line}`",
                fields.len()
            ));
        }
        let (date_s, kind, name) = (fields[0], fields[1], fields[2]);
        let date = NaiveDate::parse_from_str(date_s, "%Y-%m-%d")
            .map_err(|e| format!("line {no}: bad date `{date_s}` (want YYYY-MM-DD): {e}"))?;
        if name.is_empty() {
            return Err(format!("line {no}: empty name for {date}"));
        }
        if holidays.contains(&date) || workdays.contains(&date) {
            return Err(format!("line {no}: {date} is listed more than once"));
        }
        match kind {
            "holiday" => {
                holidays.insert(date);
            }
            "workday" => {
                if !is_weekend(date) {
                    return Err(format!(
                        "line {no}: workday {date} is a {:?}; only a Saturday or Sunday can be a make-up working day",
                        date.weekday()
                    ));
                }
                workdays.insert(date);
            }
            other => {
                return Err(format!(
                    "line {no}: unknown kind `{other}` (want `holiday` or `workday`)"
                ))
            }
        }
        let y = date.year();
        if name.contains("暂定") {
            provisional.insert(y);
        }
        years = Some(match years {
            None => (y, y),
            Some((lo, hi)) => (lo.min(y), hi.max(y)),
        });
    }

    let (lo, hi) = years.ok_or_else(|| "calendar CSV has a header but no rows".to_string())?;
    let first =
        NaiveDate::from_ymd_opt(lo, 1, 1).ok_or_else(|| format!("year {lo} out of range"))?;
    let last =
        NaiveDate::from_ymd_opt(hi, 12, 31).ok_or_else(|| format!("year {hi} out of range"))?;
    Ok(WorkCalendar {
        holidays,
        workdays,
        first,
        last,
        provisional,
    })
}

// A unit test keeps the compiled-in file parsing; were it ever broken, deadlines
// fall back to Monday-to-Friday rather than the process panicking.
static BUNDLED: LazyLock<WorkCalendar> = LazyLock::new(|| {
    parse(include_str!("../../../data/calendar/cn-workdays.csv")).unwrap_or_else(|e| {
        crate::error::log_internal("bundled working-day calendar does not parse, using Monday to Friday", &e);
        WorkCalendar::weekdays_only()
    })
});

/// The calendar compiled in from `data/calendar/cn-workdays.csv`.
/// `YYYY-MM-DD` plus `days` working days on the bundled calendar (the date itself when
/// it does not parse).
pub fn add_working_days_str(from: &str, days: u32) -> String {
    NaiveDate::parse_from_str(from, "%Y-%m-%d")
        .map(|d| bundled().add_working_days(d, days).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| from.to_string())
}

pub fn bundled() -> &'static WorkCalendar {
    &BUNDLED
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl WorkCalendar {
    /// Plain Monday to Friday, ending in 1970: every current deadline counts as
    /// provisional and [`WorkCalendar::coverage_warning`] speaks up.
    fn weekdays_only() -> Self {
        WorkCalendar {
            holidays: HashSet::new(),
            workdays: HashSet::new(),
            first: NaiveDate::default(),
            last: NaiveDate::default(),
            provisional: Default::default(),
        }
    }

    /// Whether `d` is a working day: Monday to Friday unless it is an
    /// official holiday; Saturday or Sunday only if it is a make-up working
    /// day. Outside the covered years this is plain Monday to Friday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.holidays.contains(&d) {
            false
        } else if self.workdays.contains(&d) {
            true
        } else {
            !is_weekend(d)
        }
    }

    /// The `n`-th working day after `start` (`start` itself is not counted,
    /// and need not be a working day); `n == 0` returns `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = match d.succ_opt() {
                Some(next) => next,
                None => return NaiveDate::MAX,
            };
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The number of working days in `(from, to]`; when `to < from`, minus
    /// the number in `(to, from]`. So for any `start` and `n`,
    /// `working_days_between(start, add_working_days(start, n)) == n`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_working_day(*d))
            .count();
        sign * count as i64
    }

    /// Whether `d`'s year is one the data covers (from the earliest to the
    /// latest year that has a row). Outside it, [`is_working_day`] and the
    /// day counting fall back to Monday to Friday.
    ///
    /// [`is_working_day`]: WorkCalendar::is_working_day
    pub fn covers(&self, d: NaiveDate) -> bool {
        (self.first.year()..=self.last.year()).contains(&d.year())
    }

    /// January 1 of the first covered year.
    pub fn first(&self) -> NaiveDate {
        self.first
    }

    /// December 31 of the last covered year.
    pub fn last(&self) -> NaiveDate {
        self.last
    }

    /// Whether a deadline on `d` rests on holidays not yet published: its year is
    /// provisional (暂定) or beyond the data, where only Monday–Friday is known.
    pub fn is_provisional(&self, d: NaiveDate) -> bool {
        !self.covers(d) || self.provisional.contains(&d.year())
    }

    /// Said at start and on the admin desk when the calendar ends within a year of
    /// `today` (or has ended): deadlines past its end would count Monday–Friday only.
    pub fn coverage_warning(&self, today: NaiveDate) -> Option<String> {
        let left = (self.last - today).num_days();
        (left < 365).then(|| {
            let years: Vec<String> = self.provisional.iter().map(|y| y.to_string()).collect();
            let note = if years.is_empty() { String::new() } else { format!("，其中 {} 年为暂定安排", years.join("、")) };
            format!(
                "工作日历只到 {}{}：请在 data/calendar/cn-workdays.csv 补充国务院公布的节假日安排并升级；超出日历的期限只按周一至周五计算。/ The working-day calendar ends on {}: add the next year's official holidays before then; deadlines beyond it count Monday–Friday only.",
                self.last,
                note,
                self.last
            )
        })
    }
}

/// [`WorkCalendar::is_provisional`] on the bundled calendar for a `YYYY-MM-DD` text
/// (false when it does not parse).
pub fn is_provisional_str(date: &str) -> bool {
    NaiveDate::parse_from_str(date.get(..10).unwrap_or(date), "%Y-%m-%d").map(|d| bundled().is_provisional(d)).unwrap_or(false)
}

/// [`WorkCalendar::coverage_warning`] on the bundled calendar for a `YYYY-MM-DD` today.
pub fn coverage_warning_str(today: &str) -> Option<String> {
    NaiveDate::parse_from_str(today, "%Y-%m-%d").ok().and_then(|d| bundled().coverage_warning(d))
}

#[cfg(test)]
mod tests {
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
        let cal = parse(include_str!("../../../data/calendar/cn-workdays.csv"))
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
        let text = include_str!("../../../data/calendar/cn-workdays.csv");
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
}
