use super::*;

#[test]
fn percent_encoding_round_trips() {
    assert_eq!(
        percent_encode("免申即享 A-z_0.~/&"),
        "%E5%85%8D%E7%94%B3%E5%8D%B3%E4%BA%AB%20A-z_0.~%2F%26"
    );
    let pairs = parse_pairs(&format!(
        "q={}&x=1",
        percent_encode("高新技术企业&size=小型")
    ))
    .unwrap();
    assert_eq!(
        pairs[0],
        ("q".to_string(), "高新技术企业&size=小型".to_string())
    );
}
