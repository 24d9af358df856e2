// glibc's allocator spent half of a million-row import in malloc and free; mimalloc
// halves the import and leaves searches as they were (bench/README.md, "Allocator").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = qingdan::platform::allocator::tune;

fn main() -> std::process::ExitCode {
    #[cfg(not(target_os = "linux"))]
    qingdan::platform::allocator::tune();
    qingdan::cli::main()
}

#[cfg(test)]
mod tests {

    #[test]
    #[cfg(target_os = "linux")]
    fn the_allocator_is_tuned_before_main() {
        // The test harness loads with the same `.init_array` entry as the portal. (The
        // numbers were checked against mimalloc v3's defaults for them: 1000 ms and 2.)
        assert_eq!(qingdan::platform::allocator::settings(), (0, 0));
    }
}
