//! The `chami init` and `chami inventory …` commands end to end through the real binary:
//! finding the inventory, add/set/rm (only the touched files change, refused changes
//! leave every byte as it was), list/show/export/import/fmt, and the process-level
//! conventions (exit codes, unimplemented commands, a closed stdout pipe).

use crate::harness::{
    assert_code, chami, list_item, node_yaml, run, stderr, stdout, TestInventory,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

pub(crate) type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

/// Runs `chami -C DIR ARGS`, asserts exit 0 and returns stdout.
pub(crate) fn ok(inv: &TestInventory, args: &[&str]) -> String {
    let out = inv.chami(args);
    assert_code(&out, 0);
    stdout(&out)
}

/// Runs a command that must fail with exit 2, change no file and leave no temporary
/// file; stderr must contain every needle. Returns stderr.
pub(crate) fn refused(inv: &TestInventory, args: &[&str], needles: &[&str]) -> String {
    let before = inv.snapshot();
    let out = inv.chami(args);
    assert_code(&out, 2);
    let err = stderr(&out);
    for n in needles {
        assert!(err.contains(n), "stderr of {args:?} lacks `{n}`:\n{err}");
    }
    assert_unchanged(&before, &inv.snapshot());
    assert_no_tmp(inv);
    err
}

/// The files that differ between two snapshots (added, removed or changed).
pub(crate) fn changed(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut paths: Vec<&PathBuf> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p))
        .map(|p| p.display().to_string())
        .collect()
}

pub(crate) fn assert_unchanged(before: &Snapshot, after: &Snapshot) {
    let diff = changed(before, after);
    assert!(diff.is_empty(), "files changed: {diff:?}");
}

/// No temporary file of an atomic write is left anywhere in the inventory.
pub(crate) fn assert_no_tmp(inv: &TestInventory) {
    let tmp: Vec<PathBuf> = inv
        .snapshot()
        .into_keys()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(tmp.is_empty(), "temporary files left: {tmp:?}");
}

/// A record file parsed as YAML, for looking at its values.
pub(crate) fn record(inv: &TestInventory, rel: &str) -> Value {
    let text = inv.read(rel);
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not YAML: {e}\n{text}"))
}

/// stdout lines.
fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// Parses stdout as JSON.
pub(crate) fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}\n{text}"))
}

/// Files under `dir` (relative to the inventory) ending in `.yaml`, sorted.
fn yaml_files(inv: &TestInventory, dir: &str) -> Vec<String> {
    let mut v: Vec<String> = inv
        .snapshot()
        .into_keys()
        .filter(|p| p.starts_with(dir) && p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.display().to_string())
        .collect();
    v.sort();
    v
}

/// Lints and asserts the inventory is clean.
pub(crate) fn assert_lints_clean(inv: &TestInventory) {
    let out = inv.chami(&["inventory", "lint"]);
    assert_code(&out, 0);
    assert!(stderr(&out).contains(" 0 error(s)"), "{}", stderr(&out));
}

/// Nodes a, b, c (10.0.0.2-4), b with role Service; a managed by a-bmc; group compute
/// with members a and c; BMCs a-bmc and c-bmc.
pub(crate) fn three_nodes() -> TestInventory {
    let inv = TestInventory::new();
    inv.write(
        "nodes/a.yaml",
        &format!("{}bmc: a-bmc\n", node_yaml("a", 2)),
    )
    .write(
        "nodes/b.yaml",
        &node_yaml("b", 3).replace("nid: 3\n", "nid: 3\nrole: Service\n"),
    )
    .write("nodes/c.yaml", &node_yaml("c", 4))
    .write(
        "bmcs/a-bmc.yaml",
        "name: a-bmc\nip: 10.1.0.2\nnetwork: bmc\n",
    )
    .write(
        "bmcs/c-bmc.yaml",
        "name: c-bmc\nip: 10.1.0.4\nnetwork: bmc\n",
    )
    .write("groups/compute.yaml", "name: compute\nmembers: a,c\n");
    inv
}

// ---------------------------------------------------------------------------------------
// init and finding the inventory
// ---------------------------------------------------------------------------------------

#[test]
fn init_creates_an_inventory_that_lints_clean() {
    let tmp = TestInventory::empty();
    let site = tmp.path().join("site");
    let out = run(chami().arg("init").arg(&site));
    assert_code(&out, 0);
    for d in ["nodes", "bmcs", "groups", "tenants", "templates"] {
        assert!(site.join(d).is_dir(), "{d}/ missing");
    }
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
    assert!(gitignore.contains("secrets"), "{gitignore}");
    let cluster = std::fs::read_to_string(site.join("cluster.yaml")).expect("cluster.yaml");
    assert!(cluster.contains("format: 1\n"), "{cluster}");
    assert!(cluster.contains("name: site\n"), "{cluster}");

    let lint = run(chami().arg("-C").arg(&site).args(["inventory", "lint"]));
    assert_code(&lint, 0);
    assert!(stderr(&lint).contains("0 error(s)"), "{}", stderr(&lint));
    let fmt = run(chami()
        .arg("-C")
        .arg(&site)
        .args(["inventory", "fmt", "--check"]));
    assert_code(&fmt, 0);
    assert_eq!(
        stdout(&fmt),
        "",
        "fmt --check lists files of a fresh inventory"
    );
}

#[test]
fn init_twice_fails_and_changes_nothing() {
    let tmp = TestInventory::empty();
    let site = tmp.path().join("site");
    assert_code(&run(chami().arg("init").arg(&site)), 0);
    std::fs::write(site.join("cluster.yaml"), "format: 1\nname: mine\n").unwrap();
    let before = tmp.snapshot();
    let out = run(chami().arg("init").arg(&site));
    assert_code(&out, 2);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_unchanged(&before, &tmp.snapshot());
}

