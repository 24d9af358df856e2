//! The search pool: a thread per core the portal may use, each kept on its core, and
//! [`walk`], which spreads a search's parts over them and the caller's thread.
//!
//! Kept on its core because a thread woken by a busy one is often queued behind it on
//! the waker's core: measured on a 2-core virtual machine after a pause of a tenth of
//! a second, the helper started only once the caller had walked every part (a search
//! for 出口信用保险 at a million items took 1.75 ms instead of 1.2 ms for ten requests
//! in a row). Each pool thread stays on its own core, so one always runs beside the
//! caller, wherever the caller runs. (Where the process may use more cores than the
//! pool has threads, the threads are left to the scheduler.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use rayon::{ThreadPool, ThreadPoolBuilder};

/// `None` on a machine (or in a container) with one core: searches walk their parts on
/// the caller's thread.
static POOL: LazyLock<Option<ThreadPool>> = LazyLock::new(|| {
    let cores = allowed_cores();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    if threads < 2 {
        return None;
    }
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("qingdan-search-{i}"))
        .start_handler(move |i| {
            // Only where the pool has every core the process may use: with more cores
            // than threads (a quota, or more than eight), the scheduler picks.
            if cores.len() == threads {
                if let Some(core) = cores.get(i) {
                    keep_on(*core);
                }
            }
        })
        .build()
        .ok()
});

/// How many threads walk a search's parts at once.
pub(super) fn threads() -> usize {
    POOL.as_ref().map_or(1, ThreadPool::current_num_threads)
}

/// Walks `parts` with `pass` and returns the results in the order of `parts`. With
/// `parallel`, the caller's thread and every pool thread each take the next part no
/// one has taken: the caller starts at once instead of waiting for a sleeping thread to
/// wake (tens of microseconds on a virtual machine), and at the end waits only for the
/// parts others still walk, yielding rather than sleeping, as a sleeper's wake-up would
/// cost as much again.
pub(super) fn walk<P: Send, T: Send>(parts: Vec<P>, parallel: bool, pass: impl Fn(P) -> T + Sync) -> Vec<T> {
    let n = parts.len();
    let parts: Vec<Mutex<Option<P>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(n));
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(part) = parts.get(i).and_then(|p| p.lock().unwrap_or_else(|e| e.into_inner()).take()) else {
            break;
        };
        // Counted even if `pass` panics: the caller must not wait for it forever (the
        // pool hands the panic on to the caller once every job has ended).
        let _done = Finished(&finished);
        let result = pass(part);
        results.lock().unwrap_or_else(|e| e.into_inner()).push((i, result));
    };
    match &*POOL {
        Some(pool) if parallel && n > 1 => pool.in_place_scope(|scope| {
            scope.spawn_broadcast(|_, _| work());
            work();
            let mut spins = 0u32;
            while finished.load(Ordering::Acquire) < n {
                if spins < 100 {
                    spins += 1;
                    std::hint::spin_loop();
                } else {
                    // A pool thread may be walking its part on this very core.
                    std::thread::yield_now();
                }
            }
        }),
        _ => work(),
    }
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

struct Finished<'a>(&'a AtomicUsize);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Release);
    }
}

/// The cores this process may run on, in order.
fn allowed_cores() -> Vec<usize> {
    // SAFETY: `set` is a plain bit set the call fills; 0 asks about this thread.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return Vec::new();
        }
        (0..libc::CPU_SETSIZE as usize).filter(|c| libc::CPU_ISSET(*c, &set)).collect()
    }
}

/// Keeps the calling thread on `core`; where the system refuses, the thread runs
/// wherever the scheduler puts it.
fn keep_on(core: usize) {
    // SAFETY: as in `allowed_cores`; 0 is the calling thread.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_is_walked_once_and_answers_in_order() {
        for parallel in [false, true] {
            let seen = Mutex::new(Vec::new());
            let out = walk((0..200u32).collect(), parallel, |p| {
                seen.lock().unwrap().push(p);
                p * 2
            });
            assert_eq!(out, (0..200u32).map(|p| p * 2).collect::<Vec<_>>());
            let mut seen = seen.into_inner().unwrap();
            seen.sort_unstable();
            assert_eq!(seen, (0..200u32).collect::<Vec<_>>(), "parallel: {parallel}");
        }
    }

    #[test]
    fn a_part_that_panics_reaches_the_caller_and_nothing_hangs() {
        let caught = std::panic::catch_unwind(|| {
            walk((0..50u32).collect(), true, |p| {
                assert_ne!(p, 17, "part 17 fails");
                p
            })
        });
        assert!(caught.is_err());
        // The pool still works afterwards.
        assert_eq!(walk(vec![1, 2, 3], true, |p: u32| p + 1), vec![2, 3, 4]);
    }
}
