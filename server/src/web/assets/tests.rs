use super::is_hashed;

#[test]
fn hashed_names() {
    assert!(is_hashed("/pkg/qingdan.3f2a9c1b00aa11ff.wasm"));
    assert!(is_hashed("/pkg/qingdan.3f2a9c1b00aa11ff.css"));
    assert!(!is_hashed("/pkg/qingdan.wasm"));
    assert!(!is_hashed("/pkg/qingdan.css"));
    assert!(!is_hashed("/pkg/.3f2a9c1b00aa11ff.wasm"));
    assert!(!is_hashed("/pkg/qingdan.3f2a9c1b.wasm"));
    assert!(!is_hashed("/pkg/qingdan.3f2a9c1b00aa11fg.wasm"));
}
