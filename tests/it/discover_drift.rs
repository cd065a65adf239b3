//! `discover collect --check` against the mock fleet: an inventory written by `collect
//! --write` has no drift (exit 0); a DIMM count, serial or MAC changed in the committed
//! YAML, a node gone from the inventory and a system gone from its BMC are each named
//! by node, field and both values (exit 1); a BMC that does not answer is an error on
//! stderr that hides no other host's drift.

use super::discover::{discovery_inventory, fleet, RACK};
use super::harness::{assert_code, free_port, stderr, stdout};
use super::redfish_mock::loopback_addrs;
use serde_json::{json, Value};

const BLADED: &str = "public-bladed";

#[test]
fn check_finds_nothing_on_a_fresh_inventory_and_names_every_changed_field() {
    let a = loopback_addrs(2, "127.76.0.10".parse().unwrap());
    let fleet = fleet(&[(a[0], RACK, None), (a[1], BLADED, None)], false, false);
    let inv = discovery_inventory();
    let p = fleet.port();
    let urls: Vec<String> = a.iter().map(|x| format!("http://{x}:{p}")).collect();
    let mut write = vec!["discover", "collect", "--write"];
    write.extend(urls.iter().map(String::as_str));
    assert_code(&inv.chami(&write), 0);
    let mut check = vec!["discover", "collect", "--check"];
    check.extend(urls.iter().map(String::as_str));
    let out = inv.chami(&check);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "", "no drift, no table");
    assert!(stderr(&out).contains("no drift"), "{}", stderr(&out));
    let mut check_json = check.clone();
    check_json.extend(["-o", "json"]);
    let out = inv.chami(&check_json);
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap(),
        json!([])
    );

    // The committed YAML says other things than the hardware: a DIMM fewer, another
    // serial, a MAC the server does not have.
    let node = "nodes/node-127-76-0-10.yaml";
    let yaml = inv.read(node);
    assert!(
        yaml.contains("memory_mib: 98304") && yaml.contains("serial: 437XR1138R2"),
        "{yaml}"
    );
    let edited = yaml
        .replace("memory_mib: 98304", "memory_mib: 65536")
        .replace("serial: 437XR1138R2", "serial: 437XR0000XX")
        .replace(
            "interfaces:\n",
            "interfaces:\n- name: ib0\n  mac: 02:00:00:00:00:99\n",
        );
    inv.write(node, &edited);
    // A node record the blade chassis no longer has a system for, and a node removed
    // from the inventory while its blade is still there.
    inv.write(
        "nodes/ghost.yaml",
        "name: ghost\nenabled: false\nbmc: bmc-127-76-0-11\nhardware: {serial: GONE-1}\n",
    );
    let blades: Vec<String> = std::fs::read_dir(inv.path().join("nodes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("node-127-76-0-11"))
        .collect();
    let removed = blades.iter().min().unwrap().clone();
    let removed_serial = inv
        .read(&format!("nodes/{removed}"))
        .lines()
        .find_map(|l| l.trim().strip_prefix("serial: ").map(str::to_string))
        .unwrap();
    std::fs::remove_file(inv.path().join("nodes").join(&removed)).unwrap();
    // And a BMC that does not answer.
    let dead = format!("http://127.76.0.99:{}", free_port());
    let before = inv.snapshot();
    let mut args = check_json.clone();
    args.push(&dead);
    let out = inv.chami(&args);
    assert_code(&out, 1);
    assert_eq!(inv.snapshot(), before, "--check wrote something");
    assert!(
        stderr(&out).contains("127.76.0.99") && stderr(&out).contains("connect"),
        "the dead BMC is named on stderr: {}",
        stderr(&out)
    );
    let found: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let has = |node: Option<&str>, field: &str, inventory: Value, found_v: Value| {
        let want = json!({"node": node, "field": field, "inventory": inventory, "found": found_v});
        assert!(
            found.iter().any(|d| d["node"] == want["node"]
                && d["field"] == want["field"]
                && d["inventory"] == want["inventory"]
                && d["found"] == want["found"]),
            "{want} not in {}",
            serde_json::to_string_pretty(&found).unwrap()
        );
    };
    has(
        Some("node-127-76-0-10"),
        "hardware.memory_mib",
        json!("65536"),
        json!("98304"),
    );
    has(
        Some("node-127-76-0-10"),
        "hardware.serial",
        json!("437XR0000XX"),
        json!("437XR1138R2"),
    );
    has(
        Some("node-127-76-0-10"),
        "interfaces.ib0.mac",
        json!("02:00:00:00:00:99"),
        Value::Null,
    );
    has(Some("ghost"), "system", json!("GONE-1"), Value::Null);
    has(
        None,
        "system",
        Value::Null,
        json!(format!("serial {removed_serial}")),
    );
    for d in &found {
        if d["node"] == "node-127-76-0-10" {
            assert_eq!(d["bmc"], "bmc-127-76-0-10", "{d}");
        }
    }
    assert_eq!(
        found.len(),
        5,
        "{}",
        serde_json::to_string_pretty(&found).unwrap()
    );
    // The table for people says the same.
    let out = inv.chami(&check);
    assert_code(&out, 1);
    let table = stdout(&out);
    assert!(table.starts_with("NODE"), "{table}");
    let row = table
        .lines()
        .find(|l| l.contains("hardware.memory_mib"))
        .unwrap_or_else(|| panic!("{table}"));
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cols,
        [
            "node-127-76-0-10",
            "bmc-127-76-0-10",
            "hardware.memory_mib",
            "65536",
            "98304"
        ]
    );
}
