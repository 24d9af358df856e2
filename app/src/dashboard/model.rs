//! The public dashboard (`/dashboard`): how the district keeps its word, in aggregates
//! only. A tip count below [`SMALL_CELL`] is never published as a number (page, CSV or
//! API): it becomes "<5", and so does the smallest other cell of a breakdown when one
//! small cell could otherwise be worked out from the total.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::complaints::model::{channel_label_in, key_of, kind_label_in, rating_label_in, CHANNELS, KINDS};
use crate::lang::{td_string, Locale, DATA_LANG};
pub use crate::tasks::model::Progress;

/// Counts below this are shown as "<5".
pub const SMALL_CELL: u32 = 5;
pub const SMALL_TEXT: &str = "<5";
/// The longest date range the dashboard answers, in months.
pub const MAX_MONTHS: u32 = 60;

/// A published count: the number, or "<5".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Count(u32),
    Small,
}

impl Cell {
    pub fn of(n: u32) -> Cell {
        if n < SMALL_CELL {
            Cell::Small
        } else {
            Cell::Count(n)
        }
    }

    pub fn value(self) -> Option<u32> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Small => None,
        }
    }

    pub fn text(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Small => SMALL_TEXT.to_string(),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Count(n) => s.serialize_u32(*n),
            Cell::Small => s.serialize_str(SMALL_TEXT),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u32),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) if n >= SMALL_CELL => Ok(Cell::Count(n)),
            Raw::S(s) if s == SMALL_TEXT => Ok(Cell::Small),
            _ => Err(serde::de::Error::custom("a count of 5 or more, or \"<5\"")),
        }
    }
}

/// One bar of a chart: a label and its count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub label: String,
    pub count: Cell,
}

/// A breakdown (by kind, channel, unit, month …) made publishable: counts below 5 become
/// "<5"; then, while the hidden cells add up to 1–4 (which the total minus the shown
/// cells would give away), the smallest shown cell is hidden too.
pub fn breakdown(raw: Vec<(String, u32)>) -> Vec<Row> {
    let mut cells: Vec<Cell> = raw.iter().map(|(_, n)| Cell::of(*n)).collect();
    loop {
        let hidden: u32 = raw.iter().zip(&cells).filter(|(_, c)| **c == Cell::Small).map(|((_, n), _)| n).sum();
        if hidden == 0 || hidden >= SMALL_CELL {
            break;
        }
        let partner = raw.iter().enumerate().filter(|(i, _)| cells[*i] != Cell::Small).min_by_key(|(_, (_, n))| *n).map(|(i, _)| i);
        match partner {
            Some(i) => cells[i] = Cell::Small,
            None => break,
        }
    }
    raw.into_iter().zip(cells).map(|((label, _), count)| Row { label, count }).collect()
}

/// A share in whole percent, published only when neither the part nor the rest is a
/// small number of cases (1 to 4): either would give that number away.
pub fn share(part: u32, whole: u32) -> Option<u32> {
    let small = |n: u32| (1..SMALL_CELL).contains(&n);
    if whole < SMALL_CELL || part > whole || small(part) || small(whole - part) {
        return None;
    }
    Some(((part as f64) * 100.0 / whole as f64).round() as u32)
}

/// The median of a set of durations, published for 5 cases or more.
pub fn median(mut days: Vec<i64>) -> Option<f64> {
    if (days.len() as u32) < SMALL_CELL {
        return None;
    }
    days.sort_unstable();
    let mid = days.len() / 2;
    Some(if days.len() % 2 == 1 { days[mid] as f64 } else { (days[mid - 1] + days[mid]) as f64 / 2.0 })
}

/// Working days from filing to a step, over the cases that reached it. How many did is
/// not published: with the other counts it would give small numbers away.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Duration {
    pub label: String,
    /// Median working days; `None` when fewer than 5 cases reached the step.
    pub median_days: Option<f64>,
}

/// A deadline and how many of the cases it applied to met it and missed it (a breakdown
/// of `due`: when one of the two is small, both are hidden).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    pub label: String,
    pub working_days: u32,
    /// Cases whose deadline has passed or whose step was taken.
    pub due: Cell,
    pub met: Cell,
    pub missed: Cell,
    pub percent: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TipFigures {
    pub received: Cell,
    pub accepted: Cell,
    pub not_accepted: Cell,
    pub forwarded: Cell,
    pub closed: Cell,
    pub by_kind: Vec<Row>,
    pub by_channel: Vec<Row>,
    /// The units concerned with 5 cases or more; the rest (other units, text that names
    /// no unit of the district's list, nothing) in one last row.
    pub by_unit: Vec<Row>,
    pub by_month: Vec<Row>,
    pub durations: Vec<Duration>,
    pub limits: Vec<Limit>,
    pub ratings: Vec<Row>,
    pub rated: Cell,
    pub objected: Cell,
    /// Of the cases given feedback, the share whose reporter objected to it.
    pub objected_percent: Option<u32>,
}

