//! Unit tests of the inventory merge: matching, fill-ins, naming and idempotence.

use super::*;
use crate::inventory::test_support::inventory_from;
use crate::redfish::{
    CollectedCpu, CollectedInterface, CollectedManager, CollectedMemory, CollectedSystem, Scheme,
};

const CLUSTER: &str = "format: 1\nname: t\nnetworks:\n  - {name: bmc, cidr: 10.1.0.0/24}\n";

fn record(addr: &str, serial: &str, macs: &[&str]) -> Collected {
    Collected {
        address: addr.into(),
        port: 443,
        scheme: Scheme::Https,
        ok: true,
        error: None,
        service: None,
        managers: vec![CollectedManager {
            id: "BMC".into(),
            manager_type: Some("BMC".into()),
            firmware_version: Some("1.2".into()),
            macs: vec![format!("02:00:00:00:ff:{}", &serial[serial.len() - 2..])],
            ..Default::default()
        }],
        systems: vec![CollectedSystem {
            id: "1".into(),
            serial: Some(serial.into()),
            manufacturer: Some("Contoso".into()),
            cpus: vec![
                CollectedCpu {
                    cores: Some(8),
                    threads: Some(16),
                    model: Some("X".into()),
                    ..Default::default()
                },
                CollectedCpu {
                    cores: Some(8),
                    threads: Some(16),
                    model: Some("X".into()),
                    ..Default::default()
                },
            ],
            memory: CollectedMemory {
                total_mib: Some(98304),
                dimms: vec![],
            },
            interfaces: macs
                .iter()
                .map(|m| CollectedInterface {
                    id: m.to_string(),
                    mac: m.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }],
        chassis: vec![],
        firmware: vec![],
        warnings: vec![],
        cut: vec![],
        tls_fingerprint: None,
    }
}

#[test]
fn new_records_get_default_names_network_and_hardware() {
    let mut inv = inventory_from(CLUSTER, &[], &[]);
    let naming = Naming::new(None, None).unwrap();
    let r = merge(
        &mut inv,
        &[record("10.1.0.11", "SN11", &["02:00:00:00:00:11"])],
        &NameMap::default(),
        &naming,
    )
    .unwrap();
    assert_eq!(r.new_bmcs.len(), 1);
    let b = &r.new_bmcs[0];
    assert_eq!(
        (b.name.as_str(), b.network.as_deref()),
        ("bmc-10-1-0-11", Some("bmc"))
    );
    assert_eq!(b.firmware.as_deref(), Some("1.2"));
    assert_eq!(b.mac.unwrap().to_string(), "02:00:00:00:ff:11");
    let n = &r.new_nodes[0];
    assert_eq!(n.name, "node-10-1-0-11");
    assert_eq!(n.bmc.as_deref(), Some("bmc-10-1-0-11"));
    assert_eq!(n.interfaces[0].name, "nic0");
    assert_eq!(
        (
            n.hardware.sockets,
            n.hardware.cores_per_socket,
            n.hardware.threads_per_core
        ),
        (Some(2), Some(8), Some(2))
    );
    assert_eq!(n.hardware.memory_mib, Some(98304));
}

#[test]
fn existing_records_keep_what_a_person_set() {
    let node = "name: cn01\ngroups: [compute]\nbmc: cn01-bmc\ninterfaces:\n  - {name: eth0, ip: 10.0.0.1, boot: true}\nhardware: {serial: SN11, model: Handwritten}\n";
    let bmc = "name: cn01-bmc\nip: 10.1.0.11\nlabels: {rack: r1}\n";
    let mut inv = inventory_from(CLUSTER, &[node], &[bmc]);
    let naming = Naming::new(None, None).unwrap();
    let rec = record(
        "10.1.0.11",
        "SN11",
        &["02:00:00:00:00:11", "02:00:00:00:00:12"],
    );
    let r = merge(
        &mut inv,
        std::slice::from_ref(&rec),
        &NameMap::default(),
        &naming,
    )
    .unwrap();
    assert!(
        r.new_bmcs.is_empty() && r.new_nodes.is_empty(),
        "{:?}",
        r.lines
    );
    let n = &inv.nodes[0].value;
    assert_eq!(n.name, "cn01");
    assert_eq!(n.groups, ["compute"]);
    assert_eq!(n.interfaces[0].name, "eth0");
    assert_eq!(n.interfaces[0].ip.unwrap().to_string(), "10.0.0.1");
    assert_eq!(
        n.interfaces[0].mac.unwrap().to_string(),
        "02:00:00:00:00:11"
    );
    assert_eq!(n.interfaces[1].name, "nic0");
    assert_eq!(n.hardware.memory_mib, Some(98304));
    assert_eq!(
        n.hardware.model.as_deref(),
        Some("Handwritten"),
        "not discovered: kept"
    );
    assert_eq!(inv.bmcs[0].value.labels.len(), 1);
    assert_eq!(r.node_files.len(), 1);
    assert!(
        r.lines
            .iter()
            .any(|l| l.starts_with("node cn01: ")
                && l.contains("hardware.memory_mib (none) → 98304")),
        "{:?}",
        r.lines
    );
    // Twice: nothing more changes.
    let again = merge(&mut inv, &[rec], &NameMap::default(), &naming).unwrap();
    assert!(
        again.lines.is_empty() && again.node_files.is_empty() && again.bmc_files.is_empty(),
        "{:?}",
        again.lines
    );
}

#[test]
fn matches_by_mac_before_serial_and_uses_the_name_map() {
    let a = "name: a\ninterfaces:\n  - {name: eth0, mac: 02:00:00:00:00:21}\n";
    let mut inv = inventory_from(CLUSTER, &[a], &[]);
    let naming = Naming::new(None, None).unwrap();
    let map =
        NameMap::parse("10.1.0.21: x1000c0s0b0\n10.1.0.22: {bmc: r1u22-bmc, nodes: [r1u22]}\n")
            .unwrap();
    let r = merge(
        &mut inv,
        &[
            record("10.1.0.21", "SN21", &["02:00:00:00:00:21"]),
            record("10.1.0.22", "SN22", &["02:00:00:00:00:22"]),
        ],
        &map,
        &naming,
    )
    .unwrap();
    assert_eq!(inv.nodes[0].value.xname.as_deref(), Some("x1000c0s0b0n0"));
    assert_eq!(inv.nodes[0].value.bmc.as_deref(), Some("x1000c0s0b0"));
    let names: Vec<&str> = r.new_bmcs.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["x1000c0s0b0", "r1u22-bmc"]);
    assert_eq!(
        r.new_nodes
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>(),
        ["r1u22"]
    );
}

#[test]
fn a_taken_name_is_an_error_naming_the_way_out() {
    let other = "name: node-10-1-0-31\ninterfaces:\n  - {name: eth0, mac: 02:00:00:00:00:99}\n";
    let mut inv = inventory_from(CLUSTER, &[other], &[]);
    let naming = Naming::new(None, None).unwrap();
    let e = merge(
        &mut inv,
        &[record("10.1.0.31", "SN31", &["02:00:00:00:00:31"])],
        &NameMap::default(),
        &naming,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("node `node-10-1-0-31` already exists") && e.contains("--node-name"),
        "{e}"
    );
}

#[test]
fn a_nic_recorded_by_either_address_is_the_same_nic() {
    // No bmc: and no serial: the only way to the node is a MAC. eth0 was recorded with
    // the burned-in address (what chami used to record); eth1 with the address in use.
    let node = "name: cn01\ninterfaces:\n  - {name: eth0, mac: 12:44:6a:3b:88:90, ip: 10.0.0.1, boot: true}\n  - {name: eth1, mac: aa:bb:cc:dd:ee:01}\n";
    let bmc = "name: cn01-bmc\nip: 10.1.0.11\n";
    let mut inv = inventory_from(CLUSTER, &[node], &[bmc]);
    let naming = Naming::new(None, None).unwrap();
    let mut rec = record(
        "10.1.0.11",
        "SN11",
        &["aa:bb:cc:dd:ee:00", "aa:bb:cc:dd:ee:01"],
    );
    rec.systems[0].interfaces[0].permanent_mac = Some("12:44:6a:3b:88:90".into());
    rec.systems[0].interfaces[1].permanent_mac = Some("12:44:6a:3b:88:91".into());
    let r = merge(
        &mut inv,
        std::slice::from_ref(&rec),
        &NameMap::default(),
        &naming,
    )
    .unwrap();
    assert!(r.new_nodes.is_empty(), "{:?}", r.lines);
    let n = &inv.nodes[0].value;
    let got: Vec<(String, Option<String>, Option<String>)> = n
        .interfaces
        .iter()
        .map(|i| {
            (
                i.name.clone(),
                i.mac.map(|m| m.to_string()),
                i.permanent_mac.map(|m| m.to_string()),
            )
        })
        .collect();
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        got,
        [
            (
                "eth0".into(),
                s("aa:bb:cc:dd:ee:00"),
                s("12:44:6a:3b:88:90")
            ),
            (
                "eth1".into(),
                s("aa:bb:cc:dd:ee:01"),
                s("12:44:6a:3b:88:91")
            ),
        ]
    );
    assert!(n.interfaces[0].boot && n.interfaces[0].ip.is_some(), "kept");
    assert!(
        r.lines.iter().any(|l| l
            == "node cn01: interface eth0 mac 12:44:6a:3b:88:90 → aa:bb:cc:dd:ee:00 (the address in use), burned-in 12:44:6a:3b:88:90 kept as permanent_mac"),
        "{:?}",
        r.lines
    );
    // Again: the same NICs, nothing changes.
    let again = merge(&mut inv, &[rec], &NameMap::default(), &naming).unwrap();
    assert!(
        again.lines.is_empty() && again.node_files.is_empty(),
        "{:?}",
        again.lines
    );
}

