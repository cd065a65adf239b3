//! Each node's boot progress, from what it asks for: its boot script (`/ipxe/MAC.ipxe`,
//! `/nodes/NAME.ipxe`, `/boot/v1/bootscript`), its kernel, initrd and root image from
//! `--files`, and its cloud-init seed files. A request counts only for the node it comes
//! from (its address, see [`super::identity`]) and only when it asks for that node's own
//! things and is answered with success; the detail is the route, the seed file or the
//! boot file's path, never a token. Events go to the state recorder's queue, which never
//! waits: a full queue drops the event and counts it in `/metrics`.

use super::snapshot::Snapshot;
use super::state::AppState;
use crate::boot::{effective_boot, urls::file_url};
use crate::inventory::model::MacAddr;
use crate::state::{Event, Kind};
use axum::http::{header, Method, Request, StatusCode};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::Ordering;

/// A request that is recorded once answered with success.
pub(super) struct Pending {
    node: String,
    what: Kind,
    from: IpAddr,
    detail: String,
}

/// What `req` from `peer` would record, if anything (nothing without a state folder).
pub(super) fn pending<B>(st: &AppState, req: &Request<B>, peer: SocketAddr) -> Option<Pending> {
    st.recorder.as_ref()?;
    if req.method() != Method::GET {
        return None;
    }
    let from = super::node_access::client(st, peer.ip(), req.headers()).ok()?;
    let snap = st.current();
    let node = *snap.by_ip.get(&from)?;
    let path = req.uri().path();
    let (asked, what, detail) = asked_for(&snap, path, req.uri().query(), node)?;
    // A file asked for in pieces counts once, for the piece at its start.
    let first_piece = req
        .headers()
        .get(header::RANGE)
        .and_then(|r| r.to_str().ok())
        .is_none_or(|r| r.trim_start().starts_with("bytes=0-"));
    let counts = what == Kind::Seed || what == Kind::Script || first_piece;
    (asked == node && counts).then(|| Pending {
        node: snap.inventory().nodes[node].name.clone(),
        what,
        from,
        detail,
    })
}

/// Records `p` when the answer was a success.
pub(super) fn answered(st: &AppState, p: Pending, status: StatusCode) {
    let Some(rec) = &st.recorder else { return };
    if !status.is_success() {
        return;
    }
    if !rec.record(Event::now(&p.node, p.what, Some(p.from), Some(p.detail))) {
        st.metrics.state_dropped.fetch_add(1, Ordering::Relaxed);
    }
}

/// The node a path asks about, what it is, and the detail to record; `client` is the
/// node asking (a boot file is looked up among its own).
fn asked_for(
    snap: &Snapshot,
    path: &str,
    query: Option<&str>,
    client: usize,
) -> Option<(usize, Kind, String)> {
    let cx = &snap.cx;
    if let Some(file) = path.strip_prefix("/ipxe/") {
        let mac: MacAddr = file.strip_suffix(".ipxe")?.parse().ok()?;
        return Some((cx.node_by_mac(mac)?, Kind::Script, "ipxe".into()));
    }
    if let Some(file) = path.strip_prefix("/nodes/") {
        let ni = cx.node_by_name(file.strip_suffix(".ipxe")?)?;
        return Some((ni, Kind::Script, "nodes".into()));
    }
    if path == "/boot/v1/bootscript" {
        return Some((
            bootscript_node(snap, query?)?,
            Kind::Script,
            "bootscript".into(),
        ));
    }
    if let Some(rest) = path.strip_prefix("/cloud-init/") {
        let parts: Vec<&str> = rest.split('/').collect();
        let file = *parts.last()?;
        let ni = match parts.len() {
            1 => client,
            2 | 3 => cx.node_by_name(parts[0])?,
            _ => return None,
        };
        let known = ["meta-data", "user-data", "vendor-data", "network-config"];
        return known
            .contains(&file)
            .then(|| (ni, Kind::Seed, file.to_string()));
    }
    let what = boot_file(snap, client, path)?;
    Some((client, what, path.to_string()))
}

/// The node `?mac=`, `?name=` or `?nid=` names (as `/boot/v1/bootscript` reads them).
fn bootscript_node(snap: &Snapshot, query: &str) -> Option<usize> {
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=')?;
        let v = percent_encoding::percent_decode_str(v).decode_utf8().ok()?;
        match k {
            "mac" => return snap.cx.node_by_mac(v.parse().ok()?),
            "name" => return snap.cx.node_by_name(&v),
            "nid" => return snap.by_nid.get(&v.parse().ok()?).copied(),
            _ => {}
        }
    }
    None
}

/// Whether `path` is node `ni`'s kernel, initrd or root image (its URL's path ends so).
fn boot_file(snap: &Snapshot, ni: usize, path: &str) -> Option<Kind> {
    if path.len() < 2 {
        return None;
    }
    let inv = snap.inventory();
    let eff = effective_boot(inv, snap.cx.groups_of(ni), ni).ok()??;
    [
        (eff.kernel, Kind::Kernel),
        (eff.initrd, Kind::Initrd),
        (eff.rootfs, Kind::Root),
    ]
    .into_iter()
    .find_map(|(v, kind)| {
        let url = file_url(snap.cx.base_url(), &v?.location());
        url_path(&url).ends_with(path).then_some(kind)
    })
}

/// The path of a URL (no query or fragment).
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    path.split(['?', '#']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths() {
        assert_eq!(
            url_path("http://b:8080/images/c/vmlinuz?x=1"),
            "/images/c/vmlinuz"
        );
        assert_eq!(url_path("http://b"), "");
        assert_eq!(url_path("/a/b#f"), "/a/b");
    }
}
