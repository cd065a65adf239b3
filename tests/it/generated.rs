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

/// What bash's completion of `words` (the last one being completed) offers, with the
/// checked-in completions/chami.bash and this build's chami first on PATH, in `dir`.
fn bash_completes(dir: &Path, words: &[&str]) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/chami.bash");
    let bin = Path::new(env!("CARGO_BIN_EXE_chami")).parent().unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_TYPE=9\n_clap_complete_chami chami '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(program)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("CHAMI_INVENTORY")
        .output()
        .unwrap();
    let mut got: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    got.sort();
    got
}

#[test]
fn bash_completes_node_group_and_target_names_from_the_inventory() {
    let inv = crate::harness::TestInventory::empty();
    inv.write("cluster.yaml", crate::harness::CLUSTER_YAML);
    for (name, n) in [("cn01", 11), ("cn02", 12), ("gpu01", 13)] {
        inv.write(
            &format!("nodes/{name}.yaml"),
            &crate::harness::node_yaml(name, n),
        );
    }
    inv.write("groups/compute.yaml", "name: compute\n");
    assert_eq!(
        bash_completes(inv.path(), &["chami", "hostlist", "cn"]),
        ["cn01", "cn02"]
    );
    assert_eq!(
        bash_completes(inv.path(), &["chami", "inventory", "set", "@co"]),
        ["@compute"]
    );
    assert_eq!(
        bash_completes(inv.path(), &["chami", "status", "@compute,gp"]),
        ["@compute,gpu01"]
    );
    assert_eq!(
        bash_completes(inv.path(), &["chami", "render", "gen"]),
        ["genders"]
    );
    // Subcommands still complete, and outside an inventory names are simply absent.
    assert!(bash_completes(inv.path(), &["chami", "dhcp"]).contains(&"dhcp-export".to_string()));
    let elsewhere = tempfile::tempdir().unwrap();
    assert!(bash_completes(elsewhere.path(), &["chami", "hostlist", "cn"]).is_empty());
}
