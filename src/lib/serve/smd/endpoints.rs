//! SMD's `/hsm/v2/Inventory/RedfishEndpoints` (the Redfish BMCs of bmcs/ that have an
//! xname; credentials never appear: `User` and `Password` are empty) and
//! `/hsm/v2/Inventory/ComponentEndpoints` (each node with an xname whose `bmc:` is one of
//! them, as a Redfish ComputerSystem).

use super::problem::{problem, Problem};
use super::query::{any, any_text, Params};
use super::view::{view, View};
use crate::inventory::model::{Bmc, BmcKind};
use crate::inventory::Inventory;
use crate::serve::state::AppState;
use crate::xname::{Xname, XnameType};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// `DiscoveryInfo` of a Redfish endpoint.
#[derive(Debug, Serialize)]
struct DiscoveryInfo {
    /// `DiscoverOK` when `chami discover` filled the BMC's vendor, model or firmware,
    /// else `NotYetQueried`.
    #[serde(rename = "LastDiscoveryStatus")]
    last_status: &'static str,
}

/// `RedfishEndpoint.1.0.0_RedfishEndpoint`.
#[derive(Debug, Serialize)]
struct RedfishEndpoint {
    #[serde(rename = "ID")]
    id: String,
    #[serde(rename = "Type")]
    kind: &'static str,
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Hostname")]
    hostname: String,
    #[serde(rename = "Domain")]
    domain: String,
    #[serde(rename = "FQDN")]
    fqdn: String,
    #[serde(rename = "Enabled")]
    enabled: bool,
    #[serde(rename = "User")]
    user: String,
    #[serde(rename = "Password")]
    password: String,
    #[serde(rename = "MACAddr", skip_serializing_if = "Option::is_none")]
    mac: Option<String>,
    #[serde(rename = "IPAddress", skip_serializing_if = "Option::is_none")]
    ip: Option<String>,
    #[serde(rename = "RediscoverOnUpdate")]
    rediscover: bool,
    #[serde(rename = "DiscoveryInfo")]
    discovery: DiscoveryInfo,
}

/// `ComponentEndpoint.1.0.0_ComponentEndpoint`.
#[derive(Debug, Serialize)]
struct ComponentEndpoint {
    #[serde(rename = "ID")]
    id: String,
    #[serde(rename = "Type")]
    kind: &'static str,
    #[serde(rename = "RedfishType")]
    redfish_type: &'static str,
    #[serde(rename = "RedfishSubtype")]
    redfish_subtype: &'static str,
    #[serde(rename = "MACAddr", skip_serializing_if = "Option::is_none")]
    mac: Option<String>,
    #[serde(rename = "UUID", skip_serializing_if = "Option::is_none")]
    uuid: Option<String>,
    /// Empty: chami does not record the system's Redfish path.
    #[serde(rename = "OdataID")]
    odata_id: String,
    #[serde(rename = "RedfishEndpointID")]
    endpoint_id: String,
    #[serde(rename = "Enabled")]
    enabled: bool,
    #[serde(rename = "RedfishEndpointFQDN")]
    endpoint_fqdn: String,
    #[serde(rename = "RedfishURL")]
    url: String,
    #[serde(rename = "ComponentEndpointType")]
    endpoint_type: &'static str,
}

/// How BMC `b` is reached: its `fqdn:` or else its address.
fn reach(b: &Bmc) -> String {
    b.fqdn
        .clone()
        .or_else(|| b.ip.map(|ip| ip.to_string()))
        .unwrap_or_default()
}

fn redfish_endpoint(b: &Bmc, x: Xname) -> RedfishEndpoint {
    let fqdn = reach(b);
    let (hostname, domain) = match &b.fqdn {
        Some(f) => match f.split_once('.') {
            Some((h, d)) => (h.to_string(), d.to_string()),
            None => (f.clone(), String::new()),
        },
        None => (fqdn.clone(), String::new()),
    };
    let discovered = b.vendor.is_some() || b.model.is_some() || b.firmware.is_some();
    RedfishEndpoint {
        id: x.to_string(),
        kind: x.kind().as_str(),
        name: b.name.clone(),
        hostname,
        domain,
        fqdn,
        enabled: true,
        user: String::new(),
        password: String::new(),
        mac: b.mac.map(|m| m.to_string()),
        ip: b.ip.map(|ip| ip.to_string()),
        rediscover: false,
        discovery: DiscoveryInfo {
            last_status: if discovered {
                "DiscoverOK"
            } else {
                "NotYetQueried"
            },
        },
    }
}

/// The Redfish BMCs with an xname, in xname order, as (BMC index, xname).
fn redfish_bmcs(inv: &Inventory, v: &View) -> Vec<(usize, Xname)> {
    let mut out: Vec<(usize, Xname)> = (0..inv.bmcs.len())
        .filter(|&bi| inv.bmcs[bi].value.kind == BmcKind::Redfish)
        .filter_map(|bi| Some((bi, v.bmc_xnames[bi]?)))
        .collect();
    out.sort_by_key(|&(_, x)| x);
    out
}

fn endpoints(inv: &Inventory, v: &View) -> Vec<RedfishEndpoint> {
    redfish_bmcs(inv, v)
        .into_iter()
        .map(|(bi, x)| redfish_endpoint(&inv.bmcs[bi].value, x))
        .collect()
}

