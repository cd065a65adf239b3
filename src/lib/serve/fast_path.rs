//! The two routes a boot storm hits, answered before the router: each node's iPXE script
//! (`GET /ipxe/<mac>.ipxe`) and its seed by token (`GET /cloud-init/<node>/<token>/<file>`).
//! The answers come from the router's own handler functions, and are counted and logged
//! as the router's are, under the same route names; only the routing, the extractors and
//! the middleware are skipped, which is about a tenth of the CPU of a request. Anything
//! else or unusual (another method, a query, a percent-escape) goes to the router.

use super::node_access::Asker;
use super::router::record;
use super::state::AppState;
use super::{boot_routes, cloud_init};
use axum::http::{Method, Request};
use axum::response::Response;
use std::net::SocketAddr;
use std::time::Instant;

/// A request for one of the hot routes.
#[derive(Debug, PartialEq, Eq)]
enum Hot<'a> {
    /// `/ipxe/<file>`.
    Script(&'a str),
    /// `/cloud-init/<node>/<token>/<file>`.
    Seed {
        node: &'a str,
        token: &'a str,
        file: &'a str,
    },
}

impl Hot<'_> {
    /// The router's name of the route, for the metrics and the access log.
    fn route(&self) -> &'static str {
        match self {
            Hot::Script(_) => "/ipxe/{file}",
            Hot::Seed { .. } => "/cloud-init/{node}/{token}/{file}",
        }
    }
}

/// The hot route `method`, `path` and `query` ask for, if any.
fn hot<'a>(method: &Method, path: &'a str, query: Option<&str>) -> Option<Hot<'a>> {
    if method != Method::GET || query.is_some() || path.contains('%') {
        return None;
    }
    let plain = |s: &str| !s.is_empty() && !s.contains('/');
    if let Some(file) = path.strip_prefix("/ipxe/") {
        return plain(file).then_some(Hot::Script(file));
    }
    let mut parts = path.strip_prefix("/cloud-init/")?.splitn(3, '/');
    let (node, token, file) = (parts.next()?, parts.next()?, parts.next()?);
    // OpenCHAMI's admin routes have the same shape; the router answers them.
    if node == "admin" && matches!(token, "groups" | "impersonation") {
        return None;
    }
    (plain(node) && plain(token) && plain(file)).then_some(Hot::Seed { node, token, file })
}

/// The answer to `req` when it asks for a hot route; `None` sends it to the router.
pub fn answer<B>(st: &AppState, req: &Request<B>, peer: SocketAddr) -> Option<Response> {
    let started = Instant::now();
    let which = hot(req.method(), req.uri().path(), req.uri().query())?;
    let resp = match &which {
        Hot::Script(file) => boot_routes::mac_script(
            st,
            file,
            Asker {
                peer,
                headers: req.headers(),
            },
        ),
        Hot::Seed { node, token, file } => {
            cloud_init::answer(st, peer, req.headers(), node, Some(token), file)
        }
    };
    let logged = st
        .access_log
        .then(|| (req.method().clone(), req.uri().path().to_string()));
    record(
        st,
        which.route(),
        Some(peer),
        logged,
        resp.status().as_u16(),
        started,
    );
    Some(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_get_requests_for_the_two_routes_are_hot() {
        let get = Method::GET;
        assert_eq!(
            hot(&get, "/ipxe/02-00-00-00-00-01.ipxe", None),
            Some(Hot::Script("02-00-00-00-00-01.ipxe"))
        );
        assert_eq!(
            hot(&get, "/cloud-init/n1/abc/meta-data", None),
            Some(Hot::Seed {
                node: "n1",
                token: "abc",
                file: "meta-data"
            })
        );
        for (method, path, query) in [
            (Method::HEAD, "/ipxe/x.ipxe", None),
            (Method::POST, "/ipxe/x.ipxe", None),
            (get.clone(), "/ipxe/x.ipxe", Some("a=b")),
            (get.clone(), "/ipxe/", None),
            (get.clone(), "/ipxe/a/b", None),
            (get.clone(), "/ipxe/%30.ipxe", None),
            (get.clone(), "/cloud-init/n1/meta-data", None),
            (get.clone(), "/cloud-init/n1/abc/def/meta-data", None),
            (get.clone(), "/cloud-init/n1//meta-data", None),
            (get.clone(), "/cloud-init/admin/groups/compute", None),
            (get.clone(), "/nodes/n1.ipxe", None),
        ] {
            assert_eq!(hot(&method, path, query), None, "{method} {path} {query:?}");
        }
    }
}
