//! InfiniBand port GUIDs: 64-bit, parsed from the spellings tools print, written in the
//! one form OpenSM's partitions.conf and `ibstat` use (`0x` and 16 lower-case hex digits).

use std::fmt;
use std::str::FromStr;

/// A 64-bit InfiniBand port GUID. Parses `0x0002c903000e0b71`, `0002c903000e0b71` and the
/// colon form `0002:c903:000e:0b71` (`ibv_devinfo`), in either case; prints
/// `0x0002c903000e0b71`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(pub u64);

/// A string that is not a port GUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not an InfiniBand port GUID: write 16 hex digits (64 bits) like \
     0x0002c903000e0b71 or 0002:c903:000e:0b71"
)]
pub struct GuidError(pub String);

impl FromStr for Guid {
    type Err = GuidError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || GuidError(s.to_string());
        let t = s.trim();
        let hex: String = if t.contains(':') {
            let parts: Vec<&str> = t.split(':').collect();
            if parts.len() != 4 || parts.iter().any(|p| p.len() != 4) {
                return Err(err());
            }
            parts.concat()
        } else {
            t.strip_prefix("0x")
                .or_else(|| t.strip_prefix("0X"))
                .unwrap_or(t)
                .to_string()
        };
        if hex.len() != 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(err());
        }
        let v = u64::from_str_radix(&hex, 16).map_err(|_| err())?;
        if v == 0 {
            return Err(err());
        }
        Ok(Guid(v))
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:016x}", self.0)
    }
}

super::serde_text::serde_as_text!(Guid);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling_into_one_form() {
        for s in [
            "0x0002c903000e0b71",
            "0X0002C903000E0B71",
            "0002c903000e0b71",
            "0002:c903:000e:0b71",
        ] {
            let g: Guid = s.parse().unwrap();
            assert_eq!(g.to_string(), "0x0002c903000e0b71", "{s}");
        }
    }

    #[test]
    fn rejects_wrong_length_and_junk() {
        for s in [
            "",
            "0x2c903000e0b71",
            "0x0002c903000e0b7100",
            "0002:c903:000e",
            "0002:c903:000e:0b7",
            "0x0002c903000e0b7g",
            "0x0000000000000000",
        ] {
            let e = s.parse::<Guid>().unwrap_err();
            assert!(e.to_string().contains("16 hex digits"), "{s}: {e}");
        }
    }
}
