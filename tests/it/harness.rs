//! A small harness for the integration tests: runs the real `chami` binary against
//! temporary inventories, and decides what to do when an interop program is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A `Command` for the built `chami` binary, with a clean environment for chami's own
/// variables so that the developer's shell cannot leak into a test.
pub fn chami() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chami"));
    cmd.env_remove("CHAMI_INVENTORY")
        .env_remove("CHAMI_BMC_PASSWORD")
        .env("NO_COLOR", "1");
    cmd
}

/// True when `CHAMI_REQUIRE_INTEROP=1`: a missing interop program then fails the run.
pub fn interop_required() -> bool {
    std::env::var("CHAMI_REQUIRE_INTEROP").is_ok_and(|v| v == "1")
}

/// Call when an interop check cannot run. Returns `false` (so the caller returns early)
/// after printing why on stderr, or panics when interop is required.
pub fn skip_or_fail(test: &str, why: &str) -> bool {
    if interop_required() {
        panic!("{test}: {why} (CHAMI_REQUIRE_INTEROP=1, so a missing tool fails the run)");
    }
    eprintln!("SKIPPED interop test {test}: {why}; run `bash .ci/run` to install it");
    false
}

/// Finds `program` on PATH (or as an absolute path). When it is missing, returns `None`
/// through [`skip_or_fail`].
pub fn interop_program(test: &str, program: &str) -> Option<PathBuf> {
    if let Some(found) = which(program) {
        return Some(found);
    }
    skip_or_fail(test, &format!("`{program}` is not installed"));
    None
}

/// Looks a program up on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    let p = Path::new(program);
    if p.is_absolute() {
        return p.is_file().then(|| p.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Runs a command and returns its output, panicking with the command line if it cannot start.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// stdout as a String.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr as a String.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
