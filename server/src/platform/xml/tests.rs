#[test]
fn entities_and_forbidden_characters() {
    assert_eq!(
        super::escape("a<b>&\"'\u{1}c\n\u{FFFE}\u{FFFF}"),
        "a&lt;b&gt;&amp;&quot;&apos;c\n"
    );
}
