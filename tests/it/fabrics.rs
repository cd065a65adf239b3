//! High-speed fabrics end to end: the lint rules on GUIDs, partition keys and fabrics
//! (each naming file and line), OpenSM's partitions.conf against the grammar of
//! opensm(8), fabric attributes in genders (read by nodeattr) and Slurm, `-ib0` names in
//! hosts and dnsmasq (checked by dnsmasq), and IPoIB and VLAN interfaces in the
//! network-config seed as cloud-init's own parser reads it.

use super::harness::{
    assert_code, chami, interop_program, run, stderr, stdout, TestInventory, CLUSTER_YAML,
};
use super::lint_rules::expect_lint;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const FABRIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/fabric");

/// The test cluster with an IPoIB network `ib` (10.9.0.0/16) after `bmc`.
fn cluster_with_ib() -> String {
    CLUSTER_YAML.replacen(
        "boot_server:",
        "- name: ib\n  cidr: 10.9.0.0/16\n  fabric: infiniband\nboot_server:",
        1,
    )
}

/// Node `name` (NID and addresses from `n`) with an IPoIB port `ib0` of GUID `guid` as
/// written (line 12 of the file).
fn ib_node(name: &str, n: u8, guid: &str) -> String {
    format!(
        "{}- name: ib0\n  network: ib\n  ip: 10.9.0.{n}\n  guid: {guid}\n",
        super::harness::node_yaml(name, n)
    )
}

fn render(dir: &Path, target: &str) -> String {
    let out = run(chami().arg("-C").arg(dir).args(["render", target]));
    assert_code(&out, 0);
    stdout(&out)
}

// ---------------------------------------------------------------------------------------
// Lint.

#[test]
fn duplicate_guid_in_any_spelling_names_both_places() {
    let cluster = cluster_with_ib();
    let a = ib_node("a", 2, "0x0002c903000e0b71");
    let b = ib_node("b", 3, "0002:C903:000E:0B71");
    expect_lint(
        &[
            ("cluster.yaml", &cluster),
            ("nodes/a.yaml", &a),
            ("nodes/b.yaml", &b),
        ],
        "duplicate-guid",
        &[
            "nodes/b.yaml:12:",
            "0x0002c903000e0b71",
            "interface ib0 of node a (nodes/a.yaml:12)",
        ],
    );
}

#[test]
fn guid_of_the_wrong_length_is_named() {
    let cluster = cluster_with_ib();
    let b = ib_node("b", 3, "0x2c903000e0b71");
    expect_lint(
        &[("cluster.yaml", &cluster), ("nodes/b.yaml", &b)],
        "guid-malformed",
        &["nodes/b.yaml:12:", "`0x2c903000e0b71`", "16 hex digits"],
    );
}

#[test]
fn pkey_out_of_range_is_named() {
    expect_lint(
        &[("groups/g.yaml", "name: g\ndescription: x\npkey: 0x8001\n")],
        "pkey-range",
        &["groups/g.yaml:3:", "0x8001", "0x0001 to 0x7fff"],
    );
    expect_lint(
        &[("tenants/t.yaml", "name: t\npkey: 0\n")],
        "pkey-range",
        &["tenants/t.yaml:2:"],
    );
}

#[test]
fn pkey_collisions_and_the_default_key_are_named() {
    let files = [
        ("groups/g.yaml", "name: g\npkey: 0x0012\n"),
        ("tenants/t.yaml", "name: t\nowners: [a@b.c]\npkey: '0x12'\n"),
        ("groups/h.yaml", "name: h\n\npkey: 0x7fff\n"),
    ];
    expect_lint(
        &files,
        "pkey-collision",
        &["tenants/t.yaml:3:", "0x0012", "group g (groups/g.yaml:2)"],
    );
    expect_lint(
        &files,
        "pkey-collision",
        &["groups/h.yaml:3:", "default partition"],
    );
}

