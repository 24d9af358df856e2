//! The complaint channel's public figures for the dashboard: one row of dated facts per
//! case filed in a range, counted here. Nothing about a single case leaves this module;
//! the counts leave through `app::dashboard::model`, which suppresses small ones.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use app::complaints::model::{split_rating, EventKind, State, CHANNELS, KINDS, RATINGS};
use app::dashboard::model::{breakdown, median, month_text, months, share, Cell, Duration, Limit, TipFigures, SMALL_CELL};
use chrono::NaiveDate;
use sqlx::Row;

use super::deadlines::Deadlines;
use super::store::event_binding;
use crate::platform::calendar;
use crate::platform::crypto::Secrets;
use crate::platform::db::Db;

/// What the figures need to know of one case: its labels and the day of each step.
#[derive(Clone, Debug, Default)]
pub struct CaseFacts {
    pub kind: String,
    pub channel: String,
    pub subject_unit: String,
    pub submitted: Option<NaiveDate>,
    pub accept_due: Option<NaiveDate>,
    pub state: String,
    /// First decision on acceptance (受理 or 不予受理).
    pub decided: Option<NaiveDate>,
    pub accepted: Option<NaiveDate>,
    pub forwarded: Option<NaiveDate>,
    /// The unit's report or the commission's finding, whichever came first.
    pub verified: Option<NaiveDate>,
    pub feedback: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub objected: bool,
    pub rating: Option<String>,
}

fn day(text: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text?.get(..10)?, "%Y-%m-%d").ok()
}

/// The facts of every case submitted in `[from, until)` (dates `YYYY-MM-DD`).
pub async fn facts(db: &Db, secrets: &Secrets, from: &str, until: &str) -> Result<Vec<CaseFacts>> {
    let first = |kinds: &[EventKind]| {
        let list: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.key())).collect();
        format!("MIN(CASE WHEN e.action IN ({}) THEN e.at END)", list.join(", "))
    };
    let sql = format!(
        "SELECT c.kind, c.channel, c.subject_unit, c.submitted_at, c.accept_due, s.state, {}, {}, {}, {}, {}, {}, \
         MAX(CASE WHEN e.action = '{}' THEN 1 ELSE 0 END), MAX(CASE WHEN e.action = '{}' THEN e.id END) \
         FROM complaints c JOIN complaint_status s ON s.complaint_id = c.id \
         LEFT JOIN complaint_events e ON e.complaint_id = c.id \
         WHERE c.submitted_at >= $1 AND c.submitted_at < $2 \
         GROUP BY c.id, c.kind, c.channel, c.subject_unit, c.submitted_at, c.accept_due, s.state",
        first(&[EventKind::Accept, EventKind::NotAccept]),
        first(&[EventKind::Accept]),
        first(&[EventKind::Forward]),
        first(&[EventKind::UnitReport, EventKind::Handle]),
        first(&[EventKind::Feedback]),
        first(&[EventKind::Close]),
        EventKind::Object.key(),
        EventKind::Rate.key(),
    );
    let rows = sqlx::query(&sql).bind(from).bind(until).fetch_all(&db.pool).await?;
    let mut facts = Vec::with_capacity(rows.len());
    let mut rating_events = Vec::new();
    for r in &rows {
        let rating_event: Option<i64> = r.try_get(13)?;
        if let Some(id) = rating_event {
            rating_events.push((facts.len(), id));
        }
        facts.push(CaseFacts {
            kind: r.try_get(0)?,
            channel: r.try_get(1)?,
            subject_unit: r.try_get(2)?,
            submitted: day(r.try_get(3)?),
            accept_due: day(r.try_get(4)?),
            state: r.try_get(5)?,
            decided: day(r.try_get(6)?),
            accepted: day(r.try_get(7)?),
            forwarded: day(r.try_get(8)?),
            verified: day(r.try_get(9)?),
            feedback: day(r.try_get(10)?),
            closed: day(r.try_get(11)?),
            objected: r.try_get::<i64, _>(12)? == 1,
            rating: None,
        });
    }
    // The rating is the first word of the latest rating event's note, which is sealed.
    for chunk in rating_events.chunks(200) {
        let ids: Vec<String> = chunk.iter().map(|(_, id)| id.to_string()).collect();
        let sql = format!("SELECT id, note FROM complaint_events WHERE id IN ({})", ids.join(", "));
        let notes: BTreeMap<i64, String> = sqlx::query(&sql)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<String, _>(1)?)))
            .collect::<Result<_>>()?;
        for (i, id) in chunk {
            if let Some(sealed) = notes.get(id) {
                let note = secrets.open_bound_or_clear(&event_binding("note", *id), sealed)?;
                facts[*i].rating = Some(split_rating(&note).0.to_string());
            }
        }
    }
    Ok(facts)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A deadline's figures: the cases it applied to (taken, or due before `today`) and
