use super::*;

#[test]
fn limits_per_key_and_window() {
    let l = Limiter::new(3, Duration::from_millis(200));
    assert!(l.allow("a") && l.allow("a") && l.allow("a"));
    assert!(!l.allow("a"));
    assert!(l.blocked("a"));
    assert!(l.allow("b"));
    std::thread::sleep(Duration::from_millis(220));
    assert!(l.allow("a"));
    l.release("a");
    assert!(!l.blocked("a"));
    l.forget("b");
    assert!(!l.blocked("b"));
}