/// Services that reach every target the list sets for them, per unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetRow {
    pub unit: String,
    pub services: u32,
    pub met: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The range, whole months `YYYY-MM`, both included.
    pub from: String,
    pub to: String,
    pub today: String,
    pub tips: TipFigures,
    /// The reform ledger today, by colour (its public figures, not suppressed).
    pub tasks_by_area: Vec<Progress>,
    pub tasks_by_unit: Vec<Progress>,
    pub services_total: u32,
    pub services_met: u32,
    pub services_by_unit: Vec<TargetRow>,
}

/// A row label of the tip figures as a page in `l` shows it. The server sends the
/// Chinese labels (the CSV and the API keep them); the complaint channel's own words
/// (kinds, channels, ratings, steps, deadlines, the row of other units) are translated
/// here, months (`2026-03`) read the same in any language, anything else (units) is data
/// and comes with its `lang`.
pub fn label_in(l: Locale, label: &str) -> (String, Option<&'static str>) {
    if parse_month(label).is_some() {
        return (label.to_string(), None);
    }
    // Kinds, channels and ratings are the complaint form's own words.
    if let Some(key) = key_of(KINDS, label) {
        return (kind_label_in(key, l).to_string(), None);
    }
    if let Some(key) = key_of(CHANNELS, label) {
        return (channel_label_in(key, l).to_string(), None);
    }
    if let Some(text) = rating_label_in(label, l) {
        return (text.to_string(), None);
    }
    let text = match label {
        "提交至受理决定" => td_string!(l, dashboard.step_decided),
        "提交至首次答复" => td_string!(l, dashboard.step_reply),
        "提交至办结" => td_string!(l, dashboard.step_closed),
        "受理" => td_string!(l, dashboard.limit_accept),
        "核查（转单位后）" => td_string!(l, dashboard.limit_verify),
        "答复（受理后）" => td_string!(l, dashboard.limit_reply),
        "其他单位（各不足 5 件）或未填写" => td_string!(l, dashboard.other_units),
        _ => return (label.to_string(), Some(DATA_LANG)),
    };
    (text.to_string(), None)
}

/// A month `YYYY-MM` as (year, month).
pub fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
    ((1..=12).contains(&m) && (2000..=2100).contains(&y)).then_some((y, m))
}

pub fn month_text((y, m): (i32, u32)) -> String {
    format!("{y:04}-{m:02}")
}

pub fn next_month((y, m): (i32, u32)) -> (i32, u32) {
    if m == 12 {
        (y + 1, 1)
    } else {
        (y, m + 1)
    }
}

/// Every month from `from` to `to`, both included.
pub fn months(from: (i32, u32), to: (i32, u32)) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let mut m = from;
    while m <= to && out.len() <= MAX_MONTHS as usize {
        out.push(m);
        m = next_month(m);
    }
    out
}

pub fn previous_month((y, m): (i32, u32)) -> (i32, u32) {
    if m == 1 {
        (y - 1, 12)
    } else {
        (y, m - 1)
    }
}

/// The dashboard's range from its query (`from`, `to` as `YYYY-MM`); by default the 12
/// months before the one of `today`. Only months that have ended are counted: figures
/// that moved with every new tip would tell a unit about the tip just filed against it.
pub fn range(from: Option<&str>, to: Option<&str>, today: &str) -> Result<((i32, u32), (i32, u32)), String> {
    let last = today.get(..7).and_then(parse_month).map(previous_month).ok_or_else(|| "today".to_string())?;
    let month = |v: Option<&str>, name: &str| -> Result<Option<(i32, u32)>, String> {
        match v.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => parse_month(v).map(Some).ok_or_else(|| format!("{name}应为年月，如 2026-01 / {name} must be a month such as 2026-01")),
        }
    };
    let to = month(to, "结束月份")?.unwrap_or(last);
    if to > last {
        return Err(format!("只统计已结束的月份，结束月份最晚为 {} / only months that have ended, up to {}", month_text(last), month_text(last)));
    }
    let from = match month(from, "起始月份")? {
        Some(f) => f,
        None => {
            let (y, m) = to;
            if m == 12 { (y, 1) } else { (y - 1, m + 1) }
        }
    };
    if from > to {
        return Err("起始月份晚于结束月份 / the first month is after the last".into());
    }
    if months(from, to).len() > MAX_MONTHS as usize {
        return Err(format!("时间范围最长 {MAX_MONTHS} 个月 / at most {MAX_MONTHS} months"));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests;
