//! A reporter who entered a receipt on /track keeps a random token in a session cookie;
//! the receipt itself stays in this process's memory, never in the browser's cookie
//! jar, and is forgotten after 30 idle minutes or on 退出.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::platform::crypto::random_token;

const IDLE: Duration = Duration::from_secs(30 * 60);
const MAX_SESSIONS: usize = 50_000;

#[derive(Default)]
pub struct ReceiptSessions {
    sessions: Mutex<HashMap<String, (Instant, String)>>,
}

impl ReceiptSessions {
    pub fn open(&self, receipt: &str) -> String {
        let token = random_token();
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        sessions.retain(|_, (seen, _)| now.duration_since(*seen) < IDLE);
        if sessions.len() >= MAX_SESSIONS {
            if let Some(oldest) = sessions.iter().min_by_key(|(_, (seen, _))| *seen).map(|(k, _)| k.clone()) {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(token.clone(), (now, receipt.to_string()));
        token
    }

    /// The receipt behind a token, refreshing its idle clock.
    pub fn receipt(&self, token: &str) -> Option<String> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let entry = sessions.get_mut(token)?;
        if entry.0.elapsed() >= IDLE {
            sessions.remove(token);
            return None;
        }
        entry.0 = Instant::now();
        Some(entry.1.clone())
    }

    pub fn close(&self, token: &str) {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner()).remove(token);
    }
}

#[cfg(test)]
mod tests;
