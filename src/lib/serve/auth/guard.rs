//! The middleware that puts [`super::Access`] in front of routes: a refused request is
//! answered 401/403 before its handler runs; an accepted one carries its
//! [`super::Caller`] as a request extension.

use super::access::Need;
use crate::serve::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;

async fn guard(st: &AppState, mut req: Request, next: Next, need: Need) -> Response {
    match st.access.check(req.headers(), need) {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(refused) => refused.into_response(),
    }
}

/// In front of every write route.
pub async fn writes(State(st): State<AppState>, req: Request, next: Next) -> Response {
    guard(&st, req, next, Need::Write).await
}

/// In front of the SMD and BSS read routes: a token only with `--jwt-for-reads`, and
/// never for SMD's `service/ready` and `service/liveness` (probes carry no token).
pub async fn reads(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if !st.access.for_reads() || req.uri().path().starts_with("/hsm/v2/service/") {
        return next.run(req).await;
    }
    guard(&st, req, next, Need::Read).await
}

/// `routes` with [`reads`] in front of each.
pub fn guarded_reads(state: AppState, routes: Router<AppState>) -> Router<AppState> {
    routes.route_layer(axum::middleware::from_fn_with_state(state, reads))
}
