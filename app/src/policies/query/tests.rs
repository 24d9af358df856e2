use super::*;

#[test]
fn round_trips_through_a_url() {
    let p = SearchParams::from_query(
            "q=%E8%A1%A5%E8%B4%B4+%E8%B5%84%E9%87%91&category=%E7%A7%91%E6%8A%80%E5%88%9B%E6%96%B0&qualification=%E4%B8%93%E7%B2%BE%E7%89%B9%E6%96%B0&qualification=%E5%B0%8F%E5%B7%A8%E4%BA%BA&founded=2015&page=3",
        )
        .unwrap();
    assert_eq!(p.q, "补贴 资金");
    assert_eq!(p.category.as_deref(), Some("科技创新"));
    assert_eq!(p.profile.qualifications, vec!["专精特新", "小巨人"]);
    assert_eq!(p.offset, 40);
    assert!(!p.all_versions);
    let all = SearchParams::from_query("q=x&versions=all").unwrap();
    assert!(all.all_versions);
    assert_eq!(
        SearchParams::from_query(all.to_url(1).trim_start_matches("/search?")).unwrap(),
        all
    );
    assert!(SearchParams::from_query("versions=some").is_err());
    let again = SearchParams::from_query(p.to_url(3).trim_start_matches("/search?")).unwrap();
    assert_eq!(again, p);
}

#[test]
fn broken_utf8_and_bad_numbers_are_clear_errors() {
    assert!(matches!(
        SearchParams::from_query("q=%FF%FE"),
        Err(PortalError::BadRequest(_))
    ));
    assert!(matches!(
        SearchParams::from_query("founded=abc"),
        Err(PortalError::BadRequest(_))
    ));
    assert!(matches!(
        SearchParams::from_query("limit=1000"),
        Err(PortalError::BadRequest(_))
    ));
    let long = "q=".to_string() + &"税".repeat(5000);
    assert!(matches!(
        SearchParams::from_query(&long),
        Err(PortalError::BadRequest(_))
    ));
}

#[test]
fn stray_percent_signs_are_kept() {
    let p = SearchParams::from_query("q=100%25+%&x").unwrap();
    assert_eq!(p.q, "100% %");
}