#[test]
fn inventory_found_by_flag_env_and_walking_up() {
    let inv = TestInventory::new();
    inv.write("nodes/a.yaml", &node_yaml("a", 2));
    let elsewhere = TestInventory::empty();
    let list = ["inventory", "list", "-o", "names"];

    // $CHAMI_INVENTORY
    let out = run(chami()
        .env("CHAMI_INVENTORY", inv.path())
        .current_dir(elsewhere.path())
        .args(list));
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "a\n");

    // walking up from a subfolder
    let out = run(chami().current_dir(inv.path().join("nodes")).args(list));
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "a\n");

    // -C wins over $CHAMI_INVENTORY
    let out = run(chami()
        .arg("-C")
        .arg(inv.path())
        .env("CHAMI_INVENTORY", elsewhere.path())
        .current_dir(elsewhere.path())
        .args(list));
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "a\n");
}

#[test]
fn no_inventory_found_says_chami_init() {
    let empty = TestInventory::empty();
    let list = ["inventory", "list"];
    for out in [
        run(chami().current_dir(empty.path()).args(list)),
        run(chami().arg("-C").arg(empty.path()).args(list)),
        run(chami().env("CHAMI_INVENTORY", empty.path()).args(list)),
    ] {
        assert_code(&out, 2);
        let err = stderr(&out);
        assert!(err.contains("cluster.yaml"), "{err}");
        assert!(err.contains("chami init"), "{err}");
    }
}

// ---------------------------------------------------------------------------------------
// add
// ---------------------------------------------------------------------------------------

#[test]
fn add_counts_values_up_per_node() {
    let inv = TestInventory::new();
    inv.write("groups/compute.yaml", "name: compute\n");
    ok(
        &inv,
        &[
            "inventory",
            "add",
            "nid[01-16]",
            "--ip",
            "10.0.0.11+",
            "--mac",
            "02:00:00:00:00:01+",
            "--nid",
            "1+",
            "--bmc-ip",
            "10.1.0.11+",
            "--group",
            "compute",
        ],
    );
    let nodes = yaml_files(&inv, "nodes");
    let bmcs = yaml_files(&inv, "bmcs");
    assert_eq!(nodes.len(), 16, "{nodes:?}");
    assert_eq!(bmcs.len(), 16, "{bmcs:?}");
    assert_eq!(nodes[0], "nodes/nid01.yaml");
    assert_eq!(nodes[15], "nodes/nid16.yaml");

    let first = record(&inv, "nodes/nid01.yaml");
    assert_eq!(first["nid"], 1);
    assert_eq!(first["interfaces"][0]["ip"], "10.0.0.11");
    let n = record(&inv, "nodes/nid16.yaml");
    assert_eq!(n["name"], "nid16");
    assert_eq!(n["nid"], 16);
    assert_eq!(n["groups"], json!(["compute"]));
    assert_eq!(n["bmc"], "nid16-bmc");
    let eth0 = &n["interfaces"][0];
    assert_eq!(eth0["name"], "eth0");
    assert_eq!(eth0["ip"], "10.0.0.26");
    assert_eq!(eth0["mac"], "02:00:00:00:00:10");
    assert_eq!(eth0["network"], "mgmt");
    assert_eq!(eth0["boot"], true);
    let b = record(&inv, "bmcs/nid16-bmc.yaml");
    assert_eq!(b["name"], "nid16-bmc");
    assert_eq!(b["ip"], "10.1.0.26");
    assert_eq!(b["network"], "bmc");

    assert_lints_clean(&inv);
    assert_no_tmp(&inv);
}

#[test]
fn add_an_existing_name_fails_and_changes_nothing() {
    let inv = three_nodes();
    let err = refused(
        &inv,
        &[
            "inventory",
            "add",
            "d,b",
            "--ip",
            "10.0.0.60+",
            "--mac",
            "02:00:00:00:06:00+",
        ],
        &["already in the inventory: b"],
    );
    assert!(err.contains("inventory set"), "{err}");
    assert!(!inv.exists("nodes/d.yaml"));
}

#[test]
fn add_a_fixed_value_for_many_nodes_suggests_plus() {
    let inv = TestInventory::new();
    refused(
        &inv,
        &[
            "inventory",
            "add",
            "x[1-3]",
            "--ip",
            "10.0.0.11",
            "--mac",
            "02:00:00:00:00:01+",
        ],
        &["--ip", "10.0.0.11+", "3 nodes"],
    );
    assert!(yaml_files(&inv, "nodes").is_empty());
}

#[test]
fn add_refuses_new_lint_errors_unless_forced() {
    let inv = TestInventory::new();
    let in_range = [
        "inventory",
        "add",
        "n1",
        "--ip",
        "10.0.0.210",
        "--mac",
        "02:00:00:00:02:10",
    ];
    refused(
        &inv,
        &in_range,
        &[
            "error[ip-in-dynamic-range]",
            "node n1",
            "10.0.0.210",
            "refusing",
            "--force",
        ],
    );
    refused(
        &inv,
        &[
            "inventory",
            "add",
            "n2",
            "--ip",
            "10.0.0.50",
            "--mac",
            "02:00:00:00:00:50",
            "--group",
            "nosuchgroup",
        ],
        &["--group `nosuchgroup`: there is no group `nosuchgroup`"],
    );

    let mut forced = in_range.to_vec();
    forced.push("--force");
    let out = inv.chami(&forced);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("writing despite 1 new lint error"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        record(&inv, "nodes/n1.yaml")["interfaces"][0]["ip"],
        "10.0.0.210"
    );
    assert_code(&inv.chami(&["inventory", "lint"]), 1);
}

