//! `bmc bios plan|apply` and `bmc firmware plan|apply` against the Redfish test fleet:
//! the desired state layered from a group and a node, only the differing attributes or
//! components changed, a BMC that refuses the change and one that cannot be reached
//! each a per-host error that leaves the others alone, and the lint of a non-scalar
//! BIOS value.

use super::discover::{bmc_inventory, fleet, json_lines, RACK};
use super::harness::{assert_code, interop_program, stderr, stdout, TestInventory};
use super::redfish_mock::{loopback_addrs, Fault, Fleet};
use super::redfish_power::at_terminal;
use serde_json::Value;
use std::net::Ipv4Addr;

const SETTINGS: &str = "/redfish/v1/Systems/437XR1138R2/Bios/Settings";

/// n0 and n1 on working BMCs, n2 on one that refuses every change, n3 on an address
/// where nothing listens; all four in group `rack`.
fn setup(first: &str) -> (Fleet, Vec<Ipv4Addr>, TestInventory) {
    let a = loopback_addrs(4, first.parse().unwrap());
    let fleet = fleet(
        &[
            (a[0], RACK, None),
            (a[1], RACK, None),
            (a[2], RACK, Some(Fault::RefusesChanges)),
        ],
        false,
        false,
    );
    let inv = bmc_inventory(&fleet, &a);
    (fleet, a, inv)
}

fn bmc(inv: &TestInventory, args: &[&str]) -> std::process::Output {
    let mut v = vec!["bmc"];
    v.extend(args);
    v.extend(["--http", "--timeout", "2s"]);
    inv.chami(&v)
}

fn by_node(lines: &[Value], node: &str) -> Value {
    lines
        .iter()
        .find(|l| l["node"] == node)
        .unwrap_or_else(|| panic!("no line for {node}: {lines:?}"))
        .clone()
}

