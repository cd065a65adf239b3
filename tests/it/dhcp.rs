//! `chami dhcp-export`: stdout by default, `-o FILE` written only on change, `--check`,
//! `--diff`, refusals (lint errors, no DHCP network, check without a file). What the real
//! servers make of the output is in `dhcp_interop`.

use crate::harness::{assert_code, node_yaml, stderr, stdout, TestInventory};

fn inventory() -> TestInventory {
    let inv = TestInventory::new();
    inv.write("nodes/n1.yaml", &node_yaml("n1", 11));
    inv
}

#[test]
fn prints_then_writes_only_on_change() {
    let inv = inventory();
    let out = inv.chami(&["dhcp-export", "--format", "dnsmasq"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("dhcp-host=02:00:00:00:00:0b,10.0.0.11,n1"));
    let same = inv.chami(&["dhcp-export", "-f", "dnsmasq", "-o", "-"]);
    assert_eq!(stdout(&same), stdout(&out), "`-o -` is stdout");

    let file = inv.path().join("etc/kea/kea-dhcp4.json");
    let f = file.to_str().unwrap();
    let first = inv.chami(&["dhcp-export", "-f", "kea", "-o", f]);
    assert_code(&first, 0);
    assert!(stderr(&first).contains("1 written"), "{}", stderr(&first));
    assert!(inv.read("etc/kea/kea-dhcp4.json").contains("\"10.0.0.11\""));
    let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
    let second = inv.chami(&["dhcp-export", "-f", "kea", "-o", f]);
    assert_code(&second, 0);
    assert!(stderr(&second).contains("0 written"), "{}", stderr(&second));
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), mtime);
    assert!(
        std::fs::read_dir(file.parent().unwrap()).unwrap().count() == 1,
        "no manifest or temporary file beside a single-file output"
    );

    assert_code(
        &inv.chami(&["dhcp-export", "-f", "kea", "-o", f, "--check"]),
        0,
    );
    inv.write("nodes/n2.yaml", &node_yaml("n2", 12));
    let check = inv.chami(&["dhcp-export", "-f", "kea", "-o", f, "--check", "--diff"]);
    assert_code(&check, 1);
    assert!(
        stdout(&check)
            .lines()
            .any(|l| l.starts_with('+') && l.contains("\"ip-address\": \"10.0.0.12\"")),
        "{}",
        stdout(&check)
    );
    assert!(!inv.read("etc/kea/kea-dhcp4.json").contains("10.0.0.12"));
}

#[test]
fn refusals_say_what_to_do() {
    let inv = inventory();
    let out = inv.chami(&["dhcp-export", "-f", "isc", "--check"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("give -o FILE"), "{}", stderr(&out));

    inv.write("nodes/n2.yaml", &node_yaml("n2", 11));
    let out = inv.chami(&["dhcp-export", "-f", "isc"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("lint error"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());

    let inv = TestInventory::empty();
    inv.write(
        "cluster.yaml",
        "format: 1\nname: t\nnetworks:\n- name: mgmt\n  cidr: 10.0.0.0/24\n",
    );
    let out = inv.chami(&["dhcp-export", "-f", "dnsmasq"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no network in cluster.yaml has `dhcp: true`"),
        "{}",
        stderr(&out)
    );
}

/// The same inventory in two folders gives the same files, so `build --check` in CI on
/// a checkout agrees with the configs written on the admin node.
#[test]
fn output_does_not_depend_on_the_inventory_path() {
    let (a, b) = (inventory(), inventory());
    assert_ne!(a.path(), b.path());
    for format in ["dnsmasq", "kea", "isc"] {
        let (x, y) = (
            a.chami(&["dhcp-export", "-f", format]),
            b.chami(&["dhcp-export", "-f", format]),
        );
        assert_code(&x, 0);
        assert_eq!(stdout(&x), stdout(&y), "{format}");
    }
}