#[test]
fn add_dry_run_writes_nothing() {
    let inv = TestInventory::new();
    let before = inv.snapshot();
    let out = ok(
        &inv,
        &[
            "inventory",
            "add",
            "n1",
            "--ip",
            "10.0.0.40",
            "--mac",
            "02:00:00:00:04:00",
            "--bmc-ip",
            "10.1.0.40",
            "--dry-run",
        ],
    );
    // A unified diff of each new file, as `git diff` shows it.
    assert!(
        out.contains("--- /dev/null\n+++ b/nodes/n1.yaml\n"),
        "{out}"
    );
    assert!(out.contains("+  ip: 10.0.0.40\n"), "{out}");
    assert!(
        out.contains("--- /dev/null\n+++ b/bmcs/n1-bmc.yaml\n"),
        "{out}"
    );
    assert_unchanged(&before, &inv.snapshot());
}

#[test]
fn add_into_one_list_file() {
    let inv = TestInventory::new();
    ok(
        &inv,
        &[
            "inventory",
            "add",
            "r[1-3]",
            "--ip",
            "10.0.0.31+",
            "--mac",
            "02:00:00:00:03:01+",
            "--file",
            "rack1.yaml",
        ],
    );
    assert_eq!(yaml_files(&inv, "nodes"), vec!["nodes/rack1.yaml"]);
    let list = record(&inv, "nodes/rack1.yaml");
    let names: Vec<&Value> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| &n["name"])
        .collect();
    assert_eq!(names, vec!["r1", "r2", "r3"]);
    assert_eq!(list[1]["interfaces"][0]["ip"], "10.0.0.32");
    assert_eq!(
        ok(&inv, &["inventory", "list", "-o", "names"]),
        "r1\nr2\nr3\n"
    );
    let shown = json_of(&ok(&inv, &["inventory", "show", "r2", "-o", "json"]));
    assert_eq!(shown["interfaces"][0]["mac"], "02:00:00:00:03:02");

    // A second add into the same file appends.
    ok(
        &inv,
        &[
            "inventory",
            "add",
            "r4",
            "--ip",
            "10.0.0.34",
            "--mac",
            "02:00:00:00:03:04",
            "--file",
            "rack1.yaml",
        ],
    );
    let list = record(&inv, "nodes/rack1.yaml");
    assert_eq!(list.as_array().map(Vec::len), Some(4), "{list}");
    assert_eq!(list[3]["name"], "r4");
    assert_lints_clean(&inv);
}

#[test]
fn add_list_file_cannot_escape_the_nodes_folder() {
    let inv = TestInventory::new();
    let outside = TestInventory::empty();
    let cluster = inv.read("cluster.yaml");
    let target = outside.path().join("stolen.yaml");
    for file in ["../cluster.yaml", target.to_str().unwrap()] {
        let _ = inv.chami(&[
            "inventory",
            "add",
            "m1",
            "--ip",
            "10.0.0.41",
            "--mac",
            "02:00:00:00:00:41",
            "--file",
            file,
        ]);
        let now = inv.read("cluster.yaml");
        assert!(
            now == cluster,
            "--file {file} overwrote cluster.yaml with:\n{now}"
        );
        assert!(
            !target.exists(),
            "--file {file} wrote outside the inventory"
        );
        ok(&inv, &["inventory", "list"]);
    }
}

#[test]
fn add_list_file_without_yaml_extension_does_not_lose_the_nodes() {
    let inv = TestInventory::new();
    let before = inv.snapshot();
    let out = inv.chami(&[
        "inventory",
        "add",
        "m[1-2]",
        "--ip",
        "10.0.0.41+",
        "--mac",
        "02:00:00:00:00:41+",
        "--file",
        "rack2",
    ]);
    if out.status.code() == Some(0) {
        // Written: then the inventory must hold the new nodes.
        assert_eq!(
            ok(&inv, &["inventory", "list", "-o", "names"]),
            "m1\nm2\n",
            "add said it added m1 and m2 but they are not in the inventory:\n{}",
            stderr(&out)
        );
    } else {
        assert_code(&out, 2);
        assert_unchanged(&before, &inv.snapshot());
    }
}

// ---------------------------------------------------------------------------------------
// set
// ---------------------------------------------------------------------------------------

#[test]
fn set_changes_fields_and_only_the_touched_files() {
    let inv = three_nodes();
    let header = "# rack 7, slot 3\n# owner: ops\n\n";
    let a = format!("{header}{}", inv.read("nodes/a.yaml"));
    inv.write("nodes/a.yaml", &a);
    let before = inv.snapshot();
    ok(
        &inv,
        &[
            "inventory",
            "set",
            "a",
            "role=Service",
            "labels.rack=r7",
            "vars.slots=[1,2]",
            "vars.note=hello",
        ],
    );
    assert_eq!(changed(&before, &inv.snapshot()), vec!["nodes/a.yaml"]);
    let text = inv.read("nodes/a.yaml");
    assert!(text.starts_with(header), "header comment lost:\n{text}");
    let n = record(&inv, "nodes/a.yaml");
    assert_eq!(n["role"], "Service");
    assert_eq!(n["labels"]["rack"], "r7");
    assert_eq!(n["vars"]["slots"], json!([1, 2]));
    assert_eq!(n["vars"]["note"], "hello");
    assert_eq!(n["bmc"], "a-bmc", "an untouched field changed");
    assert_eq!(n["interfaces"][0]["ip"], "10.0.0.2");

    // Two nodes by selection: a and b change, c does not.
    let before = inv.snapshot();
    ok(&inv, &["inventory", "set", "a,b", "labels.row=4"]);
    assert_eq!(
        changed(&before, &inv.snapshot()),
        vec!["nodes/a.yaml", "nodes/b.yaml"]
    );
    assert_eq!(record(&inv, "nodes/b.yaml")["labels"]["row"], "4");
    assert!(inv.read("nodes/a.yaml").starts_with(header));
    assert_lints_clean(&inv);
}

