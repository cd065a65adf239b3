//! Redfish PDUs against the DMTF public-pdu mockup served by the test fleet: `pdu
//! collect --write` makes pdus/ records and keeps the outlet mappings on a second run;
//! `pdu power` switches the outlets that feed each node, a PDU that refuses and one that
//! cannot be reached each failing alone; the lint of outlet mappings; and the powerman
//! target's outlet devices driven by the real powermand through httppower.

use super::discover::{fleet, json_lines};
use super::harness::{assert_code, interop_program, node_yaml, run, stderr, stdout, TestInventory};
use super::redfish_mock::{free_port, loopback_addrs, Fault, Fleet};
use super::redfish_power::at_terminal;
use super::render_interop::Server;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};

const PDU: &str = "public-pdu";
const OUTLETS: &str = "/redfish/v1/PowerEquipment/RackPDUs/1/Outlets";

fn pdu_record(name: &str, fleet: &Fleet, addr: std::net::Ipv4Addr, outlets: &str) -> String {
    format!(
        "name: {name}\nip: {addr}\nport: {}\noutlets:\n{outlets}",
        fleet.port()
    )
}

#[test]
fn collect_writes_pdu_records_and_keeps_the_outlet_mappings() {
    let a = loopback_addrs(1, "127.84.2.10".parse().unwrap());
    let fleet = fleet(&[(a[0], PDU, None)], false, false);
    let inv = TestInventory::new();
    inv.write("nodes/n1.yaml", &node_yaml("n1", 11));
    let target = format!("http://{}:{}", a[0], fleet.port());
    let out = inv.chami(&["pdu", "collect", "--write", &target]);
    assert_code(&out, 0);
    let line = &json_lines(&out)[0];
    assert_eq!(
        line["pdus"][0]["outlets"].as_array().unwrap().len(),
        11,
        "{line}"
    );
    let file = "pdus/pdu-127-84-2-10.yaml";
    let rec = inv.read(file);
    for want in [
        "ip: 127.84.2.10\n",
        "vendor: Contoso\n",
        "model: ZAP4000\n",
        "serial: 29347ZT536\n",
        "firmware: 4.3.0\n",
        "  A1: null\n",
        "  C3: null\n",
    ] {
        assert!(rec.contains(want), "{want:?} in\n{rec}");
    }
    let set = inv.chami(&[
        "inventory",
        "set",
        "--kind",
        "pdu",
        "pdu-127-84-2-10",
        "outlets.A1=n1",
    ]);
    assert_code(&set, 0);
    assert!(inv.read(file).contains("  A1: n1\n"), "{}", inv.read(file));
    assert_code(&inv.chami(&["inventory", "lint"]), 0);
    let again = inv.chami(&["pdu", "collect", "--write", &target]);
    assert_code(&again, 0);
    assert!(
        stderr(&again).contains("nothing to write"),
        "{}",
        stderr(&again)
    );
    assert!(inv.read(file).contains("  A1: n1\n"), "the mapping stays");
}

