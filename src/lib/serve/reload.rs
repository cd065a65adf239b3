//! Reloading: on SIGHUP, and when cluster.yaml or a file under the record folders
//! changes (inotify), and right after serve writes the inventory itself. A reload that
//! fails to load, lint or prepare keeps serving the last good snapshot and says why.
//! SIGHUP also reads the JWKS file again.

use super::state::AppState;
use super::Snapshot;
use crate::inventory::Inventory;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Loads and checks the inventory (the command supplies it: load, lint gate).
pub type Loader = Arc<dyn Fn() -> Result<Inventory, String> + Send + Sync>;

/// When to reload.
#[derive(Debug, Clone)]
pub struct ReloadOptions {
    /// The inventory folder.
    pub root: PathBuf,
    /// Reload when files change (else on SIGHUP only).
    pub watch_files: bool,
}

/// Starts watching cluster.yaml and the record folders with inotify; each change sends
/// on `tx`. The watcher must be kept alive.
fn watcher(
    root: &Path,
    tx: tokio::sync::mpsc::Sender<()>,
) -> notify::Result<notify::RecommendedWatcher> {
    use notify::{EventKind, RecursiveMode, Watcher};
    let mut w = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            if !matches!(ev.kind, EventKind::Access(_)) {
                let _ = tx.try_send(());
            }
        }
    })?;
    w.watch(root, RecursiveMode::NonRecursive)?;
    for d in ["nodes", "bmcs", "groups", "tenants"] {
        let dir = root.join(d);
        if dir.is_dir() {
            w.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    Ok(w)
}

/// The watcher of the folders as they are now, or None (and a log line) when inotify
/// refuses: reloads then come on SIGHUP only.
fn rewatch(root: &Path, tx: &tokio::sync::mpsc::Sender<()>) -> Option<notify::RecommendedWatcher> {
    match watcher(root, tx.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "{}",
                serde_json::json!({"event": "watch-failed", "error": e.to_string(),
                    "reloads": "on SIGHUP only"})
            );
            None
        }
    }
}

/// Watches for reload triggers until the process ends.
pub async fn watch(state: AppState, loader: Loader, opts: ReloadOptions) {
    let mut hup = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("chami serve: cannot watch SIGHUP: {e}");
            return;
        }
    };
    let (tx, mut changes) = tokio::sync::mpsc::channel::<()>(1);
    let mut watching = opts.watch_files.then(|| rewatch(&opts.root, &tx)).flatten();
    loop {
        let reason = tokio::select! {
            _ = hup.recv() => "SIGHUP",
            Some(()) = changes.recv() => {
                // Let a writer finish its batch of renames, then take one reload for all.
                tokio::time::sleep(Duration::from_millis(300)).await;
                while changes.try_recv().is_ok() {}
                "the inventory changed on disk"
            }
        };
        if opts.watch_files {
            // inotify follows a folder's inode: after `mv nodes nodes.old && cp -r … nodes`
            // (a checkout can do that) the old watch sees nothing more. Watch the paths
            // anew before loading, so an edit made during the load triggers another.
            drop(watching.take());
            watching = rewatch(&opts.root, &tx);
        }
        if reason == "SIGHUP" {
            reload_keys(&state);
        }
        reload_now(&state, &loader, reason).await;
    }
}

/// Reads the JWKS file again (with `--jwks`); a bad one keeps the keys in use.
fn reload_keys(state: &AppState) {
    match state.access.reload() {
        None => {}
        Some(Ok(n)) => eprintln!("{}", serde_json::json!({"event": "jwks-reload", "keys": n})),
        Some(Err(e)) => eprintln!(
            "{}",
            serde_json::json!({"event": "jwks-reload-failed", "error": e.to_string(),
                "using": "the keys read before"})
        ),
    }
}

/// Loads, checks and prepares the inventory now and serves it from the next request on;
/// when that fails, keeps the last good snapshot and says why. True when it was replaced.
pub async fn reload_now(state: &AppState, loader: &Loader, reason: &str) -> bool {
    let load = loader.clone();
    let secret = state.secret.clone();
    let bases = state.base_urls.clone();
    let result = tokio::task::spawn_blocking(move || {
        let inv = load()?;
        Snapshot::build(inv, secret, &bases).map_err(|e| e.to_string())
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    match result {
        Ok(snap) => {
            let nodes = snap.inventory().nodes.len();
            *state.snapshot.write().expect("not poisoned") = Arc::new(snap);
            state.metrics.reloads.fetch_add(1, Ordering::Relaxed);
            eprintln!(
                "{}",
                serde_json::json!({"event": "reload", "reason": reason, "nodes": nodes})
            );
            true
        }
        Err(why) => {
            state
                .metrics
                .reload_failures
                .fetch_add(1, Ordering::Relaxed);
            eprintln!(
                "{}",
                serde_json::json!({"event": "reload-failed", "reason": reason,
                    "error": why, "serving": "the last good inventory"})
            );
            false
        }
    }
}
