//! SMD's `/hsm/v2/service/ready` and `/hsm/v2/service/liveness`. chami has no database:
//! once serve answers, it is ready.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// `GET /hsm/v2/service/ready`: 200 and SMD's `{"code": 0, "message": "HSM is healthy"}`.
pub(super) async fn ready() -> Response {
    Json(serde_json::json!({"code": 0, "message": "HSM is healthy"})).into_response()
}

/// `GET /hsm/v2/service/liveness`: 204.
pub(super) async fn liveness() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
