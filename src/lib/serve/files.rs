//! Boot files from `--files DIR`: kernels, initrds and images, with ETags, conditional
//! GETs and single byte ranges. A request is decoded, then refused (404) if any part is
//! `..` or hidden, or if the file it resolves to (symlinks followed) lies outside DIR.

use super::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// The fallback route: a file under `--files`.
pub async fn serve_file(State(st): State<AppState>, req: Request) -> Response {
    let Some(root) = &st.files else {
        return not_found();
    };
    let Some(path) = resolve(root, req.uri().path()) else {
        return not_found();
    };
    match send(&path, req.headers()).await {
        Ok(r) => r,
        Err(_) => not_found(),
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// The file a URL path names inside `root` (canonical), or None.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let mut p = root.to_path_buf();
    for part in decoded.split('/').filter(|s| !s.is_empty()) {
        if part == ".." || part.starts_with('.') || part.contains('\\') || part.contains('\0') {
            return None;
        }
        p.push(part);
    }
    let real = p.canonicalize().ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}

async fn send(path: &Path, headers: &HeaderMap) -> std::io::Result<Response> {
    let mut file = tokio::fs::File::open(path).await?;
    let meta = file.metadata().await?;
    let len = meta.len();
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let etag = format!("\"{len:x}-{mtime:x}\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map_or(RangeAsked::Whole, |r| parse_range(r, len));
    let (status, start, count) = match range {
        RangeAsked::Whole => (StatusCode::OK, 0, len),
        RangeAsked::Part(a, b) => (StatusCode::PARTIAL_CONTENT, a, b - a + 1),
        RangeAsked::Unsatisfiable => {
            return Ok((
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{len}"))],
            )
                .into_response())
        }
    };
    file.seek(std::io::SeekFrom::Start(start)).await?;
    let stream =
        futures_util::stream::unfold((file.take(count), false), |(mut f, done)| async move {
            if done {
                return None;
            }
            let mut buf = vec![0u8; 256 << 10];
            match f.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok::<_, std::io::Error>(buf), (f, false)))
                }
                Err(e) => Some((Err(e), (f, true))),
            }
        });
    let mut resp = Response::new(Body::from_stream(stream));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if status == StatusCode::PARTIAL_CONTENT {
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{}/{len}", start + count - 1))
        {
            h.insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(resp)
}

/// What a `Range` header asks of a file.
#[derive(Debug, PartialEq, Eq)]
enum RangeAsked {
    /// No header, or one that is not a byte range chami reads: the whole file (RFC 9110
    /// lets a server ignore a Range it does not understand).
    Whole,
    /// Inclusive byte positions.
    Part(u64, u64),
    /// A valid range wholly past the end: 416.
    Unsatisfiable,
}

/// The first range of `bytes=A-B`, `bytes=A-` or `bytes=-N` within a file of `len` bytes.
/// Positions too large for any integer are clamped to the end, as RFC 9110 says of a
/// last position past the representation.
fn parse_range(r: &str, len: u64) -> RangeAsked {
    let Some(spec) = r.strip_prefix("bytes=").and_then(|s| s.split(',').next()) else {
        return RangeAsked::Whole;
    };
    let Some((a, b)) = spec.trim().split_once('-') else {
        return RangeAsked::Whole;
    };
    let (start, end) = match (position(a), position(b)) {
        (None, Some(n)) if a.is_empty() => {
            if n == 0 || len == 0 {
                return RangeAsked::Unsatisfiable;
            }
            (len.saturating_sub(n), len - 1)
        }
        (Some(start), None) if b.is_empty() => (start, u64::MAX),
        (Some(start), Some(end)) if start <= end => (start, end),
        _ => return RangeAsked::Whole,
    };
    if start >= len {
        return RangeAsked::Unsatisfiable;
    }
    RangeAsked::Part(start, end.min(len - 1))
}

/// A byte position: ASCII digits only, saturating at `u64::MAX`.
fn position(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        use RangeAsked::*;
        assert_eq!(parse_range("bytes=0-9", 100), Part(0, 9));
        assert_eq!(parse_range("bytes=90-", 100), Part(90, 99));
        assert_eq!(parse_range("bytes=-10", 100), Part(90, 99));
        assert_eq!(parse_range("bytes=95-200", 100), Part(95, 99));
        assert_eq!(parse_range("bytes=100-", 100), Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 100), Unsatisfiable);
        // Past any integer: clamped to the end (RFC 9110 section 14.1.2).
        let huge = "99999999999999999999999999";
        assert_eq!(parse_range(&format!("bytes=10-{huge}"), 100), Part(10, 99));
        assert_eq!(parse_range(&format!("bytes=-{huge}"), 100), Part(0, 99));
        assert_eq!(parse_range(&format!("bytes={huge}-"), 100), Unsatisfiable);
        // Not a byte range chami reads: the whole file.
        for ignored in [
            "items=0-1",
            "bytes=abc",
            "bytes=5-1",
            "bytes=+1-2",
            "bytes=-",
        ] {
            assert_eq!(parse_range(ignored, 100), Whole, "{ignored}");
        }
    }

    #[test]
    fn no_way_out_of_the_folder() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("images")).unwrap();
        std::fs::write(root.join("images/vmlinuz"), "k").unwrap();
        std::fs::write(d.path().join("../chami-outside-test"), "x").ok();
        std::os::unix::fs::symlink("/etc/passwd", root.join("images/escape")).unwrap();
        assert!(resolve(&root, "/images/vmlinuz").is_some());
        assert!(resolve(&root, "/images/%76mlinuz").is_some());
        for bad in [
            "/../etc/passwd",
            "/images/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/images/escape",
            "/.hidden",
            "/images",
        ] {
            assert!(resolve(&root, bad).is_none(), "{bad}");
        }
    }
}
