use super::*;

#[test]
fn a_near_miss_names_the_unit_it_most_likely_means() {
    let known: Vec<String> = [
        "区财政局",
        "区商务局",
        "区人力资源和社会保障局",
        "区市场监督管理局",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        suggest("财政局", &known).map(String::as_str),
        Some("区财政局")
    );
    assert_eq!(
        suggest("区财证局", &known).map(String::as_str),
        Some("区财政局")
    );
    assert_eq!(
        suggest("区人社局", &known),
        None,
        "an abbreviation is too far to guess"
    );
    assert_eq!(
        suggest("区财政局", &known),
        None,
        "an existing name needs no suggestion"
    );
    assert_eq!(suggest("区教育局", &known), None);
    assert_eq!(suggest("局", &known), None);
    assert!(did_you_mean("财政局", &known).contains("区财政局"));
}