#[test]
fn set_groups_interfaces_and_unset() {
    let inv = three_nodes();
    inv.write("groups/gpu.yaml", "name: gpu\n")
        .write("groups/ib.yaml", "name: ib\n");
    ok(
        &inv,
        &["inventory", "set", "b", "groups+=gpu", "groups+=ib"],
    );
    assert_eq!(record(&inv, "nodes/b.yaml")["groups"], json!(["gpu", "ib"]));
    ok(&inv, &["inventory", "set", "b", "groups-=gpu"]);
    assert_eq!(record(&inv, "nodes/b.yaml")["groups"], json!(["ib"]));

    let before = inv.snapshot();
    ok(
        &inv,
        &["inventory", "set", "b", "interfaces.eth0.ip=10.0.0.50"],
    );
    assert_eq!(changed(&before, &inv.snapshot()), vec!["nodes/b.yaml"]);
    let b = record(&inv, "nodes/b.yaml");
    assert_eq!(b["interfaces"][0]["ip"], "10.0.0.50");
    assert_eq!(b["interfaces"][0]["mac"], "02:00:00:00:00:03");

    ok(&inv, &["inventory", "set", "b", "--unset", "role"]);
    let b = record(&inv, "nodes/b.yaml");
    assert!(b.get("role").is_none(), "{b}");
    assert_eq!(b["nid"], 3);
    assert_lints_clean(&inv);
}

#[test]
fn set_refuses_a_duplicate_ip() {
    let inv = three_nodes();
    refused(
        &inv,
        &["inventory", "set", "b", "interfaces.eth0.ip=10.0.0.2"],
        &[
            "error[duplicate-ip]",
            "IP 10.0.0.2 is also used by node a",
            "--force",
        ],
    );
}

#[test]
fn set_unknown_key_lists_the_keys() {
    let inv = three_nodes();
    refused(
        &inv,
        &["inventory", "set", "a", "colour=red"],
        &[
            "unknown key `colour`",
            "role",
            "labels.KEY",
            "vars.KEY",
            "interfaces.NAME",
        ],
    );
    refused(
        &inv,
        &["inventory", "set", "a", "nid=seven"],
        &["nid", "seven"],
    );
}

#[test]
fn set_with_a_selection_that_matches_no_node_fails() {
    // A forgotten EXPR makes the first assignment the selection: that must not pass
    // silently (rm fails the same way when nothing matches).
    let inv = three_nodes();
    refused(
        &inv,
        &["inventory", "set", "role=Storage", "labels.rack=r7"],
        &["role=Storage"],
    );
}

// ---------------------------------------------------------------------------------------
// rm
// ---------------------------------------------------------------------------------------

#[test]
fn rm_removes_node_files() {
    let inv = three_nodes();
    let before = inv.snapshot();
    let out = ok(&inv, &["inventory", "rm", "c", "--dry-run"]);
    assert!(out.contains("--- a/nodes/c.yaml\n+++ /dev/null\n"), "{out}");
    assert!(out.contains("-name: c\n"), "{out}");
    assert_unchanged(&before, &inv.snapshot());

    ok(&inv, &["inventory", "rm", "c"]);
    assert_eq!(changed(&before, &inv.snapshot()), vec!["nodes/c.yaml"]);
    assert!(!inv.exists("nodes/c.yaml"));
    assert_eq!(ok(&inv, &["inventory", "list", "-o", "names"]), "a\nb\n");
    assert_no_tmp(&inv);
}

#[test]
fn rm_from_a_list_file_rewrites_it() {
    let inv = TestInventory::new();
    let rack = format!(
        "# rack 1\n{}{}{}",
        list_item(&node_yaml("x", 2)),
        list_item(&node_yaml("y", 3)),
        list_item(&node_yaml("z", 4))
    );
    inv.write("nodes/rack.yaml", &rack);
    ok(&inv, &["inventory", "rm", "y"]);
    let text = inv.read("nodes/rack.yaml");
    assert!(text.starts_with("# rack 1\n"), "{text}");
    let list = record(&inv, "nodes/rack.yaml");
    let names: Vec<&Value> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| &n["name"])
        .collect();
    assert_eq!(names, vec!["x", "z"]);
    assert_eq!(list[1]["interfaces"][0]["ip"], "10.0.0.4");
    assert_lints_clean(&inv);
}

#[test]
fn rm_of_a_referenced_bmc_needs_force() {
    let inv = three_nodes();
    refused(
        &inv,
        &["inventory", "rm", "--kind", "bmc", "a-bmc"],
        &["bmc `a-bmc` is used by node a (`bmc`)", "--force"],
    );
    assert!(inv.exists("bmcs/a-bmc.yaml"));
    // An unreferenced BMC goes without fuss.
    ok(&inv, &["inventory", "rm", "--kind", "bmc", "c-bmc"]);
    assert!(!inv.exists("bmcs/c-bmc.yaml"));
    ok(
        &inv,
        &["inventory", "rm", "--kind", "bmc", "a-bmc", "--force"],
    );
    assert!(!inv.exists("bmcs/a-bmc.yaml"));
}

// ---------------------------------------------------------------------------------------
// list and show
// ---------------------------------------------------------------------------------------

#[test]
fn list_names_json_and_table() {
    let inv = three_nodes();
    assert_eq!(ok(&inv, &["inventory", "list", "-o", "names"]), "a\nb\nc\n");
    let v = json_of(&ok(&inv, &["inventory", "list", "-o", "json"]));
    let arr = v.as_array().expect("a JSON array");
    assert_eq!(arr.len(), 3);
    assert_eq!(arr[0]["name"], "a");
    assert_eq!(arr[0]["bmc"], "a-bmc");
    assert_eq!(arr[0]["interfaces"][0]["ip"], "10.0.0.2");
    assert_eq!(arr[1]["role"], "Service");
    let table = ok(&inv, &["inventory", "list"]);
    let rows = lines(&table);
    assert!(
        rows[0].contains("NAME") && rows[0].contains("ROLE"),
        "{table}"
    );
    let b_row = rows
        .iter()
        .find(|r| r.contains("10.0.0.3"))
        .expect("row of b");
    assert!(b_row.contains("Service"), "{table}");
}

