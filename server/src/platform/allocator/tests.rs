use super::*;

#[test]
fn a_rebuild_keeps_freed_memory_until_the_last_one_ends() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    let outer = KeepFreed::during_rebuild();
    assert_eq!(settings().0, REBUILD_PURGE_DELAY_MS);
    let inner = KeepFreed::during_rebuild();
    drop(inner);
    // Another rebuild still runs: its memory stays kept.
    assert_eq!(settings().0, REBUILD_PURGE_DELAY_MS);
    drop(outer);
    // Other tests rebuild indexes at the same time; the option only changes under the lock.
    let rebuilds = REBUILDS.lock().unwrap_or_else(|e| e.into_inner());
    let expected = if rebuilds.0 == 0 { rebuilds.1 } else { REBUILD_PURGE_DELAY_MS };
    assert_eq!(settings().0, expected);
}
