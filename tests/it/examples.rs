//! Every inventory under examples/ loads, lints clean, is in canonical layout, and has the
//! shape the README promises.

use crate::harness::{assert_code, chami, run, stderr, stdout};
use std::path::{Path, PathBuf};

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("cluster.yaml").is_file())
        .collect();
    found.sort();
    assert!(
        !found.is_empty(),
        "no example inventory in {}",
        dir.display()
    );
    found
}

#[test]
fn every_example_lints_clean_and_is_canonical() {
    for ex in examples() {
        let lint = run(chami().arg("-C").arg(&ex).args(["inventory", "lint"]));
        assert_code(&lint, 0);
        assert!(
            stderr(&lint).contains("0 error(s), 0 warning(s)"),
            "{}: {}",
            ex.display(),
            stderr(&lint)
        );
        let fmt = run(chami()
            .arg("-C")
            .arg(&ex)
            .args(["inventory", "fmt", "--check"]));
        assert_code(&fmt, 0);
        let list = run(chami()
            .arg("-C")
            .arg(&ex)
            .args(["inventory", "list", "-o", "json"]));
        assert_code(&list, 0);
        let nodes: serde_json::Value = serde_json::from_str(&stdout(&list)).unwrap();
        assert!(
            !nodes.as_array().unwrap().is_empty(),
            "{}: no nodes",
            ex.display()
        );
    }
}

#[test]
fn the_readme_example_has_what_it_promises() {
    let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/small");
    let count = |args: &[&str]| {
        let out = run(chami().arg("-C").arg(&ex).args(args));
        assert_code(&out, 0);
        stdout(&out).trim().to_string()
    };
    assert_eq!(count(&["hostlist", "-c", "role=Compute"]), "16");
    assert_eq!(count(&["hostlist", "-f", "@service"]), "admin01,login01");
    assert_eq!(count(&["hostlist", "-f", "@gpu"]), "nid[09-16]");
    assert_eq!(
        count(&["inventory", "list", "--kind", "bmc", "-o", "names"])
            .lines()
            .count(),
        18
    );
    assert_eq!(
        count(&["inventory", "list", "--kind", "network", "-o", "names"]),
        "bmc\nmgmt"
    );
    assert_eq!(
        count(&["inventory", "list", "--kind", "tenant", "-o", "names"]),
        "physics"
    );
    let resolved = count(&["inventory", "show", "nid12", "--resolved", "-o", "json"]);
    let v: serde_json::Value = serde_json::from_str(&resolved).unwrap();
    assert_eq!(v["tenant"]["value"], "physics");
    assert_eq!(v["vars"]["slurm_gres"]["value"], "gpu:4");
    assert_eq!(v["vars"]["slurm_gres"]["source"]["name"], "gpu");
}
