//! A certificate's SHA-256 fingerprint, as a BMC record keeps it (`tls_fingerprint:
//! sha256:AB:CD:…`, 32 upper-case hex pairs) and as `openssl x509 -fingerprint -sha256`
//! prints it after its `sha256 Fingerprint=`.

use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// SHA-256 of a certificate's DER bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

/// A `tls_fingerprint` that is not `sha256:` and 32 hex pairs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a certificate fingerprint: write `sha256:` and 32 hex pairs separated by colons (sha256:AB:CD:…), as `discover collect --write` records it")]
pub struct FingerprintError(pub String);

impl Fingerprint {
    /// The fingerprint of a certificate (DER).
    pub fn of(der: &[u8]) -> Fingerprint {
        Fingerprint(Sha256::digest(der).into())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sha256:")?;
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl FromStr for Fingerprint {
    type Err = FingerprintError;

    /// `sha256:` (any case) and 32 hex pairs (any case), separated by colons.
    fn from_str(s: &str) -> Result<Fingerprint, FingerprintError> {
        let bad = || FingerprintError(s.to_string());
        let hex = s
            .get(..7)
            .filter(|p| p.eq_ignore_ascii_case("sha256:"))
            .map(|_| &s[7..])
            .ok_or_else(bad)?;
        let mut out = [0u8; 32];
        let mut n = 0;
        for pair in hex.split(':') {
            if n == 32 || pair.len() != 2 {
                return Err(bad());
            }
            out[n] = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
            n += 1;
        }
        if n != 32 {
            return Err(bad());
        }
        Ok(Fingerprint(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let f = Fingerprint::of(b"certificate");
        let text = f.to_string();
        assert!(
            text.starts_with("sha256:") && text.len() == 7 + 32 * 3 - 1,
            "{text}"
        );
        assert_eq!(text.parse::<Fingerprint>().unwrap(), f);
        assert_eq!(text.to_lowercase().parse::<Fingerprint>().unwrap(), f);
        for bad in [
            "",
            "sha256:",
            "sha1:AB",
            &text[..text.len() - 3],
            &format!("{text}:00"),
            &text.replace(':', ""),
            &text.replacen("sha256:", "sha256:ZZ", 1),
        ] {
            assert!(bad.parse::<Fingerprint>().is_err(), "{bad}");
        }
    }
}
