//! BSS's `/boot/v1/hosts` (the SMD components BSS boots, with their boot MACs) and
//! `/boot/v1/service/status` and `/service/version`.

use super::bss_params::{node_by_host, BssQuery};
use super::smd::{component, problem, view, Component};
use super::smd::{histories, Histories};
use super::state::AppState;
use super::Snapshot;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// BSS's `SMComponent`: an SMD component and what BSS adds.
#[derive(Debug, Serialize)]
struct Host {
    #[serde(flatten)]
    component: Component,
    /// The node's name.
    #[serde(rename = "FQDN")]
    fqdn: String,
    /// Its boot MACs.
    #[serde(rename = "MAC")]
    macs: Vec<String>,
    /// Whether it is enabled.
    #[serde(rename = "EndpointEnabled")]
    endpoint_enabled: bool,
}

fn host(snap: &Snapshot, ni: usize, h: &Histories) -> Option<Host> {
    let inv = snap.inventory();
    let n = &inv.nodes[ni].value;
    Some(Host {
        component: component(inv, view(snap), ni, h)?,
        fqdn: n.name.clone(),
        macs: snap
            .cx
            .boot_macs(ni)
            .iter()
            .map(ToString::to_string)
            .collect(),
        endpoint_enabled: n.is_enabled(),
    })
}

/// `GET /boot/v1/hosts`: every node with an xname, or those `name=` (xname or host
/// name), `mac=` and `nid=` give (comma lists); one unknown is a 404, as in BSS.
pub async fn hosts(State(st): State<AppState>, Query(q): Query<Vec<(String, String)>>) -> Response {
    let snap = st.current();
    let h = histories(&st);
    let who = match BssQuery::parse(&q) {
        Ok(w) => w,
        Err(e) => return e.into_response(),
    };
    if who.is_empty() {
        let all: Vec<Host> = view(&snap)
            .components
            .iter()
            .filter_map(|&ni| host(&snap, ni, &h))
            .collect();
        return Json(all).into_response();
    }
    let mut out = Vec::new();
    let not_found = |what: &str, v: &str| {
        problem(
            StatusCode::NOT_FOUND,
            format!("Not Found - Unknown {what} '{v}'"),
        )
    };
    for n in &who.names {
        match node_by_host(&snap, n).and_then(|ni| host(&snap, ni, &h)) {
            Some(h) => out.push(h),
            None => return not_found("host name", n),
        }
    }
    for m in &who.macs {
        let found = m.parse().ok().and_then(|mac| snap.cx.node_by_mac(mac));
        match found.and_then(|ni| host(&snap, ni, &h)) {
            Some(h) => out.push(h),
            None => return not_found("MAC address", m),
        }
    }
    for &n in &who.nids {
        match snap.by_nid.get(&n).and_then(|&ni| host(&snap, ni, &h)) {
            Some(h) => out.push(h),
            None => return not_found("NID", &n.to_string()),
        }
    }
    Json(out).into_response()
}

/// `GET /boot/v1/service/status`: `{"bss-status": "running"}`.
pub async fn status() -> Response {
    Json(serde_json::json!({"bss-status": "running"})).into_response()
}

/// `GET /boot/v1/service/version`: chami's version as `bss-version`.
pub async fn version() -> Response {
    Json(serde_json::json!({"bss-version": env!("CARGO_PKG_VERSION")})).into_response()
}
