//! The portal's notion of "today": the district keeps China Standard Time.

use chrono::{DateTime, Datelike, FixedOffset, Utc};

fn china_now() -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    Utc::now().with_timezone(&offset)
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
