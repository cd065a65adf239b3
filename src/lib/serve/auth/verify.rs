//! Checking one bearer token: a JWT signed RS256 or ES256 by a key of the JWKS (never
//! `none`, never HMAC), with `exp` and `sub` (`nbf` honoured; 30 s leeway for clocks),
//! `iss` and `aud` when configured, as OpenCHAMI's SMD and BSS check theirs. Scopes come
//! from `scope` (space-separated) or `scp` (a list or a string), as SMD reads them.

use super::jwks::KeySet;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};

/// Seconds of clock difference allowed for `exp` and `nbf`.
pub const LEEWAY: u64 = 30;

/// What the token must say besides a good signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    /// Required `iss`, when set.
    pub issuer: Option<String>,
    /// Accepted `aud` values (the token must name one), when not empty.
    pub audiences: Vec<String>,
}

/// Who a verified token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// `sub`.
    pub subject: String,
    /// Its scopes.
    pub scopes: Vec<String>,
}

impl Caller {
    /// Whether the token grants `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// Why a token is refused (the text goes to the client: never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a JWT, or its header names another algorithm.
    #[error("the bearer token is not a JWT signed with RS256 or ES256")]
    Malformed,
    /// No key of the JWKS has its `kid` and algorithm.
    #[error("no key of the JWKS matches the token's kid and algorithm")]
    UnknownKey,
    /// The signature does not verify.
    #[error("the token's signature does not verify")]
    Signature,
    /// Past `exp`.
    #[error("the token has expired")]
    Expired,
    /// Before `nbf`.
    #[error("the token is not valid yet (nbf)")]
    NotYet,
    /// A required claim is missing.
    #[error("the token has no `{0}` claim")]
    Missing(String),
    /// Wrong `iss`.
    #[error("the token's issuer (iss) is not the one serve accepts")]
    Issuer,
    /// Wrong `aud`.
    #[error("the token's audience (aud) names none that serve accepts")]
    Audience,
    /// Anything else the library refuses.
    #[error("the token is not valid")]
    Invalid,
}

fn reason(kind: &ErrorKind) -> TokenError {
    match kind {
        ErrorKind::InvalidSignature => TokenError::Signature,
        ErrorKind::ExpiredSignature => TokenError::Expired,
        ErrorKind::ImmatureSignature => TokenError::NotYet,
        ErrorKind::MissingRequiredClaim(c) => TokenError::Missing(c.clone()),
        ErrorKind::InvalidIssuer => TokenError::Issuer,
        ErrorKind::InvalidAudience => TokenError::Audience,
        ErrorKind::InvalidToken
        | ErrorKind::Base64(_)
        | ErrorKind::Json(_)
        | ErrorKind::Utf8(_)
        | ErrorKind::InvalidAlgorithm
        | ErrorKind::InvalidAlgorithmName => TokenError::Malformed,
        _ => TokenError::Invalid,
    }
}

/// The scopes of a token's claims: `scope` split on spaces, and `scp` as a list or a
/// space-separated string.
fn scopes(claims: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["scp", "scope"] {
        match claims.get(key) {
            Some(serde_json::Value::String(s)) => {
                out.extend(s.split_whitespace().map(str::to_string))
            }
            Some(serde_json::Value::Array(a)) => {
                out.extend(a.iter().filter_map(|v| v.as_str()).map(str::to_string))
            }
            _ => {}
        }
    }
    out
}

impl Claims {
    fn validation(&self, alg: Algorithm) -> Validation {
        let mut v = Validation::new(alg);
        v.leeway = LEEWAY;
        v.validate_exp = true;
        v.validate_nbf = true;
        let mut required = vec!["exp", "sub"];
        if let Some(iss) = &self.issuer {
            v.set_issuer(&[iss]);
            required.push("iss");
        }
        if self.audiences.is_empty() {
            v.validate_aud = false;
        } else {
            v.set_audience(&self.audiences);
            required.push("aud");
        }
        v.set_required_spec_claims(&required);
        v
    }

    /// Verifies `token` against `keys`.
    pub fn verify(&self, keys: &KeySet, token: &str) -> Result<Caller, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
            return Err(TokenError::Malformed);
        }
        let validation = self.validation(header.alg);
        let mut last = TokenError::UnknownKey;
        for key in keys.candidates(header.kid.as_deref(), header.alg) {
            match jsonwebtoken::decode::<serde_json::Value>(token, &key.key, &validation) {
                Ok(data) => {
                    let subject = data.claims.get("sub").and_then(|s| s.as_str());
                    let Some(subject) = subject.filter(|s| !s.is_empty()) else {
                        return Err(TokenError::Missing("sub".into()));
                    };
                    return Ok(Caller {
                        subject: subject.to_string(),
                        scopes: scopes(&data.claims),
                    });
                }
                // Another key of the same algorithm may have signed it (no kid).
                Err(e) if *e.kind() == ErrorKind::InvalidSignature => last = TokenError::Signature,
                Err(e) => return Err(reason(e.kind())),
            }
        }
        Err(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};
    use std::path::Path;

    // A P-256 key pair made once with `openssl ecparam -name prime256v1 -genkey`.
    const PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKvE+s5eFpxEeAWyy
