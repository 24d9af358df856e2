//! An in-memory keyed rate limiter. Keys (client addresses, user names, receipts) are
//! kept only as salted hashes in this process's memory and never written anywhere.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Limiter {
    max: u32,
    window: Duration,
    salt: RandomState,
    hits: Mutex<HashMap<u64, (Instant, u32)>>,
}

impl Limiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self { max, window, salt: RandomState::new(), hits: Mutex::new(HashMap::new()) }
    }

    /// Counts one attempt for `key`; `false` once the key has used up its window.
    pub fn allow(&self, key: &str) -> bool {
        let id = self.salt.hash_one(key);
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() > 50_000 {
            let window = self.window;
            hits.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = hits.entry(id).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.max
    }

    /// Whether `key` is over its limit, without counting an attempt.
    pub fn blocked(&self, key: &str) -> bool {
        let id = self.salt.hash_one(key);
        let hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        hits.get(&id)
            .is_some_and(|(start, n)| Instant::now().duration_since(*start) < self.window && *n >= self.max)
    }

    /// Takes back one counted attempt, for one that turned out legitimate.
    pub fn release(&self, key: &str) {
        let id = self.salt.hash_one(key);
        if let Some(entry) = self.hits.lock().unwrap_or_else(|e| e.into_inner()).get_mut(&id) {
            entry.1 = entry.1.saturating_sub(1);
        }
    }

    pub fn forget(&self, key: &str) {
        let id = self.salt.hash_one(key);
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }
}

#[cfg(test)]
mod tests;
