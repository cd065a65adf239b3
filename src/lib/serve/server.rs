//! Listening: a worker thread per core, each with its own SO_REUSEPORT socket per
//! address and a single-threaded runtime; HTTP/1.1 over plain TCP or TLS, header-read
//! and send timeouts, a cap on open connections (see [`super::accept`]), buffer caps and
//! the 64 KiB head limit against slow or greedy clients, peers as IPv4 when they come
//! IPv4-mapped, each answered request shown to the boot progress recorder (see
//! [`super::progress`]), and a graceful shutdown on SIGTERM or SIGINT (in-flight requests
//! finish, for at most 10 s; then the queued state events are written).

use super::accept::accept_loop;
use super::reload::{watch, Loader, ReloadOptions};
use super::router::router;
use super::send_deadline::SendDeadline;
use super::state::{AppState, Shared};
use super::{Metrics, Snapshot, TokenSecret};
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use ipnetwork::IpNetwork;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Semaphore;
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
    /// `--base-url`s (empty: cluster.yaml's boot servers).
    pub base_urls: Vec<String>,
    /// Trusted proxies.
    pub trusted: Vec<IpNetwork>,
    /// Access log on stderr.
    pub access_log: bool,
    /// Where to record each node's boot progress (none: not recorded).
    pub state: Option<crate::state::Journal>,
    /// `--jwks …`: bearer tokens for the write routes (none: writes are off).
    pub jwt: Option<super::auth::JwtSettings>,
    /// `--git-commit`: commit each write in the inventory's git repository.
    pub git_commit: bool,
    /// `--max-connections`: connections served at once (more wait to be accepted).
    pub max_connections: usize,
    /// `--send-timeout`: how long an answer may wait for the client to read some of it.
    pub send_timeout: Duration,
}

/// Boot progress events that may wait for the state writer; more are dropped.
const STATE_QUEUE: usize = 65_536;

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
    let access = match &opts.jwt {
        Some(s) => super::auth::Access::new(s.clone())?,
        None => super::auth::Access::off(),
    };
    let writer = super::writes::Writer {
        root: reload.root.clone(),
        loader: loader.clone(),
        git_commit: opts.git_commit,
        git_warned: std::sync::atomic::AtomicBool::new(false),
    };
    let state = AppState::new(Shared {
        access,
        writer,
        snapshot: RwLock::new(Arc::new(initial)),
        metrics: Arc::new(Metrics::default()),
        files,
        secret: opts.secret.clone(),
        base_urls: opts.base_urls.clone(),
        trusted: opts.trusted.clone(),
        access_log: opts.access_log,
        recorder: opts
            .state
            .clone()
            .map(|j| crate::state::Recorder::start(j, STATE_QUEUE))
            .transpose()
            .context("cannot start the state writer")?,
    });
    let tls = opts
        .tls
        .as_ref()
        .map(|(c, k)| tls_acceptor(c, k))
        .transpose()?;
    let app = router(state.clone());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    // One listening socket per address per worker (SO_REUSEPORT: the kernel spreads the
    // connections), each worker a single-threaded runtime on its own thread, like
    // nginx's worker processes: no work stealing, no cross-thread wakeups per request.
    let mut per_worker: Vec<Vec<std::net::TcpListener>> = (0..workers).map(|_| vec![]).collect();
    let mut bound = vec![];
    for addr in &opts.listen {
        not_taken(*addr).with_context(|| format!("cannot listen on {addr}"))?;
        let first =
            reuseport_listener(*addr).with_context(|| format!("cannot listen on {addr}"))?;
        let actual = first.local_addr()?;
        bound.push(actual);
        per_worker[0].push(first);
        for list in per_worker.iter_mut().skip(1) {
            list.push(
                reuseport_listener(actual).with_context(|| format!("cannot listen on {actual}"))?,
            );
        }
    }
    started(&bound);
    tokio::spawn(watch(state.clone(), loader, reload));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let limits = Limits {
        places: Arc::new(Semaphore::new(
            opts.max_connections.clamp(1, Semaphore::MAX_PERMITS),
        )),
        send_timeout: opts.send_timeout,
    };
    let mut threads = vec![];
    for (w, listeners) in per_worker.into_iter().enumerate() {
        let (st, app, tls, stop) = (state.clone(), app.clone(), tls.clone(), stop_rx.clone());
        let limits = limits.clone();
        threads.push(
            std::thread::Builder::new()
                .name(format!("serve-{w}"))
                .spawn(move || worker(listeners, st, app, tls, limits, stop))
                .context("cannot start a server thread")?,
        );
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
    tokio::task::spawn_blocking(move || {
        for t in threads {
            let _ = t.join();
        }
    })
    .await?;
    if let Some(r) = &state.recorder {
        r.stop();
    }
    Ok(())
}

