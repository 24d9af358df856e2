//! The complaint channel's deadlines, in working days on the official calendar.

use crate::platform::calendar;

/// Deadlines in working days (China's official calendar, see data/calendar/).
#[derive(Clone, Debug)]
pub struct Deadlines {
    pub accept_days: u32,
    pub verify_days: u32,
    pub feedback_days: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self { accept_days: 15, verify_days: 30, feedback_days: 60 }
    }
}

impl Deadlines {
    pub fn from_env() -> Self {
        let get = |name: &str, default: u32| {
            std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
        };
        let d = Self::default();
        Self {
            accept_days: get("QINGDAN_ACCEPT_DAYS", d.accept_days),
            verify_days: get("QINGDAN_VERIFY_DAYS", d.verify_days),
            feedback_days: get("QINGDAN_FEEDBACK_DAYS", d.feedback_days),
        }
    }
}

impl Deadlines {
    pub fn accept_due(&self, today: &str) -> String {
        calendar::add_working_days_str(today, self.accept_days)
    }
    pub fn verify_due(&self, today: &str) -> String {
        calendar::add_working_days_str(today, self.verify_days)
    }
    pub fn feedback_due(&self, today: &str) -> String {
        calendar::add_working_days_str(today, self.feedback_days)
    }
}
