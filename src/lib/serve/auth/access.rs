//! Who may call what: without `--jwks` the write routes are off; with it, each write needs
//! a bearer token verified against the JWKS that grants the write scope, and with
//! `--jwt-for-reads` the SMD and BSS read routes need one granting the read (or write)
//! scope. The boot path a node uses (scripts, iPXE, cloud-init, files) never does.

use super::jwks::{JwksError, KeySet};
use super::verify::{Caller, Claims, TokenError};
use crate::serve::smd::Problem;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// How tokens are checked (`serve --jwks …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtSettings {
    /// The JWKS file.
    pub jwks: PathBuf,
    /// `iss` and `aud` requirements.
    pub claims: Claims,
    /// The scope a write needs.
    pub write_scope: String,
    /// The scope a read needs (the write scope also does) with `for_reads`.
    pub read_scope: String,
    /// The SMD and BSS read routes need a token too.
    pub for_reads: bool,
}

/// What a request needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A read route.
    Read,
    /// A write route.
    Write,
}

/// Why a request is refused (401 or 403, RFC 7807 body, `WWW-Authenticate: Bearer`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// serve has no `--jwks` (401 when the request has no token either, as HTTP has it
    /// for a missing `Authorization`; else 403).
    #[error("writes are off, and so are the cloud-init admin routes: this chami serve was started without --jwks, so it accepts no token; change the inventory with `chami inventory set`/`add`, or restart serve with --jwks FILE")]
    WritesOff {
        /// The request had a bearer token.
        token: bool,
    },
    /// No `Authorization: Bearer` header.
    #[error("this route needs a bearer token (Authorization: Bearer JWT)")]
    NoToken,
    /// The token does not verify.
    #[error("{0}")]
    Token(#[from] TokenError),
    /// The token lacks the scope.
    #[error("the token does not grant the `{0}` scope this route needs")]
    Scope(String),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, challenge) = match &self {
            Refusal::WritesOff { token: true } => (StatusCode::FORBIDDEN, None),
            Refusal::WritesOff { token: false } => {
                (StatusCode::UNAUTHORIZED, Some("Bearer".to_string()))
            }
            Refusal::NoToken => (StatusCode::UNAUTHORIZED, Some("Bearer".to_string())),
            Refusal::Token(_) => (
                StatusCode::UNAUTHORIZED,
                Some("Bearer error=\"invalid_token\"".to_string()),
            ),
            Refusal::Scope(s) => (
                StatusCode::FORBIDDEN,
                Some(format!(
                    "Bearer error=\"insufficient_scope\", scope=\"{s}\""
                )),
            ),
        };
        let mut resp = Problem::new(status, self.to_string()).into_response();
        if let Some(v) = challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        resp
    }
}

/// The access rules of one serve, with the keys of the last good JWKS read.
pub struct Access {
    settings: Option<JwtSettings>,
    keys: RwLock<Option<Arc<KeySet>>>,
}

impl Access {
    /// No `--jwks`: reads open, writes off.
    pub fn off() -> Access {
        Access {
            settings: None,
            keys: RwLock::new(None),
        }
    }

    /// With `--jwks`: reads the JWKS now (a bad one is an error naming the file).
    pub fn new(settings: JwtSettings) -> Result<Access, JwksError> {
        let keys = KeySet::load(&settings.jwks)?;
        Ok(Access {
            settings: Some(settings),
            keys: RwLock::new(Some(Arc::new(keys))),
        })
    }

    /// Reads the JWKS file again (on SIGHUP); a bad one keeps the keys in use. None
    /// without `--jwks`, else the number of keys now in use or why the file was refused.
    pub fn reload(&self) -> Option<Result<usize, JwksError>> {
        let s = self.settings.as_ref()?;
        Some(KeySet::load(&s.jwks).map(|k| {
            let n = k.keys.len();
            *self.keys.write().expect("not poisoned") = Some(Arc::new(k));
            n
        }))
    }

    /// Whether the read routes need a token.
    pub fn for_reads(&self) -> bool {
        self.settings.as_ref().is_some_and(|s| s.for_reads)
    }

    /// Checks a request's `Authorization` header for `need`.
    pub fn check(&self, headers: &HeaderMap, need: Need) -> Result<Caller, Refusal> {
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, rest) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .filter(|t| !t.is_empty());
        let Some(s) = &self.settings else {
            return Err(Refusal::WritesOff {
                token: token.is_some(),
            });
        };
        let token = token.ok_or(Refusal::NoToken)?;
        let keys = self
            .keys
            .read()
            .expect("not poisoned")
            .clone()
            .ok_or(Refusal::WritesOff { token: true })?;
        let caller = s.claims.verify(&keys, token)?;
        let ok = match need {
            Need::Write => caller.has_scope(&s.write_scope),
            Need::Read => caller.has_scope(&s.read_scope) || caller.has_scope(&s.write_scope),
        };
        if !ok {
            let scope = match need {
                Need::Write => &s.write_scope,
                Need::Read => &s.read_scope,
            };
            return Err(Refusal::Scope(scope.clone()));
        }
        Ok(caller)
    }
}
