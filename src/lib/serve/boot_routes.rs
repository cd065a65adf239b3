//! Boot scripts: BSS's `/boot/v1/bootscript` and `/boot/v1/bootparameters` (`name=` the
//! xname, else the host name; no arguments: every node), and the
//! bootgen tree's own paths (`default.ipxe`, `unknown.ipxe`, `ipxe/<mac>.ipxe`,
//! `nodes/<name>.ipxe`), which node scripts chain on retry. An unknown MAC gets the
//! retry script, not an error page: the machine keeps asking until it is added.
//! With a token secret, only the node itself gets its token (see [`super::node_access`]).

use super::identity::BadForwardedFor;
use super::node_access::{shown, token_to_hide, without_token, Asker};
use super::router::AppState;
use super::smd::{self, Problem};
use super::snapshot::Snapshot;
use crate::boot::boot_parameters;
use crate::inventory::model::MacAddr;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

/// `?mac=&name=&nid=`.
#[derive(Debug, Deserialize)]
pub struct Who {
    mac: Option<String>,
    name: Option<String>,
    nid: Option<u64>,
}

fn ipxe(text: impl IntoResponse) -> Response {
    super::router::plain_text(text)
}

fn bad(why: String) -> Response {
    (StatusCode::BAD_REQUEST, format!("{why}\n")).into_response()
}

/// The node a query names, and the MAC it boots from when given.
fn lookup(snap: &Snapshot, who: &Who) -> Result<(Option<usize>, Option<MacAddr>), String> {
    if let Some(m) = &who.mac {
        let mac: MacAddr = m
            .parse()
            .map_err(|e: crate::inventory::model::MacError| e.to_string())?;
        return Ok((snap.cx.node_by_mac(mac), Some(mac)));
    }
    // By name or NID: the script of the node's first boot MAC, as bootgen's
    // nodes/<name>.ipxe (iPXE's own MAC when the node has none).
    let with_mac = |ni: Option<usize>| (ni, ni.and_then(|i| snap.cx.boot_macs(i).first().copied()));
    if let Some(n) = &who.name {
        return Ok(with_mac(node_by_host(snap, n)));
    }
    if let Some(n) = who.nid {
        return Ok(with_mac(snap.by_nid.get(&n).copied()));
    }
    Err("give mac=, name= or nid=".into())
}

/// The answer with node `ni`'s script for `mac` as `asker` may see it (no token unless
/// it is the node), or `None` when the node has no script.
fn node_script(
    st: &AppState,
    snap: &Snapshot,
    ni: usize,
    mac: Option<MacAddr>,
    asker: Asker<'_>,
) -> Option<Response> {
    match snap.script(ni, mac) {
        Ok(Some(s)) => Some(match token_to_hide(st, snap, ni, asker) {
            Ok(hide) => ipxe(shown(s, hide.as_deref())),
            Err(e) => e.into_response(),
        }),
        Ok(None) => None,
        Err(e) => Some((StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response()),
    }
}

fn script_for(
    st: &AppState,
    snap: &Snapshot,
    ni: Option<usize>,
    mac: Option<MacAddr>,
    asker: Asker<'_>,
) -> Response {
    match ni.and_then(|i| node_script(st, snap, i, mac, asker)) {
        Some(r) => r,
        None => {
            st.metrics.unknown_macs.fetch_add(1, Ordering::Relaxed);
            ipxe(snap.unknown_script.clone())
        }
    }
}

/// `GET /boot/v1/bootscript`.
pub async fn bootscript(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(who): Query<Who>,
) -> Response {
    let snap = st.current();
    let asker = Asker {
        peer,
        headers: &headers,
    };
    match lookup(&snap, &who) {
        Ok((ni, mac)) => script_for(&st, &snap, ni, mac, asker),
        Err(why) => bad(why),
    }
}

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

/// `GET /default.ipxe`.
pub async fn default_ipxe(State(st): State<AppState>) -> Response {
    ipxe(st.current().default_script.clone())
}

/// `GET /unknown.ipxe`.
pub async fn unknown_ipxe(State(st): State<AppState>) -> Response {
    ipxe(st.current().unknown_script.clone())
}

/// `GET /ipxe/<mac>.ipxe` (iPXE's `${mac:hexhyp}`).
pub async fn by_mac_file(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let asker = Asker {
        peer,
        headers: &headers,
    };
    mac_script(&st, &file, asker)
}

/// The answer to `/ipxe/<file>`.
pub(super) fn mac_script(st: &AppState, file: &str, asker: Asker<'_>) -> Response {
    let Some(mac) = file
        .strip_suffix(".ipxe")
        .and_then(|m| m.parse::<MacAddr>().ok())
    else {
        return (StatusCode::NOT_FOUND, "not a MAC script\n").into_response();
    };
    let snap = st.current();
    let ni = snap.cx.node_by_mac(mac);
    script_for(st, &snap, ni, Some(mac), asker)
}

/// `GET /nodes/<name>.ipxe`.
pub async fn by_name_file(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let snap = st.current();
    let Some(ni) = file
        .strip_suffix(".ipxe")
        .and_then(|n| snap.cx.node_by_name(n))
    else {
        return (StatusCode::NOT_FOUND, "no such node\n").into_response();
    };
    let asker = Asker {
        peer,
        headers: &headers,
    };
    let mac = snap.cx.boot_macs(ni).first().copied();
    node_script(&st, &snap, ni, mac, asker)
        .unwrap_or_else(|| (StatusCode::NOT_FOUND, "the node has no boot script\n").into_response())
}
