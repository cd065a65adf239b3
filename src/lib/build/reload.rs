//! Reload commands: run through `sh -c` in the inventory folder when an output changed,
//! with their output sent to stderr (stdout is chami's data).

use std::path::Path;
use std::process::{Command, Stdio};

/// How a reload command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadOutcome {
    /// Exit status 0.
    Ok,
    /// A non-zero exit status, or killed by a signal (`None`).
    Failed(Option<i32>),
    /// The shell could not be started.
    NotStarted(String),
}

impl ReloadOutcome {
    /// True for [`ReloadOutcome::Ok`].
    pub fn is_ok(&self) -> bool {
        *self == ReloadOutcome::Ok
    }
}

impl std::fmt::Display for ReloadOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReloadOutcome::Ok => write!(f, "ok"),
            ReloadOutcome::Failed(Some(code)) => write!(f, "failed (exit {code})"),
            ReloadOutcome::Failed(None) => write!(f, "failed (killed by a signal)"),
            ReloadOutcome::NotStarted(why) => write!(f, "not started: {why}"),
        }
    }
}

/// Runs `command` with `sh -c` in `root`, stdin closed, stdout and stderr on chami's
/// stderr. `CHAMI_OUTPUT` holds the output's path.
pub fn reload(command: &str, root: &Path, output: &Path) -> ReloadOutcome {
    let status = Command::new("/bin/sh")
        .arg("-c")
        .arg(command)
        .current_dir(root)
        .env("CHAMI_OUTPUT", output)
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .stderr(Stdio::inherit())
        .status();
    match status {
        Ok(s) if s.success() => ReloadOutcome::Ok,
        Ok(s) => ReloadOutcome::Failed(s.code()),
        Err(e) => ReloadOutcome::NotStarted(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_in_the_folder_with_the_output_path() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("hosts");
        let got = reload("echo \"$CHAMI_OUTPUT\" > seen", dir.path(), &out);
        assert_eq!(got, ReloadOutcome::Ok);
        let seen = std::fs::read_to_string(dir.path().join("seen")).unwrap();
        assert_eq!(seen.trim(), out.display().to_string());
    }

    #[test]
    fn failures_keep_the_exit_code() {
        let dir = tempfile::tempdir().unwrap();
        let got = reload("exit 3", dir.path(), dir.path());
        assert_eq!(got, ReloadOutcome::Failed(Some(3)));
        assert_eq!(got.to_string(), "failed (exit 3)");
        assert!(!got.is_ok());
    }
}
