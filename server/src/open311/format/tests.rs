use super::*;

#[test]
fn lists_are_arrays_and_repeated_elements() {
    let node = Node::List(
        "service",
        vec![Node::Obj(vec![
            ("service_code", text("a<b")),
            ("metadata", Node::Bool(true)),
            ("group", Node::Null),
        ])],
    );
    assert_eq!(
        to_json(&node),
        json!([{ "service_code": "a<b", "metadata": true, "group": null }])
    );
    let mut xml = String::new();
    write_xml(&mut xml, "services", &node);
    assert_eq!(xml, "<services><service><service_code>a&lt;b</service_code><metadata>true</metadata><group/></service></services>");
    assert_eq!(split("requests.json").map(|(s, _)| s), Some("requests"));
    assert!(split("requests.html").is_none());
}
