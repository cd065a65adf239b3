//! Boot scripts: BSS's `/boot/v1/bootscript` (`name=` the xname, else the host name), and
//! the
//! bootgen tree's own paths (`default.ipxe`, `unknown.ipxe`, `ipxe/<mac>.ipxe`,
//! `nodes/<name>.ipxe`), which node scripts chain on retry. An unknown MAC gets the
//! retry script, not an error page: the machine keeps asking until it is added.
//! With a token secret, only the node itself gets its token (see [`super::node_access`]).

use super::bss_params::node_by_host;
use super::node_access::{shown, token_to_hide, Asker};
use super::snapshot::Snapshot;
use super::state::AppState;
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
    super::state::plain_text(text)
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
