//! Behaviour fixed after review: each test pins one finding (concurrent writers, lint
//! comparisons, selection of partly-declared groups, cache fidelity, names, modes …).

use crate::harness::{assert_code, chami, node_yaml, run, stderr, stdout, TestInventory};

fn with_nodes(n: u8) -> TestInventory {
    let inv = TestInventory::new();
    for i in 1..=n {
        inv.write(
            &format!("nodes/n{i}.yaml"),
            &node_yaml(&format!("n{i}"), 10 + i),
        );
    }
    inv
}

#[test]
fn removing_one_of_three_nodes_sharing_an_ip_is_not_refused() {
    let inv = with_nodes(3);
    for i in [2, 3] {
        let text = inv
            .read(&format!("nodes/n{i}.yaml"))
            .replace(&format!("10.0.0.{}", 10 + i), "10.0.0.11");
        inv.write(&format!("nodes/n{i}.yaml"), &text);
    }
    let out = inv.chami(&["inventory", "rm", "n1"]);
    assert_code(&out, 0);
    assert!(!inv.exists("nodes/n1.yaml"));
}

#[test]
fn a_group_naming_future_nodes_selects_the_existing_ones() {
    let inv = with_nodes(2);
    inv.write("groups/compute.yaml", "name: compute\nmembers: n[1-20]\n");
    let out = inv.chami(&["inventory", "list", "@compute", "-o", "names"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "n1\nn2\n");
    let out = inv.chami(&["inventory", "set", "@compute", "role=Service"]);
    assert_code(&out, 0);
    // Names typed directly must exist.
    let out = inv.chami(&["inventory", "list", "n[1-3]"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("n3"), "{}", stderr(&out));
}

#[test]
fn two_concurrent_writers_both_land() {
    let inv = TestInventory::new();
    let list: String = (1..=200u32)
        .map(|i| format!("- name: b{i}\n  interfaces:\n  - name: eth0\n    mac: 02:00:00:00:{:02x}:{:02x}\n    ip: 10.0.{}.{}\n    boot: true\n", i / 256, i % 256, i / 200, i % 200 + 20))
        .collect();
    inv.write(
        "cluster.yaml",
        &crate::harness::CLUSTER_YAML.replace("10.0.0.0/24", "10.0.0.0/16"),
    );
    inv.write("nodes/rack.yaml", &list);
    let spawn = |args: &[&str]| {
        chami()
            .arg("-C")
            .arg(inv.path())
            .args(args)
            .spawn()
            .unwrap()
    };
    let mut a = spawn(&["-q", "inventory", "set", "b1", "role=A"]);
    let mut b = spawn(&["-q", "inventory", "set", "b200", "role=B"]);
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    let text = inv.read("nodes/rack.yaml");
    assert!(
        text.contains("role: A") && text.contains("role: B"),
        "a change was lost:\n{}",
        &text[..400]
    );
}

#[test]
fn floats_are_the_same_from_the_cache_as_from_the_file() {
    let cache = tempfile::tempdir().unwrap();
    let inv = TestInventory::new();
    inv.write(
        "nodes/f.yaml",
        &format!(
            "{}vars:\n  x: 8.02854915222967e-264\n  y: 3.0318594544552594e-81\n",
            node_yaml("f", 11)
        ),
    );
    let p = inv.path().join("nodes/f.yaml");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    crate::harness::set_mtime(&p, old);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let show = || {
        let out = run(chami()
            .env("CHAMI_CACHE", "on")
            .env("XDG_CACHE_HOME", cache.path())
            .arg("-C")
            .arg(inv.path())
            .args(["inventory", "show", "f", "-o", "json"]));
        assert_code(&out, 0);
        stdout(&out)
    };
    let parsed = show();
    let cached = show();
    assert_eq!(parsed, cached);
    assert!(cached.contains("8.02854915222967e-264"), "{cached}");
}

#[test]
fn set_reaches_interfaces_with_dots_in_their_names() {
    let inv = with_nodes(1);
    let out = inv.chami(&[
        "inventory",
        "set",
        "n1",
        "interfaces.ib0.8001.ip=10.0.0.99",
        "interfaces.ib0.8001.network=mgmt",
    ]);
    assert_code(&out, 0);
    assert!(
        inv.read("nodes/n1.yaml")
            .contains("- name: ib0.8001\n  network: mgmt\n  ip: 10.0.0.99"),
        "{}",
        inv.read("nodes/n1.yaml")
    );
}

#[test]
fn ordinary_settings_and_password_hashes_are_not_secrets() {
    let inv = with_nodes(1);
    inv.write(
        "groups/g.yaml",
        "name: g\nvars:\n  token_ttl: 3600\n  password_min_length: 12\n  secret_name: slurm-munge-key\ncloud_init:\n  user_data:\n    users:\n    - name: ops\n      hashed_passwd: $6$rounds=4096$salt$hash\n",
    );
    let out = inv.chami(&["inventory", "lint"]);
    assert_code(&out, 0);
    assert!(
        !stderr(&out).contains("secret-in-inventory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_lower_layer_override_does_not_leak_into_a_higher_layer_profile() {
    let inv = with_nodes(1);
    let cluster = crate::harness::CLUSTER_YAML
        .replace(
            "  boot:\n    profile: diskless\n",
            "  boot:\n    profile: diskless\n    overrides:\n      params: quiet\n",
        )
        .replace(
            "- name: local\n  kind: local\n",
            "- name: local\n  kind: local\n  params: inst.text\n",
        );
    inv.write("cluster.yaml", &cluster);
    inv.write(
        "groups/svc.yaml",
        "name: svc\nmembers: n1\nboot:\n  profile: local\n",
    );
    let out = inv.chami(&["inventory", "show", "n1", "--resolved", "-o", "json"]);
    assert_code(&out, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["boot_profile"]["value"], "local");
    assert_eq!(v["params"]["value"], "inst.text", "{v}");
}

#[test]
fn new_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let inv = TestInventory::new();
    let out = run(std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" -C \"$1\" -q inventory add n1 --ip 10.0.0.11 --mac 02:00:00:00:00:11")
        .arg(env!("CARGO_BIN_EXE_chami"))
        .arg(inv.path())
        .env("CHAMI_CACHE", "off"));
    assert_code(&out, 0);
    let mode = std::fs::metadata(inv.path().join("nodes/n1.yaml"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn hidden_names_and_files_are_refused() {
    let inv = with_nodes(1);
    let out = inv.chami_stdin(
        &["inventory", "import"],
        "{\"kind\":\"group\",\"name\":\".ops\"}\n",
    );
    assert_code(&out, 2);
    assert!(!inv.exists("groups/.ops.yaml"));
    let out = inv.chami(&[
        "inventory",
        "add",
        "x1",
        "--ip",
        "10.0.0.90",
        "--mac",
        "02:00:00:00:00:90",
        "--file",
        ".staging/r.yaml",
    ]);
    assert_code(&out, 2);
    assert!(!inv.exists("nodes/.staging/r.yaml"));
}

#[test]
fn indented_list_files_point_at_each_record() {
    let inv = TestInventory::new();
    let a = node_yaml("a", 11).replace('\n', "\n    ");
    let b = node_yaml("b", 11)
        .replace("02:00:00:00:00:0b", "02:00:00:00:00:0c")
        .replace('\n', "\n    ");
    inv.write(
        "nodes/r.yaml",
        &format!("  - {}\n  - {}\n", a.trim_end(), b.trim_end()),
    );
    let out = inv.chami(&["inventory", "lint"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    // b starts on line 9 and its ip is on its 7th line.
    assert!(
        err.contains(
            "nodes/r.yaml:15: node b: IP 10.0.0.11 is also used by node a (nodes/r.yaml:7)"
        ),
        "{err}"
    );
}

#[test]
fn a_symlinked_folder_of_nodes_is_loaded_when_it_stays_inside() {
    let inv = with_nodes(1);
    inv.write("shared/r7n1.yaml", &node_yaml("r7n1", 77));
    std::os::unix::fs::symlink("../shared", inv.path().join("nodes/rack7")).unwrap();
    let out = inv.chami(&["inventory", "list", "-o", "names"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "n1\nr7n1\n");
    // Issue 17: a folder outside the inventory is not read, and the link is named.
    let shared = tempfile::tempdir().unwrap();
    std::fs::write(shared.path().join("r8n1.yaml"), node_yaml("r8n1", 78)).unwrap();
    std::os::unix::fs::symlink(shared.path(), inv.path().join("nodes/rack8")).unwrap();
    let out = inv.chami(&["inventory", "list", "-o", "names"]);
    // Listed without it (exit 1: a file could not be read), and the link is named.
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains("nodes/rack8 is a symbolic link that leads outside the inventory folder"),
        "{err}"
    );
    assert_eq!(stdout(&out), "n1\nr7n1\n");
    let render = inv.chami(&["render", "hosts"]);
    assert_code(&render, 2);
}

#[test]
fn an_openchami_interface_with_two_addresses_is_refused_not_truncated() {
    let inv = TestInventory::new();
    let payload = "nodes:\n- name: n1\n  interfaces:\n  - mac_addr: 02:00:00:00:00:01\n    ip_addrs:\n    - name: mgmt\n      ip_addr: 10.0.0.11\n    - name: ib\n      ip_addr: 10.9.0.11\n";
    let out = inv.chami_stdin(&["inventory", "import"], payload);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("2 IP addresses"), "{}", stderr(&out));
    assert!(!inv.exists("nodes/n1.yaml"));
}

#[test]
fn reimporting_discovery_with_merge_keeps_hand_set_fields() {
    let inv = TestInventory::new();
    inv.write("groups/compute.yaml", "name: compute\n");
    inv.write(
        "nodes/n1.yaml",
        "# rack 1, slot 3\nname: n1\nrole: Service\ngroups:\n- compute\nlabels:\n  rack: r1\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:01\n  network: mgmt\n  ip: 10.0.0.11\n  fabric: ethernet\n  boot: true\n",
    );
    let payload = "nodes:\n- name: n1\n  nid: 7\n  interfaces:\n  - mac_addr: 02:00:00:00:00:aa\n    ip_addrs:\n    - name: mgmt\n      ip_addr: 10.0.0.11\n";
    let out = inv.chami_stdin(&["inventory", "import"], payload);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("--on-conflict merge"),
        "{}",
        stderr(&out)
    );
    let out = inv.chami_stdin(&["inventory", "import", "--on-conflict", "merge"], payload);
    assert_code(&out, 0);
    let text = inv.read("nodes/n1.yaml");
    for kept in [
        "# rack 1, slot 3",
        "role: Service",
        "- compute",
        "rack: r1",
        "boot: true",
        "nid: 7",
        "mac: 02:00:00:00:00:aa",
    ] {
        assert!(text.contains(kept), "`{kept}` missing after merge:\n{text}");
    }
}