#[test]
fn a_nic_whose_address_was_set_back_drops_its_permanent_mac() {
    let node = "name: cn01\ninterfaces:\n  - {name: eth0, mac: aa:bb:cc:dd:ee:00, permanent_mac: 12:44:6a:3b:88:90}\n";
    let mut inv = inventory_from(CLUSTER, &[node], &[]);
    let naming = Naming::new(None, None).unwrap();
    let rec = record("10.1.0.11", "SN11", &["12:44:6a:3b:88:90"]);
    let r = merge(&mut inv, &[rec], &NameMap::default(), &naming).unwrap();
    assert!(r.new_nodes.is_empty(), "{:?}", r.lines);
    let i = &inv.nodes[0].value.interfaces;
    assert_eq!(i.len(), 1);
    assert_eq!(i[0].mac.unwrap().to_string(), "12:44:6a:3b:88:90");
    assert_eq!(i[0].permanent_mac, None);
}

#[test]
fn a_vm_is_found_by_the_uuid_chami_gave_its_domain() {
    let vm = "name: vm01\nvm: {host: hv01, vcpus: 1, memory_mib: 128}\n";
    let other = "name: vm02\nvm: {host: hv01, vcpus: 1, memory_mib: 128}\n";
    let mut inv = inventory_from(CLUSTER, &[other, vm], &[]);
    let mut rec = record("10.1.0.31", "SN31", &["02:00:00:00:00:31"]);
    rec.systems[0].serial = None;
    let uuid = crate::inventory::model::derived_uuid("vm01");
    rec.systems[0].uuid = Some(uuid.to_ascii_uppercase());
    let naming = Naming::new(None, None).unwrap();
    let r = merge(&mut inv, &[rec], &NameMap::default(), &naming).unwrap();
    assert!(r.new_nodes.is_empty(), "{:?}", r.lines);
    let n = &inv.nodes[1].value;
    assert_eq!(n.name, "vm01");
    assert_eq!(n.hardware.uuid, Some(uuid.to_ascii_uppercase()));
    assert_eq!(inv.nodes[0].value.hardware.uuid, None);
}

