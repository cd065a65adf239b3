//! The parse cache (git-index-like): a second load is served from it, and no change to a
//! file can go unseen, even one that keeps the size and the mtime.

use crate::harness::{assert_code, chami, node_yaml, run, stderr, TestInventory};
use std::path::Path;
use std::process::Output;

fn lint_cached(inv: &TestInventory, cache: &Path) -> Output {
    run(chami()
        .env("CHAMI_CACHE", "on")
        .env("XDG_CACHE_HOME", cache)
        .args(["-v", "-C"])
        .arg(inv.path())
        .args(["inventory", "lint", "--fresh"]))
}

fn hits(out: &Output) -> String {
    let err = stderr(out);
    let at = err
        .find(" of ")
        .unwrap_or_else(|| panic!("no cache figures in: {err}"));
    let start = err[..at].rfind('(').unwrap() + 1;
    err[start..at].to_string()
}

/// Sets a file's mtime back to an old value, as `touch -d` would.
fn age(path: &Path, secs_ago: u64) {
    let t = std::time::SystemTime::now() - std::time::Duration::from_secs(secs_ago);
    crate::harness::set_mtime(path, t);
}

fn old_inventory() -> TestInventory {
    let inv = TestInventory::new();
    for i in 1..=5u8 {
        inv.write(
            &format!("nodes/n{i}.yaml"),
            &node_yaml(&format!("n{i}"), 10 + i),
        );
        age(&inv.path().join(format!("nodes/n{i}.yaml")), 60);
    }
    inv
}

#[test]
fn second_run_is_served_from_the_cache() {
    let cache = tempfile::tempdir().unwrap();
    let inv = old_inventory();
    // Files changed in the last seconds are not cached (racy); these are a minute old,
    // but their ctime is new: wait out the racy window once.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let first = lint_cached(&inv, cache.path());
    assert_code(&first, 0);
    assert_eq!(hits(&first), "0", "{}", stderr(&first));
    let second = lint_cached(&inv, cache.path());
    assert_code(&second, 0);
    assert_eq!(hits(&second), "5", "{}", stderr(&second));
}

#[test]
fn an_edit_that_keeps_size_and_mtime_is_still_seen() {
    let cache = tempfile::tempdir().unwrap();
    let inv = old_inventory();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_code(&lint_cached(&inv, cache.path()), 0);
    // Same size, same mtime, but now a duplicate of n1's IP (10.0.0.11 -> 10.0.0.11 on n2).
    let p = inv.path().join("nodes/n2.yaml");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("10.0.0.12", "10.0.0.11");
    let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
    std::fs::write(&p, text).unwrap();
    crate::harness::set_mtime(&p, mtime);
    let out = lint_cached(&inv, cache.path());
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("error[duplicate-ip]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fresh_files_are_not_cached_and_off_writes_nothing() {
    let cache = tempfile::tempdir().unwrap();
    let inv = TestInventory::new();
    inv.write("nodes/a.yaml", &node_yaml("a", 11));
    // Changed "just now" for as long as the test runs, however slow the machine (its
    // mtime two minutes ahead): racy, so both runs parse it.
    crate::harness::set_mtime(
        &inv.path().join("nodes/a.yaml"),
        std::time::SystemTime::now() + std::time::Duration::from_secs(120),
    );
    assert_code(&lint_cached(&inv, cache.path()), 0);
    let again = lint_cached(&inv, cache.path());
    assert_eq!(hits(&again), "0", "{}", stderr(&again));
    let off = tempfile::tempdir().unwrap();
    let out = run(chami()
        .env("CHAMI_CACHE", "off")
        .env("XDG_CACHE_HOME", off.path())
        .arg("-C")
        .arg(inv.path())
        .args(["inventory", "lint", "--fresh"]));
    assert_code(&out, 0);
    assert!(
        std::fs::read_dir(off.path()).unwrap().next().is_none(),
        "CHAMI_CACHE=off wrote a cache"
    );
}
