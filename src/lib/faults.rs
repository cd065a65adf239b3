//! Fault injection for tests: `CHAMI_KILL_AT=POINT:N` makes the process kill itself with
//! SIGKILL the N-th time it passes the named point, so that a test can stop a run exactly
//! where a crash is least likely to land by chance (between two output switches of a
//! build). Unset, a point costs one relaxed atomic load.
//!
//! Points: `switch` (after each output of a commit is switched in), `rename` (after each
//! file of a transaction is renamed into place).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The point and count asked for, read once.
fn wanted() -> Option<&'static (String, usize)> {
    static WANTED: OnceLock<Option<(String, usize)>> = OnceLock::new();
    WANTED
        .get_or_init(|| {
            let value = std::env::var("CHAMI_KILL_AT").ok()?;
            let (point, n) = value.split_once(':')?;
            Some((point.to_string(), n.parse().ok()?))
        })
        .as_ref()
}

/// Passes the point `name`: kills the process when `CHAMI_KILL_AT` asks for it.
pub fn point(name: &str) {
    static PASSED: AtomicUsize = AtomicUsize::new(0);
    let Some((point, n)) = wanted() else {
        return;
    };
    if point == name && PASSED.fetch_add(1, Ordering::Relaxed) + 1 == *n {
        // SAFETY: raising a signal on this process has no preconditions.
        unsafe { libc::raise(libc::SIGKILL) };
    }
}
