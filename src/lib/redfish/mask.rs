//! Masking secrets in text chami prints about a BMC: the password, its basic-auth
//! header form and the session token are replaced by `***` wherever they appear (an
//! error body that echoes the request, a warning, a field of the result). The one
//! masking helper: every error, warning and result line about a BMC goes through it.

use super::Credentials;
use serde_json::Value;

/// What is shown instead of a secret.
pub const MASK: &str = "***";

/// The secrets of one BMC conversation.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    needles: Vec<String>,
}

impl Masker {
    /// A masker for `credentials` (nothing to mask without them).
    pub fn new(credentials: Option<&Credentials>) -> Masker {
        let mut m = Masker::default();
        if let Some(c) = credentials {
            m.add(c.password.expose());
            m.add(&base64(
                format!("{}:{}", c.username, c.password.expose()).as_bytes(),
            ));
        }
        m
    }

    /// Adds a secret (also in its JSON-escaped form, as a body would echo it).
    pub fn add(&mut self, secret: &str) {
        let escaped = serde_json::to_string(secret).unwrap_or_default();
        let escaped = escaped.trim_matches('"').to_string();
        for s in [secret.to_string(), escaped] {
            if !s.is_empty() && !self.needles.contains(&s) {
                self.needles.push(s);
            }
        }
        // Longest first, so that a secret inside another is not half masked.
        self.needles.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// `text` with every secret replaced by `***`.
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_string();
        for n in &self.needles {
            if out.contains(n.as_str()) {
                out = out.replace(n.as_str(), MASK);
            }
        }
        out
    }

    /// Masks every string (and object key) inside `v`.
    pub fn mask_json(&self, v: &mut Value) {
        if self.needles.is_empty() {
            return;
        }
        match v {
            Value::String(s) => *s = self.mask(s),
            Value::Array(a) => a.iter_mut().for_each(|x| self.mask_json(x)),
            Value::Object(o) => {
                let old = std::mem::take(o);
                for (k, mut x) in old {
                    self.mask_json(&mut x);
                    o.insert(self.mask(&k), x);
                }
            }
            _ => {}
        }
    }
}

/// Standard base64 with padding (the `Authorization: Basic …` form of user:password).
fn base64(input: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redfish::Password;

    fn masker() -> Masker {
        let c = Credentials {
            username: "admin".into(),
            password: Password::new("pa\"ss"),
        };
        let mut m = Masker::new(Some(&c));
        m.add("token-42");
        m
    }

    #[test]
    fn masks_every_form() {
        let m = masker();
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(
            m.mask("bad password pa\"ss, token token-42, echo {\"Password\":\"pa\\\"ss\"}"),
            "bad password ***, token ***, echo {\"Password\":\"***\"}"
        );
        let auth = format!("Basic {}", base64(b"admin:pa\"ss"));
        assert_eq!(m.mask(&auth), "Basic ***");
        let mut v = serde_json::json!({"error": ["pa\"ss"], "pa\"ss": 1, "n": 2});
        m.mask_json(&mut v);
        assert_eq!(v, serde_json::json!({"error": ["***"], "***": 1, "n": 2}));
        assert_eq!(Masker::new(None).mask("anything"), "anything");
    }
}
