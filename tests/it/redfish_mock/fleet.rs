//! Starting and stopping the fleet: one listener per member address on one tokio
//! runtime in the background; dropping the [`Fleet`] shuts it all down.

use super::bundle::Bundle;
use super::handler::{serve_connection, MemberState, Shared};
use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// A fault a member injects into every answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Accept, then never answer.
    Hang,
    /// 500 with a Redfish error body.
    Status500,
    /// 200 with a body that is not JSON.
    InvalidJson,
    /// Claim a longer body than is sent, then close.
    Truncated,
    /// 200 streaming this many bytes of JSON-looking text (chunked, no length).
    Huge(u64),
    /// 503 for the first N requests, then normal.
    FailFirst(u32),
    /// A rogue BMC: hands out a link, or redirects, to another listener.
    Foreign(Foreign, SocketAddrV4),
    /// A hostile chassis: its Systems collection lists this many systems (each a copy
    /// of the bundle's first one, answered on request).
    ManySystems(u32),
    /// Error answers that echo the request: a session POST's body (the password) and
    /// every other request's auth headers.
    EchoRequest,
    /// Sessions are opened normally, then every other request is answered with an
    /// error that echoes its auth headers (the session token).
    EchoAfterLogin,
    /// A reset is accepted (204) and the PowerState never changes.
    PowerStuck,
    /// GracefulShutdown is accepted and ignored (the OS hangs); other resets work.
    IgnoresGraceful,
    /// A reset takes effect this long after it is accepted (PoweringOn/PoweringOff
    /// meanwhile).
    PowerDelay(Duration),
    /// Reads work; every change (PATCH, SimpleUpdate, outlet PowerControl) is refused
    /// with 400 and a Redfish message.
    RefusesChanges,
}

/// Where a rogue BMC sends the client off to another listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// The service root's Systems link is an absolute URL there.
    OdataId,
    /// The Systems collection lists a member there.
    Members,
    /// The session is created with its Location there.
    SessionLocation,
    /// Every GET but the service root answers 302 to the same path there.
    Redirect,
}

/// One BMC of the fleet.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its loopback address.
    pub addr: Ipv4Addr,
    /// The bundle folder it serves (`public-rackmount1` …).
    pub bundle: String,
    /// A fault, if any.
    pub fault: Option<Fault>,
}

/// The fleet.
#[derive(Debug, Clone)]
pub struct FleetConfig {
    /// Its members.
    pub members: Vec<Member>,
    /// HTTPS with a CA of its own.
    pub tls: bool,
    /// Added before every answer.
    pub latency: Duration,
    /// Required credentials (basic auth or a session).
    pub auth: Option<(String, String)>,
    /// The port on every address (0: a free one).
    pub port: u16,
}

/// A running fleet; dropping it stops every listener and connection.
pub struct Fleet {
    runtime: Option<tokio::runtime::Runtime>,
    shared: Arc<Shared>,
    port: u16,
    _dir: tempfile::TempDir,
    ca: Option<PathBuf>,
}

/// A port that was free on 127.0.0.1 a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `n` consecutive addresses from `start`.
pub fn loopback_addrs(n: usize, start: Ipv4Addr) -> Vec<Ipv4Addr> {
    (0..n as u32)
        .map(|i| Ipv4Addr::from(u32::from(start) + i))
        .collect()
}

/// The certificates an HTTPS fleet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pki {
    /// A CA of the fleet's own signs each member's certificate.
    OwnCa,
    /// Every member shows one self-signed certificate with `CA:TRUE` (as many BMCs do);
    /// `ca_pem_path` is that certificate.
    SelfSignedCa,
}

impl Fleet {
    /// Starts the fleet; returns once every listener is bound.
    pub fn start(cfg: FleetConfig) -> Fleet {
        Self::start_with(cfg, Pki::OwnCa)
    }

