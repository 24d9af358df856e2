use super::*;

#[test]
fn text_is_escaped_and_hosts_are_checked() {
    let mut headers = HeaderMap::new();
    headers.insert(header::HOST, "portal.example:8080".parse().unwrap());
    assert_eq!(base_url(&headers), "http://portal.example:8080");
    headers.insert(header::HOST, "evil\"><x".parse().unwrap());
    assert_eq!(base_url(&headers), "http://localhost");
}
