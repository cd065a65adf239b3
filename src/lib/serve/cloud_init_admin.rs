//! OpenCHAMI cloud-init's admin routes, read side: `/cloud-init/admin/groups` (every
//! group's cloud-init data, as OpenCHAMI's `GroupData`), `/cloud-init/admin/groups/{id}`,
//! and `/cloud-init/admin/impersonation/{id}/{file}` (any node's seed file, by xname or
//! name, as that node would get it). They hand out every node's configuration, so they sit
//! behind the token guard with the write scope, like the write routes; without `--jwks`
//! they are off. Changing group data is done in the inventory (`chami inventory set --kind
//! group`), not here.

use super::auth::guard;
use super::snapshot::Snapshot;
use super::state::AppState;
use crate::inventory::model::Group;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

/// The admin routes, guarded; merged into serve's router.
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/cloud-init/admin/groups", get(groups))
        .route("/cloud-init/admin/groups/{id}", get(one_group))
        .route(
            "/cloud-init/admin/impersonation/{id}/{file}",
            get(impersonate),
        )
        .route_layer(axum::middleware::from_fn_with_state(state, guard::writes))
}

/// OpenCHAMI's `GroupData` of group `g`: its user-data as a plain `#cloud-config` file.
fn group_data(g: &Group) -> Value {
    let mut content = String::from("#cloud-config\n");
    if !g.cloud_init.user_data.is_empty() {
        content
            .push_str(&crate::yaml::to_string_typed(&g.cloud_init.user_data).unwrap_or_default());
    }
    let mut v = Map::new();
    v.insert("name".into(), json!(g.name));
    if let Some(d) = &g.description {
        v.insert("description".into(), json!(d));
    }
    if !g.cloud_init.meta_data.is_empty() {
        v.insert("meta-data".into(), json!(g.cloud_init.meta_data));
    }
    v.insert(
        "file".into(),
        json!({"content": content, "filename": format!("{}.yaml", g.name), "encoding": "plain"}),
    );
    Value::Object(v)
}

/// `GET /cloud-init/admin/groups`: every group by name.
async fn groups(State(st): State<AppState>) -> Response {
    let snap = st.current();
    let all: Map<String, Value> = snap
        .inventory()
        .groups
        .iter()
        .map(|g| (g.name.clone(), group_data(g)))
        .collect();
    Json(Value::Object(all)).into_response()
}

/// `GET /cloud-init/admin/groups/{id}`.
async fn one_group(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let snap = st.current();
    match snap.inventory().groups.iter().find(|g| g.name == id) {
        Some(g) => Json(group_data(g)).into_response(),
        None => not_found(&format!("no group {}", crate::escape::comment(&id))),
    }
}

/// `GET /cloud-init/admin/impersonation/{id}/{file}`: node `id`'s `user-data`,
/// `meta-data`, `vendor-data`, `network-config` or `<group>.yaml`.
async fn impersonate(
    State(st): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let snap: std::sync::Arc<Snapshot> = st.current();
    let Some(ni) = super::bss_params::node_by_host(&snap, &id) else {
        return not_found(&format!(
            "no node has the xname or name {}",
            crate::escape::comment(&id)
        ));
    };
    match file.strip_suffix(".yaml") {
        Some(group) => super::cloud_init::group_file(&snap, ni, group),
        None => super::cloud_init::file_of(&snap, ni, &file),
    }
}

fn not_found(why: &str) -> Response {
    (StatusCode::NOT_FOUND, format!("{why}\n")).into_response()
}
