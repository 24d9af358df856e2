use super::*;

#[test]
fn taken_once() {
    let f = Flash::default();
    let t = f.put(42);
    assert_eq!(f.take(&t), Some(42));
    assert_eq!(f.take(&t), None);
    assert_eq!(f.take("forged"), None);
}

#[test]
fn bounded_by_entries_and_bytes() {
    let f = Flash::default();
    let first = f.put_sized(0usize, MAX_BYTES / 2);
    let _second = f.put_sized(1usize, MAX_BYTES / 2);
    let _third = f.put_sized(2usize, MAX_BYTES / 2);
    assert!(f.bytes() <= MAX_BYTES);
    assert_eq!(f.take(&first), None, "the oldest made room");
    for i in 0..MAX_ENTRIES + 10 {
        f.put(i);
    }
    assert!(f.len() <= MAX_ENTRIES);
}
