//! The 64 KiB cap on a request head (request line and headers). hyper's read buffer cap
//! is not a head limit (a head a little under twice its size gets through), so each
//! parsed request is measured, as sent without optional spaces, and one over the cap is
//! answered 431 and the connection closed.

use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};

/// The largest request head answered.
pub const MAX_HEAD: usize = 64 << 10;

/// The size of `req`'s head on the wire (without optional whitespace).
fn head_len<B>(req: &Request<B>) -> usize {
    let uri = req.uri();
    let target = uri
        .path_and_query()
        .map_or(uri.path().len(), |p| p.as_str().len());
    // "METHOD TARGET HTTP/1.1\r\n", each "name: value\r\n", the final "\r\n".
    let line = req.method().as_str().len() + 1 + target + 1 + 8 + 2;
    let headers: usize = req
        .headers()
        .iter()
        .map(|(n, v)| n.as_str().len() + 2 + v.len() + 2)
        .sum();
    line + headers + 2
}

/// The 431 answer when `req`'s head is over [`MAX_HEAD`].
pub fn too_large<B>(req: &Request<B>) -> Option<Response> {
    let len = head_len(req);
    (len > MAX_HEAD).then(|| {
        (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            [(header::CONNECTION, HeaderValue::from_static("close"))],
            format!("the request head is {len} bytes; at most {MAX_HEAD} are read\n"),
        )
            .into_response()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_the_head_as_sent() {
        let req = Request::get("/ipxe/x.ipxe?a=b")
            .header("Host", "h")
            .body(())
            .unwrap();
        let wire = "GET /ipxe/x.ipxe?a=b HTTP/1.1\r\nhost: h\r\n\r\n";
        assert_eq!(head_len(&req), wire.len());
        assert!(too_large(&req).is_none());
        let big = |n: usize| {
            Request::get("/")
                .header("X-Big", "a".repeat(n))
                .body(())
                .unwrap()
        };
        let fits = MAX_HEAD - "GET / HTTP/1.1\r\nx-big: \r\n\r\n".len();
        assert!(too_large(&big(fits)).is_none());
        let r = too_large(&big(fits + 1)).expect("one byte over");
        assert_eq!(r.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    }
}