#[test]
fn interface_on_a_fabric_without_network_is_named() {
    let node = format!(
        "{}- name: hsn0\n  fabric: slingshot\n  nic_address: 0x0a1b2\n",
        super::harness::node_yaml("b", 3)
    );
    expect_lint(
        &[("nodes/b.yaml", &node)],
        "fabric-network",
        &[
            "nodes/b.yaml:10:",
            "hsn0",
            "slingshot",
            "add a network with `fabric: slingshot`",
        ],
    );
    // An InfiniBand interface put on the Ethernet management network.
    let cluster = cluster_with_ib();
    let node = format!(
        "{}- name: ib0\n  network: mgmt\n  fabric: infiniband\n",
        super::harness::node_yaml("c", 4)
    );
    expect_lint(
        &[("cluster.yaml", &cluster), ("nodes/c.yaml", &node)],
        "fabric-network",
        &["nodes/c.yaml:11:", "its network mgmt is ethernet"],
    );
}

#[test]
fn guid_on_an_ethernet_port_and_vlan_without_parent_are_named() {
    let node = format!(
        "{}- name: eth1\n  guid: 0x0002c903000e0b71\n- name: vlan7\n  vlan: 7\n",
        super::harness::node_yaml("b", 3)
    );
    expect_lint(
        &[("nodes/b.yaml", &node)],
        "fabric-address",
        &["nodes/b.yaml:10:", "InfiniBand GUID but is on ethernet"],
    );
    expect_lint(
        &[("nodes/b.yaml", &node)],
        "fabric-address",
        &["nodes/b.yaml:11:", "vlan7 has no parent"],
    );
}

// ---------------------------------------------------------------------------------------
// OpenSM partitions.conf.

/// The partitions.conf grammar of opensm(8) ("PARTITION CONFIGURATION"), as chami writes
/// it, checked strictly: every line a comment, the default partition with SELF full, a
/// partition header `NAME=PKEY, ipoib :` (its port list on the same line when empty) or
/// one `0xGUID=full` port per line, `,` between ports and ` ;` after the last; P_Keys
/// unique and in 0x0001-0x7fff, GUIDs 64-bit; no line reaching OpenSM's 4095-byte buffer.
/// Returns partition name → (pkey, GUIDs).
pub(crate) fn check_partitions(text: &str) -> Result<Vec<(String, u16, Vec<u64>)>, String> {
    let mut parts: Vec<(String, u16, Vec<u64>)> = Vec::new();
    let mut open = false;
    let mut default_seen = false;
    let hex = |s: &str, digits: usize| -> Option<u64> {
        let h = s.strip_prefix("0x")?;
        (h.len() == digits && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u64::from_str_radix(h, 16).ok())
            .flatten()
    };
    for (n, line) in text.lines().enumerate() {
        let at = |why: &str| format!("line {}: {why}: {line:?}", n + 1);
        if line.len() >= 4095 {
            return Err(at("longer than OpenSM's line buffer"));
        }
        if line.starts_with('#') {
            continue;
        }
        if line == "Default=0x7fff, ipoib : ALL=full, SELF=full ;" {
            if default_seen || open {
                return Err(at("a second default partition"));
            }
            default_seen = true;
            continue;
        }
        if open {
            let port = line
                .strip_prefix("  ")
                .ok_or_else(|| at("not a port line"))?;
            let (entry, last) = match (port.strip_suffix(" ;"), port.strip_suffix(',')) {
                (Some(e), None) => (e, true),
                (None, Some(e)) => (e, false),
                _ => return Err(at("a port must end with `,` or ` ;`")),
            };
            let guid = entry
                .strip_suffix("=full")
                .and_then(|g| hex(g, 16))
                .filter(|g| *g != 0)
                .ok_or_else(|| at("not PORTGUID=full"))?;
            parts.last_mut().expect("open").2.push(guid);
            open = !last;
            continue;
        }
        let (head, rest) = line.split_once(" : ").map_or_else(
            || (line.strip_suffix(" :"), Some("")),
            |(h, r)| (Some(h), Some(r)),
        );
        let head = head.ok_or_else(|| at("no `:` after the partition definition"))?;
        let (name, flags) = head.split_once(", ").ok_or_else(|| at("no flags"))?;
        if flags != "ipoib" {
            return Err(at("unknown partition flag"));
        }
        let (name, pkey) = name.split_once('=').ok_or_else(|| at("no P_Key"))?;
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
        {
            return Err(at("partition name with a delimiter"));
        }
        let pkey = hex(pkey, 4)
            .filter(|p| (1..0x7fff).contains(p))
            .ok_or_else(|| at("P_Key not in 0x0001-0x7ffe"))? as u16;
        if parts.iter().any(|p| p.1 == pkey) {
            return Err(at("P_Key used twice"));
        }
        parts.push((name.to_string(), pkey, Vec::new()));
        match rest {
            Some(";") => {}
            Some("") => open = true,
            _ => return Err(at("ports must follow one per line")),
        }
    }
    if open {
        return Err("the last partition is not closed with `;`".into());
    }
    if !default_seen {
        return Err("no default partition".into());
    }
    Ok(parts)
}

