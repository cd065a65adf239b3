//! Fuzzes how serve decides who is asking: from a trusted proxy, any X-Forwarded-For value
//! either names a client that is one of its hops, or is refused; from any other peer the
//! header is never read.
#![no_main]

use axum::http::{HeaderMap, HeaderValue};
use chami::serve::identity::client_ip;
use libfuzzer_sys::fuzz_target;
use std::net::IpAddr;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = HeaderValue::from_bytes(data) else {
        return;
    };
    let mut headers = HeaderMap::new();
    headers.insert("x-forwarded-for", value.clone());
    let trusted = ["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
    let proxy: IpAddr = "127.0.0.1".parse().unwrap();
    let stranger: IpAddr = "10.9.9.9".parse().unwrap();
    assert_eq!(client_ip(stranger, &headers, &trusted), Ok(stranger));
    if let Ok(ip) = client_ip(proxy, &headers, &trusted) {
        let text = String::from_utf8_lossy(value.as_bytes());
        let named = ip == proxy
            || text
                .split(',')
                .filter_map(|h| h.trim().parse::<IpAddr>().ok())
                .any(|h| h.to_canonical() == ip);
        assert!(named, "{text:?} → {ip}, which is none of its hops");
        assert!(!ip.is_ipv6() || ip.to_canonical() == ip, "{ip} not canonical");
    }
});
