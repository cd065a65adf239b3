//! Who is asking: the peer address, or, when the peer is a trusted proxy, the rightmost
//! X-Forwarded-For hop that is not itself a trusted proxy (never from any other peer:
//! anyone can write that header). IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`, what a
//! socket listening on `[::]` sees for IPv4 clients) are read as the IPv4 address, so a
//! node is the same node on every listener. A hop that is not an IP address makes the
//! whole header unusable: it is refused, never skipped (skipping would let whoever wrote
//! the hops to its left choose the client).

use axum::http::HeaderMap;
use ipnetwork::IpNetwork;
use std::net::IpAddr;

/// An X-Forwarded-For header from a trusted proxy that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "X-Forwarded-For from the trusted proxy {proxy} has `{hop}`, which is not an IP address; \
     configure the proxy to append the client address only (nginx: \
     `$proxy_add_x_forwarded_for`)"
)]
pub struct BadForwardedFor {
    /// The proxy that sent it.
    pub proxy: IpAddr,
    /// The hop that is not an address (lossy text).
    pub hop: String,
}

/// The client address of a request from `peer`.
pub fn client_ip(
    peer: IpAddr,
    headers: &HeaderMap,
    trusted: &[IpNetwork],
) -> Result<IpAddr, BadForwardedFor> {
    let peer = peer.to_canonical();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return Ok(peer);
    }
    let bad = |hop: &str| BadForwardedFor {
        proxy: peer,
        hop: hop.to_string(),
    };
    // Every hop, in order (several header lines are one list), all parsed first.
    let mut hops = vec![];
    for value in headers.get_all("X-Forwarded-For") {
        let text = value
            .to_str()
            .map_err(|_| bad(&String::from_utf8_lossy(value.as_bytes())))?;
        for hop in text.split(',') {
            let ip: IpAddr = hop.trim().parse().map_err(|_| bad(hop.trim()))?;
            hops.push(ip.to_canonical());
        }
    }
    // From the right: each trusted proxy vouches for the hop to its left; the first hop
    // not a trusted proxy is the client. All trusted: the leftmost one asked.
    Ok(hops
        .iter()
        .rev()
        .find(|ip| !is_trusted(**ip))
        .or(hops.first())
        .copied()
        .unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn with(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("X-Forwarded-For", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn forwarded_for_only_from_trusted_proxies() {
        let h = with(&["10.9.9.9, 10.0.0.5"]);
        let proxy = ip("127.0.0.1");
        let trusted = ["127.0.0.0/8".parse().unwrap()];
        assert_eq!(client_ip(proxy, &h, &trusted), Ok(ip("10.0.0.5")));
        assert_eq!(client_ip(proxy, &h, &[]), Ok(proxy));
        let other = ip("10.0.0.7");
        assert_eq!(client_ip(other, &h, &trusted), Ok(other));
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &trusted), Ok(proxy));
    }

    #[test]
    fn the_rightmost_hop_not_a_trusted_proxy_is_the_client() {
        let trusted: Vec<IpNetwork> = vec![
            "127.0.0.0/8".parse().unwrap(),
            "192.168.1.0/24".parse().unwrap(),
        ];
        let proxy = ip("127.0.0.1");
        // A chain of two proxies: the second one's hop names the first; skip it.
        let h = with(&["10.9.9.9, 10.0.0.5, 192.168.1.2"]);
        assert_eq!(client_ip(proxy, &h, &trusted), Ok(ip("10.0.0.5")));
        // Two header lines are one list, in order.
        let h = with(&["10.0.0.5", "192.168.1.2"]);
        assert_eq!(client_ip(proxy, &h, &trusted), Ok(ip("10.0.0.5")));
        // Only trusted hops: the leftmost.
        let h = with(&["192.168.1.7, 192.168.1.2"]);
        assert_eq!(client_ip(proxy, &h, &trusted), Ok(ip("192.168.1.7")));
    }

    #[test]
    fn an_unparseable_hop_is_refused_not_skipped() {
        let trusted = ["127.0.0.0/8".parse().unwrap()];
        let proxy = ip("127.0.0.1");
        for value in [
            "127.0.0.12, unknown",
            "unknown, 10.0.0.5",
            "10.0.0.5,",
            "",
            "10.0.0.5:80",
        ] {
            let e = client_ip(proxy, &with(&[value]), &trusted).unwrap_err();
            assert_eq!(e.proxy, proxy, "{value}");
            assert!(e.to_string().contains("not an IP address"), "{e}");
        }
        // From an untrusted peer the header is not read at all.
        let h = with(&["127.0.0.12, unknown"]);
        assert_eq!(client_ip(ip("10.0.0.7"), &h, &trusted), Ok(ip("10.0.0.7")));
    }

    #[test]
    fn ipv4_mapped_addresses_are_ipv4() {
        let trusted = ["127.0.0.0/8".parse().unwrap()];
        let h = with(&["::ffff:10.0.0.5"]);
        assert_eq!(
            client_ip(ip("::ffff:127.0.0.1"), &h, &trusted),
            Ok(ip("10.0.0.5")),
            "a mapped proxy is trusted and a mapped hop is IPv4"
        );
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.9"), &HeaderMap::new(), &[]),
            Ok(ip("10.0.0.9"))
        );
        assert_eq!(client_ip(ip("::1"), &HeaderMap::new(), &[]), Ok(ip("::1")));
    }
}
