use super::*;

#[test]
fn english_pages_get_english_answers() {
    assert_eq!(
        referer_path("http://127.0.0.1:3000/en/report?draft=x"),
        "/en/report"
    );
    assert_eq!(referer_path("https://portal.example"), "/");
    assert_eq!(referer_path("/en/track#x"), "/en/track");
    assert_eq!(
        english_target("/report/receipt").as_deref(),
        Some("/en/report/receipt")
    );
    assert_eq!(
        english_target("/track?error=%E2%80%A6").as_deref(),
        Some("/en/track?error=%E2%80%A6")
    );
    assert_eq!(english_target("/").as_deref(), Some("/en"));
    assert_eq!(english_target("/en/track"), None);
    assert_eq!(english_target("/staff/case/X"), None);
    assert_eq!(english_target("//evil.example/"), None);
    assert_eq!(english_target("https://evil.example/"), None);
}