#[test]
fn a_bmc_cannot_take_over_another_bmcs_record_or_its_nodes() {
    let node = "name: cn01\nbmc: cn01-bmc\ninterfaces:\n  - {name: eth0, mac: 02:00:00:00:00:11, boot: true}\nhardware: {serial: SN11}\n";
    let bmc = "name: cn01-bmc\nip: 10.1.0.11\nmac: 02:00:00:00:ff:11\ntls_fingerprint: sha256:11\n";
    let mut inv = inventory_from(CLUSTER, &[node], &[bmc]);
    let before = inv.clone();
    let naming = Naming::new(None, None).unwrap();
    // At another address, it says it has cn01-bmc's MAC, cn01's NIC and serial.
    let mut rogue = record("10.1.0.99", "SN11", &["02:00:00:00:00:11"]);
    rogue.tls_fingerprint = Some("sha256:99".into());
    let r = merge(&mut inv, &[rogue], &NameMap::default(), &naming).unwrap();
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    assert!(
        r.conflicts[0].contains("cn01-bmc") && r.conflicts[0].contains("10.1.0.11"),
        "{}",
        r.conflicts[0]
    );
    assert!(r.new_bmcs.is_empty() && r.new_nodes.is_empty());
    assert!(r.bmc_files.is_empty() && r.node_files.is_empty());
    assert_eq!(inv.bmcs[0].value, before.bmcs[0].value);
    assert_eq!(inv.nodes[0].value, before.nodes[0].value);

    // With a MAC of its own, it is a new BMC; the system that claims cn01's NIC is not
    // merged into cn01, nor written as a new node.
    let rogue = record("10.1.0.99", "SN99", &["02:00:00:00:00:11"]);
    let r = merge(&mut inv, &[rogue], &NameMap::default(), &naming).unwrap();
    assert_eq!(r.new_bmcs.len(), 1);
    assert!(r.new_nodes.is_empty(), "{:?}", r.new_nodes);
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    assert!(r.conflicts[0].contains("node cn01"), "{}", r.conflicts[0]);
    assert_eq!(inv.nodes[0].value, before.nodes[0].value);
    assert_eq!(r.matched[0].systems, vec![None]);
}

