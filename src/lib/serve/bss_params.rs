//! BSS's `/boot/v1/bootparameters`: BSS's field names; `mac=`, `name=` (the xname, else
//! the host name) and `nid=`, each repeatable and a comma list; without them, every node.
//! With a token secret, each entry carries its node's token only when that node asks
//! (see [`super::node_access`]), in the list as for one node.

use super::identity::BadForwardedFor;
use super::node_access::{token_to_hide, without_token, Asker};
use super::smd::{self, Problem};
use super::snapshot::Snapshot;
use super::state::AppState;
use crate::boot::boot_parameters;
use crate::inventory::model::MacAddr;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// BSS's `mac=`, `name=` and `nid=`, each repeatable and a comma list.
#[derive(Debug, Default)]
pub(super) struct BssQuery {
    /// `name=`: xnames or host names.
    pub names: Vec<String>,
    /// `mac=`, as given.
    pub macs: Vec<String>,
    /// `nid=`.
    pub nids: Vec<u64>,
}

impl BssQuery {
    /// The query's node selectors (other parameters are ignored, as BSS does); a NID
    /// that is not a number is BSS's 400.
    pub fn parse(pairs: &[(String, String)]) -> Result<BssQuery, Problem> {
        let mut q = BssQuery::default();
        for (k, v) in pairs {
            for item in v.split(',').filter(|s| !s.is_empty()) {
                match k.as_str() {
                    "name" => q.names.push(item.to_string()),
                    "mac" => q.macs.push(item.to_string()),
                    "nid" => q.nids.push(smd::nid(item).ok_or_else(|| {
                        Problem::new(
                            StatusCode::BAD_REQUEST,
                            format!("Bad Request - Invalid nid '{item}'"),
                        )
                    })?),
                    _ => {}
                }
            }
        }
        Ok(q)
    }

    /// True when no node is named: BSS's list form.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.macs.is_empty() && self.nids.is_empty()
    }

    /// BSS's 404 for a query nothing matched.
    fn not_found(&self) -> Response {
        let objs: Vec<&str> = [
            (!self.names.is_empty(), "Hosts"),
            (!self.macs.is_empty(), "MACs"),
            (!self.nids.is_empty(), "NIDs"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        let (last, rest) = objs.split_last().expect("not empty");
        let or = if rest.is_empty() { "" } else { " or " };
        smd::problem(
            StatusCode::NOT_FOUND,
            format!(
                "Cannot find boot parameters for requested {}{or}{last}",
                rest.join(", ")
            ),
        )
    }
}

/// The node BSS's `name=` means: the node with that xname, else the one with that name.
pub(super) fn node_by_host(snap: &Snapshot, name: &str) -> Option<usize> {
    smd::view(snap)
        .node_by_xname(name)
        .or_else(|| snap.cx.node_by_name(name))
}

/// Why a node's boot parameters cannot be answered.
enum EntryError {
    /// A trusted proxy's unreadable X-Forwarded-For.
    Forwarded(BadForwardedFor),
    /// The parameters cannot be made.
    Boot(crate::boot::BootError),
}

impl IntoResponse for EntryError {
    fn into_response(self) -> Response {
        match self {
            EntryError::Forwarded(e) => e.into_response(),
            EntryError::Boot(e) => {
                (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response()
            }
        }
    }
}

/// Node `ni`'s BSS boot parameters for `mac` as `asker` may see them (no token unless it
/// is the node); empty lists left out, as BSS does.
fn params_entry(
    st: &AppState,
    snap: &Snapshot,
    ni: usize,
    mac: Option<MacAddr>,
    asker: Asker<'_>,
) -> Result<serde_json::Value, EntryError> {
    let node = &snap.inventory().nodes[ni].value;
    let macs: Vec<String> = snap
        .cx
        .boot_macs(ni)
        .iter()
        .map(ToString::to_string)
        .collect();
    let host = smd::view(snap)
        .xname(ni)
        .unwrap_or_else(|| node.name.clone());
    let mut body = serde_json::json!({ "hosts": [host] });
    if !macs.is_empty() {
        body["macs"] = macs.into();
    }
    if let Some(n) = node.nid {
        body["nids"] = vec![n].into();
    }
    if let Some(p) = boot_parameters(&snap.cx, ni, mac).map_err(EntryError::Boot)? {
        let hide = token_to_hide(st, snap, ni, asker).map_err(EntryError::Forwarded)?;
        body["params"] = match hide {
            Some(token) => without_token(&p.params, &token).into(),
            None => p.params.into(),
        };
        body["kernel"] = p.kernel.into();
        body["initrd"] = p.initrd.into();
    }
    Ok(body)
}

/// The nodes `who` names, each once, with the MAC it was named by.
fn named_nodes(snap: &Snapshot, who: &BssQuery) -> Vec<(usize, Option<MacAddr>)> {
    let first_mac = |ni: usize| (ni, snap.cx.boot_macs(ni).first().copied());
    let mut found: Vec<(usize, Option<MacAddr>)> = Vec::new();
    let by_name = who.names.iter().filter_map(|n| node_by_host(snap, n));
    found.extend(by_name.map(first_mac));
    for m in &who.macs {
        if let Ok(mac) = m.parse::<MacAddr>() {
            found.extend(snap.cx.node_by_mac(mac).map(|ni| (ni, Some(mac))));
        }
    }
    found.extend(
        who.nids
            .iter()
            .filter_map(|n| snap.by_nid.get(n).copied())
            .map(first_mac),
    );
    let mut seen = std::collections::HashSet::new();
    found.retain(|(ni, _)| seen.insert(*ni));
    found
}

/// `GET /boot/v1/bootparameters`: BSS's field names. Without `mac=`, `name=` or `nid=`,
/// every node's entry (each with its token only for that node, as for one node).
pub async fn bootparameters(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let snap = st.current();
    let who = match BssQuery::parse(&q) {
        Ok(w) => w,
        Err(e) => return e.into_response(),
    };
    let nodes = if who.is_empty() {
        (0..snap.inventory().nodes.len())
            .map(|ni| (ni, snap.cx.boot_macs(ni).first().copied()))
            .collect()
    } else {
        named_nodes(&snap, &who)
    };
    if nodes.is_empty() && !who.is_empty() {
        return who.not_found();
    }
    let asker = Asker {
        peer,
        headers: &headers,
    };
    let entries: Result<Vec<serde_json::Value>, EntryError> = nodes
        .into_iter()
        .map(|(ni, mac)| params_entry(&st, &snap, ni, mac, asker))
        .collect();
    match entries {
        Ok(e) => axum::Json(e).into_response(),
        Err(e) => e.into_response(),
    }
}
