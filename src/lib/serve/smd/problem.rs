//! RFC 7807 problem details, the error body of SMD and BSS (`application/problem+json`):
//! `type` `about:blank`, `title` the status's reason phrase, `detail`, `status`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answer: its status and detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the client.
    pub detail: String,
}

impl Problem {
    /// A problem with `status` and `detail`.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            status,
            detail: detail.into(),
        }
    }
}

impl Problem {
    /// The answer, with `members` added to the body (RFC 7807 extension members).
    pub fn with_members(self, members: serde_json::Map<String, serde_json::Value>) -> Response {
        let mut body = serde_json::json!({
            "type": "about:blank",
            "title": self.status.canonical_reason().unwrap_or(""),
            "detail": self.detail,
            "status": self.status.as_u16(),
        });
        if let Some(map) = body.as_object_mut() {
            map.extend(members);
        }
        (
            self.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            )],
            body.to_string(),
        )
            .into_response()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        self.with_members(serde_json::Map::new())
    }
}

/// The answer for a problem with `status` and `detail`.
pub fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    Problem::new(status, detail).into_response()
}

/// SMD's 400 for a query parameter: `bad query param: <why>`.
pub(super) fn bad_param(why: impl std::fmt::Display) -> Problem {
    Problem::new(StatusCode::BAD_REQUEST, format!("bad query param: {why}"))
}