#[test]
fn bios_plan_and_apply_change_only_what_differs_host_by_host() {
    let (fleet, a, inv) = setup("127.84.0.10");
    // The group wants Legacy boot and two NICs booting; n1 keeps Uefi (node wins).
    inv.write(
        "groups/rack.yaml",
        "name: rack\nbios:\n  BootMode: Legacy\n  NicBoot2: NetworkBoot\n  ProcCoreDisable: 0\n",
    );
    inv.write(
        "nodes/n1.yaml",
        "name: n1\nenabled: false\nbmc: b1\ngroups: [rack]\nbios: {BootMode: Uefi, NicBoot2: Disabled}\n",
    );
    // The layers, as `inventory show --resolved` shows them: the node's own value wins.
    for (node, want) in [("n0", ["Legacy", "group rack"]), ("n1", ["Uefi", "node"])] {
        let show = inv.chami(&["inventory", "show", node, "--resolved"]);
        assert_code(&show, 0);
        let text = stdout(&show);
        assert!(
            text.lines()
                .any(|l| l.starts_with("bios.BootMode") && want.iter().all(|w| l.contains(w))),
            "{node}: {want:?} in\n{text}"
        );
    }
    let out = bmc(&inv, &["bios", "plan", "n[0-3]"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    assert!(text.contains("n0  BootMode  Uefi -> Legacy\n"), "{text}");
    assert!(
        text.contains(
            "n0  NicBoot2  Disabled -> NetworkBoot  (staged, applies at the next reboot)\n"
        ),
        "the mockup's settings object already holds NetworkBoot: {text}"
    );
    assert!(!text.contains("ProcCoreDisable"), "0 is 0: {text}");
    assert!(text.contains("n1  in step (3 desired)\n"), "{text}");
    assert!(
        text.contains("n2  BootMode  Uefi -> Legacy\n"),
        "reads work: {text}"
    );
    assert!(
        text.contains("n3  error: cannot connect to http://"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("plan: 2 of 4 hosts differ"),
        "{}",
        stderr(&out)
    );
    // A node in step alone: exit 0, and the JSON says so.
    let out = bmc(&inv, &["bios", "plan", "n1", "-o", "json"]);
    assert_code(&out, 0);
    let l = &json_lines(&out)[0];
    assert_eq!(
        (&l["changes"], &l["in_step"]),
        (&Value::from(Vec::<Value>::new()), &Value::from(3)),
        "{l}"
    );

    // --dry-run reads and sends nothing.
    let before = fleet.bios_pending(a[0], SETTINGS);
    let out = bmc(&inv, &["bios", "apply", "n0", "--dry-run"]);
    assert_code(&out, 1);
    assert_eq!(json_lines(&out)[0]["changes"].as_array().unwrap().len(), 2);
    assert_eq!(fleet.bios_pending(a[0], SETTINGS), before);

    // Without --yes, a terminal is asked first; no is no.
    if let Some(script) = interop_program("bios_apply_confirmation", "script") {
        let out = at_terminal(&script, &inv, "bmc bios apply 'n[0-1]' --http", "n\n");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            text.contains("stage the desired BIOS attributes on 2 hosts (n[0-1])? [y/N]"),
            "{text}"
        );
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert_eq!(fleet.bios_pending(a[0], SETTINGS), before);
    }
    let out = bmc(&inv, &["bios", "apply", "n[0-3]", "--yes"]);
    assert_code(&out, 1);
    let lines = json_lines(&out);
    let n0 = by_node(&lines, "n0");
    assert_eq!(n0["ok"], true, "{n0}");
    assert_eq!(n0["pending_reboot"], true, "{n0}");
    assert_eq!(n0["staged_at"], SETTINGS, "{n0}");
    let staged: Vec<&str> = n0["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(staged, ["BootMode", "NicBoot2"]);
    let pending = fleet.bios_pending(a[0], SETTINGS);
    assert_eq!(pending["BootMode"], "Legacy");
    let n1 = by_node(&lines, "n1");
    assert_eq!(
        (&n1["ok"], n1.get("staged_at")),
        (&Value::Bool(true), None),
        "nothing to send: {n1}"
    );
    assert_eq!(fleet.bios_pending(a[1], SETTINGS)["BootMode"], "Uefi");
    let n2 = by_node(&lines, "n2");
    assert_eq!(n2["ok"], false, "{n2}");
    let e = n2["error"].as_str().unwrap();
    assert!(e.contains("HTTP 400") && e.contains("read-only"), "{e}");
    let n3 = by_node(&lines, "n3");
    assert!(
        n3["error"].as_str().unwrap().contains("cannot connect"),
        "{n3}"
    );
    assert!(
        stderr(&out).contains("2 of 4 succeeded"),
        "{}",
        stderr(&out)
    );

    // Unknown names and wrong types: an error for that host, naming each.
    inv.write(
        "nodes/n1.yaml",
        "name: n1\nenabled: false\nbmc: b1\ngroups: [rack]\nbios: {BootMod: Uefi, ProcCoreDisable: two}\n",
    );
    let out = bmc(&inv, &["bios", "plan", "n[0-1]", "-o", "json"]);
    assert_code(&out, 1);
    let lines = json_lines(&out);
    let e = by_node(&lines, "n1")["error"].as_str().unwrap().to_string();
    assert!(e.contains("no BIOS attribute `BootMod`"), "{e}");
    assert!(
        e.contains("ProcCoreDisable is a number (0); `\"two\"` is not"),
        "{e}"
    );
    assert_eq!(by_node(&lines, "n0")["ok"], true);
    // A BMC named directly has no desired state.
    let out = bmc(&inv, &["bios", "plan", "b0"]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("the desired state is set on nodes"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn firmware_plan_and_apply_update_the_differing_components() {
    let (fleet, a, inv) = setup("127.84.1.10");
    inv.write(
        "groups/rack.yaml",
        "name: rack\nfirmware:\n  BMC: {version: \"1.46\", image: \"http://127.0.0.1/bmc-1.46.bin\"}\n  Contoso BIOS Firmware: {version: P79 v1.45}\n",
    );
    inv.write(
        "nodes/n1.yaml",
        "name: n1\nenabled: false\nbmc: b1\ngroups: [rack]\nfirmware: {NIC: {version: \"2\"}}\n",
    );
    let out = bmc(&inv, &["firmware", "plan", "n[0-3]"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    assert!(
        text.contains("n0  BMC  1.45.455b66-rev4 -> 1.46\n"),
        "{text}"
    );
    assert!(
        !text.contains("Contoso BIOS"),
        "matched by Name, in step: {text}"
    );
    assert!(text.contains("n1  NIC  not found on the BMC\n"), "{text}");
    assert!(text.contains("n3  error: cannot connect"), "{text}");

    let out = bmc(
        &inv,
        &["firmware", "apply", "n[0-3]", "--yes", "--poll", "50ms"],
    );
    assert_code(&out, 1);
    let lines = json_lines(&out);
    let n0 = by_node(&lines, "n0");
    assert_eq!(n0["ok"], true, "{n0}");
    let u = &n0["updates"][0];
    assert_eq!(
        (&u["component"], &u["task_state"]),
        (&"BMC".into(), &"Completed".into()),
        "{n0}"
    );
    assert!(
        u["task"]
            .as_str()
            .unwrap()
            .starts_with("/redfish/v1/TaskService/Tasks/"),
        "{n0}"
    );
    assert_eq!(
        n0["updates"].as_array().unwrap().len(),
        1,
        "only BMC differs: {n0}"
    );
    assert_eq!(
        fleet.firmware_updates(a[0]),
        ["http://127.0.0.1/bmc-1.46.bin"]
    );
    // n1: a component the BMC lacks stops its host before anything is sent.
    let e = by_node(&lines, "n1")["error"].as_str().unwrap().to_string();
    assert!(
        e.contains("nothing updated: no firmware component NIC"),
        "{e}"
    );
    assert!(fleet.firmware_updates(a[1]).is_empty());
    let e = by_node(&lines, "n2")["error"].as_str().unwrap().to_string();
    assert!(e.contains("read-only"), "{e}");
    assert!(by_node(&lines, "n3")["error"]
        .as_str()
        .unwrap()
        .contains("cannot connect"));
}

#[test]
fn lint_refuses_a_bios_value_that_is_not_a_scalar() {
    let inv = TestInventory::new();
    inv.write(
        "groups/gpu.yaml",
        "name: gpu\nbios:\n  BootMode: Uefi\n  Order: [a, b]\n",
    );
    let out = inv.chami(&["inventory", "lint"]);
    assert_code(&out, 1);
    let text = stdout(&out) + &stderr(&out);
    assert!(
        text.contains("bios-value") && text.contains("bios.Order is a list"),
        "{text}"
    );
    assert!(
        text.contains("groups/gpu.yaml:4"),
        "points at the line: {text}"
    );
}
