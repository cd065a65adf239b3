//! The `/hsm/v2` routes, merged into serve's router.

use super::{components, endpoints, ethernet, groups, hardware, service};
use crate::serve::state::AppState;
use axum::routing::get;
use axum::Router;

/// SMD's read routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/hsm/v2/service/ready", get(service::ready))
        .route("/hsm/v2/service/liveness", get(service::liveness))
        .route("/hsm/v2/State/Components", get(components::list))
        .route("/hsm/v2/State/Components/{xname}", get(components::one))
        .route("/hsm/v2/Inventory/EthernetInterfaces", get(ethernet::list))
        .route(
            "/hsm/v2/Inventory/EthernetInterfaces/{id}",
            get(ethernet::one),
        )
        .route("/hsm/v2/Inventory/RedfishEndpoints", get(endpoints::list))
        .route(
            "/hsm/v2/Inventory/RedfishEndpoints/{xname}",
            get(endpoints::one),
        )
        .route(
            "/hsm/v2/Inventory/ComponentEndpoints",
            get(endpoints::components),
        )
        .route(
            "/hsm/v2/Inventory/ComponentEndpoints/{xname}",
            get(endpoints::component),
        )
        .route("/hsm/v2/Inventory/Hardware", get(hardware::list))
        .route("/hsm/v2/Inventory/Hardware/{xname}", get(hardware::one))
        .route("/hsm/v2/groups", get(groups::groups))
        .route("/hsm/v2/groups/{label}", get(groups::one_group))
        .route("/hsm/v2/partitions", get(groups::partitions))
        .route("/hsm/v2/partitions/{name}", get(groups::one_partition))
        .route("/hsm/v2/memberships", get(groups::memberships))
        .route("/hsm/v2/memberships/{xname}", get(groups::one_membership))
}
