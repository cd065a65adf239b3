//! Bearer tokens for serve's OpenCHAMI routes: JWTs verified against a JWKS file, their
//! claims and scopes, and the middleware that guards the write (and optionally read)
//! routes.

mod access;
pub mod guard;
mod jwks;
mod verify;

pub use access::{Access, JwtSettings, Need, Refusal};
pub use jwks::{JwksError, KeySet};
pub use verify::{Caller, Claims, TokenError, LEEWAY};