/// Fails when another process already listens on `addr` (another `chami serve`, say):
/// SO_REUSEPORT would otherwise let the two share the port and split its requests.
fn not_taken(addr: SocketAddr) -> std::io::Result<()> {
    use socket2::{Domain, Socket, Type};
    if addr.port() == 0 {
        return Ok(());
    }
    let probe = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    probe.set_reuse_address(true)?;
    probe.bind(&addr.into())
}

/// A listening socket with SO_REUSEPORT, non-blocking, for [`worker`].
fn reuseport_listener(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    sock.set_reuse_address(true)?;
    sock.set_reuse_port(true)?;
    sock.bind(&addr.into())?;
    sock.listen(4096)?;
    sock.set_nonblocking(true)?;
    Ok(sock.into())
}

/// What bounds the connections, shared by the workers.
#[derive(Clone)]
struct Limits {
    /// One permit per connection served at once.
    places: Arc<Semaphore>,
    /// `--send-timeout`.
    send_timeout: Duration,
}

/// One worker thread: accepts on its sockets and serves the connections on its own
/// single-threaded runtime until `stop`, then lets open requests finish (10 s at most).
fn worker(
    listeners: Vec<std::net::TcpListener>,
    state: AppState,
    app: axum::Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    limits: Limits,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        eprintln!("chami serve: cannot start a worker runtime");
        return;
    };
    rt.block_on(async move {
        let graceful = Arc::new(hyper_util::server::graceful::GracefulShutdown::new());
        let mut loops = vec![];
        for l in listeners {
            let Ok(l) = tokio::net::TcpListener::from_std(l) else {
                continue;
            };
            let (state, app, tls, graceful) =
                (state.clone(), app.clone(), tls.clone(), graceful.clone());
            let send_timeout = limits.send_timeout;
            let serve = move |stream: tokio::net::TcpStream, peer: SocketAddr, place| {
                // On `[::]`, IPv4 clients come as ::ffff:a.b.c.d: they are a.b.c.d.
                let peer = SocketAddr::new(peer.ip().to_canonical(), peer.port());
                let _ = stream.set_nodelay(true);
                let stream = SendDeadline::new(stream, send_timeout);
                let conn = connection(
                    stream,
                    peer,
                    state.clone(),
                    app.clone(),
                    tls.clone(),
                    graceful.watcher(),
                );
                tokio::spawn(async move {
                    conn.await;
                    // The connection is closed: its place is free.
                    drop(place);
                });
            };
            loops.push(tokio::spawn(accept_loop(
                l,
                limits.places.clone(),
                stop.clone(),
                serve,
            )));
        }
        let _ = stop.changed().await;
        for l in loops {
            let _ = l.await;
        }
        // The accept loops are gone, so this is the last handle: wait for open requests.
        if let Ok(g) = Arc::try_unwrap(graceful) {
            let _ = tokio::time::timeout(Duration::from_secs(10), g.shutdown()).await;
        }
    });
}

/// Serves HTTP/1.1 on one accepted connection (after the TLS handshake, with HTTPS).
async fn connection<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    stream: S,
    peer: SocketAddr,
    state: AppState,
    app: axum::Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    watcher: hyper_util::server::graceful::Watcher,
) {
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        use futures_util::future::{Either, FutureExt};
        if let Some(resp) = super::head_limit::too_large(&req) {
            return Either::Left(std::future::ready(Ok(resp)));
        }
        let seen = super::progress::pending(&state, &req, peer);
        if let Some(resp) = super::fast_path::answer(&state, &req, peer) {
            if let Some(p) = seen {
                super::progress::answered(&state, p, resp.status());
            }
            return Either::Left(std::future::ready(Ok(resp)));
        }
        req.extensions_mut().insert(ConnectInfo(peer));
        let st = state.clone();
        Either::Right(
            app.clone()
                .oneshot(req.map(axum::body::Body::new))
                .inspect(move |r| {
                    if let (Some(p), Ok(resp)) = (seen, r) {
                        super::progress::answered(&st, p, resp.status());
                    }
                }),
        )
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    // Answers are small: one buffer and one write(2) beat two pieces and a writev(2).
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10))
        .max_buf_size(64 << 10)
        .writev(false);
    match tls {
        Some(acceptor) => {
            let Ok(Ok(s)) =
                tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream)).await
            else {
                return;
            };
            let _ = watcher
                .watch(http.serve_connection(TokioIo::new(s), svc))
                .await;
        }
        None => {
            let _ = watcher
                .watch(http.serve_connection(TokioIo::new(stream), svc))
                .await;
        }
    }
}