#[test]
fn list_selects_by_group_and_attribute() {
    let inv = three_nodes();
    let names = |sel: &str| ok(&inv, &["inventory", "list", "--select", sel, "-o", "names"]);
    assert_eq!(names("@compute"), "a\nc\n");
    assert_eq!(names("role=Compute"), "a\nc\n");
    assert_eq!(names("role=Service"), "b\n");
    assert_eq!(names("b"), "b\n");
    assert_eq!(ok(&inv, &["inventory", "list", "c", "-o", "names"]), "c\n");
}

#[test]
fn list_other_kinds() {
    let inv = three_nodes();
    assert_eq!(
        ok(&inv, &["inventory", "list", "--kind", "bmc", "-o", "names"]),
        "a-bmc\nc-bmc\n"
    );
    let mut nets = lines(&ok(
        &inv,
        &["inventory", "list", "--kind", "network", "-o", "names"],
    ))
    .into_iter()
    .map(str::to_string)
    .collect::<Vec<_>>();
    nets.sort();
    assert_eq!(nets, vec!["bmc", "mgmt"]);
    let v = json_of(&ok(
        &inv,
        &["inventory", "list", "--kind", "network", "-o", "json"],
    ));
    let mgmt = v
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "mgmt")
        .expect("mgmt");
    assert_eq!(mgmt["cidr"], "10.0.0.0/24");
    assert_eq!(
        ok(
            &inv,
            &["inventory", "list", "--kind", "group", "-o", "names"]
        ),
        "compute\n"
    );
}

#[test]
fn list_of_an_unknown_node_fails_naming_it() {
    let inv = three_nodes();
    refused(&inv, &["inventory", "list", "--select", "zz9"], &["zz9"]);
    refused(
        &inv,
        &["inventory", "list", "--select", "@nosuchgroup"],
        &["nosuchgroup"],
    );
}

#[test]
fn show_prints_the_record() {
    let inv = three_nodes();
    let a: Value = serde_yaml::from_str(&ok(&inv, &["inventory", "show", "a"])).unwrap();
    assert_eq!(a["name"], "a");
    assert_eq!(a["nid"], 2);
    assert_eq!(a["bmc"], "a-bmc");
    assert_eq!(a["interfaces"][0]["mac"], "02:00:00:00:00:02");
    let bmc = json_of(&ok(&inv, &["inventory", "show", "a-bmc", "-o", "json"]));
    assert_eq!(
        bmc,
        json!({"name": "a-bmc", "ip": "10.1.0.2", "network": "bmc"})
    );
    let net = json_of(&ok(
        &inv,
        &[
            "inventory",
            "show",
            "mgmt",
            "--kind",
            "network",
            "-o",
            "json",
        ],
    ));
    assert_eq!(net["gateway"], "10.0.0.1");
    refused(&inv, &["inventory", "show", "nosuch"], &["nosuch"]);
}

#[test]
fn show_resolved_says_where_each_value_comes_from() {
    let inv = TestInventory::new();
    inv.write(
        "nodes/a.yaml",
        &format!("{}labels:\n  site: own\n", node_yaml("a", 2)),
    )
    .write(
        "groups/g.yaml",
        "name: g\nmembers: a\nlabels:\n  rack: r1\n  site: from-group\nvars:\n  ntp: 10.0.0.1\n",
    )
    // zeta sorts after alpha, but alpha's higher priority layers it later: alpha wins.
    .write(
        "groups/alpha.yaml",
        "name: alpha\npriority: 10\nmembers: a\nlabels:\n  tier: high\n",
    )
    .write(
        "groups/zeta.yaml",
        "name: zeta\nmembers: a\nlabels:\n  tier: low\n",
    );
    let r = json_of(&ok(
        &inv,
        &["inventory", "show", "a", "--resolved", "-o", "json"],
    ));
    assert_eq!(r["name"], "a");
    assert_eq!(
        r["role"],
        json!({"value": "Compute", "source": {"layer": "cluster"}})
    );
    assert_eq!(
        r["labels"]["rack"],
        json!({"value": "r1", "source": {"layer": "group", "name": "g"}})
    );
    assert_eq!(
        r["labels"]["site"],
        json!({"value": "own", "source": {"layer": "node"}})
    );
    assert_eq!(
        r["labels"]["tier"],
        json!({"value": "high", "source": {"layer": "group", "name": "alpha"}})
    );
    assert_eq!(
        r["vars"]["ntp"],
        json!({"value": "10.0.0.1", "source": {"layer": "group", "name": "g"}})
    );
    assert_eq!(r["groups"], json!(["g", "zeta", "alpha"]));
    assert_eq!(r["boot_profile"]["value"], "diskless");
    assert_eq!(r["boot_profile"]["source"], json!({"layer": "cluster"}));
    assert_eq!(
        r["kernel"],
        json!({"value": "images/vmlinuz", "source": {"layer": "profile", "name": "diskless"}})
    );

    let table = ok(&inv, &["inventory", "show", "a", "--resolved"]);
    let tier = lines(&table)
        .into_iter()
        .find(|l| l.contains("labels.tier"))
        .unwrap_or_else(|| panic!("no labels.tier row:\n{table}"));
    assert!(
        tier.contains("high") && tier.contains("group alpha"),
        "{table}"
    );
}

// ---------------------------------------------------------------------------------------
// export and import
// ---------------------------------------------------------------------------------------

