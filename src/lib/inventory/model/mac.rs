//! MAC addresses: parsed from the usual spellings, written in one canonical form.

use std::fmt;
use std::str::FromStr;

/// A 48-bit Ethernet MAC address. Parses `02:00:00:00:00:01`, `02-00-00-00-00-01`,
/// `0200.0000.0001` and `020000000001` in either case; prints lower-case with colons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacAddr(pub [u8; 6]);

/// A string that is not a MAC address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a MAC address: write six hex pairs like 02:00:00:00:00:01")]
pub struct MacError(pub String);

impl MacAddr {
    /// True for a group (multicast or broadcast) address: the low bit of the first octet.
    pub fn is_multicast(&self) -> bool {
        self.0[0] & 1 == 1
    }

    /// True for 00:00:00:00:00:00.
    pub fn is_zero(&self) -> bool {
        self.0 == [0; 6]
    }

    /// The address as a 48-bit number, for arithmetic (`+` ranges).
    pub fn to_u64(&self) -> u64 {
        self.0
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
    }

    /// The address for a 48-bit number; `None` when it does not fit.
    pub fn from_u64(n: u64) -> Option<MacAddr> {
        if n >> 48 != 0 {
            return None;
        }
        let b = n.to_be_bytes();
        Some(MacAddr([b[2], b[3], b[4], b[5], b[6], b[7]]))
    }

    /// Hyphen-separated lower case (`02-00-00-00-00-01`), as iPXE's `${mac:hexhyp}`.
    pub fn hyphenated(&self) -> String {
        self.to_string().replace(':', "-")
    }
}

impl FromStr for MacAddr {
    type Err = MacError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || MacError(s.to_string());
        let t = s.trim();
        let hex: String = if t.contains(':') || t.contains('-') {
            let parts: Vec<&str> = t.split([':', '-']).collect();
            if parts.len() != 6 || parts.iter().any(|p| p.len() != 2) {
                return Err(err());
            }
            parts.concat()
        } else if t.contains('.') {
            let parts: Vec<&str> = t.split('.').collect();
            if parts.len() != 3 || parts.iter().any(|p| p.len() != 4) {
                return Err(err());
            }
            parts.concat()
        } else {
            t.to_string()
        };
        if hex.len() != 12 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(err());
        }
        let mut out = [0u8; 6];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| err())?;
        }
        Ok(MacAddr(out))
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            b[0], b[1], b[2], b[3], b[4], b[5]
        )
    }
}

super::serde_text::serde_as_text!(MacAddr);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_spellings() {
        let want = MacAddr([0x02, 0, 0, 0xab, 0, 1]);
        for s in [
            "02:00:00:ab:00:01",
            "02-00-00-AB-00-01",
            "0200.00ab.0001",
            "020000AB0001",
        ] {
            assert_eq!(s.parse::<MacAddr>().unwrap(), want, "{s}");
        }
        assert_eq!(want.to_string(), "02:00:00:ab:00:01");
        assert_eq!(want.hyphenated(), "02-00-00-ab-00-01");
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "02:00:00:00:00",
            "02:00:00:00:00:0g",
            "2:0:0:0:0:1",
            "0200000000011",
        ] {
            assert!(s.parse::<MacAddr>().is_err(), "{s}");
        }
    }

    #[test]
    fn multicast_and_arithmetic() {
        assert!("01:00:5e:00:00:01"
            .parse::<MacAddr>()
            .unwrap()
            .is_multicast());
        assert!(!"02:00:00:00:00:01"
            .parse::<MacAddr>()
            .unwrap()
            .is_multicast());
        let m: MacAddr = "02:00:00:00:00:ff".parse().unwrap();
        let next = MacAddr::from_u64(m.to_u64() + 1).unwrap();
        assert_eq!(next.to_string(), "02:00:00:00:01:00");
        assert!(MacAddr::from_u64(1 << 48).is_none());
    }
}
