//! The portal's notion of "today": the district keeps China Standard Time.

//!
//! Tests (and drills) set "now" in this one place: `QINGDAN_CLOCK=2024-09-27T10:00:00`
//! starts the process's clock at that China time, and [`set_now`] moves it in-process.
//! The clock runs on from there; production leaves both alone.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, TimeZone, Utc};

/// Milliseconds added to the system clock; `UNSET` until first read.
static SHIFT_MS: AtomicI64 = AtomicI64::new(UNSET);
const UNSET: i64 = i64::MIN;

/// China time (UTC+8), checked when compiling.
pub const CHINA: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// `YYYY-MM-DDTHH:MM:SS` (or a date alone, at 09:00) as China time.
pub fn parse_china_time(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(&format!("{text}T09:00:00"), "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    CHINA.from_local_datetime(&naive).single()
}

fn shift_ms() -> i64 {
    let shift = SHIFT_MS.load(Ordering::Relaxed);
    if shift != UNSET {
        return shift;
    }
    let from_env = std::env::var("QINGDAN_CLOCK")
        .ok()
        .and_then(|v| parse_china_time(&v))
        .map(|at| (at.with_timezone(&Utc) - Utc::now()).num_milliseconds())
        .unwrap_or(0);
    // Only the first reader decides; a concurrent `set_now` wins.
    let _ = SHIFT_MS.compare_exchange(UNSET, from_env, Ordering::Relaxed, Ordering::Relaxed);
    SHIFT_MS.load(Ordering::Relaxed)
}

/// Moves this process's clock so that it reads `at` now (tests).
pub fn set_now(at: DateTime<FixedOffset>) {
    SHIFT_MS.store((at.with_timezone(&Utc) - Utc::now()).num_milliseconds(), Ordering::Relaxed);
}

fn china_now() -> DateTime<FixedOffset> {
    (Utc::now() + chrono::Duration::milliseconds(shift_ms())).with_timezone(&CHINA)
}

/// `YYYY-MM-DD`
pub fn today() -> String {
    china_now().format("%Y-%m-%d").to_string()
}

pub fn now() -> String {
    china_now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `now()` as it was `minutes` ago.
pub fn minutes_ago(minutes: i64) -> String {
    (china_now() - chrono::Duration::minutes(minutes)).format("%Y-%m-%d %H:%M:%S").to_string()
}

pub fn current_year() -> i32 {
    china_now().year()
}
