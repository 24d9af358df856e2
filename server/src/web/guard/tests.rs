use super::*;

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.insert(*k, v.parse().unwrap());
    }
    h
}

#[test]
fn only_this_sites_pages_may_post() {
    assert!(
        same_origin(&headers(&[("host", "portal.example")])),
        "no Origin: not a browser form"
    );
    assert!(same_origin(&headers(&[
        ("host", "portal.example"),
        ("origin", "https://portal.example")
    ])));
    assert!(same_origin(&headers(&[
        ("host", "127.0.0.1:3000"),
        ("origin", "http://127.0.0.1:3000")
    ])));
    assert!(!same_origin(&headers(&[
        ("host", "portal.example"),
        ("origin", "https://evil.example")
    ])));
    assert!(!same_origin(&headers(&[
        ("host", "portal.example"),
        ("origin", "null")
    ])));
    assert!(!same_origin(&headers(&[
        ("host", "portal.example"),
        ("sec-fetch-site", "cross-site")
    ])));
    assert!(same_origin(&headers(&[
        ("host", "10.0.0.5:3000"),
        ("x-forwarded-host", "portal.example"),
        ("origin", "https://portal.example")
    ])));
    assert!(takes_uploads("/report") && takes_uploads("/staff/tasks/GG01001/closeout"));
    assert!(!takes_uploads("/api/search_policies") && !takes_uploads("/track"));
}