#[test]
fn a_record_not_yet_tied_to_an_address_is_found_by_what_the_bmc_says() {
    // Written by hand before first contact: a MAC only.
    let bmc = "name: cn02-bmc\nmac: 02:00:00:00:ff:12\n";
    let node = "name: cn02\ninterfaces:\n  - {name: eth0, mac: 02:00:00:00:00:12, boot: true}\n";
    let mut inv = inventory_from(CLUSTER, &[node], &[bmc]);
    let naming = Naming::new(None, None).unwrap();
    let rec = record("10.1.0.12", "SN12", &["02:00:00:00:00:12"]);
    let r = merge(&mut inv, &[rec], &NameMap::default(), &naming).unwrap();
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
    assert!(r.new_bmcs.is_empty() && r.new_nodes.is_empty());
    assert_eq!(inv.bmcs[0].value.ip.unwrap().to_string(), "10.1.0.12");
    assert_eq!(inv.nodes[0].value.bmc.as_deref(), Some("cn02-bmc"));
}

#[test]
fn a_bmc_that_reports_a_control_character_is_left_out_and_the_others_merged() {
    let mut inv = inventory_from(CLUSTER, &[], &[]);
    let naming = Naming::new(None, None).unwrap();
    let mut hostile = record("10.1.0.13", "SN13", &["02:00:00:00:00:13"]);
    hostile.systems[0].serial = Some("S1\nenabled: true".into());
    let fine = record("10.1.0.14", "SN14", &["02:00:00:00:00:14"]);
    let r = merge(&mut inv, &[hostile, fine], &NameMap::default(), &naming).unwrap();
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    assert!(
        r.conflicts[0].starts_with("10.1.0.13: left out: its `systems[0].serial`"),
        "{}",
        r.conflicts[0]
    );
    assert_eq!(r.new_bmcs.len(), 1);
    assert_eq!(r.new_bmcs[0].name, "bmc-10-1-0-14");
    assert_eq!(r.new_nodes.len(), 1);
}
