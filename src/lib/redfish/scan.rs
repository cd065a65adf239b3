//! `discover scan`: TCP connect probes over many addresses and ports with bounded
//! concurrency, then an unauthenticated GET of the service root on each open port
//! (HTTPS, falling back to HTTP when the port does not speak TLS).

use super::crawl::service_info;
use super::{AuthMode, Conn, Endpoint, RedfishError, Scheme, Transport};
use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Probing tasks: one per worker thread of the runtime the commands start.
const LANES: usize = 2;

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Ports to probe on every address.
    pub ports: Vec<u16>,
    /// Connection attempts in flight.
    pub concurrency: usize,
    /// Connect timeout per probe.
    pub timeout: Duration,
}

/// One open port.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanResult {
    /// The address.
    pub address: IpAddr,
    /// The port.
    pub port: u16,
    /// True when `/redfish/v1/` answered with a Redfish service root.
    pub redfish: bool,
    /// The scheme that answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<Scheme>,
    /// Vendor from the service root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// RedfishVersion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redfish_version: Option<String>,
    /// Service UUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Why the port is open but no Redfish answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Probes every address × port; returns the open ports, sorted, each identified.
/// `done` counts finished probes (for a progress bar).
pub async fn scan(
    transport: &Transport,
    addrs: &[IpAddr],
    opts: &ScanOptions,
    done: Arc<AtomicU64>,
) -> Vec<ScanResult> {
    let probes: Vec<SocketAddr> = addrs
        .iter()
        .flat_map(|a| opts.ports.iter().map(move |p| SocketAddr::new(*a, *p)))
        .collect();
    // One prober per worker thread, each with its share of the probes in flight: a
    // single stream would keep all the connect work on one core.
    let lanes = LANES.min(probes.len()).max(1);
    let per_lane = (opts.concurrency / lanes).max(1);
    let probes = Arc::new(probes);
    let mut handles = Vec::with_capacity(lanes);
    for lane in 0..lanes {
        let (probes, done, timeout) = (probes.clone(), done.clone(), opts.timeout);
        handles.push(tokio::spawn(async move {
            let mine = (lane..probes.len()).step_by(lanes).map(|i| probes[i]);
            stream::iter(mine)
                .map(|sa| {
                    let done = done.clone();
                    async move {
                        let open = is_open(sa, timeout).await;
                        done.fetch_add(1, Ordering::Relaxed);
                        open.then_some(sa)
                    }
                })
                .buffer_unordered(per_lane)
                .filter_map(|x| async move { x })
                .collect::<Vec<SocketAddr>>()
                .await
        }));
    }
    let mut open = Vec::new();
    for h in handles {
        open.extend(h.await.unwrap_or_default());
    }
    let mut results: Vec<ScanResult> = stream::iter(open)
        .map(|sa| probe(transport, sa))
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    results.sort_by_key(|r| (r.address, r.port));
    results
}

/// True when a TCP connection to `sa` opens within `timeout`.
pub async fn is_open(sa: SocketAddr, timeout: Duration) -> bool {
    matches!(
        tokio::time::timeout(timeout, tokio::net::TcpStream::connect(sa)).await,
        Ok(Ok(_))
    )
}

/// Identifies the service on an open port: the Redfish service root, over HTTPS and
/// then HTTP when the port does not speak TLS.
pub async fn probe(transport: &Transport, sa: SocketAddr) -> ScanResult {
    let mut result = ScanResult {
        address: sa.ip(),
        port: sa.port(),
        redfish: false,
        scheme: None,
        vendor: None,
        redfish_version: None,
        uuid: None,
        product: None,
        error: None,
    };
    let mut last: Option<RedfishError> = None;
    for scheme in [Scheme::Https, Scheme::Http] {
        let conn = Conn::new(
            transport.clone(),
            Endpoint::ip(scheme, sa.ip(), sa.port()),
            None,
            AuthMode::Basic,
        );
        match conn.get("/redfish/v1/").await {
            Ok(root) if root.get("RedfishVersion").is_some() || root.get("Systems").is_some() => {
                let info = service_info(&root);
                result.redfish = true;
                result.scheme = Some(scheme);
                result.vendor = info.vendor;
                result.redfish_version = info.redfish_version;
                result.uuid = info.uuid;
                result.product = info.product;
                return result;
            }
            Ok(_) => {
                result.scheme = Some(scheme);
                result.error =
                    Some("answers HTTP, but /redfish/v1/ is not a Redfish service root".into());
                return result;
            }
            Err(e) => {
                let cert_problem = matches!(&e, RedfishError::Tls { reason, .. } if reason.contains("certificate"));
                let answered = matches!(
                    &e,
                    RedfishError::Status { .. }
                        | RedfishError::BadJson { .. }
                        | RedfishError::Unauthorized { .. }
                );
                if cert_problem || answered {
                    result.scheme = Some(scheme);
                    result.error = Some(e.to_string());
                    return result;
                }
                last = Some(e);
            }
        }
    }
    result.error = last.map(|e| e.to_string());
    result
}
