//! Who may see a node's token. With `--token-secret`, a node's boot script and boot
//! parameters carry its seed URL with its token (`/cloud-init/<node>/<token>/`), and that
//! URL opens the node's user-data from anywhere. So every route that answers them
//! (`/boot/v1/bootscript`, `/boot/v1/bootparameters`, `/ipxe/<mac>.ipxe`,
//! `/nodes/<name>.ipxe`) gives the token only to the node itself: a request from one of
//! its interface addresses in the inventory, directly or through a `--trusted-proxy`.
//! Any other client gets the same answer without the token (`/cloud-init/<node>/`),
//! which opens the seed only from the node's own address. Without a secret there is no
//! token, nobody's address is looked at, and everyone gets the same answer.

use super::identity::{client_ip, BadForwardedFor};
use super::snapshot::Snapshot;
use super::state::AppState;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::net::{IpAddr, SocketAddr};

/// Who asks: the connection's peer and the request's headers.
#[derive(Clone, Copy)]
pub(super) struct Asker<'a> {
    /// The connection's peer.
    pub peer: SocketAddr,
    /// The request's headers (X-Forwarded-For).
    pub headers: &'a HeaderMap,
}

/// The client of a request from `peer`.
pub(super) fn client(
    st: &AppState,
    peer: IpAddr,
    headers: &HeaderMap,
) -> Result<IpAddr, BadForwardedFor> {
    client_ip(peer, headers, &st.trusted)
}

/// A trusted proxy's unreadable X-Forwarded-For: 400 and a log line.
impl IntoResponse for BadForwardedFor {
    fn into_response(self) -> Response {
        eprintln!(
            "{}",
            serde_json::json!({"event": "bad-forwarded-for", "peer": self.proxy.to_string(),
                "hop": self.hop})
        );
        (StatusCode::BAD_REQUEST, format!("{self}\n")).into_response()
    }
}

/// Whether `ip` is one of node `ni`'s interface addresses.
pub(super) fn is_node(snap: &Snapshot, ip: IpAddr, ni: usize) -> bool {
    snap.by_ip.get(&ip) == Some(&ni)
}

/// The token to take out of node `ni`'s answer to this request: `None` when there is no
/// secret or the request comes from the node.
pub(super) fn token_to_hide(
    st: &AppState,
    snap: &Snapshot,
    ni: usize,
    asker: Asker<'_>,
) -> Result<Option<String>, BadForwardedFor> {
    if st.secret.is_none() {
        return Ok(None);
    }
    // The node itself first: a boot storm's requests skip the HMAC.
    if is_node(snap, client(st, asker.peer.ip(), asker.headers)?, ni) {
        return Ok(None);
    }
    Ok(snap.cx.seed_token(&snap.inventory().nodes[ni].name))
}

/// `text` with `token`'s seed URL segment removed (`…/cloud-init/n1/<token>/` becomes
/// `…/cloud-init/n1/`).
pub(super) fn without_token(text: &str, token: &str) -> String {
    text.replace(&format!("/{token}/"), "/")
}

/// A script as this client may see it.
pub(super) fn shown(script: Bytes, hide: Option<&str>) -> Bytes {
    match hide {
        None => script,
        Some(token) => Bytes::from(without_token(&String::from_utf8_lossy(&script), token)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_segment_goes_and_nothing_else() {
        let t = "0123456789abcdef0123456789abcdef";
        let s = format!(
            "kernel http://b/images/vmlinuz initrd=x chami.node=n1 ds=nocloud-net;s=http://b/cloud-init/n1/{t}/ quiet\n"
        );
        let out = without_token(&s, t);
        assert_eq!(
            out,
            "kernel http://b/images/vmlinuz initrd=x chami.node=n1 ds=nocloud-net;s=http://b/cloud-init/n1/ quiet\n"
        );
        assert!(!out.contains(t));
        assert_eq!(
            shown(Bytes::from(s.clone()), None),
            s.as_bytes(),
            "nothing to hide: the same bytes"
        );
    }
}
