use super::*;

#[test]
fn phones() {
    for ok in [
        "0532-86990000",
        "13800000000",
        "+86 532 8699 0000",
        "(0532)86757678",
        "86757678转12",
    ] {
        assert!(valid_phone(ok), "{ok}");
    }
    for bad in [
        "",
        "12345",
        "找张科长",
        "电话待定",
        "0532-8699x",
        &"1".repeat(21),
    ] {
        assert!(!valid_phone(bad), "{bad}");
    }
}

#[test]
fn emails() {
    assert!(valid_email("zhangsan@example.com"));
    assert!(valid_email("张三 <zhangsan@example.com>"));
    assert!(!valid_email("not an address"));
    assert!(!valid_email(""));
}
