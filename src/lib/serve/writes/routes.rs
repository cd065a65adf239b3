//! The write routes, each behind the token guard ([`crate::serve::auth::guard::writes`]).

use super::{bss, redfish};
use crate::serve::auth::guard;
use crate::serve::state::AppState;
use axum::routing::{post, put};
use axum::Router;

/// BSS's and SMD's write routes, guarded; merged into serve's router.
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/boot/v1/bootparameters",
            put(bss::put).patch(bss::patch).post(bss::post),
        )
        .route("/hsm/v2/Inventory/RedfishEndpoints", post(redfish::post))
        .route_layer(axum::middleware::from_fn_with_state(state, guard::writes))
}
