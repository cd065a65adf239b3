//! `chami serve`: load and lint the inventory, then serve it until SIGTERM, reloading
//! on SIGHUP and on changes (a reload that fails keeps the last good inventory).

use crate::exit::ExitStatus;
use crate::inventory::{self, lint, Inventory};
use crate::serve::{node_token, serve, Loader, ReloadOptions, ServeOptions, Snapshot, TokenSecret};
use crate::settings::{GlobalSettings, ServeSettings};
use anyhow::Context;
use std::net::SocketAddr;
use std::sync::Arc;

/// Loads and lints the inventory at `root`; the reason as text when it cannot be used.
fn load_checked(root: &std::path::Path) -> Result<Inventory, String> {
    let inv = inventory::load(root)
        .into_result()
        .map_err(|e| e.to_string())?;
    let report = lint::lint_inventory(&inv);
    if report.errors > 0 {
        let first: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .take(5)
            .map(|d| d.to_human())
            .collect();
        return Err(format!(
            "{} lint error(s): {}",
            report.errors,
            first.join("; ")
        ));
    }
    Ok(inv)
}

/// Where boot progress is recorded: the state folder, made now. Without an explicit
/// `--state-dir` (or `CHAMI_STATE_DIR`), a default folder that cannot be made (a service
/// user without a home) is a warning and nothing is recorded; an explicit one is an error.
fn recording(
    global: &GlobalSettings,
    root: &std::path::Path,
) -> anyhow::Result<Option<crate::state::Journal>> {
    let explicit = global.state.as_ref().is_ok_and(|s| s.dir.is_some());
    let ready = match super::state_folder::journal(global, root)? {
        Some(j) => j.prepare().map(|()| j),
        None => {
            global.printer.warn(
                "no state folder (no --state-dir, CHAMI_STATE_DIR, XDG_STATE_HOME or HOME): \
                 boot progress is not recorded",
            );
            return Ok(None);
        }
    };
    match ready {
        Ok(j) => {
            global
                .printer
                .info(format!("recording boot progress in {}", j.path().display()));
            Ok(Some(j))
        }
        Err(e) if !explicit => {
            global.printer.warn(format!(
                "{e}: boot progress is not recorded (give --state-dir a writable folder)"
            ));
            Ok(None)
        }
        Err(e) => Err(e).context("--state-dir"),
    }
}

/// Runs `serve`.
pub fn run(s: ServeSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let secret = s
        .token_secret
        .as_deref()
        .map(TokenSecret::load)
        .transpose()
        .map_err(anyhow::Error::msg)
        .context("--token-secret")?;
    if let (Some(node), Some(secret)) = (&s.print_token, &secret) {
        crate::console::write_stdout(&format!("{}\n", node_token(secret, node)))?;
        return Ok(ExitStatus::Success);
    }
    let root = global.root()?;
    let inv = super::loading::load_valid(global)?;
    if let Some(status) = super::lint_gate::refuse_on_errors(&inv, global, "serve")? {
        return Ok(status);
    }
    // Replicas of several boot servers each give their own --listen.
    let port = inv.cluster.first_boot_server().map_or(80, |b| b.http_port);
    let listen = if s.listen.is_empty() {
        vec![SocketAddr::from(([0, 0, 0, 0], port))]
    } else {
        s.listen.clone()
    };
    let state = recording(global, &root)?;
    let snapshot = Snapshot::build(inv, secret.clone(), &s.base_urls)
        .context("cannot serve this inventory")?;
    let loader_root = root.clone();
    let loader: Loader = Arc::new(move || load_checked(&loader_root));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let opts = ServeOptions {
        listen,
        files: s.files.clone(),
        tls: s.tls.clone(),
        secret,
        base_urls: s.base_urls.clone(),
        trusted: s.trusted_proxies.clone(),
        access_log: s.access_log && !global.printer.quiet,
        state,
        jwt: s.jwt.clone(),
        git_commit: s.git_commit,
        max_connections: s.max_connections,
        send_timeout: s.send_timeout,
    };
    let scheme = if s.tls.is_some() { "https" } else { "http" };
    let printer = global.printer;
    rt.block_on(serve(
        opts,
        snapshot,
        loader,
        ReloadOptions {
            root,
            watch_files: s.watch_files,
        },
        |bound| {
            for a in bound {
                printer.info(format!("listening on {scheme}://{a}"));
            }
        },
    ))?;
    Ok(ExitStatus::Success)
}
