use super::*;

#[test]
fn days_and_materials() {
    assert_eq!(parse_days("即办"), Ok(0));
    assert_eq!(parse_days("5个工作日"), Ok(5));
    assert!(parse_days("五天").is_err());
    let m = parse_materials("出生医学证明（1份，原件）；父母身份证(各2份,复印件)").unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(
        (m[1].name.as_str(), m[1].copies, m[1].original),
        ("父母身份证", 2, false)
    );
    assert!(parse_materials("户口簿").is_err());
    assert!(parse_materials("户口簿（1份，扫描件）").is_err());
    assert_eq!(parse_materials("无").unwrap(), vec![]);
}
