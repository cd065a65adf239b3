//! `chami doctor`: each check fails or warns on what it looks for, says what to do, and
//! passes once that is done; exit 1 only when a check fails.

use crate::harness::{assert_code, node_yaml, stdout, TestInventory, CLUSTER_YAML};
use serde_json::Value;

fn doctor(inv: &TestInventory, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["doctor", "-o", "json"];
    all.extend_from_slice(args);
    let out = inv.chami(&all);
    let v: Vec<Value> =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    (out.status.code().unwrap_or(-1), v)
}

fn find<'a>(checks: &'a [Value], name: &str) -> &'a Value {
    checks
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no check {name}: {checks:?}"))
}

#[test]
fn each_check_says_what_is_wrong_and_passes_once_it_is_fixed() {
    let inv = TestInventory::empty();
    let port = crate::harness::free_port();
    let cluster = CLUSTER_YAML.replace(
        "boot_server:\n  address: 10.0.0.1\n  http_port: 8080",
        &format!("boot_server:\n  address: 127.0.0.1\n  http_port: {port}"),
    );
    assert_ne!(cluster, CLUSTER_YAML, "the boot server moved to loopback");
    inv.write(
        "cluster.yaml",
        &format!(
            "{cluster}outputs:\n- kind: render\n  target: hosts, genders\n  path: out/etc\n- kind: dhcp-export\n  target: dnsmasq\n  path: out/dnsmasq.conf\n"
        ),
    );
    inv.write("nodes/n1.yaml", &node_yaml("n1", 11));
    inv.write("files/images/vmlinuz", "kernel");

    let files_dir = inv.path().join("files");
    let files_arg = files_dir.to_str().unwrap();
    let (code, checks) = doctor(&inv, &["--files", files_arg]);
    assert_eq!(code, 1, "a missing boot file fails: {checks:?}");
    assert_eq!(find(&checks, "inventory")["status"], "ok");
    let files = find(&checks, "boot files");
    assert_eq!(files["status"], "fail");
    let detail = files["detail"].as_str().unwrap();
    assert!(
        detail.contains("3 file(s) referenced by enabled nodes, 2 missing")
            && detail.contains("images/initrd.img (profile diskless)")
            && detail.contains("images/rootfs.squashfs")
            && !detail.contains("images/vmlinuz"),
        "{detail}"
    );
    let outputs = find(&checks, "outputs");
    assert_eq!(outputs["status"], "warn");
    assert!(outputs["fix"].as_str().unwrap().contains("chami build"));
    for program in ["program nodeattr", "program dnsmasq"] {
        assert!(["ok", "warn"].contains(&find(&checks, program)["status"].as_str().unwrap()));
    }
    assert!(
        checks.iter().all(|c| c["check"] != "program powermand"),
        "no powerman output, no powermand check"
    );
    let server = format!("boot server 127.0.0.1:{port}");
    assert_eq!(
        find(&checks, &server)["status"],
        "warn",
        "nothing listens yet"
    );
    assert!(checks.iter().any(|c| c["check"] == "DHCP server (udp/67)"));

    // Fix everything doctor can see from here.
    inv.write("files/images/initrd.img", "initrd");
    inv.write("files/images/rootfs.squashfs", "root");
    assert_code(&inv.chami(&["build"]), 0);
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let (code, checks) = doctor(&inv, &["--files", files_arg]);
    assert_eq!(code, 0, "{checks:?}");
    for name in ["inventory", "outputs", "boot files", server.as_str()] {
        assert_eq!(find(&checks, name)["status"], "ok", "{name}: {checks:?}");
    }
    drop(listener);

    // Without --files the boot files are skipped; a lint error fails the inventory.
    inv.write("nodes/n2.yaml", &node_yaml("n2", 11));
    let (code, checks) = doctor(&inv, &[]);
    assert_eq!(code, 1);
    assert_eq!(find(&checks, "boot files")["status"], "skip");
    let inventory = find(&checks, "inventory");
    assert_eq!(inventory["status"], "fail");
    assert!(
        inventory["detail"].as_str().unwrap().contains("lint error"),
        "{inventory}"
    );

    // A file that cannot be read fails it too, and the table names it.
    inv.write("nodes/n2.yaml", "name: n2\n\tbroken: [");
    let out = inv.chami(&["doctor"]);
    assert_code(&out, 1);
    let table = stdout(&out);
    assert!(
        table.contains("1 unreadable file(s)") && table.contains("n2.yaml"),
        "{table}"
    );
}
