use super::*;

#[test]
fn every_word_must_be_found() {
    let texts = ["测试企业研发补助", "对年度研发投入增长的企业给予资金补助"];
    assert!(matches_query("", &texts));
    assert!(matches_query("研发 资金补助", &texts));
    assert!(!matches_query("研发 上市", &texts));
    assert!(matches_query("ABC", &["abc 奖励"]));
}
