//! cloud-init NoCloud seeds. `/cloud-init/<file>` answers the node the request comes
//! from (by source address); `/cloud-init/<node>/<file>` answers only that node's own
//! address or a request with its token (`?token=`), and `/cloud-init/<node>/<token>/`
//! is the same with the token in the path (a NoCloud seed URL can carry it). Anything
//! else gets 403 and a log line: a node never receives another node's data.
//!
//! `/cloud-init/<group>.yaml` is OpenCHAMI's per-group file: the group's own
//! `cloud_init.user_data` as `#cloud-config`, for a requesting node in that group only.

use super::node_access::{client, is_node};
use super::snapshot::Snapshot;
use super::state::AppState;
use crate::boot::token_matches;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

pub(super) fn file_of(snap: &Snapshot, ni: usize, file: &str) -> Response {
    if file == "network-config" {
        return text(network_config(snap, ni));
    }
    let Some([meta, user, vendor]) = snap.seed(ni) else {
        return (StatusCode::NOT_FOUND, "the node has no cloud-init seed\n").into_response();
    };
    match file {
        "meta-data" => text(meta),
        "user-data" => text(user),
        "vendor-data" => text(vendor),
        _ => (StatusCode::NOT_FOUND, "no such seed file\n").into_response(),
    }
}

fn text(s: impl IntoResponse) -> Response {
    super::state::plain_text(s)
}

fn forbidden(st: &AppState, who: std::net::IpAddr, node: &str) -> Response {
    st.metrics.forbidden.fetch_add(1, Ordering::Relaxed);
    eprintln!(
        "{}",
        serde_json::json!({"event": "forbidden", "client": who.to_string(), "asked_for": node,
            "why": "not the node's address and no valid token"})
    );
    (StatusCode::FORBIDDEN, "not your data\n").into_response()
}

/// `GET /cloud-init/<file>`: the requesting node's.
pub async fn by_source(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let snap = st.current();
    let ip = match client(&st, peer.ip(), &headers) {
        Ok(ip) => ip,
        Err(e) => return e.into_response(),
    };
    match snap.by_ip.get(&ip) {
        Some(&ni) => match file.strip_suffix(".yaml") {
            Some(group) => group_file(&snap, ni, group),
            None => file_of(&snap, ni, &file),
        },
        None => (
            StatusCode::NOT_FOUND,
            format!("no node has the address {ip}\n"),
        )
            .into_response(),
    }
}

/// OpenCHAMI's `<group>.yaml` for node `ni`: the group's own user-data, if the node is
/// in the group (else 404, as OpenCHAMI answers a node outside the group).
pub(super) fn group_file(snap: &Snapshot, ni: usize, group: &str) -> Response {
    let inv = snap.inventory();
    let member = snap
        .cx
        .groups_of(ni)
        .iter()
        .map(|&gi| &inv.groups[gi])
        .find(|g| g.name == group);
    let Some(g) = member else {
        return (
            StatusCode::NOT_FOUND,
            format!(
                "node {} is not a member of group {}\n",
                inv.nodes[ni].name,
                crate::escape::comment(group)
            ),
        )
            .into_response();
    };
    let mut out = String::from("#cloud-config\n");
    if !g.cloud_init.user_data.is_empty() {
        match crate::yaml::to_string_typed(&g.cloud_init.user_data) {
            Ok(y) => out.push_str(&y),
            Err(e) => {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("group {}: {e}\n", g.name),
                )
                    .into_response()
            }
        }
    }
    text(out)
}

/// `GET /cloud-init/<node>/<file>`.
pub async fn explicit(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((node, file)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    answer(
        &st,
        peer,
        &headers,
        &node,
        q.get("token").map(String::as_str),
        &file,
    )
}

/// `GET /cloud-init/<node>/<token>/<file>`.
pub async fn with_token(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((node, token, file)): Path<(String, String, String)>,
) -> Response {
    answer(&st, peer, &headers, &node, Some(&token), &file)
}

/// The answer to `/cloud-init/<node>/…/<file>` from `peer`, with the token given.
pub(super) fn answer(
    st: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    node: &str,
    token: Option<&str>,
    file: &str,
) -> Response {
    let snap = st.current();
    let ip = match client(st, peer.ip(), headers) {
        Ok(ip) => ip,
        Err(e) => return e.into_response(),
    };
    let Some(ni) = snap.cx.node_by_name(node) else {
        return forbidden(st, ip, node);
    };
    let own_address = is_node(&snap, ip, ni);
    let good_token = matches!((&st.secret, token), (Some(s), Some(t)) if token_matches(s, node, t));
    if !own_address && !good_token {
        return forbidden(st, ip, node);
    }
    file_of(&snap, ni, file)
}

/// The node's `network-config` ([`crate::boot::network_config`]).
fn network_config(snap: &Snapshot, ni: usize) -> String {
    let inv = snap.inventory();
    crate::boot::network_config(&inv.nodes[ni].value, &inv.cluster.networks)
}