/// those that met it.
fn limit(label: &str, working_days: u32, cases: impl Iterator<Item = (NaiveDate, Option<NaiveDate>)>, today: NaiveDate) -> Limit {
    let (mut due, mut met) = (0u32, 0u32);
    for (deadline, done) in cases {
        match done {
            Some(done) => {
                due += 1;
                met += (done <= deadline) as u32;
            }
            None if today > deadline => due += 1,
            None => {}
        }
    }
    let parts = breakdown(vec![(String::new(), met), (String::new(), due - met)]);
    Limit { label: label.to_string(), working_days, due: Cell::of(due), met: parts[0].count, missed: parts[1].count, percent: share(met, due) }
}

fn duration(label: &str, cases: &[CaseFacts], step: impl Fn(&CaseFacts) -> Option<NaiveDate>) -> Duration {
    let cal = calendar::bundled();
    let days: Vec<i64> = cases.iter().filter_map(|c| Some(cal.working_days_between(c.submitted?, step(c)?))).collect();
    Duration { label: label.to_string(), median_days: median(days) }
}

/// The row that holds every unit with fewer than 5 cases, text naming no unit, and none.
pub const OTHER_UNITS: &str = "其他单位（各不足 5 件）或未填写";

/// The published figures of the cases filed in the months `from..=to`, as on `today`.
/// `units` are the district's units: a unit with fewer than 5 cases is not named (so a
/// "<5" never tells a unit that it had one), nor is any text that names none of them.
pub fn aggregate(cases: &[CaseFacts], from: (i32, u32), to: (i32, u32), units: &HashSet<String>, deadlines: &Deadlines, today: NaiveDate) -> TipFigures {
    let cal = calendar::bundled();
    let by = |labels: &[(&str, &str)], key: fn(&CaseFacts) -> &str| {
        breakdown(labels.iter().map(|(k, label)| (label.to_string(), count(cases.iter().filter(|c| key(c) == *k).count()))).collect())
    };
    let mut per_unit: BTreeMap<&str, u32> = BTreeMap::new();
    for c in cases {
        if let Some(unit) = units.get(c.subject_unit.trim()) {
            *per_unit.entry(unit.as_str()).or_default() += 1;
        }
    }
    let mut unit_rows: Vec<(String, u32)> = per_unit.into_iter().filter(|(_, n)| *n >= SMALL_CELL).map(|(u, n)| (u.to_string(), n)).collect();
    unit_rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let named: u32 = unit_rows.iter().map(|(_, n)| n).sum();
    unit_rows.push((OTHER_UNITS.to_string(), count(cases.len()) - named));
    let month_rows = months(from, to)
        .into_iter()
        .map(|m| {
            let key = month_text(m);
            let n = cases.iter().filter(|c| c.submitted.is_some_and(|d| d.format("%Y-%m").to_string() == key)).count();
            (key, count(n))
        })
        .collect();
    let rated: Vec<&str> = cases.iter().filter_map(|c| c.rating.as_deref()).collect();
    let fed_back = count(cases.iter().filter(|c| c.feedback.is_some()).count());
    let objected = count(cases.iter().filter(|c| c.objected && c.feedback.is_some()).count());
    let after = |d: NaiveDate, n: u32| cal.add_working_days(d, n);
    TipFigures {
        received: Cell::of(count(cases.len())),
        accepted: Cell::of(count(cases.iter().filter(|c| c.accepted.is_some()).count())),
        not_accepted: Cell::of(count(cases.iter().filter(|c| c.state == State::NotAccepted.key()).count())),
        forwarded: Cell::of(count(cases.iter().filter(|c| c.forwarded.is_some()).count())),
        closed: Cell::of(count(cases.iter().filter(|c| c.state == State::Closed.key()).count())),
        by_kind: by(KINDS, |c| &c.kind),
        by_channel: by(CHANNELS, |c| &c.channel),
        by_unit: breakdown(unit_rows),
        by_month: breakdown(month_rows),
        durations: vec![
            duration("提交至受理决定", cases, |c| c.decided),
            duration("提交至首次答复", cases, |c| c.feedback),
            duration("提交至办结", cases, |c| c.closed),
        ],
        limits: vec![
            limit("受理", deadlines.accept_days, cases.iter().filter_map(|c| Some((c.accept_due?, c.decided))), today),
            limit("核查（转单位后）", deadlines.verify_days, cases.iter().filter_map(|c| Some((after(c.forwarded?, deadlines.verify_days), c.verified))), today),
            limit("答复（受理后）", deadlines.feedback_days, cases.iter().filter_map(|c| Some((after(c.accepted?, deadlines.feedback_days), c.feedback))), today),
        ],
        ratings: breakdown(RATINGS.iter().map(|r| (r.to_string(), count(rated.iter().filter(|x| *x == r).count()))).collect()),
        rated: Cell::of(count(rated.len())),
        objected: Cell::of(objected),
        objected_percent: share(objected, fed_back),
    }
}

#[cfg(test)]
mod tests;
