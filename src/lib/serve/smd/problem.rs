//! RFC 7807 problem details, the error body of SMD and BSS (`application/problem+json`):
//! `type` `about:blank`, `title` the status's reason phrase, `detail`, `status`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answer with `status` and `detail`.
pub fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or(""),
        "detail": detail.into(),
        "status": status.as_u16(),
    });
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        )],
        body.to_string(),
    )
        .into_response()
}

/// SMD's 400 for a query parameter: `bad query param: <why>`.
pub(super) fn bad_param(why: impl std::fmt::Display) -> Response {
    problem(StatusCode::BAD_REQUEST, format!("bad query param: {why}"))
}