#[test]
fn opensm_partitions_follow_the_documented_grammar() {
    let text = render(Path::new(FABRIC), "opensm-partitions");
    let parts = check_partitions(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let guid = |i: u64| 0x0002_c903_00a1_b200 + i;
    assert_eq!(
        parts,
        vec![
            ("compute".to_string(), 0x10, (1..=4).map(guid).collect()),
            ("chem".to_string(), 0x20, vec![guid(3), guid(4)]),
        ]
    );
    // The checker can fail: each of these breaks the grammar.
    for (from, to) in [
        ("=full ;", "=full"),
        ("=full,", "=full ;"),
        ("compute=0x0010", "compute=0x8010"),
        ("chem=0x0020", "chem=0x0010"),
        ("0x0002c90300a1b201", "0x2c90300a1b201"),
        ("Default=0x7fff, ipoib : ALL=full, SELF=full ;", ""),
    ] {
        assert!(
            check_partitions(&text.replacen(from, to, 1)).is_err(),
            "{from} → {to} passed"
        );
    }
    // A partition whose nodes have no InfiniBand port is empty, not missing.
    let inv = TestInventory::new();
    inv.write("groups/g.yaml", "name: g\npkey: 0x0042\n");
    let text = render(inv.path(), "opensm-partitions");
    assert!(text.contains("\ng=0x0042, ipoib : ;\n"), "{text}");
    check_partitions(&text).unwrap();
}

// ---------------------------------------------------------------------------------------
// genders, Slurm, hosts, DNS.

#[test]
fn genders_and_slurm_carry_the_fabrics() {
    let genders = render(Path::new(FABRIC), "genders");
    let slurm = render(Path::new(FABRIC), "slurm");
    assert!(
        slurm.contains("\nNodeName=cn[01-04] CPUs=128 Sockets=2 CoresPerSocket=32 ThreadsPerCore=2 RealMemory=256902 Features=infiniband,roce State=UNKNOWN\n"),
        "{slurm}"
    );
    let Some(nodeattr) = interop_program("fabrics::genders", "nodeattr") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("genders");
    std::fs::write(&f, &genders).unwrap();
    let q = |args: &[&str]| run(Command::new(&nodeattr).arg("-f").arg(&f).args(args));
    let check = q(&["-k"]);
    assert!(
        format!("{}{}", stdout(&check), stderr(&check)).contains("0 parse errors"),
        "{genders}"
    );
    for attr in ["fabric_infiniband", "fabric_roce"] {
        let out = q(&["-n", attr]);
        assert_code(&out, 0);
        let said = stdout(&out);
        let nodes: BTreeSet<&str> = said.lines().map(str::trim).collect();
        assert_eq!(
            nodes,
            ["cn01", "cn02", "cn03", "cn04"].into_iter().collect(),
            "{attr}"
        );
    }
}

#[test]
fn fabric_interfaces_get_host_names_dnsmasq_answers() {
    let hosts = render(Path::new(FABRIC), "hosts");
    assert!(hosts.contains("\n10.21.0.11\tcn01-ib0\n"), "{hosts}");
    assert!(hosts.contains("\n10.22.0.14\tcn04-eth1-22\n"), "{hosts}");
    let dns = render(Path::new(FABRIC), "dnsmasq-dns");
    assert!(dns.contains("\nhost-record=cn02-ib0,10.21.0.12\n"), "{dns}");
    let Some(dnsmasq) = interop_program("fabrics::dnsmasq", "dnsmasq") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dns.conf");
    std::fs::write(&f, &dns).unwrap();
    let out = run(Command::new(dnsmasq).arg("--test").arg("-C").arg(&f));
    assert!(out.status.success(), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// cloud-init network-config.

/// The Python that runs cloud-init (its script's `#!` line), to call its own parser.
fn cloud_init_python(test: &str) -> Option<String> {
    let script = interop_program(test, "cloud-init")?;
    let text = std::fs::read_to_string(script).ok()?;
    let first = text.lines().next()?.strip_prefix("#!")?.trim();
    Some(first.to_string())
}

/// cloud-init's v2 parser over `config`: one `name type mac mtu vlan_id link address`
/// line per interface, or its error.
fn cloud_init_reads(python: &str, config: &str) -> Result<String, String> {
    const PARSE: &str = "
import sys, yaml
from cloudinit.net.network_state import parse_net_config_data
ns = parse_net_config_data(yaml.safe_load(sys.stdin.read()), skip_broken=False)
for i in ns.iter_interfaces():
    addrs = ','.join('%s/%s' % (s.get('address'), s.get('prefix')) for s in i['subnets'] if s.get('address'))
    print(i['name'], i['type'], i.get('mac_address'), i.get('mtu'), i.get('vlan_id'), i.get('vlan-raw-device'), addrs)
    for s in i['subnets']:
        for r in s.get('routes', []):
            print('route', i['name'], r.get('network'), r.get('prefix'), r.get('gateway'))
";
    let out = super::harness::run_stdin(Command::new(python).args(["-c", PARSE]), config);
    if out.status.success() {
        Ok(stdout(&out))
    } else {
        Err(stderr(&out))
    }
}

#[test]
fn network_config_seed_with_ipoib_and_vlan_is_read_by_cloud_init() {
    let test = "fabrics::network_config";
    let port = super::serve::free_port();
    let inv = super::serve::inventory(port);
    let cluster = inv.read("cluster.yaml").replacen(
        "networks:\n",
        "networks:\n  - {name: ib, cidr: 10.9.0.0/16, mtu: 2044, fabric: infiniband}\n  - {name: storage, cidr: 10.22.0.0/24, gateway: 10.22.0.1, vlan: 22}\n",
        1,
    );
    inv.write("cluster.yaml", &cluster);
    let n1 = inv.read("nodes/n1.yaml")
        + "  - {name: ib0, network: ib, ip: 10.9.0.11, guid: 0x0002c903000e0b71, mtu: 65520}\n\
           \x20 - {name: eth0.22, vlan: 22, network: storage, ip: 10.22.0.11}\n";
    inv.write("nodes/n1.yaml", &n1);
    let srv = super::serve::Server::start(&inv, &[]);
    let (status, config) =
        super::serve::body(&srv.url("/cloud-init/network-config"), Some("127.0.0.11"));
    assert_eq!(status, 200, "{config}");
    let Some(python) = cloud_init_python(test) else {
        return;
    };
    let read = cloud_init_reads(&python, &config).unwrap_or_else(|e| panic!("{e}\n{config}"));
    let lines: BTreeSet<&str> = read.lines().collect();
    let want: BTreeSet<&str> = [
        "eth0 physical 02:00:00:00:00:11 None None None 127.0.0.11/8",
        "ib0 physical None 65520 None None 10.9.0.11/16",
        "eth0.22 vlan None None 22 eth0 10.22.0.11/24",
        "route eth0.22 0.0.0.0 0 10.22.0.1",
    ]
    .into_iter()
    .collect();
    assert_eq!(lines, want, "{config}");
    // The parser can fail: netplan's `to: default`, which chami wrote before, is refused.
    let netplan_only = config.replace("to: \"0.0.0.0/0\"", "to: default");
    assert!(netplan_only != config);
    assert!(cloud_init_reads(&python, &netplan_only).is_err());
}
