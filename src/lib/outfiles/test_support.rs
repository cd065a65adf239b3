//! Helpers shared by the tests of this module: one whole run (plan + apply) and reading
//! back what it left on disk.

use super::{plan, DesiredFile, Summary};
use std::path::Path;

/// The manifest name the tests use.
pub const M: &str = ".chami-test.json";

/// A desired file.
pub fn file(path: &str, content: &str, owner: &str) -> DesiredFile {
    DesiredFile::new(path, content, owner)
}

/// Plans and applies one run in which `ran` ran and produced `files`.
pub fn run(dir: &Path, ran: &[&str], files: Vec<DesiredFile>) -> Summary {
    let ran: Vec<String> = ran.iter().map(|s| s.to_string()).collect();
    plan(dir, M, &ran, files).unwrap().apply().unwrap()
}

/// The text of `rel` inside `dir`.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// The manifest inside `dir`, parsed.
pub fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(dir, M)).unwrap()
}
