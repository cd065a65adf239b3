//! The routes, and the middleware that times each request, counts it and writes the
//! access log line (tokens redacted). The state the handlers share is in
//! [`super::state`].

use super::redact::redacted;
use super::state::AppState;
use super::{auth, boot_routes, bss_params, bss_service, cloud_init, files, smd, writes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::time::Instant;

/// All routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/metrics", get(metrics))
        .route("/boot/v1/bootscript", get(boot_routes::bootscript))
        .merge(auth::guard::guarded_reads(
            state.clone(),
            Router::new()
                .route("/boot/v1/bootparameters", get(bss_params::bootparameters))
                .route("/boot/v1/hosts", get(bss_service::hosts))
                .merge(smd::routes()),
        ))
        .merge(writes::routes(state.clone()))
        .merge(super::cloud_init_admin::routes(state.clone()))
        .route("/boot/v1/service/status", get(bss_service::status))
        .route("/boot/v1/service/version", get(bss_service::version))
        .route("/default.ipxe", get(boot_routes::default_ipxe))
        .route("/unknown.ipxe", get(boot_routes::unknown_ipxe))
        .route("/ipxe/{file}", get(boot_routes::by_mac_file))
        .route("/nodes/{file}", get(boot_routes::by_name_file))
        .route("/cloud-init/{file}", get(cloud_init::by_source))
        .route("/cloud-init/{node}/{file}", get(cloud_init::explicit))
        .route(
            "/cloud-init/{node}/{token}/{file}",
            get(cloud_init::with_token),
        )
        .fallback(get(files::serve_file))
        .layer(axum::middleware::from_fn_with_state(state.clone(), observe))
        .layer(axum::extract::DefaultBodyLimit::max(16 << 10))
        .with_state(state)
}

async fn metrics(State(st): State<AppState>) -> impl IntoResponse {
    (
        [("Content-Type", "text/plain; version=0.0.4")],
        st.metrics.render(),
    )
}

/// Times, counts and logs each request.
async fn observe(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req.extensions().get::<MatchedPath>().cloned();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let logged = st.access_log.then(|| {
        let uri = req.uri();
        let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
        (req.method().clone(), target.to_string())
    });
    let resp = next.run(req).await;
    let route = route.as_ref().map_or("files", |p| p.as_str());
    record(&st, route, peer, logged, resp.status().as_u16(), started);
    resp
}

/// Counts one answered request and writes its access log line (when `logged` holds the
/// method and path with its query, i.e. the access log is on), tokens redacted.
pub(super) fn record(
    st: &AppState,
    route: &str,
    peer: Option<SocketAddr>,
    logged: Option<(axum::http::Method, String)>,
    status: u16,
    started: Instant,
) {
    let took = started.elapsed();
    st.metrics.observe(route, status, took);
    if let Some((method, path)) = logged {
        let peer = peer.map(|p| p.to_string()).unwrap_or_default();
        let line = serde_json::json!({
            "peer": peer, "method": method.as_str(), "path": redacted(&path), "route": route,
            "status": status, "us": took.as_micros() as u64,
        });
        eprintln!("{line}");
    }
}