fn component_endpoints(inv: &Inventory, v: &View) -> Vec<ComponentEndpoint> {
    let bmcs = redfish_bmcs(inv, v);
    let by_name = |name: &str| {
        bmcs.iter()
            .find(|&&(bi, _)| inv.bmcs[bi].value.name == name)
    };
    v.components
        .iter()
        .filter_map(|&ni| {
            let n = &inv.nodes[ni].value;
            let &(bi, bx) = by_name(n.bmc.as_deref()?)?;
            let x = v.node_xnames[ni]?;
            let fqdn = reach(&inv.bmcs[bi].value);
            Some(ComponentEndpoint {
                id: x.to_string(),
                kind: x.kind().as_str(),
                redfish_type: "ComputerSystem",
                redfish_subtype: "Physical",
                mac: n
                    .boot_interfaces()
                    .find_map(|f| f.mac)
                    .map(|m| m.to_string()),
                uuid: n.hardware.uuid.clone(),
                odata_id: String::new(),
                endpoint_id: bx.to_string(),
                enabled: n.is_enabled(),
                url: fqdn.clone(),
                endpoint_fqdn: fqdn,
                endpoint_type: "ComponentEndpointComputerSystem",
            })
        })
        .collect()
}

fn ids(p: &Params, key: &str) -> Result<Vec<String>, Problem> {
    p.parsed(key, "Argument was not a valid xname ID", |s| {
        Xname::parse(s).ok().map(|x| x.to_string())
    })
}

fn types(p: &Params) -> Result<Vec<XnameType>, Problem> {
    p.parsed("type", "Argument was not a valid HMS Type", |s| {
        s.parse().ok()
    })
}

/// `GET /hsm/v2/Inventory/RedfishEndpoints`.
pub(super) async fn list(
    State(st): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    const KEYS: [&str; 7] = [
        "id",
        "fqdn",
        "type",
        "uuid",
        "macaddr",
        "ipaddress",
        "laststatus",
    ];
    let p = match Params::new(q, &KEYS) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let (id, ty) = match (ids(&p, "id"), types(&p)) {
        (Ok(i), Ok(t)) => (i, t),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let (fqdn, uuid, status) = (
        p.lowered("fqdn"),
        p.lowered("uuid"),
        p.lowered("laststatus"),
    );
    let macs: Vec<String> = p
        .lowered("macaddr")
        .iter()
        .map(|m| m.replace([':', '-'], ""))
        .collect();
    let ips: Vec<&str> = p.values("ipaddress").collect();
    let snap = st.current();
    let found: Vec<RedfishEndpoint> = endpoints(snap.inventory(), view(&snap))
        .into_iter()
        .filter(|e| {
            any(&id, |i| *i == e.id)
                && any(&ty, |t| t.as_str() == e.kind)
                && any_text(&fqdn, Some(&e.fqdn))
                && uuid.is_empty()
                && any(&macs, |m| {
                    e.mac.as_deref().map(|a| a.replace(':', "")) == Some(m.clone())
                })
                && any(&ips, |i| e.ip.as_deref() == Some(*i))
                && any_text(&status, Some(e.discovery.last_status))
        })
        .collect();
    Json(serde_json::json!({ "RedfishEndpoints": found })).into_response()
}

/// `GET /hsm/v2/Inventory/RedfishEndpoints/{xname}`.
pub(super) async fn one(State(st): State<AppState>, Path(xname): Path<String>) -> Response {
    let snap = st.current();
    let want = Xname::parse(&xname).ok().map(|x| x.to_string());
    match endpoints(snap.inventory(), view(&snap))
        .into_iter()
        .find(|e| Some(&e.id) == want.as_ref())
    {
        Some(e) => Json(e).into_response(),
        None => problem(StatusCode::NOT_FOUND, "no such xname."),
    }
}

/// `GET /hsm/v2/Inventory/ComponentEndpoints`.
pub(super) async fn components(
    State(st): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    const KEYS: [&str; 4] = ["id", "redfish_ep", "type", "redfish_type"];
    let p = match Params::new(q, &KEYS) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let (id, ep, ty) = match (ids(&p, "id"), ids(&p, "redfish_ep"), types(&p)) {
        (Ok(i), Ok(e), Ok(t)) => (i, e, t),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return e.into_response(),
    };
    let rtype = p.lowered("redfish_type");
    let snap = st.current();
    let found: Vec<ComponentEndpoint> = component_endpoints(snap.inventory(), view(&snap))
        .into_iter()
        .filter(|c| {
            any(&id, |i| *i == c.id)
                && any(&ep, |e| *e == c.endpoint_id)
                && any(&ty, |t| t.as_str() == c.kind)
                && any_text(&rtype, Some(c.redfish_type))
        })
        .collect();
    Json(serde_json::json!({ "ComponentEndpoints": found })).into_response()
}

/// `GET /hsm/v2/Inventory/ComponentEndpoints/{xname}`.
pub(super) async fn component(State(st): State<AppState>, Path(xname): Path<String>) -> Response {
    let snap = st.current();
    let want = Xname::parse(&xname).ok().map(|x| x.to_string());
    match component_endpoints(snap.inventory(), view(&snap))
        .into_iter()
        .find(|c| Some(&c.id) == want.as_ref())
    {
        Some(c) => Json(c).into_response(),
        None => problem(StatusCode::NOT_FOUND, "no such xname."),
    }
}
