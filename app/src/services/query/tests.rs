use super::*;

#[test]
fn parses_and_rebuilds() {
    let p = ServiceParams::from_query("q=%E5%87%BA%E7%94%9F&online=true&instant=0&page=2").unwrap();
    assert_eq!(p.q, "出生");
    assert_eq!(
        (p.online, p.instant, p.offset),
        (Some(true), Some(false), 20)
    );
    assert_eq!(ServiceParams::from_query(&p.url(2)[10..]).unwrap(), p);
    assert!(ServiceParams::from_query("online=maybe").is_err());
    assert!(ServiceParams::from_query("limit=101").is_err());
}