#[test]
fn export_then_import_reproduces_the_inventory() {
    let src = three_nodes();
    src.write(
        "groups/compute.yaml",
        "name: compute\nmembers: a,c\ntenant: physics\nlabels:\n  partition: batch\nvars:\n  slots: [1, 2]\n",
    )
    .write("tenants/physics.yaml", "name: physics\nowners:\n- '@org/physics'\n")
    .write(
        "pdus/pdu0.yaml",
        "name: pdu0\nip: 10.1.0.50\nport: 8443\ncredentials: pdus\nvendor: Raritan\noutlets:\n  A1: a\n  A2: c\n  A3: null\nlabels:\n  rack: r1\n",
    );
    let jsonl = ok(&src, &["inventory", "export", "-o", "jsonl"]);
    let kinds: Vec<String> = jsonl
        .lines()
        .map(|l| json_of(l)["kind"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(kinds.len(), 8, "{jsonl}");
    for k in ["node", "bmc", "group", "tenant", "pdu"] {
        assert!(kinds.iter().any(|x| x == k), "no {k} line in\n{jsonl}");
    }

    let dst = TestInventory::new();
    let out = dst.chami_stdin(&["inventory", "import"], &jsonl);
    assert_code(&out, 0);
    let want = json_of(&ok(&src, &["inventory", "export", "-o", "json"]));
    let got = json_of(&ok(&dst, &["inventory", "export", "-o", "json"]));
    assert_eq!(got, want);
    assert_eq!(got["nodes"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        got["pdus"][0]["outlets"],
        serde_json::json!({"A1": "a", "A2": "c", "A3": null})
    );
    assert_eq!(dst.read("pdus/pdu0.yaml"), src.read("pdus/pdu0.yaml"));
    assert_lints_clean(&dst);
}

#[test]
fn import_of_existing_names_fails_skips_or_replaces() {
    let inv = three_nodes();
    let a99 = r#"{"kind":"node","name":"a","nid":99,"bmc":"a-bmc","interfaces":[{"name":"eth0","mac":"02:00:00:00:00:02","network":"mgmt","ip":"10.0.0.2","boot":true}]}"#;
    let d = r#"{"kind":"node","name":"d","nid":5,"interfaces":[{"name":"eth0","mac":"02:00:00:00:00:05","network":"mgmt","ip":"10.0.0.5","boot":true}]}"#;
    let input = format!("{a99}\n{d}\n");

    let before = inv.snapshot();
    let out = inv.chami_stdin(&["inventory", "import"], &input);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("node a") && err.contains("--on-conflict"),
        "{err}"
    );
    assert_unchanged(&before, &inv.snapshot());
    assert_no_tmp(&inv);

    let out = inv.chami_stdin(&["inventory", "import", "--on-conflict", "skip"], &input);
    assert_code(&out, 0);
    assert_eq!(changed(&before, &inv.snapshot()), vec!["nodes/d.yaml"]);
    assert_eq!(record(&inv, "nodes/a.yaml")["nid"], 2);
    assert_eq!(record(&inv, "nodes/d.yaml")["nid"], 5);

    let before = inv.snapshot();
    let out = inv.chami_stdin(&["inventory", "import", "--on-conflict", "replace"], &input);
    assert_code(&out, 0);
    assert_eq!(changed(&before, &inv.snapshot()), vec!["nodes/a.yaml"]);
    assert_eq!(record(&inv, "nodes/a.yaml")["nid"], 99);
    assert_lints_clean(&inv);
}

#[test]
fn import_never_writes_outside_the_record_folders() {
    let inv = three_nodes();
    let cluster = inv.read("cluster.yaml");
    // Even when forced past the lint errors of a bad name.
    let _ = inv.chami_stdin(
        &["inventory", "import", "--force"],
        "{\"kind\":\"node\",\"name\":\"../cluster\",\"nid\":7}\n",
    );
    let now = inv.read("cluster.yaml");
    assert!(now == cluster, "import overwrote cluster.yaml with:\n{now}");
    ok(&inv, &["inventory", "list"]);
}

#[test]
fn import_an_openchami_static_payload() {
    let inv = TestInventory::new();
    inv.write("groups/compute.yaml", "name: compute\n");
    let payload = "\
nodes:
- name: node01
  nid: 1
  xname: x1000c1s7b0n0
  bmc_mac: de:ca:fc:0f:ee:ee
  bmc_ip: 10.1.0.101
  group: compute
  interfaces:
  - mac_addr: de:ad:be:ee:ee:f1
    ip_addrs:
    - name: mgmt
      ip_addr: 10.0.0.101
- name: node02
  nid: 2
  xname: x1000c1s7b1n0
  bmc_mac: de:ca:fc:0f:ee:ef
  bmc_ip: 10.1.0.102
  group: compute
  interfaces:
  - mac_addr: de:ad:be:ee:ee:f2
    ip_addrs:
    - name: mgmt
      ip_addr: 10.0.0.102
";
    let out = inv.chami_stdin(&["inventory", "import"], payload);
    assert_code(&out, 0);
    assert_eq!(
        yaml_files(&inv, "nodes"),
        vec!["nodes/node01.yaml", "nodes/node02.yaml"]
    );
    assert_eq!(
        yaml_files(&inv, "bmcs"),
        vec!["bmcs/x1000c1s7b0.yaml", "bmcs/x1000c1s7b1.yaml"]
    );
    let n = record(&inv, "nodes/node01.yaml");
    assert_eq!(n["nid"], 1);
    assert_eq!(n["xname"], "x1000c1s7b0n0");
    assert_eq!(n["groups"], json!(["compute"]));
    assert_eq!(n["bmc"], "x1000c1s7b0");
    assert_eq!(
        n["interfaces"][0],
        json!({"name": "eth0", "mac": "de:ad:be:ee:ee:f1", "network": "mgmt", "ip": "10.0.0.101", "boot": true})
    );
    let b = record(&inv, "bmcs/x1000c1s7b0.yaml");
    assert_eq!(b["xname"], "x1000c1s7b0");
    assert_eq!(b["ip"], "10.1.0.101");
    assert_eq!(b["mac"], "de:ca:fc:0f:ee:ee");
    assert_eq!(b["network"], "bmc");
    assert_lints_clean(&inv);
}

#[test]
fn import_of_a_bad_json_line_names_the_line() {
    let inv = three_nodes();
    let input = "{\"kind\":\"group\",\"name\":\"gpu\"}\n{\"kind\":\"node\",\"name\":\"d\",\"colour\":\"red\"}\n";
    let before = inv.snapshot();
    let out = inv.chami_stdin(&["inventory", "import"], input);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("line 2") && err.contains("colour"), "{err}");
    assert_unchanged(&before, &inv.snapshot());
}

// ---------------------------------------------------------------------------------------
// fmt
// ---------------------------------------------------------------------------------------

#[test]
fn fmt_check_lists_and_fmt_fixes_field_order() {
    let inv = TestInventory::new();
    let canonical = node_yaml("a", 2);
    let swapped = canonical.replacen("name: a\nnid: 2\n", "nid: 2\nname: a\n", 1);
    assert_ne!(swapped, canonical);
    inv.write("nodes/a.yaml", &format!("# rack 7\n\n{swapped}"))
        .write("nodes/b.yaml", &node_yaml("b", 3));

    let before = inv.snapshot();
    let out = inv.chami(&["inventory", "fmt", "--check"]);
    assert_code(&out, 1);
    assert_eq!(stdout(&out), "nodes/a.yaml\n");
    assert_unchanged(&before, &inv.snapshot());

    ok(&inv, &["inventory", "fmt"]);
    assert_eq!(changed(&before, &inv.snapshot()), vec!["nodes/a.yaml"]);
    assert_eq!(inv.read("nodes/a.yaml"), format!("# rack 7\n\n{canonical}"));
    let out = inv.chami(&["inventory", "fmt", "--check"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "");
    assert_no_tmp(&inv);
}

#[test]
fn fmt_leaves_a_file_with_comments_inside_a_record() {
    let inv = TestInventory::new();
    let b =
        node_yaml("b", 3).replacen("name: b\nnid: 3\n", "nid: 3\nname: b # the login node\n", 1);
    let a = node_yaml("a", 2).replacen("name: a\nnid: 2\n", "nid: 2\nname: a\n", 1);
    inv.write("nodes/b.yaml", &b).write("nodes/a.yaml", &a);
    let out = inv.chami(&["inventory", "fmt"]);
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("nodes/b.yaml") && err.contains("not reformatted"),
        "{err}"
    );
    assert_eq!(
        inv.read("nodes/b.yaml"),
        b,
        "a commented file was rewritten"
    );
    assert_eq!(inv.read("nodes/a.yaml"), node_yaml("a", 2));
}

// ---------------------------------------------------------------------------------------
// Atomicity and failures
// ---------------------------------------------------------------------------------------

#[test]
fn failing_commands_leave_every_file_as_it_was() {
    let inv = three_nodes();
    let a = format!("# keep me\n{}", inv.read("nodes/a.yaml"));
    inv.write("nodes/a.yaml", &a);
    // Each of these fails after loading the inventory; none may leave a trace.
    refused(
        &inv,
        &[
            "inventory",
            "add",
            "d[1-2]",
            "--ip",
            "10.0.0.3+",
            "--mac",
            "02:00:00:00:0d:01+",
        ],
        &["error[duplicate-ip]"],
    );
    refused(
        &inv,
        &["inventory", "set", "a,b", "nid=9"],
        &["error[duplicate-nid]"],
    );
    refused(
        &inv,
        &["inventory", "rm", "--kind", "group", "nosuchgroup"],
        &["nosuchgroup"],
    );
    refused(
        &inv,
        &["inventory", "set", "a", "interfaces.eth0.mac=zz"],
        &["zz"],
    );
    assert_eq!(inv.read("nodes/a.yaml"), a);
}

#[test]
fn a_broken_inventory_stops_commands_naming_file_and_line() {
    let inv = three_nodes();
    inv.write("nodes/d.yaml", "name: d\nnid: 5\nrol: Compute\n");
    // A read answers with the rest and exits 1 (see reads_answer_with_what_loads…).
    let list = inv.chami(&["inventory", "list", "-o", "names"]);
    assert_code(&list, 1);
    assert!(
        stderr(&list).contains("nodes/d.yaml:3"),
        "{}",
        stderr(&list)
    );
    assert!(
        stderr(&list).contains("unknown field `rol`"),
        "{}",
        stderr(&list)
    );
    for args in [
        &["inventory", "set", "a", "role=Service"][..],
        &[
            "inventory",
            "add",
            "e",
            "--ip",
            "10.0.0.9",
            "--mac",
            "02:00:00:00:00:09",
        ][..],
    ] {
        refused(&inv, args, &["nodes/d.yaml:3", "unknown field `rol`"]);
    }
}

#[test]
fn unknown_image_and_bad_format_are_usage_errors() {
    let inv = TestInventory::new();
    let out = inv.chami(&["image", "build", "recipe"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("create images/recipe.yaml"),
        "{}",
        stderr(&out)
    );
    let out = inv.chami(&["inventory", "list", "-o", "nosuchformat"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("nosuchformat"), "{}", stderr(&out));
}

#[test]
fn a_closed_stdout_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let inv = TestInventory::new();
    let blob = "x".repeat(500);
    let mut all = String::new();
    for i in 0..300 {
        all.push_str(&list_item(&format!(
            "name: n{i:03}\nvars:\n  motd: {blob}\n"
        )));
    }
    inv.write("nodes/all.yaml", &all);
    let args = ["inventory", "list", "-o", "json"];
    // Far more than a pipe buffer (64 KiB), so chami is still writing when the pipe closes.
    let full = ok(&inv, &args);
    assert!(full.len() > 150_000, "only {} bytes", full.len());

    let mut child = chami()
        .arg("-C")
        .arg(inv.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chami");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "[\n");
    // The reader (and with it the pipe) is dropped here.
    let out: Output = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "status {:?}, stderr:\n{err}",
        out.status
    );
    assert!(!err.to_lowercase().contains("broken pipe"), "{err}");
    assert!(!err.contains("error"), "{err}");
}

// ---------------------------------------------------------------------------------------
// reads survive a broken file
// ---------------------------------------------------------------------------------------

/// A tab in one node file: the reads answer with the rest, name the file, exit 1; the
/// generators still refuse.
#[test]
fn reads_answer_with_what_loads_and_generators_refuse() {
    let inv = three_nodes();
    inv.write("nodes/c.yaml", "name: c\n\tnid: 4\n");
    let list = inv.chami(&["inventory", "list", "-o", "names"]);
    assert_code(&list, 1);
    assert_eq!(lines(&stdout(&list)), ["a", "b"]);
    let err = stderr(&list);
    assert!(err.contains("nodes/c.yaml:2"), "{err}");
    assert!(err.contains("1 file(s) of"), "{err}");
    let count = inv.chami(&["hostlist", "-c", "@compute"]);
    assert_code(&count, 1);
    assert_eq!(stdout(&count).trim(), "1", "a only: c did not load");
    let show = inv.chami(&["inventory", "show", "b", "-o", "json"]);
    assert_code(&show, 1);
    assert_eq!(json_of(&stdout(&show))["name"], "b");
    let export = inv.chami(&["inventory", "export", "-o", "jsonl"]);
    assert_code(&export, 1);
    assert!(stdout(&export).contains("\"a\""), "{}", stdout(&export));
    let ansible = inv.chami(&["ansible-inventory", "--list"]);
    assert_code(&ansible, 1);
    assert!(json_of(&stdout(&ansible))["_meta"]["hostvars"]["b"].is_object());
    // A node that is not there is still an error of its own.
    let missing = inv.chami(&["inventory", "show", "c"]);
    assert_code(&missing, 2);
    // Generators and build refuse to write from half an inventory.
    let render = inv.chami(&["render", "hosts"]);
    assert_code(&render, 2);
    assert!(stdout(&render).is_empty());
    // A broken cluster.yaml stops the reads too: nothing to answer with.
    inv.write("nodes/c.yaml", &node_yaml("c", 4))
        .write("cluster.yaml", "format: 1\n\tname: x\n");
    let list = inv.chami(&["inventory", "list"]);
    assert_code(&list, 2);
    assert!(
        stderr(&list).contains("cluster.yaml:2"),
        "{}",
        stderr(&list)
    );
}

// ---------------------------------------------------------------------------------------
// edits: counters, BMCs of removed nodes, one error for an unknown group, dry-run diffs
// ---------------------------------------------------------------------------------------

#[test]
fn set_counts_up_per_node_in_selection_order() {
    let inv = three_nodes();
    let out = ok(
        &inv,
        &["inventory", "set", "a,c", "ip=10.0.0.100+", "nid=20+"],
    );
    assert!(out.is_empty(), "stdout is data: {out}");
    assert_eq!(
        record(&inv, "nodes/a.yaml")["interfaces"][0]["ip"],
        "10.0.0.100"
    );
    assert_eq!(
        record(&inv, "nodes/c.yaml")["interfaces"][0]["ip"],
        "10.0.0.101"
    );
    assert_eq!(record(&inv, "nodes/a.yaml")["nid"], 20);
    assert_eq!(record(&inv, "nodes/c.yaml")["nid"], 21);
    let diff = ok(
        &inv,
        &[
            "inventory",
            "set",
            "b",
            "interfaces.eth0.mac=02:00:00:00:0a:ff+",
            "--dry-run",
        ],
    );
    assert!(
        diff.contains("--- a/nodes/b.yaml\n+++ b/nodes/b.yaml\n"),
        "{diff}"
    );
    assert!(diff.contains("+  mac: 02:00:00:00:0a:ff\n"), "{diff}");
    refused(
        &inv,
        &["inventory", "set", "a,c", "ip=255.255.255.255+"],
        &["runs out of addresses after 1 nodes"],
    );
}

#[test]
fn rm_of_a_node_says_what_becomes_of_its_bmc() {
    let inv = three_nodes();
    ok(&inv, &["inventory", "set", "c", "bmc=c-bmc"]);
    let out = inv.chami(&["inventory", "rm", "a"]);
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("the BMC record(s) of the removed node(s) stay: a-bmc")
            && err.contains("--with-bmc"),
        "{err}"
    );
    assert!(inv.exists("bmcs/a-bmc.yaml"));
    ok(&inv, &["inventory", "rm", "c", "--with-bmc"]);
    assert!(!inv.exists("bmcs/c-bmc.yaml") && !inv.exists("nodes/c.yaml"));
    refused(
        &inv,
        &[
            "inventory",
            "rm",
            "compute",
            "--kind",
            "group",
            "--with-bmc",
        ],
        &["--with-bmc applies to nodes only"],
    );
}

#[test]
fn add_with_an_unknown_group_is_one_error_naming_the_groups() {
    let inv = three_nodes();
    let before = inv.snapshot();
    let err = refused(
        &inv,
        &[
            "inventory",
            "add",
            "n[10-73]",
            "--ip",
            "10.0.0.100+",
            "--group",
            "gpu",
        ],
        &["--group `gpu`: there is no group `gpu` in the inventory (there are: compute)"],
    );
    assert_eq!(
        err.matches("gpu").count(),
        2,
        "one error, not one per node: {err}"
    );
    assert_unchanged(&before, &inv.snapshot());
}