HwQXyeVf2MKBfcUu/cUaahEj43WhRANCAATqKEeDwFpFiZYce12Cdlj1ayRYLHg5
Q+10FwrtQguZN9zlpNF84KabIVQhK/h/KOyZaafc6jW6p/zTbbpVOWvX
-----END PRIVATE KEY-----
";
    const PUBLIC: &str = r#"{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","x":"6ihHg8BaRYmWHHtdgnZY9WskWCx4OUPtdBcK7UILmTc","y":"3OWk0XzgppshVCEr-H8o7Jlpp9zqNbqn_NNtulU5a9c"}]}"#;

    /// The PKCS#8 DER of [`PRIVATE`].
    fn private() -> EncodingKey {
        use base64::Engine;
        let b64: String = PRIVATE
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        EncodingKey::from_ec_der(&der)
    }

    fn keys() -> KeySet {
        KeySet::parse(PUBLIC, Path::new("jwks.json")).unwrap()
    }

    fn now() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    fn token(claims: serde_json::Value) -> String {
        let mut h = Header::new(Algorithm::ES256);
        h.kid = Some("k1".into());
        let key = private();
        jsonwebtoken::encode(&h, &claims, &key).unwrap()
    }

    fn checks() -> Claims {
        Claims {
            issuer: Some("https://idp".into()),
            audiences: vec!["chami".into()],
        }
    }

    fn good() -> serde_json::Value {
        serde_json::json!({"sub": "ops", "iss": "https://idp", "aud": "chami",
            "exp": now() + 300, "scope": "read write"})
    }

    #[test]
    fn a_good_token_gives_its_subject_and_scopes() {
        let c = checks().verify(&keys(), &token(good())).unwrap();
        assert_eq!(c.subject, "ops");
        assert!(c.has_scope("write") && c.has_scope("read") && !c.has_scope("admin"));
        let mut scp = good();
        scp["scp"] = serde_json::json!(["write"]);
        scp.as_object_mut().unwrap().remove("scope");
        assert!(checks()
            .verify(&keys(), &token(scp))
            .unwrap()
            .has_scope("write"));
    }

    #[test]
    fn each_claim_is_checked() {
        let with = |k: &str, v: serde_json::Value| {
            let mut c = good();
            c[k] = v;
            checks().verify(&keys(), &token(c))
        };
        let without = |k: &str| {
            let mut c = good();
            c.as_object_mut().unwrap().remove(k);
            checks().verify(&keys(), &token(c))
        };
        assert_eq!(with("exp", (now() - 120).into()), Err(TokenError::Expired));
        assert!(
            with("exp", (now() - 10).into()).is_ok(),
            "within the leeway"
        );
        assert_eq!(with("nbf", (now() + 120).into()), Err(TokenError::NotYet));
        assert_eq!(with("iss", "https://other".into()), Err(TokenError::Issuer));
        assert_eq!(with("aud", "other".into()), Err(TokenError::Audience));
        assert!(with("aud", serde_json::json!(["other", "chami"])).is_ok());
        assert_eq!(without("exp"), Err(TokenError::Missing("exp".into())));
        assert_eq!(without("sub"), Err(TokenError::Missing("sub".into())));
        assert_eq!(without("iss"), Err(TokenError::Missing("iss".into())));
        assert_eq!(without("aud"), Err(TokenError::Missing("aud".into())));
        // Without configured iss/aud, neither is required.
        let mut bare = good();
        bare.as_object_mut().unwrap().remove("aud");
        bare.as_object_mut().unwrap().remove("iss");
        assert!(Claims::default().verify(&keys(), &token(bare)).is_ok());
    }

    #[test]
    fn forged_tokens_are_refused() {
        let t = token(good());
        let (head, rest) = t.split_once('.').unwrap();
        let (body, sig) = rest.split_once('.').unwrap();
        // Another body under the same signature.
        let mut evil = good();
        evil["sub"] = "root".into();
        let evil_body = token(evil).split('.').nth(1).unwrap().to_string();
        assert_eq!(
            checks().verify(&keys(), &format!("{head}.{evil_body}.{sig}")),
            Err(TokenError::Signature)
        );
        // alg none, and HS256 keyed with anything: refused before any key is tried.
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let none = format!("{}.{body}.", b64(r#"{"alg":"none","typ":"JWT"}"#));
        assert_eq!(checks().verify(&keys(), &none), Err(TokenError::Malformed));
        let hs = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &good(),
            &EncodingKey::from_secret(PUBLIC.as_bytes()),
        )
        .unwrap();
        assert_eq!(checks().verify(&keys(), &hs), Err(TokenError::Malformed));
        assert_eq!(
            checks().verify(&keys(), "garbage"),
            Err(TokenError::Malformed)
        );
        // A kid the JWKS does not have.
        let mut h = Header::new(Algorithm::ES256);
        h.kid = Some("k2".into());
        let key = private();
        let other = jsonwebtoken::encode(&h, &good(), &key).unwrap();
        assert_eq!(
            checks().verify(&keys(), &other),
            Err(TokenError::UnknownKey)
        );
    }
}
