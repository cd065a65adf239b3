//! man/ and completions/ are generated from the clap definitions and checked in; these
//! tests fail when they are stale and say how to regenerate them.

use crate::harness::{assert_code, chami, run};
use std::collections::BTreeMap;
use std::path::Path;

const REGENERATE: &str = "cargo run -q -- generate man --out man && cargo run -q -- generate completions --out completions";

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn check(what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(chami().args(["generate", what, "--out"]).arg(tmp.path()));
    assert_code(&out, 0);
    let fresh = files(tmp.path());
    let checked_in = files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(what_dir(what)));
    assert!(!fresh.is_empty(), "generate {what} wrote nothing");
    let stale: Vec<&String> = fresh
        .keys()
        .chain(checked_in.keys())
        .filter(|k| fresh.get(*k) != checked_in.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "{}/ is stale ({stale:?} differ); regenerate with:\n  {REGENERATE}",
        what_dir(what)
    );
}

fn what_dir(what: &str) -> &'static str {
    match what {
        "man" => "man",
        _ => "completions",
    }
}

#[test]
fn man_pages_are_current() {
    check("man");
}

#[test]
fn completions_are_current() {
    check("completions");
}
