//! Counters and histograms a feature keeps about itself (searches timed, tips filed),
//! read by the web layer when it renders `/metrics`. Lock-free: recording is a few
//! atomic additions, so the hot paths can afford it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds, in seconds, of the buckets of every duration histogram: from a cached
/// search (well under a millisecond) to a slow upload.
pub const SECONDS_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
pub struct Counter(AtomicU64);

impl Counter {
    pub fn inc(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Counters for a fixed set of label values (e.g. the tip channels), known up front so
/// that every value is reported, 0 included.
pub struct KeyedCounters {
    keys: Vec<&'static str>,
    counters: Vec<Counter>,
}

impl KeyedCounters {
    pub fn new(keys: impl IntoIterator<Item = &'static str>) -> Self {
        let keys: Vec<&'static str> = keys.into_iter().collect();
        let counters = keys.iter().map(|_| Counter::default()).collect();
        Self { keys, counters }
    }

    /// Counts one for `key`; a key outside the set is not counted.
    pub fn inc(&self, key: &str) {
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            self.counters[i].inc();
        }
    }

    pub fn values(&self) -> Vec<(&'static str, u64)> {
        self.keys.iter().zip(&self.counters).map(|(k, c)| (*k, c.get())).collect()
    }
}

/// Durations counted into [`SECONDS_BUCKETS`].
pub struct Histogram {
    /// One count per bucket plus one for everything above the last bound.
    buckets: Vec<AtomicU64>,
    sum_nanos: AtomicU64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self { buckets: (0..=SECONDS_BUCKETS.len()).map(|_| AtomicU64::new(0)).collect(), sum_nanos: AtomicU64::new(0) }
    }
}

/// A histogram as read at one moment: cumulative counts per bound, as exposed.
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramSnapshot {
    /// `(upper bound, observations <= bound)` for each of [`SECONDS_BUCKETS`].
    pub cumulative: Vec<(f64, u64)>,
    pub count: u64,
    pub sum_seconds: f64,
}

impl Histogram {
    pub fn observe(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let bucket = SECONDS_BUCKETS.iter().position(|bound| seconds <= *bound).unwrap_or(SECONDS_BUCKETS.len());
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        self.sum_nanos.fetch_add(u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// Times `work` into this histogram.
    pub fn time<R>(&self, work: impl FnOnce() -> R) -> R {
        let started = std::time::Instant::now();
        let outcome = work();
        self.observe(started.elapsed());
        outcome
    }

    /// The count is the sum of the buckets read, so `+Inf` and `_count` always agree.
    pub fn snapshot(&self) -> HistogramSnapshot {
        let mut running = 0;
        let mut cumulative = Vec::with_capacity(SECONDS_BUCKETS.len());
        for (bound, bucket) in SECONDS_BUCKETS.iter().zip(&self.buckets) {
            running += bucket.load(Ordering::Relaxed);
            cumulative.push((*bound, running));
        }
        let count = running + self.buckets[SECONDS_BUCKETS.len()].load(Ordering::Relaxed);
        HistogramSnapshot { cumulative, count, sum_seconds: self.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9 }
    }
}

#[cfg(test)]
mod tests;
