//! mimalloc's settings: freed memory goes back to the system at once, except while a
//! search index is rebuilt.

use std::sync::Mutex;

use libmimalloc_sys::{mi_collect, mi_option_get, mi_option_set, mi_option_t};

/// mimalloc's option numbers (`mi_option_e` in mimalloc.h, the same in v2 and v3).
const PURGE_DELAY: mi_option_t = 15;
const ARENA_EAGER_COMMIT: mi_option_t = 4;

/// How long freed memory is kept for reuse while an index is rebuilt, in ms: the
/// indexing threads free and allocate the same sizes over and over, and returning
/// each page at once cost a fifth of a million-item rebuild's CPU in page faults.
const REBUILD_PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// Freed memory goes back to the system at once and arenas are committed as used:
/// with mimalloc's defaults the portal held 90 MB more after a live import of 100,000
/// rows (384 MB against 300). A `MIMALLOC_*` variable set by the operator still wins.
/// Called before `main` and before the first allocation (an `.init_array` entry, see
/// main.rs): mimalloc reads its options from the environment when the process loads
/// and commits its first arena at the first allocation, so both later would be too late.
pub extern "C" fn tune() {
    for (option, variable) in [(PURGE_DELAY, "MIMALLOC_PURGE_DELAY"), (ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT")] {
        if std::env::var_os(variable).is_none() {
            // SAFETY: sets one of mimalloc's options; it applies to later allocations.
            unsafe { mi_option_set(option, 0) };
        }
    }
}

/// The rebuilds running, and the purge delay from before the first of them.
static REBUILDS: Mutex<(usize, std::ffi::c_long)> = Mutex::new((0, 0));

/// While one is alive (an index is rebuilt), freed memory is kept for a while before it
/// goes back to the system; when the last one ends, the delay is restored and what is
/// free is returned. Nothing changes when the operator set `MIMALLOC_PURGE_DELAY`.
pub struct KeepFreed {
    active: bool,
}

impl KeepFreed {
    pub fn during_rebuild() -> Self {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return Self { active: false };
        }
        let mut rebuilds = REBUILDS.lock().unwrap_or_else(|e| e.into_inner());
        if rebuilds.0 == 0 {
            // SAFETY: reads and sets one of mimalloc's options.
            rebuilds.1 = unsafe { mi_option_get(PURGE_DELAY) };
            unsafe { mi_option_set(PURGE_DELAY, REBUILD_PURGE_DELAY_MS) };
        }
        rebuilds.0 += 1;
        Self { active: true }
    }
}

impl Drop for KeepFreed {
    fn drop(&mut self) {
        if !self.active {
            return;
        }
        let mut rebuilds = REBUILDS.lock().unwrap_or_else(|e| e.into_inner());
        rebuilds.0 = rebuilds.0.saturating_sub(1);
        if rebuilds.0 == 0 {
            // SAFETY: sets one of mimalloc's options, then returns this thread's free
            // pages; both are safe at any time.
            unsafe {
                mi_option_set(PURGE_DELAY, rebuilds.1);
                mi_collect(true);
            }
        }
    }
}

/// The purge delay (ms) and the eager arena commit, as mimalloc has them now.
pub fn settings() -> (std::ffi::c_long, std::ffi::c_long) {
    // SAFETY: reads two of mimalloc's options.
    unsafe { (mi_option_get(PURGE_DELAY), mi_option_get(ARENA_EAGER_COMMIT)) }
}

#[cfg(test)]
mod tests;
