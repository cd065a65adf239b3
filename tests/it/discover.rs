//! `discover scan`, `discover collect` and `bmc …` against the project's Redfish test
//! fleet (tests/it/redfish_mock/), which serves the DMTF mockup bundles on loopback
//! addresses: listeners found exactly (and as nmap finds them), hardware figures as the
//! JSON files say, --write lint-clean and idempotent, faults reported per BMC, and
//! power, BIOS and firmware operations.

use super::harness::{assert_code, chami, interop_program, stderr, stdout, TestInventory};
use super::redfish_mock::{
    free_port, loopback_addrs, mockups_dir, private_file, Fault, Fleet, FleetConfig, Member, Pki,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::time::Duration;

pub(super) const RACK: &str = "public-rackmount1";
const BLADED: &str = "public-bladed";
const PDU: &str = "public-pdu";

pub(super) fn fleet(members: &[(Ipv4Addr, &str, Option<Fault>)], tls: bool, auth: bool) -> Fleet {
    Fleet::start(FleetConfig {
        members: members
            .iter()
            .map(|(addr, bundle, fault)| Member {
                addr: *addr,
                bundle: bundle.to_string(),
                fault: *fault,
            })
            .collect(),
        tls,
        latency: Duration::ZERO,
        auth: auth.then(|| ("admin".to_string(), "mock-pw".to_string())),
        port: 0,
    })
}

pub(super) fn json_lines(out: &std::process::Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

pub(super) fn file(bundle: &str, rel: &str) -> Value {
    let p = mockups_dir().join(bundle).join(rel).join("index.json");
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// The members of a collection in a bundle, as JSON read from the files.
fn members(bundle: &str, rel: &str) -> Vec<Value> {
    let dir = mockups_dir().join(bundle).join(rel);
    if !dir.join("index.json").is_file() {
        return vec![];
    }
    file(bundle, rel)["Members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let id = m["@odata.id"].as_str().unwrap();
            file(bundle, id.trim_start_matches("/redfish/v1/"))
        })
        .collect()
}

fn absent(v: &Value) -> bool {
    v["Status"]["State"] == "Absent"
}

/// What the files say a system has: (serial, MACs, CPU sockets, cores, memory MiB).
fn expected_system(bundle: &str, id: &str) -> (String, BTreeSet<String>, usize, u64, u64) {
    let base = format!("Systems/{id}");
    let sys = file(bundle, &base);
    let macs = members(bundle, &format!("{base}/EthernetInterfaces"))
        .iter()
        .filter(|n| {
            n["EthernetInterfaceType"] != "Virtual" && n["Links"]["HostInterface"].is_null()
        })
        .map(|n| {
            // The address in use, as DHCP sees it (the burned-in one only without it).
            n["MACAddress"]
                .as_str()
                .or(n["PermanentMACAddress"].as_str())
                .unwrap()
                .to_lowercase()
        })
        .collect();
    let cpus: Vec<Value> = members(bundle, &format!("{base}/Processors"))
        .into_iter()
        .filter(|p| !absent(p) && p["ProcessorType"].as_str().unwrap_or("CPU") == "CPU")
        .collect();
    let cores = cpus
        .iter()
        .map(|p| p["TotalCores"].as_u64().unwrap_or(0))
        .sum();
    let dimms: u64 = members(bundle, &format!("{base}/Memory"))
        .iter()
        .filter(|d| !absent(d))
        .map(|d| d["CapacityMiB"].as_u64().unwrap_or(0))
        .sum();
    let memory = if dimms > 0 {
        dimms
    } else {
        sys["MemorySummary"]["TotalSystemMemoryGiB"]
            .as_u64()
            .unwrap_or(0)
            * 1024
    };
    (
        sys["SerialNumber"].as_str().unwrap().to_string(),
        macs,
        cpus.len(),
        cores,
        memory,
    )
}

#[test]
fn scan_finds_exactly_the_listeners_and_agrees_with_nmap() {
    let base: Ipv4Addr = "127.71.0.0".parse().unwrap();
    let picks = [3u8, 9, 200];
    let members: Vec<(Ipv4Addr, &str, Option<Fault>)> = picks
        .iter()
        .map(|i| (Ipv4Addr::new(127, 71, 0, *i), RACK, None))
        .collect();
    let fleet = fleet(&members, false, false);
    let port = fleet.port();
    // An open port that is not Redfish: a listener that accepts and says nothing.
    let plain = std::net::TcpListener::bind(("127.71.0.77", port)).unwrap();
    let target = format!("{base}/24");
    let p = port.to_string();
    let out = chami()
        .args(["discover", "scan", &target, "-p", &p, "--timeout", "1s"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let found: Vec<String> = json_lines(&out)
        .iter()
        .map(|l| {
            assert_eq!(l["redfish"], true, "{l}");
            assert_eq!(l["redfish_version"], "1.15.0");
            l["address"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(found, ["127.71.0.3", "127.71.0.9", "127.71.0.200"]);
    assert!(
        stderr(&out).contains("4 open, 3 Redfish"),
        "{}",
        stderr(&out)
    );
    // The scan's lines feed collect directly.
    let inv = TestInventory::empty();
    let collected = inv.chami_stdin(&["discover", "collect", "-"], &stdout(&out));
    assert_code(&collected, 0);
    let serials: Vec<String> = json_lines(&collected)
        .iter()
        .map(|l| l["systems"][0]["serial"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(serials, ["437XR1138R2"; 3]);
    let all = chami()
        .args([
            "discover",
            "scan",
            &target,
            "-p",
            &p,
            "--timeout",
            "1s",
            "--all",
        ])
        .output()
        .unwrap();
    let open: BTreeSet<String> = json_lines(&all)
        .iter()
        .map(|l| l["address"].as_str().unwrap().to_string())
        .collect();
    assert!(open.contains("127.71.0.77"));
    drop(plain);
    let Some(nmap) = interop_program(
        "scan_finds_exactly_the_listeners_and_agrees_with_nmap",
        "nmap",
    ) else {
        return;
    };
    let plain = std::net::TcpListener::bind(("127.71.0.77", port)).unwrap();
    let out = std::process::Command::new(nmap)
        .args([
            "-n",
            "-Pn",
            "-sT",
            "-p",
            &p,
            "--open",
            "-T5",
            "--max-retries",
            "0",
            &target,
            "-oG",
            "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "nmap: {}", stderr(&out));
    let by_nmap: BTreeSet<String> = stdout(&out)
        .lines()
        .filter(|l| l.contains(&format!("{port}/open/tcp")))
        .filter_map(|l| {
            l.strip_prefix("Host: ")?
                .split_whitespace()
                .next()
                .map(str::to_string)
        })
        .collect();
    drop(plain);
    assert_eq!(by_nmap, open, "nmap and chami disagree");
}

#[test]
fn collect_reads_every_bundle_as_the_files_say_over_tls_with_sessions() {
    let addrs = loopback_addrs(3, "127.72.0.10".parse().unwrap());
    let fleet = fleet(
        &[
            (addrs[0], RACK, None),
            (addrs[1], BLADED, None),
            (addrs[2], PDU, None),
        ],
        true,
        true,
    );
    let scratch = tempfile::tempdir().unwrap();
    let pw = private_file(scratch.path(), "pw", "mock-pw\n");
    let p = fleet.port().to_string();
    let list: Vec<String> = addrs.iter().map(|a| format!("{a}:{p}")).collect();
    let mut args = vec![
        "discover",
        "collect",
        "-u",
        "admin",
        "--password-file",
        pw.to_str().unwrap(),
    ];
    args.extend(["--ca-cert", fleet.ca_pem_path().to_str().unwrap()]);
    args.extend(list.iter().map(String::as_str));
    let out = chami().args(&args).output().unwrap();
    assert_code(&out, 0);
    assert_eq!(fleet.sessions_open(), 0, "every session logged out");
    let mut by_addr: Vec<Value> = json_lines(&out);
    by_addr.sort_by_key(|r| r["address"].as_str().unwrap().to_string());
    assert_eq!(by_addr.len(), 3);
    for (rec, bundle) in by_addr.iter().zip([RACK, BLADED, PDU]) {
        assert_eq!(rec["ok"], true, "{rec}");
        let root = file(bundle, "");
        assert_eq!(rec["service"]["uuid"], root["UUID"]);
        let ids: Vec<String> = members(bundle, "Systems")
            .iter()
            .map(|s| s["Id"].as_str().unwrap().to_string())
            .collect();
        let systems = rec["systems"].as_array().unwrap();
        assert_eq!(systems.len(), ids.len(), "{bundle}");
        for (sys, id) in systems.iter().zip(&ids) {
            let (serial, macs, sockets, cores, memory) = expected_system(bundle, id);
            assert_eq!(sys["serial"], serial.as_str(), "{bundle} {id}");
            let got: BTreeSet<String> = sys["interfaces"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["mac"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(got, macs, "{bundle} {id}");
            let cpus = sys["cpus"].as_array().unwrap();
            assert_eq!(cpus.len(), sockets, "{bundle} {id}");
            let got_cores: u64 = cpus.iter().map(|c| c["cores"].as_u64().unwrap_or(0)).sum();
            assert_eq!(got_cores, cores, "{bundle} {id}");
            assert_eq!(
                sys["memory"]["total_mib"].as_u64().unwrap_or(0),
                memory,
                "{bundle} {id}"
            );
        }
        let managers = members(bundle, "Managers").len();
        assert_eq!(
            rec["managers"].as_array().unwrap().len(),
            managers,
            "{bundle}"
        );
    }
    // The rackmount server, spelled out: one CPU present of two, 8 cores, 16 threads.
    let rack = &by_addr[0]["systems"][0];
    assert_eq!(
        (
            rack["cpus"][0]["cores"].as_u64(),
            rack["cpus"][0]["threads"].as_u64()
        ),
        (Some(8), Some(16))
    );
    let fw: BTreeSet<&str> = by_addr[0]["firmware"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(fw, BTreeSet::from(["BIOS", "BMC", "SS"]));
    // Its second NIC's address was changed (MACAddress AA:BB:CC:DD:EE:00, burned-in
    // 12:44:6A:3B:88:90): the address in use is its mac, the burned-in one is kept.
    let changed = &file(RACK, "Systems/437XR1138R2/EthernetInterfaces/12446A3B8890");
    assert_ne!(changed["MACAddress"], changed["PermanentMACAddress"]);
    let nics: Vec<(&str, Option<&str>)> = rack["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["mac"].as_str().unwrap(), i["permanent_mac"].as_str()))
        .collect();
    assert!(
        nics.contains(&("aa:bb:cc:dd:ee:00", Some("12:44:6a:3b:88:90")))
            && nics.contains(&("12:44:6a:3b:04:11", None)),
        "{nics:?}"
    );

    // Without the CA the certificate is refused, and the error says what to pass.
    let out = chami()
        .args([
            "discover",
            "collect",
            &list[0],
            "-u",
            "admin",
            "--password-file",
            pw.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_code(&out, 1);
    let e = json_lines(&out)[0]["error"].as_str().unwrap().to_string();
    assert!(e.contains("--ca-cert") && e.contains("certificate"), "{e}");
    // Wrong password: refused, named.
    std::fs::write(&pw, "wrong\n").unwrap();
    let out = chami()
        .args([
            "discover",
            "collect",
            &list[0],
            "-u",
            "admin",
            "--password-file",
            pw.to_str().unwrap(),
            "-k",
        ])
        .output()
        .unwrap();
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("credentials refused"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_bmcs_own_self_signed_ca_certificate_given_by_ca_cert_is_pinned() {
    // Many BMCs show a self-signed certificate with CA:TRUE for a name they are not
    // reached by. WebPKI refuses it as a server certificate; given by --ca-cert, the exact
    // certificate is accepted (pinned), and any other is still refused.
    let addrs = loopback_addrs(1, "127.72.1.10".parse().unwrap());
    let start = || {
        Fleet::start_with(
            FleetConfig {
                members: vec![Member {
                    addr: addrs[0],
                    bundle: RACK.to_string(),
                    fault: None,
                }],
                tls: true,
                latency: Duration::ZERO,
                auth: Some(("admin".to_string(), "mock-pw".to_string())),
                port: 0,
            },
            Pki::SelfSignedCa,
        )
    };
    let fleet = start();
    let scratch = tempfile::tempdir().unwrap();
    let pw = private_file(scratch.path(), "pw", "mock-pw\n");
    let target = format!("{}:{}", addrs[0], fleet.port());
    let collect = |ca: &std::path::Path| {
        chami()
            .args(["discover", "collect", "-u", "admin", "--password-file"])
            .arg(&pw)
            .arg("--ca-cert")
            .arg(ca)
            .arg(&target)
            .output()
            .unwrap()
    };
    let out = collect(fleet.ca_pem_path());
    assert_code(&out, 0);
    let line = &json_lines(&out)[0];
    assert_eq!(line["ok"], true, "{line}");
    assert!(!line["systems"].as_array().unwrap().is_empty(), "{line}");
    // Another BMC's certificate of the same kind does not open this one.
    let other = start();
    let out = collect(other.ca_pem_path());
    assert_code(&out, 1);
    let e = json_lines(&out)[0]["error"].as_str().unwrap().to_string();
    assert!(e.contains("certificate"), "{e}");
    assert_eq!(fleet.sessions_open(), 0);
}

pub(super) fn discovery_inventory() -> TestInventory {
    let inv = TestInventory::empty();
    inv.write(
        "cluster.yaml",
        "format: 1\nname: lab\nnetworks:\n  - {name: bmc, cidr: 127.0.0.0/8}\n",
    );
    inv
}

#[test]
fn collect_write_is_lint_clean_and_the_second_run_changes_nothing() {
    let addrs = loopback_addrs(3, "127.73.0.10".parse().unwrap());
    let fleet = fleet(
        &[
            (addrs[0], RACK, None),
            (addrs[1], BLADED, None),
            (addrs[2], PDU, None),
        ],
        false,
        false,
    );
    let inv = discovery_inventory();
    // A node a person wrote: matched by its serial, its name and groups kept.
    inv.write(
        "nodes/web483.yaml",
        "name: web483\ngroups: [frontend]\nenabled: false\nhardware: {serial: 437XR1138R2}\n",
    );
    inv.write("groups/frontend.yaml", "name: frontend\n");
    let p = fleet.port().to_string();
    let list: Vec<String> = addrs.iter().map(|a| format!("http://{a}:{p}")).collect();
    let mut args = vec!["discover", "collect", "--write"];
    args.extend(list.iter().map(String::as_str));
    let out = inv.chami(&args);
    assert_code(&out, 0);
    assert!(stderr(&out).contains("node web483: "), "{}", stderr(&out));
    let web = inv.read("nodes/web483.yaml");
    assert!(
        web.contains("groups:\n- frontend") && web.contains("12:44:6a:3b:04:11"),
        "{web}"
    );
    assert!(
        web.contains("memory_mib: 98304") && web.contains("bmc: bmc-127-73-0-10"),
        "{web}"
    );
    let lint = inv.chami(&["inventory", "lint"]);
    assert_code(&lint, 0);
    for name in [
        "bmcs/bmc-127-73-0-11.yaml",
        "bmcs/bmc-127-73-0-12.yaml",
        "nodes/node-127-73-0-11-3.yaml",
    ] {
        assert!(inv.exists(name), "{name} missing; stderr: {}", stderr(&out));
    }
    let before = inv.snapshot();
    let again = inv.chami(&args);
    assert_code(&again, 0);
    assert!(
        stderr(&again).contains("nothing to write"),
        "{}",
        stderr(&again)
    );
    assert_eq!(inv.snapshot(), before, "the second run changed files");
    // A name map names new records; --dry-run writes nothing.
    let fresh = discovery_inventory();
    let map = fresh.path().join("../names.yaml");
    std::fs::write(
        &map,
        format!("{}: {{bmc: rack1-bmc, nodes: [rack1]}}\n", addrs[0]),
    )
    .unwrap();
    let out = fresh.chami(&[
        "discover",
        "collect",
        "--write",
        "--name-map",
        map.to_str().unwrap(),
        &list[0],
    ]);
    assert_code(&out, 0);
    assert!(fresh.exists("nodes/rack1.yaml") && fresh.exists("bmcs/rack1-bmc.yaml"));
    let dry = discovery_inventory();
    let out = dry.chami(&["discover", "collect", "--write", "--dry-run", &list[1]]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("+++ b/nodes/node-127-73-0-11.yaml\n"),
        "{}",
        stdout(&out)
    );
    assert!(!dry.exists("nodes/node-127-73-0-11.yaml"));
}

#[test]
fn a_node_recorded_with_the_burned_in_mac_is_updated_not_doubled() {
    // What chami recorded before it preferred the address in use: the burned-in MAC of
    // the rackmount server's second NIC, on a node that has nothing else to match by.
    let addrs = loopback_addrs(1, "127.73.1.10".parse().unwrap());
    let fleet = fleet(&[(addrs[0], RACK, None)], false, false);
    let inv = discovery_inventory();
    inv.write(
        "nodes/web483.yaml",
        "name: web483\nenabled: false\ninterfaces:\n- name: eth1\n  mac: 12:44:6a:3b:88:90\n",
    );
    let target = format!("http://{}:{}", addrs[0], fleet.port());
    let out = inv.chami(&["discover", "collect", "--write", &target]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("node web483: interface eth1 mac 12:44:6a:3b:88:90 → aa:bb:cc:dd:ee:00 (the address in use), burned-in 12:44:6a:3b:88:90 kept as permanent_mac"),
        "{}",
        stderr(&out)
    );
    let web = inv.read("nodes/web483.yaml");
    assert!(
        web.contains(
            "- name: eth1\n  mac: aa:bb:cc:dd:ee:00\n  permanent_mac: 12:44:6a:3b:88:90\n"
        ),
        "{web}"
    );
    assert_eq!(web.matches("12:44:6a:3b:88:90").count(), 1, "{web}");
    assert_eq!(
        web.matches("- name:").count(),
        2,
        "eth1 and the other NIC: {web}"
    );
    assert!(web.contains("mac: 12:44:6a:3b:04:11"), "{web}");
    let nodes: Vec<_> = std::fs::read_dir(inv.path().join("nodes"))
        .unwrap()
        .collect();
    assert_eq!(nodes.len(), 1, "no second node for the same NIC");
    assert_code(&inv.chami(&["inventory", "lint"]), 0);
    let before = inv.snapshot();
    assert_code(&inv.chami(&["discover", "collect", "--write", &target]), 0);
    assert_eq!(inv.snapshot(), before, "the second run changed files");
}

/// Runs chami and returns its output and its peak RSS in KiB (from wait4).
// The child is reaped by wait4 (for its rusage), not by Child::wait.
#[allow(clippy::zombie_processes)]
fn run_measured(args: &[&str]) -> (std::process::Output, i64) {
    use std::io::Read;
    let mut child = chami()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let t = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let mut o = Vec::new();
    out.read_to_end(&mut o).unwrap();
    let e = t.join().unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for this child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: pid is our own child, not yet reaped.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    use std::os::unix::process::ExitStatusExt;
    let output = std::process::Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: o,
        stderr: e,
    };
    (output, usage.ru_maxrss)
}

#[test]
fn faults_are_reported_per_bmc_within_the_timeout_and_the_rest_completes() {
    let a = loopback_addrs(8, "127.74.0.10".parse().unwrap());
    let fleet = fleet(
        &[
            (a[0], RACK, None),
            (a[1], RACK, Some(Fault::Hang)),
            (a[2], RACK, Some(Fault::InvalidJson)),
            (a[3], RACK, Some(Fault::Huge(100 << 20))),
            (a[4], RACK, Some(Fault::Status500)),
            (a[5], RACK, Some(Fault::Truncated)),
            (a[6], RACK, Some(Fault::FailFirst(2))),
            (a[7], BLADED, None),
        ],
        false,
        false,
    );
    let p = fleet.port().to_string();
    let list: Vec<String> = a.iter().map(|x| format!("http://{x}:{p}")).collect();
    let mut args = vec!["discover", "collect", "--timeout", "2s", "--retries", "2"];
    args.extend(list.iter().map(String::as_str));
    let started = std::time::Instant::now();
    let (out, max_rss_kib) = run_measured(&args);
    let took = started.elapsed();
    assert_code(&out, 1);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 8, "one line per BMC: {}", stdout(&out));
    let by: std::collections::HashMap<String, &Value> = lines
        .iter()
        .map(|l| (l["address"].as_str().unwrap().to_string(), l))
        .collect();
    let err = |i: usize| {
        by[&a[i].to_string()]["error"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    for ok in [0, 6, 7] {
        assert_eq!(
            by[&a[ok].to_string()]["ok"],
            true,
            "{}",
            by[&a[ok].to_string()]
        );
    }
    assert!(
        err(1).contains("no answer") && err(1).contains("timeout"),
        "{}",
        err(1)
    );
    assert!(err(2).contains("not valid JSON"), "{}", err(2));
    assert!(err(3).contains("larger than 16777216 bytes"), "{}", err(3));
    assert!(
        err(4).contains("HTTP 500") && err(4).contains("injected fault"),
        "{}",
        err(4)
    );
    assert!(err(5).contains("broke off"), "{}", err(5));
    // The hung BMC is given up after one 2 s timeout (no retry: the error names that
    // timeout); the 100 MB body is cut at the 16 MiB cap, so memory stays bounded.
    assert!(err(1).contains("within 2.0 s"), "{}", err(1));
    assert!(
        max_rss_kib < 150 * 1024,
        "peak RSS {max_rss_kib} KiB (run took {took:?})"
    );
    assert!(
        stderr(&out).contains("collected 3 BMCs"),
        "{}",
        stderr(&out)
    );
}

pub(super) fn bmc_inventory(fleet: &Fleet, addrs: &[Ipv4Addr]) -> TestInventory {
    let inv = discovery_inventory();
    for (i, a) in addrs.iter().enumerate() {
        inv.write(
            &format!("bmcs/b{i}.yaml"),
            &format!(
                "name: b{i}\nip: {a}\nport: {}\nnetwork: bmc\n",
                fleet.port()
            ),
        );
        inv.write(
            &format!("nodes/n{i}.yaml"),
            &format!("name: n{i}\nenabled: false\nbmc: b{i}\ngroups: [rack]\n"),
        );
    }
    inv.write("groups/rack.yaml", "name: rack\n");
    inv
}

#[test]
fn bmc_power_bios_and_firmware_against_the_mock_fleet() {
    let a = loopback_addrs(3, "127.75.0.10".parse().unwrap());
    let fleet = fleet(
        &[
            (a[0], RACK, None),
            (a[1], RACK, None),
            (a[2], RACK, Some(Fault::Hang)),
        ],
        true,
        true,
    );
    let inv = bmc_inventory(&fleet, &a);
    let secrets_dir = tempfile::tempdir().unwrap();
    let secrets = secrets_dir.path().join("secrets.yaml");
    std::fs::write(&secrets, "default: {username: admin, password: mock-pw}\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o644)).unwrap();
    let ca = fleet.ca_pem_path().to_str().unwrap().to_string();
    let conn = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        v.extend([
            "--secrets".into(),
            secrets.to_str().unwrap().into(),
            "--ca-cert".into(),
            ca.clone(),
            "--timeout".into(),
            "2s".into(),
        ]);
        v
    };
    let run = |args: Vec<String>| inv.chami(&args.iter().map(String::as_str).collect::<Vec<_>>());
    // A secrets file others can read is refused before anything is sent.
    let out = run(conn(&["bmc", "power", "status", "n0"]));
    assert_code(&out, 2);
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600)).unwrap();

    let sys = "/redfish/v1/Systems/437XR1138R2";
    let out = run(conn(&["bmc", "power", "off", "n[0-2]"]));
    assert_code(&out, 1);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    for l in &lines {
        let ok = l["node"] != "n2";
        assert_eq!(l["ok"], ok, "{l}");
    }
    assert_eq!(fleet.power_state(a[0], sys).as_deref(), Some("Off"));
    assert_eq!(fleet.power_state(a[1], sys).as_deref(), Some("Off"));
    assert!(
        stderr(&out).contains("2 of 3 succeeded"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fleet.sessions_open(), 0);
    let out = run(conn(&["bmc", "power", "cycle", "n0"]));
    assert_code(&out, 0);
    assert_eq!(
        json_lines(&out)[0]["reset_type"],
        "On",
        "an Off node is cycled by powering it on"
    );
    let out = run(conn(&["bmc", "power", "status", "b0"]));
    assert_eq!(json_lines(&out)[0]["power_state"], "On");

    // BIOS: read one attribute, stage a change, refuse an unknown name.
    let out = run(conn(&["bmc", "bios", "get", "n0", "BootMode"]));
    assert_code(&out, 0);
    assert_eq!(json_lines(&out)[0]["attributes"]["BootMode"], "Uefi");
    let out = run(conn(&[
        "bmc",
        "bios",
        "set",
        "n1",
        "BootMode=Legacy",
        "NicBoot1=Disabled",
    ]));
    assert_code(&out, 0);
    let pending = fleet.bios_pending(a[1], &format!("{sys}/Bios/Settings"));
    assert_eq!(
        (pending["BootMode"].as_str(), pending["NicBoot1"].as_str()),
        (Some("Legacy"), Some("Disabled"))
    );
    let out = run(conn(&["bmc", "bios", "set", "n1", "BootMod=Legacy"]));
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("no BIOS attribute `BootMod`"),
        "{}",
        stdout(&out)
    );

    // Firmware: list, update followed to completion, a failing task reported.
    let out = run(conn(&["bmc", "firmware", "list", "n0"]));
    assert_code(&out, 0);
    assert_eq!(json_lines(&out)[0]["firmware"].as_array().unwrap().len(), 3);
    let out = run(conn(&[
        "bmc",
        "firmware",
        "update",
        "n[0-1]",
        "--image-uri",
        "http://127.0.0.1/bmc-1.46.bin",
        "--poll",
        "50ms",
    ]));
    assert_code(&out, 0);
    for l in json_lines(&out) {
        assert_eq!(l["task_state"], "Completed", "{l}");
    }
    assert_eq!(
        fleet.firmware_updates(a[0]),
        ["http://127.0.0.1/bmc-1.46.bin"]
    );
    let out = run(conn(&[
        "bmc",
        "firmware",
        "update",
        "n0",
        "--image-uri",
        "http://127.0.0.1/fail.bin",
        "--poll",
        "50ms",
    ]));
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("ended in Exception"),
        "{}",
        stdout(&out)
    );
    assert_eq!(fleet.sessions_open(), 0);
}

#[test]
fn a_secrets_file_inside_the_inventory_is_refused() {
    let inv = discovery_inventory();
    inv.write("secrets.yaml", "default: {username: a, password: b}\n");
    let path = inv.path().join("secrets.yaml");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let port = free_port().to_string();
    let out = inv.chami(&[
        "discover",
        "collect",
        "--secrets",
        path.to_str().unwrap(),
        &format!("127.0.0.1:{port}"),
    ]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("inside the inventory folder"),
        "{}",
        stderr(&out)
    );
}

/// curl's view of a URL: (status, body).
fn curl_get(url: &str) -> (u16, String) {
    let out = std::process::Command::new("curl")
        .args(["-s", "-o", "-", "-w", "\n%{http_code}", url])
        .output()
        .expect("curl");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let (body, code) = text.rsplit_once('\n').unwrap();
    (code.parse().unwrap_or(0), body.to_string())
}

#[test]
fn the_mock_serves_bundles_on_several_addresses() {
    let addrs = loopback_addrs(2, "127.91.0.1".parse().unwrap());
    let fleet = Fleet::start(FleetConfig {
        members: vec![
            Member {
                addr: addrs[0],
                bundle: "public-rackmount1".into(),
                fault: None,
            },
            Member {
                addr: addrs[1],
                bundle: "public-pdu".into(),
                fault: None,
            },
        ],
        tls: false,
        latency: Duration::ZERO,
        auth: None,
        port: 0,
    });
    let p = fleet.port();
    let (code, body) = curl_get(&format!("http://{}:{p}/redfish/v1/", addrs[0]));
    assert_eq!(code, 200);
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(mockups_dir().join("public-rackmount1/index.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        file
    );
    let (code, _) = curl_get(&format!("http://{}:{p}/redfish/v1/Systems", addrs[1]));
    assert_eq!(code, 404, "the PDU has no systems");
    assert_eq!(fleet.requests(addrs[0]), 1);
    assert_eq!(fleet.total_requests(), 2);
}
