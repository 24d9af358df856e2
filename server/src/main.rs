// glibc's allocator spent half of a million-row import in malloc and free; mimalloc
// halves the import and leaves searches as they were (bench/README.md, "Allocator").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in mimalloc.h, the same in v2 and v3).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Freed memory goes back to the system at once and arenas are committed as used:
/// with mimalloc's defaults the portal held 90 MB more after a live import of 100,000
/// rows (384 MB against 300). A `MIMALLOC_*` variable set by the operator still wins.
/// Runs before `main` and before the first allocation (an `.init_array` entry):
/// mimalloc reads its options from the environment when the process loads and commits
/// its first arena at the first allocation, so both later would be too late.
extern "C" fn tune_allocator() {
    for (option, variable) in [(PURGE_DELAY, "MIMALLOC_PURGE_DELAY"), (ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT")] {
        if std::env::var_os(variable).is_none() {
            // SAFETY: sets one of mimalloc's options; it applies to later allocations.
            unsafe { libmimalloc_sys::mi_option_set(option, 0) };
        }
    }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

fn main() -> std::process::ExitCode {
    #[cfg(not(target_os = "linux"))]
    tune_allocator();
    qingdan::cli::main()
}

#[cfg(test)]
mod tests {
    use super::*;
    use libmimalloc_sys::mi_option_get;

    #[test]
    #[cfg(target_os = "linux")]
    fn the_allocator_is_tuned_before_main() {
        // The test harness loads with the same `.init_array` entry as the portal. (The
        // numbers were checked against mimalloc v3's defaults for them: 1000 ms and 2.)
        // SAFETY: reads two of mimalloc's options.
        let tuned = unsafe { (mi_option_get(PURGE_DELAY), mi_option_get(ARENA_EAGER_COMMIT)) };
        assert_eq!(tuned, (0, 0));
    }
}
