use super::*;

#[test]
fn free_space_is_read_and_compared() {
    let dir = std::env::temp_dir();
    assert!(free_bytes(&dir).is_some_and(|b| b > 0));
    let mut limits = Limits::from_env(&dir);
    limits.min_free_disk_mb = 0;
    assert!(limits.disk_has_room());
    limits.min_free_disk_mb = u64::MAX / (1024 * 1024);
    assert!(!limits.disk_has_room());
}
