//! serve's write path, the same as the CLI's: take the inventory lock (as
//! `load_for_write`), finish an interrupted build's commit, load the inventory from disk,
//! make the change, refuse it when it adds lint errors (422 with the new errors), write
//! its files in one journaled transaction, optionally commit them in the inventory's git
//! repository, and serve the new inventory from the next request on.

use super::git;
use crate::inventory::change::{commit, new_errors};
use crate::inventory::save::Changes;
use crate::inventory::{Diagnostic, Inventory};
use crate::serve::auth::Caller;
use crate::serve::reload::{reload_now, Loader};
use crate::serve::smd::Problem;
use crate::serve::state::AppState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// Where and how serve writes.
pub struct Writer {
    /// The inventory folder.
    pub root: PathBuf,
    /// Loads and checks the inventory for the reload after a write.
    pub loader: Loader,
    /// Commit each write in the inventory's git repository.
    pub git_commit: bool,
    /// The "not a git repository" warning was given.
    pub git_warned: AtomicBool,
}

/// A change made in memory: the inventory after it, its files, and what it did.
pub struct Planned {
    /// The inventory with the change.
    pub after: Inventory,
    /// The files to write.
    pub changes: Changes,
    /// What was done, for the log and the git commit message.
    pub summary: String,
}

/// Why a write did not happen.
pub enum WriteError {
    /// Refused before anything was written (bad input, unknown node, conflict).
    Refused(Problem),
    /// The change adds lint errors.
    Lint(Vec<Diagnostic>),
    /// The inventory could not be locked, loaded or written.
    Failed(String),
}

impl From<Problem> for WriteError {
    fn from(p: Problem) -> Self {
        WriteError::Refused(p)
    }
}

impl IntoResponse for WriteError {
    fn into_response(self) -> Response {
        match self {
            WriteError::Refused(p) => p.into_response(),
            WriteError::Lint(errors) => {
                let detail = format!(
                    "refusing to write: the change would add {} lint error(s): {}",
                    errors.len(),
                    errors
                        .iter()
                        .take(5)
                        .map(Diagnostic::to_human)
                        .collect::<Vec<_>>()
                        .join("; ")
                );
                let mut members = serde_json::Map::new();
                members.insert(
                    "errors".into(),
                    serde_json::to_value(&errors).unwrap_or_default(),
                );
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail).with_members(members)
            }
            WriteError::Failed(why) => {
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, why).into_response()
            }
        }
    }
}

/// Writes one JSON event line on stderr, as serve's other events.
pub(super) fn log(event: serde_json::Value) {
    eprintln!("{event}");
}

/// Locks, loads, plans, checks, writes and (with `--git-commit`) commits, all under the
/// inventory lock, for `who` on `route`. Returns whether files were written.
fn write_locked<F>(writer: &Writer, route: &str, who: &str, plan: F) -> Result<bool, WriteError>
where
    F: FnOnce(&Inventory) -> Result<Planned, WriteError>,
{
    let root = &writer.root;
    let _lock = crate::fsutil::lock_dir(root, || {
        log(serde_json::json!({"event": "write-waiting",
            "why": "another chami is writing the inventory"}))
    })
    .map_err(|e| WriteError::Failed(format!("cannot lock the inventory: {e}")))?;
    crate::outfiles::recover(&root.join(crate::build::JOURNAL))
        .map_err(|e| WriteError::Failed(format!("cannot finish an interrupted build: {e}")))?;
    let before = crate::inventory::load(root).into_result().map_err(|e| {
        WriteError::Failed(format!(
            "cannot load the inventory at {} to change it: {e}",
            root.display()
        ))
    })?;
    let planned = plan(&before)?;
    let new = new_errors(&before, &planned.after);
    if !new.is_empty() {
        return Err(WriteError::Lint(new));
    }
    if planned.changes.is_empty() {
        return Ok(false);
    }
    let files: Vec<PathBuf> = planned
        .changes
        .written
        .iter()
        .chain(&planned.changes.removed)
        .cloned()
        .collect();
    commit(planned.changes, root)
        .map_err(|e| WriteError::Failed(format!("cannot write the change: {e}")))?;
    let summary = planned.summary;
    log(
        serde_json::json!({"event": "write", "route": route, "sub": who,
        "summary": summary, "files": files}),
    );
    if writer.git_commit {
        let message = format!("chami serve: {route} by {who}\n\n{summary}\n");
        git::commit(writer, &files, &message);
    }
    Ok(true)
}

/// Makes the change `plan` computes from the inventory on disk, for `caller` on `route`
/// (e.g. `PUT /boot/v1/bootparameters`), then reloads. Ok(true): files were written.
pub async fn write<F>(
    st: &AppState,
    caller: &Caller,
    route: &str,
    plan: F,
) -> Result<bool, WriteError>
where
    F: FnOnce(&Inventory) -> Result<Planned, WriteError> + Send + 'static,
{
    let (app, route_owned, who) = (st.clone(), route.to_string(), caller.subject.clone());
    let written =
        tokio::task::spawn_blocking(move || write_locked(&app.writer, &route_owned, &who, plan))
            .await
            .map_err(|e| WriteError::Failed(format!("the write stopped: {e}")))??;
    if !written {
        return Ok(false);
    }
    reload_now(st, &st.writer.loader, route).await;
    Ok(true)
}
