use super::*;

#[test]
fn another_stamp_is_a_miss_and_the_oldest_answer_goes_first() {
    let answers = Answers::default();
    answers.put("q=补贴".into(), "g1".into(), Bytes::from_static(b"one"));
    assert_eq!(answers.get("q=补贴", "g1").as_deref(), Some(&b"one"[..]));
    assert_eq!(answers.get("q=补贴", "g2"), None, "the data changed since");
    answers.put("q=补贴".into(), "g2".into(), Bytes::from_static(b"two"));
    assert_eq!(answers.get("q=补贴", "g2").as_deref(), Some(&b"two"[..]));
    for i in 0..KEPT {
        answers.put(format!("q={i}"), "g2".into(), Bytes::from_static(b"x"));
    }
    assert_eq!(
        answers.get("q=补贴", "g2"),
        None,
        "the oldest answer made room"
    );
    assert!(answers.get(&format!("q={}", KEPT - 1), "g2").is_some());
}
