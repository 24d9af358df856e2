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
mod tests {
    use super::*;

    #[test]
    fn another_stamp_is_a_miss_and_the_oldest_answer_goes_first() {
        let answers = Answers::default();
        answers.put("q=补贴".into(), "g1".into(), Bytes::from_static(b"one"));
        assert_eq!(answers.get("q=补贴", "g1").as_deref(), Some(&b"one"[..]));
        assert_eq!(answers.get("q=补贴", "g2"), None, "the data changed since");
        answers.put("q=补贴".into(), "g2".into(), Bytes::from_static(b"two"));
        assert_eq!(answers.get("q=补贴", "g2").as_deref(), Some(&b"two"[..]));
        for i in 0..KEPT {
            answers.put(format!("q={i}"), "g2".into(), Bytes::from_static(b"x"));
        }
        assert_eq!(answers.get("q=补贴", "g2"), None, "the oldest answer made room");
        assert!(answers.get(&format!("q={}", KEPT - 1), "g2").is_some());
    }
}
