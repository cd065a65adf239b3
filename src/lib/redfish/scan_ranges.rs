//! Scan targets: `10.0.0.0/24`, `10.0.0.5-10.0.0.50`, `10.0.0.5-50` and single
//! addresses, expanded into addresses in order without duplicates. CIDR blocks include
//! their network and broadcast addresses, as nmap does.

use ipnetwork::IpNetwork;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};

/// The most addresses one scan takes (a /12): more is almost surely a typo.
pub const MAX_ADDRESSES: u64 = 1 << 20;

/// A target that does not parse or is too large.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("scan target `{input}`: {why}")]
pub struct ScanRangeError {
    /// What was given.
    pub input: String,
    /// Why it is refused.
    pub why: String,
}

/// Expands every target into one sorted list of addresses.
pub fn parse_scan_ranges(targets: &[String]) -> Result<Vec<IpAddr>, ScanRangeError> {
    let mut out = BTreeSet::new();
    for t in targets {
        let err = |why: String| ScanRangeError {
            input: t.clone(),
            why,
        };
        let t = t.trim();
        if t.contains('/') {
            let net: IpNetwork = t
                .parse()
                .map_err(|e| err(format!("not a CIDR block ({e}); write e.g. 10.0.0.0/24")))?;
            let size: u64 = match net {
                IpNetwork::V4(n) => 1u64 << (32 - n.prefix()),
                IpNetwork::V6(n) => 1u64
                    .checked_shl(u32::from(128 - n.prefix()))
                    .unwrap_or(u64::MAX),
            };
            check_size(size, &err)?;
            out.extend(net.iter());
        } else if let Some((a, b)) = t.split_once('-') {
            let start: Ipv4Addr = a
                .parse()
                .map_err(|_| err("a range starts with an IPv4 address".into()))?;
            let end: Ipv4Addr = match b.parse::<u8>() {
                Ok(last) => {
                    let o = start.octets();
                    Ipv4Addr::new(o[0], o[1], o[2], last)
                }
                Err(_) => b.parse().map_err(|_| {
                    err("a range ends with an IPv4 address or a last octet (10.0.0.5-50)".into())
                })?,
            };
            let (s, e) = (u32::from(start), u32::from(end));
            if e < s {
                return Err(err("the range ends before it starts".into()));
            }
            check_size(u64::from(e - s) + 1, &err)?;
            out.extend((s..=e).map(|x| IpAddr::V4(Ipv4Addr::from(x))));
        } else {
            let ip: IpAddr = t
                .parse()
                .map_err(|_| err("not an address, range (A-B) or CIDR block (A/N)".into()))?;
            out.insert(ip);
        }
        if out.len() as u64 > MAX_ADDRESSES {
            return Err(err(format!(
                "the targets add up to more than {MAX_ADDRESSES} addresses; scan in parts"
            )));
        }
    }
    Ok(out.into_iter().collect())
}

fn check_size(size: u64, err: &impl Fn(String) -> ScanRangeError) -> Result<(), ScanRangeError> {
    if size > MAX_ADDRESSES {
        return Err(err(format!(
            "{size} addresses is more than the {MAX_ADDRESSES} one scan takes; scan in parts"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[&str]) -> Result<Vec<String>, ScanRangeError> {
        let owned: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        parse_scan_ranges(&owned).map(|a| a.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn forms_and_order() {
        assert_eq!(
            p(&["10.0.0.0/30"]).unwrap(),
            ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3"]
        );
        assert_eq!(
            p(&["10.0.0.9-11", "10.0.0.10"]).unwrap(),
            ["10.0.0.9", "10.0.0.10", "10.0.0.11"]
        );
        assert_eq!(p(&["10.0.0.255-10.0.1.1"]).unwrap().len(), 3);
        assert_eq!(p(&["127.0.0.0/16"]).unwrap().len(), 65536);
    }

    #[test]
    fn refusals() {
        for bad in [
            "10.0.0.0/33",
            "10.0.0.9-3",
            "x",
            "10.0.0.0/8",
            "10.0.0.1-300",
        ] {
            let e = p(&[bad]).unwrap_err();
            assert!(
                e.to_string().starts_with(&format!("scan target `{bad}`")),
                "{e}"
            );
        }
    }
}
