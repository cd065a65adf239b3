//! Per-node tokens for explicit cloud-init URLs: HMAC-SHA256 of the node name with a
//! server secret, so that `/cloud-init/<node>/<token>/…` opens one node's seed and no
//! other, and a leaked token says nothing about the secret. Scripts made with a secret
//! (`bootgen --token-secret`, `serve --token-secret`) carry the token in their seed URL.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::Path;

/// The server secret (from a file, mode 0600).
#[derive(Clone)]
pub struct TokenSecret(Vec<u8>);

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSecret(***)")
    }
}

impl TokenSecret {
    /// A secret from bytes (at least 16).
    pub fn new(bytes: Vec<u8>) -> Result<TokenSecret, String> {
        if bytes.len() < 16 {
            return Err("the token secret is shorter than 16 bytes".into());
        }
        Ok(TokenSecret(bytes))
    }

    /// Reads the secret file, refusing one that group or others may read.
    pub fn load(path: &Path) -> Result<TokenSecret, String> {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "{} has mode {mode:04o}: others could forge node tokens; run `chmod 600 {}`",
                path.display(),
                path.display()
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let trimmed = String::from_utf8_lossy(&bytes).trim().as_bytes().to_vec();
        TokenSecret::new(trimmed).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The token of `node`: 32 hex digits.
pub fn node_token(secret: &TokenSecret, node: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(&secret.0).expect("HMAC takes any key length");
    mac.update(b"chami-cloud-init:");
    mac.update(node.as_bytes());
    let out = mac.finalize().into_bytes();
    out[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares a presented token with the node's in constant time.
pub fn token_matches(secret: &TokenSecret, node: &str, presented: &str) -> bool {
    let want = node_token(secret, node);
    want.len() == presented.len()
        && want
            .bytes()
            .zip(presented.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_per_node_and_per_secret() {
        let s = TokenSecret::new(b"0123456789abcdef".to_vec()).unwrap();
        let t = TokenSecret::new(b"0123456789abcdeX".to_vec()).unwrap();
        let a = node_token(&s, "cn01");
        assert_eq!(a.len(), 32);
        assert_ne!(a, node_token(&s, "cn02"));
        assert_ne!(a, node_token(&t, "cn01"));
        assert!(token_matches(&s, "cn01", &a));
        assert!(!token_matches(&s, "cn02", &a));
        assert!(TokenSecret::new(b"short".to_vec()).is_err());
    }
}
