//! Listening: one accept loop per address, HTTP/1.1 over plain TCP or TLS, header-read
//! timeouts and buffer caps against slow or greedy clients, and a graceful shutdown on
//! SIGTERM or SIGINT (in-flight requests finish, for at most 10 s).

use super::reload::{watch, Loader, ReloadOptions};
use super::router::{router, AppState};
use super::{Metrics, Snapshot, TokenSecret};
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use ipnetwork::IpNetwork;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tower::ServiceExt;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Addresses to listen on.
    pub listen: Vec<SocketAddr>,
    /// `--files DIR`.
    pub files: Option<PathBuf>,
    /// PEM certificate chain and key for HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Token secret.
    pub secret: Option<TokenSecret>,
    /// Trusted proxies.
    pub trusted: Vec<IpNetwork>,
    /// Access log on stderr.
    pub access_log: bool,
}

fn tls_acceptor(cert: &PathBuf, key: &PathBuf) -> anyhow::Result<tokio_rustls::TlsAcceptor> {
    use anyhow::Context;
    use rustls::pki_types::pem::PemObject;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certs = rustls::pki_types::CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("--tls-cert {}", cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("--tls-cert {}: not PEM certificates", cert.display()))?;
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("--tls-key {}: no PEM private key", key.display()))?;
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context("the TLS certificate and key do not go together")?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// Serves until SIGTERM or SIGINT. `started` is called with the bound addresses.
pub async fn serve(
    opts: ServeOptions,
    initial: Snapshot,
    loader: Loader,
    reload: ReloadOptions,
    started: impl FnOnce(&[SocketAddr]),
) -> anyhow::Result<()> {
    use anyhow::Context;
    let files = opts
        .files
        .as_ref()
        .map(|f| {
            f.canonicalize()
                .with_context(|| format!("--files {}", f.display()))
        })
        .transpose()?;
    let state = AppState {
        snapshot: Arc::new(RwLock::new(Arc::new(initial))),
        metrics: Arc::new(Metrics::default()),
        files,
        secret: opts.secret.clone(),
        trusted: Arc::new(opts.trusted.clone()),
        access_log: opts.access_log,
    };
    let tls = opts
        .tls
        .as_ref()
        .map(|(c, k)| tls_acceptor(c, k))
        .transpose()?;
    let app = router(state.clone());
    let mut listeners = vec![];
    for addr in &opts.listen {
        let l = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        listeners.push(l);
    }
    let bound: Vec<SocketAddr> = listeners
        .iter()
        .filter_map(|l| l.local_addr().ok())
        .collect();
    started(&bound);
    tokio::spawn(watch(state.clone(), loader, reload));
    let graceful = Arc::new(hyper_util::server::graceful::GracefulShutdown::new());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut loops = vec![];
    for l in listeners {
        let (app, tls, graceful, mut stop) =
            (app.clone(), tls.clone(), graceful.clone(), stop_rx.clone());
        loops.push(tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    a = l.accept() => a,
                    _ = stop.changed() => break,
                };
                let Ok((stream, peer)) = accepted else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let (app, tls, watcher) = (app.clone(), tls.clone(), graceful.watcher());
                tokio::spawn(async move {
                    let svc = hyper::service::service_fn(
                        move |mut req: hyper::Request<hyper::body::Incoming>| {
                            req.extensions_mut().insert(ConnectInfo(peer));
                            app.clone().oneshot(req.map(axum::body::Body::new))
                        },
                    );
                    let mut http = hyper::server::conn::http1::Builder::new();
                    http.timer(TokioTimer::new())
                        .header_read_timeout(Duration::from_secs(10))
                        .max_buf_size(64 << 10);
                    match tls {
                        Some(acceptor) => {
                            let Ok(Ok(s)) = tokio::time::timeout(
                                Duration::from_secs(10),
                                acceptor.accept(stream),
                            )
                            .await
                            else {
                                return;
                            };
                            let conn = http.serve_connection(TokioIo::new(s), svc);
                            let _ = watcher.watch(conn).await;
                        }
                        None => {
                            let conn = http.serve_connection(TokioIo::new(stream), svc);
                            let _ = watcher.watch(conn).await;
                        }
                    }
                });
            }
        }));
    }
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = term.recv() => {},
        _ = tokio::signal::ctrl_c() => {},
    }
    eprintln!(
        "{}",
        serde_json::json!({"event": "shutdown", "reason": "signal"})
    );
    let _ = stop_tx.send(true);
    for l in loops {
        let _ = l.await;
    }
    // The accept loops are gone, so this is the last handle: wait for open requests.
    if let Ok(g) = Arc::try_unwrap(graceful) {
        let _ = tokio::time::timeout(Duration::from_secs(10), g.shutdown()).await;
    }
    Ok(())
}
