//! The public keys serve verifies bearer tokens with: a JSON Web Key Set file (RFC 7517),
//! read at start and again on SIGHUP. RSA keys verify RS256 and EC P-256 keys ES256;
//! other keys (symmetric, other curves, encryption keys, other algorithms) are skipped,
//! and a set with no usable key is refused.

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use std::path::{Path, PathBuf};

/// One usable key.
pub struct Key {
    /// Its `kid`, when the set gives one.
    pub kid: Option<String>,
    /// The one algorithm it verifies (RS256 or ES256).
    pub alg: Algorithm,
    /// The key.
    pub key: DecodingKey,
}

/// The usable keys of a JWKS file.
pub struct KeySet {
    /// The keys, in file order.
    pub keys: Vec<Key>,
}

/// A JWKS file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum JwksError {
    /// Unreadable.
    #[error("--jwks {}: cannot read it: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not a JWKS.
    #[error("--jwks {}: not a JSON Web Key Set ({why}); give a file like {{\"keys\": [{{\"kty\": \"RSA\", \"kid\": …, \"n\": …, \"e\": …}}]}}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// No RSA or EC P-256 signing key.
    #[error("--jwks {}: no usable key among {count} (chami accepts RSA keys for RS256 and EC P-256 keys for ES256)", path.display())]
    NoKey {
        /// The file.
        path: PathBuf,
        /// How many keys it has.
        count: usize,
    },
}

/// The algorithm `jwk` verifies, when chami accepts it.
fn algorithm(jwk: &Jwk) -> Option<Algorithm> {
    if matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption)) {
        return None;
    }
    let alg = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => Algorithm::RS256,
        AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => {
            Algorithm::ES256
        }
        _ => return None,
    };
    match jwk.common.key_algorithm {
        None => Some(alg),
        Some(KeyAlgorithm::RS256) if alg == Algorithm::RS256 => Some(alg),
        Some(KeyAlgorithm::ES256) if alg == Algorithm::ES256 => Some(alg),
        Some(_) => None,
    }
}

impl KeySet {
    /// Parses a JWKS text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<KeySet, JwksError> {
        let syntax = |why: String| JwksError::Syntax {
            path: path.to_path_buf(),
            why,
        };
        let doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| syntax(e.to_string()))?;
        let list = doc
            .get("keys")
            .and_then(|k| k.as_array())
            .ok_or_else(|| syntax("no \"keys\" list".into()))?;
        let mut keys = Vec::new();
        for (i, raw) in list.iter().enumerate() {
            // A key of a type this crate does not know is skipped like any unusable one.
            let Ok(jwk) = serde_json::from_value::<Jwk>(raw.clone()) else {
                continue;
            };
            let Some(alg) = algorithm(&jwk) else {
                continue;
            };
            let key = DecodingKey::from_jwk(&jwk).map_err(|e| {
                syntax(format!(
                    "key {} (index {i}): {e}",
                    jwk.common.key_id.as_deref().unwrap_or("without kid")
                ))
            })?;
            keys.push(Key {
                kid: jwk.common.key_id.clone(),
                alg,
                key,
            });
        }
        if keys.is_empty() {
            return Err(JwksError::NoKey {
                path: path.to_path_buf(),
                count: list.len(),
            });
        }
        Ok(KeySet { keys })
    }

    /// Reads and parses the JWKS file at `path`.
    pub fn load(path: &Path) -> Result<KeySet, JwksError> {
        let text = std::fs::read_to_string(path).map_err(|source| JwksError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        KeySet::parse(&text, path)
    }

    /// The keys that may have signed a token with header `kid` and `alg`: with a `kid`,
    /// the keys of that id; without, every key of that algorithm.
    pub fn candidates<'a>(
        &'a self,
        kid: Option<&'a str>,
        alg: Algorithm,
    ) -> impl Iterator<Item = &'a Key> + 'a {
        self.keys
            .iter()
            .filter(move |k| k.alg == alg && (kid.is_none() || k.kid.as_deref() == kid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EC: &str = r#"{"kty":"EC","crv":"P-256","kid":"e1","x":"6ihHg8BaRYmWHHtdgnZY9WskWCx4OUPtdBcK7UILmTc","y":"3OWk0XzgppshVCEr-H8o7Jlpp9zqNbqn_NNtulU5a9c"}"#;

    #[test]
    fn usable_keys_only() {
        let p = Path::new("jwks.json");
        let set = KeySet::parse(
            &format!(r#"{{"keys":[{EC},{{"kty":"oct","k":"c2VjcmV0"}}]}}"#),
            p,
        )
        .unwrap();
        assert_eq!(set.keys.len(), 1, "the symmetric key is skipped");
        assert_eq!(set.keys[0].alg, Algorithm::ES256);
        assert_eq!(set.candidates(Some("e1"), Algorithm::ES256).count(), 1);
        assert_eq!(set.candidates(Some("other"), Algorithm::ES256).count(), 0);
        assert_eq!(set.candidates(None, Algorithm::RS256).count(), 0);
        let only_hmac = KeySet::parse(r#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#, p);
        assert!(matches!(only_hmac, Err(JwksError::NoKey { count: 1, .. })));
        let p384 = EC.replace("P-256", "P-384");
        assert!(KeySet::parse(&format!(r#"{{"keys":[{p384}]}}"#), p).is_err());
        let err = KeySet::parse("{", p).err().unwrap().to_string();
        assert!(
            err.starts_with("--jwks jwks.json: not a JSON Web Key Set"),
            "{err}"
        );
    }
}
