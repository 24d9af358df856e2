use super::*;

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Handle {
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default, deserialize_with = "trimmed")]
    note: String,
}

#[test]
fn repeated_fields_and_bad_utf8() {
    let h: Handle = parse(
        "measures=%E9%97%AE%E8%B4%A3&measures=%E7%BB%84%E7%BB%87%E5%A4%84%E7%90%86&note=+ok+"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        h,
        Handle {
            measures: vec!["问责".into(), "组织处理".into()],
            note: "ok".into()
        }
    );
    let h: Handle = parse(b"").unwrap();
    assert!(h.measures.is_empty());
    assert!(matches!(
        parse::<Handle>(b"note=%FF\xff"),
        Err(PortalError::BadRequest(_))
    ));
}
