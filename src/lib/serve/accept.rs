//! The accept loop of one listening socket. At most `--max-connections` connections are
//! served at once, all workers and addresses together: when none is free, the loop holds
//! the connection it just accepted (not yet read) and accepts no more, so the rest wait
//! in the kernel's accept queue instead of being refused or cut mid-request. An accept
//! that fails for want of file descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM)
//! is logged (once per 10 s, all loops together) and retried after [`ACCEPT_PAUSE`]: the socket stays
//! readable, so retrying at once would spin a core.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

/// The pause after an accept that failed other than for its own connection.
pub const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

/// How often a failing accept is logged at most.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// When a failing accept was last logged, by any loop.
static LOGGED: Mutex<Option<Instant>> = Mutex::new(None);

/// Accepts on `l` until `stop` changes, handing each connection to `serve` with its place
/// (a permit of `places`, to be held as long as the connection is open).
pub async fn accept_loop(
    l: TcpListener,
    places: Arc<Semaphore>,
    mut stop: watch::Receiver<bool>,
    mut serve: impl FnMut(TcpStream, SocketAddr, OwnedSemaphorePermit),
) {
    loop {
        let accepted = tokio::select! {
            a = l.accept() => a,
            _ = stop.changed() => break,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            // This connection's own trouble (reset before it was accepted): next one.
            Err(e) if own_trouble(&e) => continue,
            Err(e) => {
                log_failure(&e);
                tokio::select! {
                    _ = tokio::time::sleep(ACCEPT_PAUSE) => continue,
                    _ = stop.changed() => break,
                }
            }
        };
        let place = tokio::select! {
            p = places.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = stop.changed() => break,
        };
        serve(stream, peer, place);
    }
}

/// Logs a failed accept, unless one was logged less than [`LOG_EVERY`] ago.
fn log_failure(e: &std::io::Error) {
    let mut last = LOGGED.lock().unwrap_or_else(|p| p.into_inner());
    if last.is_none_or(|t| t.elapsed() >= LOG_EVERY) {
        *last = Some(Instant::now());
        eprintln!(
            "{}",
            serde_json::json!({"event": "accept-failed", "error": e.to_string(),
                "retry_ms": ACCEPT_PAUSE.as_millis()})
        );
    }
}

/// Whether an accept error concerns only the connection being accepted.
fn own_trouble(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted | WouldBlock
    )
}
