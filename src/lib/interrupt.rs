//! Ctrl-C (SIGINT) that never leaves a change half-written.
//!
//! Outside a write, SIGINT ends the process at once with status 130. While a
//! [`crate::fsutil::Transaction`] stages its files, SIGINT is only noted: the transaction
//! then removes its temporary files, changes nothing, and the command exits 130. Once the
//! renames have begun they are finished first, so a change is applied whole or not at all.
//! Once a change is applied, SIGINT no longer ends the command early (it finishes, e.g.
//! prints its summary): exit status 130 always means that nothing was written.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Number of writes in progress that must not be cut short.
static CRITICAL: AtomicUsize = AtomicUsize::new(0);
/// Set when SIGINT arrived during a critical section.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The exit status of a process ended by SIGINT.
pub const EXIT_INTERRUPTED: i32 = crate::exit::ExitStatus::Interrupted.code() as i32;

extern "C" fn on_sigint(_: libc::c_int) {
    if CRITICAL.load(Ordering::SeqCst) == 0 {
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(EXIT_INTERRUPTED) };
    }
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Installs the SIGINT handler (once, at start-up).
pub fn install() {
    // SAFETY: the handler only touches atomics and calls _exit, both async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_sigint as *const () as libc::sighandler_t);
    }
}

/// Whether SIGINT arrived during a critical section.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Marks a critical section for as long as it lives.
pub struct Critical(());

impl Critical {
    /// Enters a critical section: SIGINT is deferred until it ends.
    pub fn enter() -> Critical {
        CRITICAL.fetch_add(1, Ordering::SeqCst);
        Critical(())
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        CRITICAL.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Called when a change has been applied: from then on SIGINT is only noted, so that the
/// process does not exit 130 (which says "nothing was written") after writing.
pub fn applied() {
    std::mem::forget(Critical::enter());
}

/// The error a transaction returns when it stopped for SIGINT.
#[derive(Debug, thiserror::Error)]
#[error("interrupted: nothing was written")]
pub struct Interrupted;