#[test]
fn pdu_power_switches_each_nodes_outlets_and_failures_stay_per_node() {
    let a = loopback_addrs(3, "127.84.3.10".parse().unwrap());
    let fleet = fleet(
        &[(a[0], PDU, None), (a[1], PDU, Some(Fault::RefusesChanges))],
        false,
        false,
    );
    let inv = TestInventory::new();
    for n in 0..4u8 {
        inv.write(
            &format!("nodes/n{n}.yaml"),
            &format!("name: n{n}\nenabled: false\n"),
        );
    }
    // n0 has two power supplies on pdu0; n1 is on a PDU that refuses, n2 on one that
    // is not there, n3 on no outlet at all.
    inv.write(
        "pdus/pdu0.yaml",
        &pdu_record("pdu0", &fleet, a[0], "  A1: n0\n  B1: n0\n  A2: null\n"),
    );
    inv.write(
        "pdus/pdu1.yaml",
        &pdu_record("pdu1", &fleet, a[1], "  A2: n1\n"),
    );
    inv.write(
        "pdus/pdu2.yaml",
        &pdu_record("pdu2", &fleet, a[2], "  A3: n2\n"),
    );
    let pdu = |args: &[&str]| {
        let mut v = vec!["pdu", "power"];
        v.extend(args);
        v.extend(["--http", "--timeout", "2s"]);
        inv.chami(&v)
    };
    let out = pdu(&["off", "n[0-3]", "--dry-run"]);
    assert_code(&out, 1);
    assert!(fleet.resets(a[0]).is_empty(), "a dry run sends nothing");

    let out = pdu(&["off", "n[0-3]", "--yes"]);
    assert_code(&out, 1);
    let lines = json_lines(&out);
    let line = |n: &str| lines.iter().find(|l| l["node"] == n).unwrap().clone();
    let n0 = line("n0");
    assert_eq!(n0["ok"], true, "{n0}");
    let sent: Vec<(&str, &str)> = n0["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["outlet"].as_str().unwrap(), o["sent"].as_str().unwrap()))
        .collect();
    assert_eq!(sent, [("A1", "Off"), ("B1", "Off")]);
    assert_eq!(fleet.resets(a[0]), ["A1:Off", "B1:Off"]);
    assert_eq!(
        fleet.power_state(a[0], &format!("{OUTLETS}/A1")).as_deref(),
        Some("Off")
    );
    assert_eq!(
        fleet.power_state(a[0], &format!("{OUTLETS}/A2")).as_deref(),
        Some("On")
    );
    let e = line("n1")["error"].as_str().unwrap().to_string();
    assert!(
        e.starts_with("outlet A2: ") && e.contains("HTTP 400") && e.contains("read-only"),
        "{e}"
    );
    assert!(
        line("n2")["error"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{}",
        line("n2")
    );
    let e = line("n3")["error"].as_str().unwrap().to_string();
    assert!(e.contains("no PDU outlet feeds n3"), "{e}");
    assert!(
        stderr(&out).contains("1 of 4 succeeded"),
        "{}",
        stderr(&out)
    );

    // Off on several nodes asks at a terminal; no is no.
    if let Some(script) = interop_program("pdu_confirmation", "script") {
        let out = at_terminal(&script, &inv, "pdu power off 'n[0-1]' --http", "n\n");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            text.contains("pdu power off 2 hosts (n[0-1])? [y/N]")
                && text.contains("not confirmed"),
            "{text}"
        );
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert_eq!(fleet.resets(a[0]).len(), 2, "nothing more was sent");
    }

    let out = pdu(&["status", "n0"]);
    assert_code(&out, 0);
    let states: Vec<String> = json_lines(&out)[0]["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["power_state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(states, ["Off", "Off"]);
}

#[test]
fn lint_flags_an_outlet_on_an_unknown_node_or_two_nodes() {
    let inv = TestInventory::new();
    inv.write("nodes/n1.yaml", &node_yaml("n1", 11));
    inv.write("nodes/n2.yaml", &node_yaml("n2", 12));
    inv.write(
        "pdus/pa.yaml",
        "name: pa\nip: 10.9.0.5\noutlets:\n  A1: n1\n  A2: nx\n  A3: n[1-2]\n",
    );
    inv.write(
        "pdus/pb.yaml",
        "name: pb\nip: 10.9.0.5\noutlets:\n  A1: n2\n",
    );
    inv.write(
        "pdus/pc.yaml",
        "name: pc\nip: 10.9.0.6\noutlets:\n  \"A 4\": n2\n",
    );
    let out = inv.chami(&["inventory", "lint"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    for want in [
        "pdus/pa.yaml:5",
        "outlet A2 is mapped to `nx`, which is not a node in the inventory",
        "outlet A3 is mapped to 2 nodes (n[1-2])",
        "pdus/pb.yaml:4",
        "outlet A1 of this PDU feeds `n2` here and `n1` in pdu pa: two nodes on one outlet",
        "warning[pdu-outlet]: pdus/pc.yaml:",
        "outlet A 4 of /redfish/v1/PowerEquipment/RackPDUs/1: the outlet Id",
    ] {
        assert!(err.contains(want), "{want:?} in\n{err}");
    }
}

/// powerman.conf gives nodes on PDU outlets one httppower device per PDU with the
/// outlet Ids as plugs and includes chami-redfish-outlet.dev (`render powerman-outlets`);
/// the real powermand reads each outlet's state from the mock PDU and switches one on.
#[test]
fn powerman_outlet_devices_driven_by_powermand() {
    let test = "pdu::powerman_outlet_devices_driven_by_powermand";
    let (Some(powermand), Some(pm), Some(_)) = (
        interop_program(test, "powermand"),
        interop_program(test, "pm"),
        interop_program(test, "httppower"),
    ) else {
        return;
    };
    let a = loopback_addrs(1, "127.84.4.10".parse().unwrap());
    let fleet = fleet(&[(a[0], PDU, None)], false, false);
    let inv = TestInventory::new();
    for n in 1..=2u8 {
        inv.write(
            &format!("nodes/n{n}.yaml"),
            &node_yaml(&format!("n{n}"), 10 + n),
        );
    }
    inv.write(
        "pdus/pdu0.yaml",
        &pdu_record("pdu0", &fleet, a[0], "  A1: n1\n  A2: n2\n"),
    );
    let off = inv.chami(&["pdu", "power", "off", "n2", "--http"]);
    assert_code(&off, 0);
    let render = |target: &str| {
        let out = inv.chami(&["render", target]);
        assert_code(&out, 0);
        stdout(&out)
    };
    let conf = render("powerman");
    let device = format!(
        "device \"chami-redfish-outlet0\" \"chami-redfish-outlet\" \"/usr/sbin/httppower -u https://{}:{}{OUTLETS} -H Content-Type:application/json |&\"\n",
        a[0],
        fleet.port()
    );
    assert!(conf.contains(&device), "{device} in\n{conf}");
    assert!(
        conf.contains("node \"n[1-2]\" \"chami-redfish-outlet0\" \"A[1-2]\"\n"),
        "{conf}"
    );
    let include = "include \"/etc/powerman/chami-redfish-outlet.dev\"\n";
    assert!(conf.contains(include), "{conf}");
    let dir = tempfile::tempdir().unwrap();
    let dev = dir.path().join("chami-redfish-outlet.dev");
    std::fs::write(&dev, render("powerman-outlets")).unwrap();
    let port = free_port();
    let conf = conf
        .replace(include, &format!("include \"{}\"\n", dev.display()))
        .replace("https://", "http://");
    let f = dir.path().join("powerman.conf");
    std::fs::write(&f, format!("listen \"127.0.0.1:{port}\"\n{conf}")).unwrap();
    let mut cmd = Command::new(&powermand);
    cmd.arg("-c").arg(&f).arg("-f").stdin(Stdio::null());
    let mut server = Server::start("powermand", &mut cmd, dir.path().join("powermand.log"));
    let host = format!("127.0.0.1:{port}");
    let query = || {
        let out = run(Command::new(&pm).args(["-h", &host, "-x", "-q"]));
        stdout(&out)
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(n, s)| (n.trim().to_string(), s.trim().to_string()))
            .collect::<BTreeMap<String, String>>()
    };
    let want = |n2: &str| -> BTreeMap<String, String> {
        [("n1", "on"), ("n2", n2)]
            .into_iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect()
    };
    server.wait_ready(|| query() == want("off"));
    let on = run(Command::new(&pm).args(["-h", &host, "-1", "n2"]));
    assert_code(&on, 0);
    assert_eq!(query(), want("on"), "{}", server.log());
    assert_eq!(fleet.resets(a[0]), ["A2:Off", "A2:On"]);
    server.stop();
}
