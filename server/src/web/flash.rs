//! One-time values handed from a POST to the page it redirects to (a receipt shown
//! once, a form draft after an error, an identity just revealed). In memory only,
//! taken at most once, gone after ten minutes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::platform::crypto::random_token;

const TTL: Duration = Duration::from_secs(10 * 60);

pub struct Flash<T> {
    items: Mutex<HashMap<String, (Instant, T)>>,
}

impl<T> Default for Flash<T> {
    fn default() -> Self {
        Self { items: Mutex::new(HashMap::new()) }
    }
}

impl<T> Flash<T> {
    pub fn put(&self, value: T) -> String {
        let token = random_token();
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        items.retain(|_, (at, _)| now.duration_since(*at) < TTL);
        items.insert(token.clone(), (now, value));
        token
    }

    pub fn take(&self, token: &str) -> Option<T> {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        items.remove(token).filter(|(at, _)| at.elapsed() < TTL).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_once() {
        let f = Flash::default();
        let t = f.put(42);
        assert_eq!(f.take(&t), Some(42));
        assert_eq!(f.take(&t), None);
        assert_eq!(f.take("forged"), None);
    }
}
