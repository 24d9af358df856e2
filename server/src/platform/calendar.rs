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
mod tests;
