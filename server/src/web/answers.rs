//! Recent public answers kept as the bytes sent. A GET asked again while nothing it
//! shows has changed is answered without searching, cloning or serialising again: that
//! was most of the cost of a popular query. The feature gives a stamp of what its
//! answer depends on (for policies: the index generation, the day and the synonyms);
//! an answer kept under another stamp is a miss.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use axum::body::Bytes;

/// At most this many answers (a few MB).
const KEPT: usize = 256;

#[derive(Default)]
pub struct Answers(Mutex<Kept>);

#[derive(Default)]
struct Kept {
    answers: HashMap<String, (String, Bytes)>,
    order: VecDeque<String>,
}

impl Answers {
    pub fn get(&self, key: &str, stamp: &str) -> Option<Bytes> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.answers.get(key).filter(|(s, _)| s == stamp).map(|(_, body)| body.clone())
    }

    /// Keeps `body` under the stamp read *before* the answer was computed, so an answer
    /// from older data never passes for a newer one.
    pub fn put(&self, key: String, stamp: String, body: Bytes) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !kept.answers.contains_key(&key) {
            if kept.order.len() >= KEPT {
                if let Some(oldest) = kept.order.pop_front() {
                    kept.answers.remove(&oldest);
                }
            }
            kept.order.push_back(key.clone());
        }
        kept.answers.insert(key, (stamp, body));
    }
}

#[cfg(test)]
mod tests;