    /// Starts the fleet with the given certificates (when `cfg.tls`).
    pub fn start_with(cfg: FleetConfig, pki: Pki) -> Fleet {
        chami::process_limits::raise_fd_limit();
        let port = if cfg.port == 0 { free_port() } else { cfg.port };
        let dir = tempfile::tempdir().unwrap();
        let mut bundles: HashMap<String, Arc<Bundle>> = HashMap::new();
        let mut members = HashMap::new();
        for m in &cfg.members {
            let b = bundles
                .entry(m.bundle.clone())
                .or_insert_with(|| Arc::new(Bundle::load(&m.bundle)))
                .clone();
            members.insert(m.addr, Arc::new(MemberState::new(b, m.fault)));
        }
        let (ca, tls) = if cfg.tls {
            let addrs: Vec<Ipv4Addr> = cfg.members.iter().map(|m| m.addr).collect();
            let (pem, config) = match pki {
                Pki::OwnCa => super::tls::server_config(&addrs),
                Pki::SelfSignedCa => super::tls::self_signed_ca_config(&addrs),
            };
            let path = dir.path().join("ca.pem");
            std::fs::write(&path, pem).unwrap();
            (Some(path), Some(tokio_rustls::TlsAcceptor::from(config)))
        } else {
            (None, None)
        };
        let shared = Arc::new(Shared::new(members, cfg.latency, cfg.auth.clone()));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listeners: Vec<(Ipv4Addr, std::net::TcpListener)> = cfg
            .members
            .iter()
            .map(|m| {
                let l = std::net::TcpListener::bind(SocketAddr::from((m.addr, port)))
                    .unwrap_or_else(|e| panic!("bind {}:{port}: {e}", m.addr));
                l.set_nonblocking(true).unwrap();
                (m.addr, l)
            })
            .collect();
        for (addr, l) in listeners {
            let shared = shared.clone();
            let tls = tls.clone();
            runtime.spawn(async move {
                let l = tokio::net::TcpListener::from_std(l).unwrap();
                loop {
                    let Ok((stream, _)) = l.accept().await else {
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let (shared, tls) = (shared.clone(), tls.clone());
                    tokio::spawn(async move {
                        match tls {
                            Some(acceptor) => {
                                if let Ok(s) = acceptor.accept(stream).await {
                                    serve_connection(s, addr, shared).await;
                                }
                            }
                            None => serve_connection(stream, addr, shared).await,
                        }
                    });
                }
            });
        }
        Fleet {
            runtime: Some(runtime),
            shared,
            port,
            _dir: dir,
            ca,
        }
    }

    /// The port every member listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The CA certificate (PEM file) of a TLS fleet.
    pub fn ca_pem_path(&self) -> &Path {
        self.ca.as_deref().expect("a TLS fleet")
    }

    /// Requests a member received.
    pub fn requests(&self, addr: Ipv4Addr) -> u64 {
        self.shared.members[&addr].requests.load(Ordering::Relaxed)
    }

    /// Requests the whole fleet received.
    pub fn total_requests(&self) -> u64 {
        self.shared.total.load(Ordering::Relaxed)
    }

    /// Sessions created and not deleted.
    pub fn sessions_open(&self) -> usize {
        self.shared.sessions.lock().unwrap().len()
    }

    /// The PowerState a system of a member reports now.
    pub fn power_state(&self, addr: Ipv4Addr, system: &str) -> Option<String> {
        self.shared.members[&addr]
            .get(system)
            .and_then(|v| v["PowerState"].as_str().map(str::to_string))
    }

    /// The BIOS attributes PATCHed into a member's settings object.
    pub fn bios_pending(&self, addr: Ipv4Addr, settings: &str) -> serde_json::Value {
        self.shared.members[&addr]
            .get(settings)
            .map(|v| v["Attributes"].clone())
            .unwrap_or_default()
    }

    /// The ResetTypes a member was sent, in order.
    pub fn resets(&self, addr: Ipv4Addr) -> Vec<String> {
        self.shared.members[&addr].resets.lock().unwrap().clone()
    }

    /// The ImageURIs a member was asked to install.
    pub fn firmware_updates(&self, addr: Ipv4Addr) -> Vec<String> {
        self.shared.members[&addr].updates.lock().unwrap().clone()
    }
}

impl Drop for Fleet {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_secs(1));
        }
    }
}
