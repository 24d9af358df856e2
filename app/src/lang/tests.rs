use super::*;

#[test]
fn addresses_pick_the_language_and_links_keep_it() {
    assert_eq!(locale_of_path("/en/search"), Locale::en);
    assert_eq!(locale_of_path("/en"), Locale::en);
    assert_eq!(locale_of_path("/english"), Locale::zh_CN);
    assert_eq!(locale_of_path("/search"), Locale::zh_CN);
    assert_eq!(strip_locale("/en/policy/A-1"), "/policy/A-1");
    assert_eq!(strip_locale("/en"), "/");
    assert_eq!(strip_locale("/enx"), "/enx");
    assert_eq!(localize(Locale::en, "/"), "/en");
    assert_eq!(localize(Locale::en, "/?q=1"), "/en?q=1");
    assert_eq!(
        localize(Locale::en, "/search?q=%E8%B4%B4"),
        "/en/search?q=%E8%B4%B4"
    );
    assert_eq!(localize(Locale::en, "//evil.example/x"), "//evil.example/x");
    assert_eq!(localize(Locale::en, "tel:86757678"), "tel:86757678");
    assert_eq!(localize(Locale::zh_CN, "/search"), "/search");
    assert_eq!(
        switch_href("/search", "?q=%E8%B4%B4"),
        "/en/search?q=%E8%B4%B4"
    );
    assert_eq!(switch_href("/en/search", "q=1"), "/search?q=1");
    assert_eq!(switch_href("/", ""), "/en");
    assert_eq!(switch_href("/en", ""), "/");
}
