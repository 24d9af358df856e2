use super::*;

fn xff(value: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("x-forwarded-for", value.parse().unwrap());
    h
}

#[test]
fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
    let trusted = parse_list("127.0.0.1, 10.0.0.0/8 fd00::/8").unwrap();
    let proxy: IpAddr = "10.1.2.3".parse().unwrap();
    let stranger: IpAddr = "203.0.113.9".parse().unwrap();
    assert_eq!(
        client_ip(stranger, &xff("198.51.100.1"), &trusted),
        stranger,
        "a client cannot claim another address"
    );
    assert_eq!(
        client_ip(proxy, &xff("198.51.100.1"), &trusted).to_string(),
        "198.51.100.1"
    );
    assert_eq!(
        client_ip(proxy, &xff("6.6.6.6, 198.51.100.1, 10.9.9.9"), &trusted).to_string(),
        "198.51.100.1",
        "the right-most untrusted entry"
    );
    assert_eq!(
        client_ip(proxy, &HeaderMap::new(), &trusted),
        proxy,
        "no header: the proxy itself"
    );
    assert_eq!(client_ip(proxy, &xff("garbage"), &trusted), proxy);
    assert_eq!(
        client_ip(
            "::ffff:10.0.0.1".parse().unwrap(),
            &xff("[2001:db8:1:2::5]:443"),
            &trusted
        )
        .to_string(),
        "2001:db8:1:2::5"
    );
    assert_eq!(
        key_of("2001:db8:1:2:aaaa::5".parse().unwrap()),
        "2001:db8:1:2::/64"
    );
    assert_eq!(
        key_of("2001:db8:1:2:bbbb::9".parse().unwrap()),
        key_of("2001:db8:1:2::1".parse().unwrap()),
        "one /64, one key"
    );
    assert_eq!(key_of("::ffff:192.0.2.1".parse().unwrap()), "192.0.2.1");
    assert!(parse_list("10.0.0.0/33").is_err() && parse_list("proxy.example").is_err());
    assert!(parse_list("").unwrap().is_empty());
}
