//! SMD's `/hsm/v2/Inventory/EthernetInterfaces` (the v2 form, with `IPAddresses`): every
//! interface with a MAC of every node and BMC that has an xname.

use super::clock::rfc3339;
use super::problem::problem;
use super::query::{any, any_text, Params};
use super::view::view;
use crate::inventory::model::MacAddr;
use crate::serve::state::AppState;
use crate::xname::{Xname, XnameType};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::net::IpAddr;

/// One address of an interface.
#[derive(Debug, Serialize)]
struct IpAddress {
    #[serde(rename = "IPAddress")]
    ip: String,
    #[serde(rename = "Network", skip_serializing_if = "String::is_empty")]
    network: String,
}

/// `CompEthInterface.1.0.0` (v2).
#[derive(Debug, Serialize)]
struct EthInterface {
    /// The MAC's hex digits, lower case, without separators.
    #[serde(rename = "ID")]
    id: String,
    /// The interface's name.
    #[serde(rename = "Description")]
    description: String,
    #[serde(rename = "MACAddress")]
    mac: String,
    /// When the inventory was loaded.
    #[serde(rename = "LastUpdate")]
    last_update: String,
    #[serde(rename = "ComponentID")]
    component: String,
    #[serde(rename = "Type")]
    kind: &'static str,
    #[serde(rename = "IPAddresses")]
    ips: Vec<IpAddress>,
}

const KEYS: [&str; 6] = [
    "id",
    "macaddress",
    "ipaddress",
    "network",
    "componentid",
    "type",
];

fn interface(
    x: Xname,
    name: &str,
    mac: MacAddr,
    ip: Option<IpAddr>,
    network: Option<&str>,
    when: &str,
) -> EthInterface {
    let mac = mac.to_string();
    EthInterface {
        id: mac.replace(':', ""),
        description: name.to_string(),
        mac,
        last_update: when.to_string(),
        component: x.to_string(),
        kind: x.kind().as_str(),
        ips: ip
            .map(|ip| IpAddress {
                ip: ip.to_string(),
                network: network.unwrap_or_default().to_string(),
            })
            .into_iter()
            .collect(),
    }
}

/// Every interface, nodes' first (in xname order) then BMCs'.
fn all(snap: &crate::serve::Snapshot) -> Vec<EthInterface> {
    let (inv, v) = (snap.inventory(), view(snap));
    let when = rfc3339(snap.loaded_at);
    let mut out = Vec::new();
    for &ni in &v.components {
        let x = v.node_xnames[ni].expect("a component has an xname");
        for f in &inv.nodes[ni].value.interfaces {
            if let Some(mac) = f.mac {
                out.push(interface(
                    x,
                    &f.name,
                    mac,
                    f.ip,
                    f.network.as_deref(),
                    &when,
                ));
            }
        }
    }
    for (bi, r) in inv.bmcs.iter().enumerate() {
        let b = &r.value;
        if let (Some(x), Some(mac)) = (v.bmc_xnames[bi], b.mac) {
            out.push(interface(
                x,
                &b.name,
                mac,
                b.ip,
                b.network.as_deref(),
                &when,
            ));
        }
    }
    out
}

/// `GET /hsm/v2/Inventory/EthernetInterfaces`.
pub(super) async fn list(
    State(st): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let p = match Params::new(q, &KEYS) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let (ids, networks) = (p.lowered("id"), p.lowered("network"));
    // MACs in any spelling SMD stores: with or without separators.
    let macs: Vec<String> = p
        .lowered("macaddress")
        .iter()
        .map(|m| m.replace([':', '-', '.'], ""))
        .collect();
    let ips: Vec<String> = p.values("ipaddress").map(str::to_string).collect();
    let comps = match p.parsed("componentid", "Invalid CompID.", |s| Xname::parse(s).ok()) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let types = match p.parsed("type", "Invalid HMS type.", |s| s.parse::<XnameType>().ok()) {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let snap = st.current();
    let found: Vec<EthInterface> = all(&snap)
        .into_iter()
        .filter(|e| {
            any_text(&ids, Some(&e.id))
                && any(&macs, |m| *m == e.id)
                && any(&ips, |i| e.ips.iter().any(|a| a.ip == *i))
                && any(&networks, |n| {
                    e.ips.iter().any(|a| a.network.eq_ignore_ascii_case(n))
                })
                && any(&comps, |c| c.to_string() == e.component)
                && any(&types, |t| t.as_str() == e.kind)
        })
        .collect();
    Json(found).into_response()
}

/// `GET /hsm/v2/Inventory/EthernetInterfaces/{id}`.
pub(super) async fn one(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let snap = st.current();
    let want = id.to_ascii_lowercase().replace([':', '-'], "");
    match all(&snap).into_iter().find(|e| e.id == want) {
        Some(e) => Json(e).into_response(),
        None => problem(
            StatusCode::NOT_FOUND,
            format!("No such component ethernet interface: {id}"),
        ),
    }
}
