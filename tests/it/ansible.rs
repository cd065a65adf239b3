//! Ansible: `chami ansible-inventory` and `chami-ansible-inventory` checked by the real
//! ansible-inventory.

use crate::harness::{
    ansible_command, ansible_inventory_program, assert_code, chami, node_yaml, run, stderr, stdout,
    TestInventory,
};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/small");
const SCRIPT: &str = env!("CARGO_BIN_EXE_chami-ansible-inventory");

fn chami_on(dir: &Path, args: &[&str]) -> Output {
    run(chami().arg("-C").arg(dir).args(args))
}

fn json_of(out: &Output) -> Value {
    assert_code(out, 0);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(out)))
}

/// `chami-ansible-inventory ARGS` with `CHAMI_INVENTORY` set to `dir` (or unset).
fn script(dir: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(SCRIPT);
    cmd.env_remove("CHAMI_INVENTORY")
        .env("CHAMI_CACHE", "off")
        .env("NO_COLOR", "1")
        .args(args);
    if let Some(d) = dir {
        cmd.env("CHAMI_INVENTORY", d);
    }
    run(&mut cmd)
}

/// Group name → hosts, from a `--list` document (chami's or ansible-inventory's); groups
/// without a `hosts` list count as empty.
fn groups(doc: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let children: Vec<String> = doc["all"]["children"]
        .as_array()
        .expect("all.children")
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    children
        .into_iter()
        .map(|g| {
            let hosts = doc[&g]["hosts"]
                .as_array()
                .map(|a| a.iter().map(|h| h.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            (g, hosts)
        })
        .collect()
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn nids(range: std::ops::RangeInclusive<u32>) -> BTreeSet<String> {
    range.map(|i| format!("nid{i:02}")).collect()
}

/// A temporary inventory: a group and a tenant whose names Ansible would reject, a role
/// with a space, a disabled node, a node in no group, and node vars over group vars.
fn odd_names() -> TestInventory {
    let inv = TestInventory::new();
    inv.write(
        "nodes/n1.yaml",
        &format!(
            "{}role: Login Node\nlabels: {{rack: r1}}\nvars: {{level: node}}\n",
            node_yaml("n1", 11)
        ),
    )
    .write(
        "nodes/n2.yaml",
        &format!("{}labels: {{rack: r1}}\n", node_yaml("n2", 12)),
    )
    .write(
        "nodes/n3.yaml",
        &format!("{}enabled: false\nlabels: {{rack: r1}}\n", node_yaml("n3", 13)),
    )
    .write("nodes/lone.yaml", &node_yaml("lone", 14))
    .write(
        "groups/rack.yaml",
        "name: rack-1.a\nselector: labels.rack=r1\ntenant: hpc-chem\nvars: {level: group, site: x}\n",
    )
    .write("tenants/chem.yaml", "name: hpc-chem\n");
    // `lone` has no group and the cluster default role: take the default away.
    let cluster = inv
        .read("cluster.yaml")
        .replace("defaults:\n  role: Compute\n", "defaults:\n");
    inv.write("cluster.yaml", &cluster);
    // n2 has the default role no more: give it one.
    inv.write(
        "nodes/n2.yaml",
        &format!(
            "{}role: Compute\nlabels: {{rack: r1}}\n",
            node_yaml("n2", 12)
        ),
    );
    inv
}

#[test]
fn list_of_the_example_cluster() {
    let doc = json_of(&chami_on(
        Path::new(SMALL),
        &["ansible-inventory", "--list"],
    ));
    let g = groups(&doc);
    assert_eq!(
        g.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "compute",
            "gpu",
            "role_compute",
            "role_management",
            "role_service",
            "service",
            "tenant_physics",
            "ungrouped"
        ]
    );
    // gpu selects labels.rack=r2 (nid09-nid16), and physics owns gpu.
    assert_eq!(g["gpu"], nids(9..=16));
    assert_eq!(g["tenant_physics"], nids(9..=16));
    assert_eq!(g["compute"], nids(1..=16));
    assert_eq!(g["role_compute"], nids(1..=16));
    assert_eq!(g["service"], names(&["admin01", "login01"]));
    assert_eq!(g["role_service"], names(&["login01"]));
    assert!(g["ungrouped"].is_empty());
    let hv = &doc["_meta"]["hostvars"];
    assert_eq!(hv.as_object().unwrap().len(), 18);
    assert_eq!(
        hv["nid09"],
        json!({
            "ansible_host": "10.0.0.19",
            "chami_arch": "x86_64",
            "chami_bmc": "nid09-bmc",
            "chami_bmc_ip": "10.1.0.19",
            "chami_groups": ["compute", "gpu"],
            "chami_labels": {"partition": "batch", "rack": "r2"},
            "chami_nid": 9,
            "chami_role": "Compute",
            "chami_tenant": "physics",
            "chami_xname": "x1000c0s4b0n0",
            "gpus": 4,
            "slurm_gres": "gpu:4",
            "slurm_partition": "batch"
        })
    );
    assert!(hv["nid01"].get("chami_tenant").is_none());
    assert!(hv["nid01"].get("slurm_gres").is_none());
    assert_eq!(hv["login01"]["chami_subrole"], "Login");
    assert_eq!(hv["login01"]["ansible_host"], "10.0.0.5");
}

#[test]
fn list_is_the_same_bytes_every_time() {
    let a = chami_on(Path::new(SMALL), &["ansible-inventory", "--list"]);
    let b = chami_on(Path::new(SMALL), &["ansible-inventory", "--list"]);
    assert_code(&a, 0);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn host_prints_the_hosts_vars_and_an_unknown_host_is_empty_with_a_warning() {
    let dir = Path::new(SMALL);
    let list = json_of(&chami_on(dir, &["ansible-inventory", "--list"]));
    let one = json_of(&chami_on(dir, &["ansible-inventory", "--host", "nid09"]));
    assert_eq!(one, list["_meta"]["hostvars"]["nid09"]);
    let out = chami_on(dir, &["ansible-inventory", "--host", "nid99"]);
    assert_eq!(json_of(&out), json!({}));
    assert!(
        stderr(&out).contains("no node named `nid99`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn needs_list_or_host() {
    let out = chami_on(Path::new(SMALL), &["ansible-inventory"]);
    assert_code(&out, 2);
    let out = chami_on(
        Path::new(SMALL),
        &["ansible-inventory", "--list", "--host", "nid01"],
    );
    assert_code(&out, 2);
}

#[test]
fn names_are_made_safe_and_disabled_nodes_left_out() {
    let inv = odd_names();
    let doc = json_of(&inv.chami(&["ansible-inventory", "--list"]));
    let g = groups(&doc);
    assert_eq!(
        g.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "rack_1_a",
            "role_compute",
            "role_login_node",
            "tenant_hpc_chem",
            "ungrouped"
        ]
    );
    assert_eq!(g["rack_1_a"], names(&["n1", "n2"]), "n3 is disabled");
    assert_eq!(g["tenant_hpc_chem"], names(&["n1", "n2"]));
    assert_eq!(g["role_login_node"], names(&["n1"]));
    assert_eq!(g["role_compute"], names(&["n2"]), "n3 is disabled");
    assert_eq!(g["ungrouped"], names(&["lone"]));
    let hv = &doc["_meta"]["hostvars"];
    assert!(hv.get("n3").is_none());
    assert_eq!(hv["n1"]["level"], "node", "node vars beat group vars");
    assert_eq!(hv["n2"]["level"], "group");
    assert_eq!(hv["n2"]["site"], "x");
    assert_eq!(hv["n1"]["chami_groups"], json!(["rack-1.a"]));
    assert_eq!(hv["n1"]["chami_role"], "Login Node");
    assert_eq!(hv["n1"]["chami_tenant"], "hpc-chem");
    assert_eq!(
        hv["lone"],
        json!({"ansible_host": "10.0.0.14", "chami_groups": [], "chami_labels": {}, "chami_nid": 14})
    );

    let out = inv.chami(&["ansible-inventory", "--host", "n3"]);
    assert_eq!(json_of(&out), json!({}));
    assert!(stderr(&out).contains("disabled"), "{}", stderr(&out));
}

#[test]
fn names_that_become_one_ansible_group_are_an_error() {
    let inv = TestInventory::new();
    inv.write("nodes/n1.yaml", &node_yaml("n1", 11))
        .write("groups/a.yaml", "name: a-b\nmembers: n1\n")
        .write("groups/b.yaml", "name: a.b\nmembers: n1\n");
    let out = inv.chami(&["ansible-inventory", "--list"]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains(
            "chami group `a-b` and chami group `a.b` would both be the Ansible group `a_b`"
        ),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn script_reads_the_inventory_from_chami_inventory() {
    let dir = Path::new(SMALL);
    let cmd = chami_on(dir, &["ansible-inventory", "--list"]);
    let out = script(Some(dir), &["--list"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        stdout(&cmd),
        "the script and the command agree"
    );
    let host = script(Some(dir), &["--host", "nid09"]);
    assert_eq!(json_of(&host)["slurm_gres"], "gpu:4");
    let host = script(Some(dir), &["--host=nid10"]);
    assert_eq!(json_of(&host)["chami_nid"], 10);
    let unknown = script(Some(dir), &["--host", "nope"]);
    assert_eq!(json_of(&unknown), json!({}));
    assert!(stderr(&unknown).contains("warning: no node named `nope`"));
}

#[test]
fn script_without_chami_inventory_exits_2() {
    for dir in [None, Some(Path::new(""))] {
        let out = script(dir, &["--list"]);
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("error: CHAMI_INVENTORY is not set"),
            "{}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
    let not_inv = tempfile::tempdir().unwrap();
    let out = script(Some(not_inv.path()), &["--list"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("no cluster.yaml"), "{}", stderr(&out));
}

#[test]
fn script_refuses_other_arguments() {
    for args in [&[][..], &["--list", "--host", "a"][..], &["-C", "x"][..]] {
        let out = script(Some(Path::new(SMALL)), args);
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("usage: chami-ansible-inventory"),
            "{}",
            stderr(&out)
        );
    }
    let out = script(None, &["--help"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("CHAMI_INVENTORY"));
}

/// `ansible-inventory -i chami-ansible-inventory ARGS` over `dir`; checks that Ansible
/// printed no warning (an invalid group name, a malformed group, a failed parse).
fn real_ansible(program: &Path, dir: &Path, args: &[&str]) -> Output {
    let out = run(ansible_command(program)
        .env("CHAMI_INVENTORY", dir)
        .arg("-i")
        .arg(SCRIPT)
        .args(args));
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        !err.contains("WARNING") && !err.contains("ERROR"),
        "ansible-inventory complained:\n{err}"
    );
    out
}

/// Checks that the real ansible-inventory sees exactly chami's groups, hosts and host
/// variables for the inventory at `dir`, and the same variables for `--host` of each of
/// `hosts`; returns Ansible's `--list` document.
fn ansible_agrees_with_chami(program: &Path, dir: &Path, hosts: &[&str]) -> Value {
    let ours = json_of(&chami_on(dir, &["ansible-inventory", "--list"]));
    let theirs = json_of(&real_ansible(program, dir, &["--list"]));
    let (og, tg) = (groups(&ours), groups(&theirs));
    assert_eq!(
        og.keys().collect::<BTreeSet<_>>(),
        tg.keys().collect::<BTreeSet<_>>(),
        "group names differ"
    );
    assert_eq!(og, tg, "group members differ");
    assert_eq!(
        theirs["_meta"]["hostvars"], ours["_meta"]["hostvars"],
        "host variables differ"
    );
    for &host in hosts {
        let one = json_of(&real_ansible(program, dir, &["--host", host]));
        assert_ne!(one, json!({}), "--host {host}");
        assert_eq!(one, ours["_meta"]["hostvars"][host], "--host {host}");
    }
    theirs
}

#[test]
fn real_ansible_inventory_reads_the_example_cluster() {
    let test = "ansible::real_ansible_inventory_reads_the_example_cluster";
    let Some(program) = ansible_inventory_program(test) else {
        return;
    };
    let dir = Path::new(SMALL);
    let theirs = ansible_agrees_with_chami(&program, dir, &["nid09", "login01"]);
    // What Ansible itself says, not only that it agrees.
    let g = groups(&theirs);
    assert_eq!(g["gpu"], nids(9..=16));
    assert_eq!(g["tenant_physics"], nids(9..=16));
    let nid12 = &theirs["_meta"]["hostvars"]["nid12"];
    assert_eq!(nid12["ansible_host"], "10.0.0.22");
    assert_eq!(nid12["slurm_gres"], "gpu:4");
    assert_eq!(nid12["chami_tenant"], "physics");
    assert_eq!(nid12["chami_labels"]["rack"], "r2");

    let graph = stdout(&real_ansible(&program, dir, &["--graph", "gpu"]));
    let hosts: Vec<&str> = graph
        .lines()
        .filter_map(|l| l.trim().strip_prefix("|--"))
        .collect();
    assert_eq!(
        hosts,
        nids(9..=16).iter().map(String::as_str).collect::<Vec<_>>(),
        "{graph}"
    );
    let graph = stdout(&real_ansible(&program, dir, &["--graph"]));
    for g in ["@compute:", "@gpu:", "@role_service:", "@tenant_physics:"] {
        assert!(graph.contains(g), "{g} not in\n{graph}");
    }
}

#[test]
fn real_ansible_inventory_takes_made_safe_names_and_leaves_disabled_nodes_out() {
    let test =
        "ansible::real_ansible_inventory_takes_made_safe_names_and_leaves_disabled_nodes_out";
    let Some(program) = ansible_inventory_program(test) else {
        return;
    };
    let inv = odd_names();
    let theirs = ansible_agrees_with_chami(&program, inv.path(), &["n1", "lone"]);
    let g = groups(&theirs);
    assert_eq!(g["rack_1_a"], names(&["n1", "n2"]));
    assert_eq!(g["ungrouped"], names(&["lone"]));
    assert!(theirs["_meta"]["hostvars"].get("n3").is_none());
    let graph = stdout(&real_ansible(&program, inv.path(), &["--graph"]));
    assert!(!graph.contains("n3"), "{graph}");
}
