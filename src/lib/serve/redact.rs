//! Tokens never reach a log: the token segment of a `/cloud-init/<node>/<token>/…` path
//! and any `token=` or `access_token=` query value are written as `REDACTED` (bearer
//! tokens in `Authorization` headers are never logged). Done on the raw path, whatever
//! route it matched (a token URL with one segment too many is still a token URL); query
//! keys are compared decoded as the `Query` extractor decodes them (`%74oken` is `token`).

use std::borrow::Cow;

/// What the log shows instead of a token.
pub const REDACTED: &str = "REDACTED";

/// `path` (with its query, if any) as the log may show it.
pub fn redacted(path: &str) -> Cow<'_, str> {
    let (path_part, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let token_in_path = path_part
        .strip_prefix("/cloud-init/")
        .is_some_and(|rest| rest.split('/').count() >= 3);
    let token_in_query = query.is_some_and(|q| q.split('&').any(is_token_pair));
    if !token_in_path && !token_in_query {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len());
    if token_in_path {
        // "", "cloud-init", node, token, file…
        for (i, seg) in path_part.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            out.push_str(if i == 3 { REDACTED } else { seg });
        }
    } else {
        out.push_str(path_part);
    }
    if let Some(q) = query {
        out.push('?');
        for (i, pair) in q.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((k, _)) if is_token_pair(pair) => {
                    out.push_str(k);
                    out.push('=');
                    out.push_str(REDACTED);
                }
                _ => out.push_str(pair),
            }
        }
    }
    Cow::Owned(out)
}

/// Whether a query pair is `token=…` or `access_token=…` (RFC 6750's query form of a
/// bearer token, which serve does not accept but a client may send). The key is compared
/// case-blind after `application/x-www-form-urlencoded` decoding (`+` is a space, then
/// percent-escapes), the decoding axum's `Query` applies before a handler reads `token`.
fn is_token_pair(pair: &str) -> bool {
    pair.split_once('=').is_some_and(|(k, _)| {
        let k = decoded_key(k);
        k.eq_ignore_ascii_case("token") || k.eq_ignore_ascii_case("access_token")
    })
}

/// A query key as `form_urlencoded` (serde_urlencoded, axum's `Query`) decodes it.
fn decoded_key(k: &str) -> Cow<'_, str> {
    if !k.contains(['%', '+']) {
        return Cow::Borrowed(k);
    }
    let spaced = k.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_segments_and_values_are_redacted() {
        let t = "0123456789abcdef0123456789abcdef";
        for (path, want) in [
            (
                format!("/cloud-init/n1/{t}/meta-data"),
                "/cloud-init/n1/REDACTED/meta-data".to_string(),
            ),
            (
                format!("/cloud-init/n1/{t}/meta-data/"),
                "/cloud-init/n1/REDACTED/meta-data/".to_string(),
            ),
            (
                format!("/cloud-init/n1/meta-data?x=1&token={t}"),
                "/cloud-init/n1/meta-data?x=1&token=REDACTED".to_string(),
            ),
            (
                format!("/hsm/v2/State/Components?access_token={t}"),
                "/hsm/v2/State/Components?access_token=REDACTED".to_string(),
            ),
            (
                format!("/cloud-init/n1/{t}/user-data?TOKEN={t}"),
                "/cloud-init/n1/REDACTED/user-data?TOKEN=REDACTED".to_string(),
            ),
        ] {
            let got = redacted(&path);
            assert_eq!(got, want);
            assert!(!got.contains(t));
        }
        for plain in [
            "/cloud-init/n1/meta-data",
            "/cloud-init/meta-data",
            "/ipxe/02-00-00-00-00-01.ipxe",
            "/boot/v1/bootscript?name=n1",
        ] {
            assert!(matches!(redacted(plain), Cow::Borrowed(p) if p == plain));
        }
    }

    #[test]
    fn percent_encoded_token_keys_are_redacted() {
        let t = "0123456789abcdef0123456789abcdef";
        for key in ["%74oken", "tok%65n", "%54%4F%4B%45%4E", "access%5Ftoken"] {
            let path = format!("/cloud-init/n1/meta-data?x=1&{key}={t}");
            let got = redacted(&path);
            assert_eq!(
                got,
                format!("/cloud-init/n1/meta-data?x=1&{key}=REDACTED"),
                "{key}"
            );
        }
        // The handler's `Query` reads the same keys as `token`: the two agree.
        use axum::extract::Query;
        use std::collections::HashMap;
        for key in ["%74oken", "tok%65n"] {
            let uri: axum::http::Uri = format!("/c?{key}={t}").parse().unwrap();
            let q = Query::<HashMap<String, String>>::try_from_uri(&uri).unwrap();
            assert_eq!(q.get("token").map(String::as_str), Some(t), "{key}");
        }
        for other in ["tok+en", "tokens", "%74oke"] {
            let path = format!("/x?{other}={t}");
            assert_eq!(redacted(&path), path.as_str(), "{other}");
        }
    }
}
