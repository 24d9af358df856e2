//! One-time values handed from a POST to the page it redirects to (a receipt shown
//! once, a form draft after an error, an identity just revealed). In memory only,
//! taken at most once, gone after ten minutes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::platform::crypto::random_token;

const TTL: Duration = Duration::from_secs(10 * 60);
/// Bounds of one store: a flood of refused forms evicts the oldest drafts instead of
/// growing the process.
pub const MAX_ENTRIES: usize = 10_000;
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

struct Store<T> {
    items: HashMap<String, (Instant, usize, T)>,
    bytes: usize,
}

pub struct Flash<T> {
    store: Mutex<Store<T>>,
}

impl<T> Default for Flash<T> {
    fn default() -> Self {
        Self { store: Mutex::new(Store { items: HashMap::new(), bytes: 0 }) }
    }
}

impl<T> Flash<T> {
    pub fn put(&self, value: T) -> String {
        self.put_sized(value, 0)
    }

    /// Keeps `value` (about `size` bytes) for one `take`.
    pub fn put_sized(&self, value: T, size: usize) -> String {
        let token = random_token();
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let mut freed = 0;
        store.items.retain(|_, (at, n, _)| {
            let keep = now.duration_since(*at) < TTL;
            if !keep {
                freed += *n;
            }
            keep
        });
        store.bytes -= freed;
        while !store.items.is_empty() && (store.items.len() >= MAX_ENTRIES || store.bytes + size > MAX_BYTES) {
            let Some(oldest) = store.items.iter().min_by_key(|(_, (at, _, _))| *at).map(|(k, _)| k.clone()) else { break };
            if let Some((_, n, _)) = store.items.remove(&oldest) {
                store.bytes -= n;
            }
        }
        store.bytes += size;
        store.items.insert(token.clone(), (now, size, value));
        token
    }

    pub fn take(&self, token: &str) -> Option<T> {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let (at, size, value) = store.items.remove(token)?;
        store.bytes -= size;
        (at.elapsed() < TTL).then_some(value)
    }

    pub fn len(&self) -> usize {
        self.store.lock().unwrap_or_else(|e| e.into_inner()).items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn bytes(&self) -> usize {
        self.store.lock().unwrap_or_else(|e| e.into_inner()).bytes
    }
}

#[cfg(test)]
mod tests;
