//! Who is asking: the peer address, or the last X-Forwarded-For hop when the peer is a
//! trusted proxy (never otherwise: anyone can write that header).

use axum::http::HeaderMap;
use ipnetwork::IpNetwork;
use std::net::IpAddr;

/// The client address of a request.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNetwork]) -> IpAddr {
    if !trusted.iter().any(|n| n.contains(peer)) {
        return peer;
    }
    headers
        .get_all("X-Forwarded-For")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_only_from_trusted_proxies() {
        let mut h = HeaderMap::new();
        h.insert("X-Forwarded-For", "10.9.9.9, 10.0.0.5".parse().unwrap());
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let trusted = ["127.0.0.0/8".parse().unwrap()];
        assert_eq!(client_ip(proxy, &h, &trusted).to_string(), "10.0.0.5");
        assert_eq!(client_ip(proxy, &h, &[]).to_string(), "127.0.0.1");
        let other: IpAddr = "10.0.0.7".parse().unwrap();
        assert_eq!(client_ip(other, &h, &trusted).to_string(), "10.0.0.7");
    }
}
