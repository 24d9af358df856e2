use super::*;

#[test]
fn backoff_doubles_and_is_capped() {
    let base = Duration::from_secs(5);
    let max = Duration::from_secs(300);
    let waits: Vec<u64> = (1..=9).map(|a| backoff(base, max, a).as_secs()).collect();
    assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
    assert_eq!(backoff(base, max, 0), base);
    assert_eq!(backoff(base, max, i64::MAX), max);
}

#[test]
fn later_is_in_the_future_and_compares_as_text() {
    let now = clock::now();
    let then = later(Duration::from_millis(200));
    assert!(then > now, "{then} > {now}");
    assert!(later(Duration::from_secs(3600)) > then);
    assert_eq!(then.len(), now.len());
}

#[test]
fn errors_never_carry_addresses() {
    let e = scrub(
        "permanent error (550): 5.1.1 <Zhang.San@Example.com>: Recipient address rejected",
        "zhang.san@example.com",
    );
    assert!(!e.to_lowercase().contains("zhang.san"), "{e}");
    let e = scrub("rejected other@example.org", "x@y.z");
    assert!(!e.contains("other@example.org"), "{e}");
    assert!(scrub(&"x".repeat(1000), "a@b.c").chars().count() <= ERROR_CHARS);
}

#[test]
fn the_sender_parses_and_addresses_are_checked() {
    let from: Mailbox = FROM.parse().unwrap();
    assert_eq!(from.name.as_deref(), Some("清单门户"));
}

#[test]
fn smtp_urls_are_redacted() {
    let t = Transport::Smtp("smtps://user:secret@mail.example.com:465".into());
    assert!(!format!("{t:?}").contains("secret"));
}
