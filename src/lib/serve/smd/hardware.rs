//! SMD's `/hsm/v2/Inventory/Hardware`: each node with an xname and a collected
//! `hardware:` as an `HWInvByLocNode`, its FRU (`HWInvByFRUNode`) from the maker, model,
//! serial, UUID and BIOS version. GPUs and other sub-components are not listed.

use super::problem::problem;
use super::query::{any, Params};
use super::view::{view, View};
use crate::inventory::Inventory;
use crate::serve::state::AppState;
use crate::xname::{Xname, XnameType};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// Node `ni`'s hardware as SMD's `HWInvByLoc`, `None` without xname or `hardware:`.
fn location(inv: &Inventory, v: &View, ni: usize) -> Option<(Xname, Value)> {
    let x = v.node_xnames[ni]?;
    let n = &inv.nodes[ni].value;
    let h = &n.hardware;
    if h.is_empty() {
        return None;
    }
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let fru_id = [&h.manufacturer, &h.model, &h.serial]
        .iter()
        .filter_map(|s| s.as_deref())
        .map(|s| s.replace(char::is_whitespace, "_"))
        .fold("Node".to_string(), |id, s| format!("{id}.{s}"));
    // Whole GiB as an integer, as Redfish BMCs mostly report it.
    let memory_gib: Value = match h.memory_mib.unwrap_or(0) {
        m if m % 1024 == 0 => (m / 1024).into(),
        m => (m as f64 / 1024.0).into(),
    };
    Some((
        x,
        json!({
            "ID": x.to_string(),
            "Type": x.kind().as_str(),
            "Ordinal": x.ordinals().last().copied().unwrap_or(0),
            "Status": "Populated",
            "HWInventoryByLocationType": "HWInvByLocNode",
            "NodeLocationInfo": {
                "Id": x.to_string(),
                "Name": n.name,
                "Description": "",
                "HostName": n.name,
                "ProcessorSummary": {"Count": h.sockets.unwrap_or(0), "Model": text(&h.cpu_model)},
                "MemorySummary": {"TotalSystemMemoryGiB": memory_gib},
            },
            "PopulatedFRU": {
                "FRUID": fru_id,
                "Type": x.kind().as_str(),
                "Subtype": "",
                "HWInventoryByFRUType": "HWInvByFRUNode",
                "NodeFRUInfo": {
                    "AssetTag": "",
                    "BiosVersion": text(&h.bios_version),
                    "Model": text(&h.model),
                    "Manufacturer": text(&h.manufacturer),
                    "PartNumber": "",
                    "SerialNumber": text(&h.serial),
                    "SKU": "",
                    "SystemType": "Physical",
                    "UUID": text(&h.uuid),
                },
            },
        }),
    ))
}

fn all(inv: &Inventory, v: &View) -> Vec<(Xname, Value)> {
    v.components
        .iter()
        .filter_map(|&ni| location(inv, v, ni))
        .collect()
}

/// `GET /hsm/v2/Inventory/Hardware`.
pub(super) async fn list(
    State(st): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let p = match Params::new(q, &["id", "type"]) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let ids = p.parsed("id", "Invalid xname", |s| Xname::parse(s).ok());
    let types = p.parsed("type", "Invalid HMS type", |s| s.parse::<XnameType>().ok());
    let (ids, types) = match (ids, types) {
        (Ok(i), Ok(t)) => (i, t),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let snap = st.current();
    let found: Vec<Value> = all(snap.inventory(), view(&snap))
        .into_iter()
        .filter(|(x, _)| any(&ids, |i| i == x) && any(&types, |t| *t == x.kind()))
        .map(|(_, l)| l)
        .collect();
    Json(found).into_response()
}

/// `GET /hsm/v2/Inventory/Hardware/{xname}`.
pub(super) async fn one(State(st): State<AppState>, Path(xname): Path<String>) -> Response {
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    match v.node_by_xname(&xname).and_then(|ni| location(inv, v, ni)) {
        Some((_, l)) => Json(l).into_response(),
        None => problem(StatusCode::NOT_FOUND, "no such xname."),
    }
}
