//! `serve --git-commit`: each write's files committed in the inventory's git repository
//! by running `git`. Not a repository: one warning, no commits. A failed commit is
//! logged; the write itself stands.

use super::writer::{log, Writer};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::Ordering;

fn git(writer: &Writer) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(&writer.root);
    c
}

/// Commits `files` (relative to the inventory) with `message`.
pub fn commit(writer: &Writer, files: &[PathBuf], message: &str) {
    let inside = git(writer)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !inside {
        if !writer.git_warned.swap(true, Ordering::Relaxed) {
            log(serde_json::json!({"event": "git-commit-skipped",
                "why": format!("{} is not in a git repository (or git is not installed): \
                    writes are not committed", writer.root.display())}));
        }
        return;
    }
    let add = git(writer).args(["add", "-A", "--"]).args(files).output();
    let done = add.and_then(|a| {
        if !a.status.success() {
            return Ok(a);
        }
        git(writer)
            .args(["commit", "--quiet", "-m", message, "--"])
            .args(files)
            .output()
    });
    match done {
        Ok(o) if o.status.success() => {
            log(serde_json::json!({"event": "git-commit", "files": files}))
        }
        Ok(o) => log(serde_json::json!({"event": "git-commit-failed",
            "error": String::from_utf8_lossy(&o.stderr).trim(),
            "files": files})),
        Err(e) => log(serde_json::json!({"event": "git-commit-failed",
            "error": e.to_string()})),
    }
}
