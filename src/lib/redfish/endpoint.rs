//! Where a BMC answers: scheme, host and port, parsed from `ADDR`, `ADDR:PORT`,
//! `[V6]:PORT` or a URL, and turned into request URLs.

use std::fmt;
use std::net::IpAddr;

/// HTTP or HTTPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Plain HTTP (emulators, labs).
    Http,
    /// HTTPS (every real BMC).
    Https,
}

impl Scheme {
    /// `http` or `https`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    /// 80 or 443.
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// One BMC's address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// HTTP or HTTPS.
    pub scheme: Scheme,
    /// IP address or DNS name.
    pub host: String,
    /// TCP port.
    pub port: u16,
}

/// An address that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a BMC address: {why} (give ADDR, ADDR:PORT or https://ADDR:PORT)")]
pub struct EndpointError {
    /// What was given.
    pub input: String,
    /// Why it is refused.
    pub why: String,
}

impl Endpoint {
    /// An endpoint for an IP address.
    pub fn ip(scheme: Scheme, ip: IpAddr, port: u16) -> Endpoint {
        Endpoint {
            scheme,
            host: ip.to_string(),
            port,
        }
    }

    /// Parses `s`; `scheme` applies when `s` has none.
    pub fn parse(s: &str, scheme: Scheme) -> Result<Endpoint, EndpointError> {
        let err = |why: &str| EndpointError {
            input: s.to_string(),
            why: why.to_string(),
        };
        let (scheme, rest) = if let Some(r) = s.strip_prefix("https://") {
            (Scheme::Https, r)
        } else if let Some(r) = s.strip_prefix("http://") {
            (Scheme::Http, r)
        } else if s.contains("://") {
            return Err(err("only http:// and https:// are known"));
        } else {
            (scheme, s)
        };
        let rest = rest.trim_end_matches('/');
        let rest = rest.strip_suffix("/redfish/v1").unwrap_or(rest);
        if rest.is_empty() {
            return Err(err("no host"));
        }
        if rest.contains('/') {
            return Err(err("a path other than /redfish/v1"));
        }
        if let Ok(ip) = rest.parse::<IpAddr>() {
            return Ok(Endpoint::ip(scheme, ip, scheme.default_port()));
        }
        let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
            let (h, p) = v6.split_once(']').ok_or_else(|| err("no closing `]`"))?;
            h.parse::<std::net::Ipv6Addr>()
                .map_err(|_| err("not an IPv6 address between [ ]"))?;
            (h, p.strip_prefix(':'))
        } else {
            match rest.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (rest, None),
            }
        };
        let port = match port {
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| err("the port is not a number from 1 to 65535"))?,
            None => scheme.default_port(),
        };
        let valid = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'));
        if !valid {
            return Err(err("the host is not an address or DNS name"));
        }
        Ok(Endpoint {
            scheme,
            host: host.to_string(),
            port,
        })
    }

    /// The URL of `path` (which starts with `/`) on this BMC.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base(), path)
    }

    /// `scheme://host:port`.
    pub fn base(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == self.scheme.default_port() {
            format!("{}://{}", self.scheme.as_str(), host)
        } else {
            format!("{}://{}:{}", self.scheme.as_str(), host, self.port)
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        let e = Endpoint::parse("10.0.0.5", Scheme::Https).unwrap();
        assert_eq!(e.url("/redfish/v1/"), "https://10.0.0.5/redfish/v1/");
        let e = Endpoint::parse("10.0.0.5:8443", Scheme::Https).unwrap();
        assert_eq!((e.port, e.base().as_str()), (8443, "https://10.0.0.5:8443"));
        let e = Endpoint::parse("http://127.0.0.2:8000/redfish/v1/", Scheme::Https).unwrap();
        assert_eq!(e.base(), "http://127.0.0.2:8000");
        let e = Endpoint::parse("[fe80::1]:443", Scheme::Http).unwrap();
        assert_eq!(e.base(), "http://[fe80::1]:443");
        let e = Endpoint::parse("fe80::1", Scheme::Https).unwrap();
        assert_eq!(e.base(), "https://[fe80::1]");
        let e = Endpoint::parse("bmc-01.mgmt", Scheme::Https).unwrap();
        assert_eq!(e.host, "bmc-01.mgmt");
    }

    #[test]
    fn refuses_nonsense() {
        for bad in ["", "ftp://x", "10.0.0.1:0", "10.0.0.1:99999", "h/x", "a b"] {
            let e = Endpoint::parse(bad, Scheme::Https).unwrap_err();
            assert!(e.to_string().contains("is not a BMC address"), "{bad}: {e}");
        }
    }
}
