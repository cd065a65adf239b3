//! `chami inventory lint`: every lint rule, each proven by a small broken inventory that
//! must produce that error with its file, line, record and a useful message; all errors
//! of a run are reported at once; the JSON and GitHub output formats; a clean inventory
//! passes.

use crate::harness::{
    assert_code, list_item, node_yaml, stderr, stdout, TestInventory, CLUSTER_YAML,
};
use std::process::Output;

/// A node on mgmt with its own NID, MAC and IP (lines: 1 name, 2 nid, 5 mac, 7 ip).
fn node_with(name: &str, nid: u32, mac: &str, ip: &str) -> String {
    format!(
        "name: {name}\nnid: {nid}\ninterfaces:\n- name: eth0\n  mac: {mac}\n  network: mgmt\n  ip: {ip}\n  boot: true\n"
    )
}

/// A clean inventory with `files` written over it (a `cluster.yaml` entry replaces the
/// clean one), and the output of `inventory lint` on it.
fn lint_with(files: &[(&str, &str)], extra: &[&str]) -> (TestInventory, Output) {
    let inv = TestInventory::new();
    for (path, text) in files {
        inv.write(path, text);
    }
    let mut args = vec!["inventory", "lint"];
    args.extend_from_slice(extra);
    let out = inv.chami(&args);
    (inv, out)
}

/// The findings of a human lint report: each `error[…]`/`warning[…]` line with its
/// indented help lines.
fn findings(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("error[") || line.starts_with("warning[") {
            out.push(line.to_string());
        } else if line.starts_with("  ") {
            if let Some(last) = out.last_mut() {
                last.push('\n');
                last.push_str(line);
            }
        }
    }
    out
}

/// Lints `files`; asserts exit 1 and one `error[rule]` finding that contains every
/// needle. Returns stderr.
pub(super) fn expect_lint(files: &[(&str, &str)], rule: &str, needles: &[&str]) -> String {
    let (_inv, out) = lint_with(files, &[]);
    assert_code(&out, 1);
    let err = stderr(&out);
    let prefix = format!("error[{rule}]: ");
    let found = findings(&err)
        .into_iter()
        .any(|f| f.starts_with(&prefix) && needles.iter().all(|n| f.contains(n)));
    assert!(
        found,
        "no `error[{rule}]` finding containing all of {needles:?}\n--- stderr\n{err}"
    );
    err
}

/// Lints `files`; asserts exit 0 (no error) and one `warning[rule]` finding that contains
/// every needle. Returns stderr.
fn expect_warning(files: &[(&str, &str)], rule: &str, needles: &[&str]) -> String {
    let err = expect_clean(files);
    let prefix = format!("warning[{rule}]: ");
    let found = findings(&err)
        .into_iter()
        .any(|f| f.starts_with(&prefix) && needles.iter().all(|n| f.contains(n)));
    assert!(
        found,
        "no `warning[{rule}]` finding containing all of {needles:?}\n--- stderr\n{err}"
    );
    err
}

/// Lints `files`; asserts exit 0 and no error. Returns stderr.
fn expect_clean(files: &[(&str, &str)]) -> String {
    let (_inv, out) = lint_with(files, &[]);
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(err.contains(" 0 error(s)"), "{err}");
    assert!(!err.contains("error["), "{err}");
    err
}

/// The 1-based line of the `n`th (1-based) line of `text` that contains `needle`.
fn nth_line(text: &str, needle: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(n - 1)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("`{needle}` #{n} not in\n{text}"))
}

fn cluster_with(from: &str, to: &str) -> String {
    assert!(CLUSTER_YAML.contains(from), "{from}");
    CLUSTER_YAML.replacen(from, to, 1)
}

// ---------------------------------------------------------------------------------------
// A clean inventory
// ---------------------------------------------------------------------------------------

#[test]
fn clean_inventory_lints_with_no_error() {
    let a = node_yaml("a", 2);
    let b = format!("{}bmc: b-bmc\ngroups:\n- compute\n", node_yaml("b", 3));
    let err = expect_clean(&[
        ("nodes/a.yaml", &a),
        ("nodes/b.yaml", &b),
        (
            "bmcs/b-bmc.yaml",
            "name: b-bmc\nip: 10.1.0.3\nnetwork: bmc\n",
        ),
        ("groups/compute.yaml", "name: compute\ntenant: physics\n"),
        (
            "tenants/physics.yaml",
            "name: physics\nowners:\n- '@org/physics'\n",
        ),
    ]);
    assert!(
        err.contains("2 nodes, 1 bmcs, 1 groups, 1 tenants: 0 error(s)"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// parse, format-version, invalid-name
// ---------------------------------------------------------------------------------------

#[test]
fn parse_bad_yaml() {
    expect_lint(
        &[("nodes/b.yaml", "name: b\nnid: 3\nrole: x: y\n")],
        "parse",
        &[
            "nodes/b.yaml:3:8:",
            "invalid node record",
            "mapping values are not allowed",
        ],
    );
}

#[test]
fn parse_deep_nesting_is_refused_at_its_line() {
    // 100,000 nested `[` once took 31 s in libyaml; the depth pre-check stops at the limit.
    let deep = format!("name: b\nnid: 3\nvars:\n  a: {}\n", "[".repeat(100_000));
    let err = expect_lint(
        &[("nodes/b.yaml", &deep)],
        "parse",
        &["nodes/b.yaml:4:", "nested deeper than 64 levels"],
    );
    assert!(
        err.len() < 2_000,
        "the message quotes the whole file: {err:.300}"
    );
}

#[test]
fn parse_unknown_field_names_the_valid_fields() {
    expect_lint(
        &[("nodes/b.yaml", "name: b\nnid: 3\nrol: Compute\n")],
        "parse",
        &[
            "nodes/b.yaml:3:",
            "unknown field `rol`",
            "help:",
            "`role`",
            "`interfaces`",
        ],
    );
}

#[test]
fn format_version() {
    let cluster = format!(
        "# a newer inventory\n{}",
        cluster_with("format: 1", "format: 2")
    );
    expect_lint(
        &[("cluster.yaml", &cluster)],
        "format-version",
        &[
            "cluster.yaml:2:",
            "format 2 is not supported",
            "upgrade chami",
        ],
    );
}

#[test]
fn invalid_name() {
    let bad = node_with("bad_name", 3, "02:00:00:00:00:03", "10.0.0.3");
    expect_lint(
        &[("nodes/bad.yaml", &bad)],
        "invalid-name",
        &[
            "nodes/bad.yaml:1:",
            "node bad_name",
            "`bad_name` is not a valid node name",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// duplicates
// ---------------------------------------------------------------------------------------

#[test]
fn duplicate_name_two_nodes() {
    let again = node_with("a", 3, "02:00:00:00:00:03", "10.0.0.3");
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("nodes/a2.yaml", &again),
        ],
        "duplicate-name",
        &[
            "nodes/a2.yaml:1:",
            "node a:",
            "name `a` is also used by node a (nodes/a.yaml:1)",
        ],
    );
}

#[test]
fn a_name_another_node_publishes_for_an_interface_is_taken() {
    // Node a's eth0 is `a-eth0` in /etc/hosts and DNS: a node so named would share it.
    let b = "name: a-eth0\nnid: 3\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:03\n  network: mgmt\n  ip: 10.0.0.3\n  boot: true\n";
    expect_lint(
        &[("nodes/a.yaml", &node_yaml("a", 2)), ("nodes/b.yaml", b)],
        "duplicate-name",
        &[
            "nodes/b.yaml:1:",
            "name `a-eth0` is also the host name of interface eth0 of node a (nodes/a.yaml:4)",
        ],
    );
    // Two interfaces of two nodes: `x` + `y-z` and `x-y` + `z`.
    let x = "name: x\nnid: 4\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:04\n  network: mgmt\n  ip: 10.0.0.4\n  boot: true\n- name: y.z\n  mac: 02:00:00:00:01:04\n  network: mgmt\n  ip: 10.0.0.5\n";
    let xy = "name: x-y\nnid: 5\ninterfaces:\n- name: z\n  mac: 02:00:00:00:00:05\n  network: mgmt\n  ip: 10.0.0.6\n  boot: true\n";
    let err = expect_lint(
        &[("nodes/x.yaml", x), ("nodes/xy.yaml", xy)],
        "duplicate-name",
        &[
            "nodes/xy.yaml:4:",
            "interface z publishes the host name `x-y-z`, as interface y.z of node x (nodes/x.yaml:9) does",
        ],
    );
    assert_eq!(err.matches("error[duplicate-name]").count(), 1, "{err}");
    // A BMC whose fqdn is a node's DNS name.
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            (
                "bmcs/a-bmc.yaml",
                "name: a-bmc\nip: 10.1.0.2\nfqdn: a.test.local\n",
            ),
        ],
        "duplicate-name",
        &[
            "bmcs/a-bmc.yaml:3:",
            "fqdn `a.test.local` is also the DNS name of node a (nodes/a.yaml:1)",
        ],
    );
}

#[test]
fn duplicate_name_node_and_bmc() {
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("bmcs/a.yaml", "name: a\nip: 10.1.0.2\n"),
        ],
        "duplicate-name",
        &[
            "bmcs/a.yaml:1:",
            "bmc a:",
            "name `a` is also used by node a (nodes/a.yaml:1)",
        ],
    );
}

#[test]
fn duplicate_name_two_networks() {
    let cluster = cluster_with(
        "boot_server:",
        "- name: mgmt\n  cidr: 10.2.0.0/24\nboot_server:",
    );
    // The duplicate is the second declaration: that is the line to fix.
    let second = nth_line(&cluster, "name: mgmt", 2);
    expect_lint(
        &[("cluster.yaml", &cluster)],
        "duplicate-name",
        &[
            &format!("cluster.yaml:{second}:"),
            "network `mgmt` is declared twice",
        ],
    );
}

#[test]
fn duplicate_xname_after_normalization() {
    let a = format!("{}xname: x1000c0s0b0n0\n", node_yaml("a", 2));
    let b = format!("{}xname: x1000c0s00b0n0\n", node_yaml("b", 3));
    expect_lint(
        &[("nodes/a.yaml", &a), ("nodes/b.yaml", &b)],
        "duplicate-xname",
        &[
            "nodes/b.yaml:9:",
            "node b:",
            "xname `x1000c0s0b0n0` is also used by node a (nodes/a.yaml:9)",
        ],
    );
}

#[test]
fn duplicate_nid() {
    let b = node_with("b", 2, "02:00:00:00:00:03", "10.0.0.3");
    expect_lint(
        &[("nodes/a.yaml", &node_yaml("a", 2)), ("nodes/b.yaml", &b)],
        "duplicate-nid",
        &[
            "nodes/b.yaml:2:",
            "node b:",
            "NID 2 is also used by node a (nodes/a.yaml:2)",
        ],
    );
}

#[test]
fn duplicate_mac_two_nodes() {
    let b = node_with("b", 3, "02:00:00:00:00:02", "10.0.0.3");
    expect_lint(
        &[("nodes/a.yaml", &node_yaml("a", 2)), ("nodes/b.yaml", &b)],
        "duplicate-mac",
        &[
            "nodes/b.yaml:5:",
            "node b:",
            "MAC 02:00:00:00:00:02 is also used by node a (nodes/a.yaml:5)",
        ],
    );
}

#[test]
fn duplicate_mac_written_in_another_spelling_points_at_its_line() {
    // The same address in dash notation: still a duplicate, and still on line 5.
    let b = node_with("b", 3, "02-00-00-00-00-02", "10.0.0.3");
    expect_lint(
        &[("nodes/a.yaml", &node_yaml("a", 2)), ("nodes/b.yaml", &b)],
        "duplicate-mac",
        &[
            "nodes/b.yaml:5:",
            "node b:",
            "MAC 02:00:00:00:00:02 is also used by node a",
        ],
    );
}

#[test]
fn duplicate_mac_a_burned_in_address_used_by_another_interface() {
    // b's NIC was given a new address; its burned-in one is a's MAC: one of them is wrong.
    let b = "name: b\nnid: 3\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:03\n  permanent_mac: 02:00:00:00:00:02\n";
    expect_lint(
        &[("nodes/a.yaml", &node_yaml("a", 2)), ("nodes/b.yaml", b)],
        "duplicate-mac",
        &[
            "nodes/b.yaml:6:",
            "node b:",
            "MAC 02:00:00:00:00:02 is also used by node a (nodes/a.yaml:5)",
        ],
    );
}

#[test]
fn duplicate_mac_node_and_bmc() {
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            (
                "bmcs/a-bmc.yaml",
                "name: a-bmc\nip: 10.1.0.2\nmac: 02:00:00:00:00:02\n",
            ),
        ],
        "duplicate-mac",
        &[
            "bmcs/a-bmc.yaml:3:",
            "bmc a-bmc:",
            "MAC 02:00:00:00:00:02 is also used by node a (nodes/a.yaml:5)",
        ],
    );
}

#[test]
fn duplicate_ip_two_nodes() {
    let b = node_with("b", 3, "02:00:00:00:00:03", "10.0.0.2");
    expect_lint(
        &[("nodes/a.yaml", &node_yaml("a", 2)), ("nodes/b.yaml", &b)],
        "duplicate-ip",
        &[
            "nodes/b.yaml:7:",
            "node b:",
            "IP 10.0.0.2 is also used by node a (nodes/a.yaml:7)",
        ],
    );
}

#[test]
fn duplicate_ip_written_as_an_ipv4_mapped_ipv6_address() {
    // `chami serve` knows a node by the IPv4 address itself: a tenant's node must not
    // claim another node's address by spelling it `::ffff:a.b.c.d`.
    let b = node_with("b", 3, "02:00:00:00:00:03", "\"::ffff:10.0.0.2\"");
    expect_lint(
        &[("nodes/a.yaml", &node_yaml("a", 2)), ("nodes/b.yaml", &b)],
        "duplicate-ip",
        &[
            "nodes/b.yaml:7:",
            "IP ::ffff:10.0.0.2 is also used by node a (nodes/a.yaml:7) (written 10.0.0.2 there)",
        ],
    );
}

#[test]
fn duplicate_ip_points_at_the_interface_that_has_it() {
    // eth0's 10.0.0.21 starts with the duplicate 10.0.0.2 of eth1 (line 12).
    let b = "name: b\nnid: 3\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:03\n  network: mgmt\n  ip: 10.0.0.21\n  boot: true\n- name: eth1\n  mac: 02:00:00:00:01:03\n  network: mgmt\n  ip: 10.0.0.2\n";
    expect_lint(
        &[("nodes/a.yaml", &node_yaml("a", 2)), ("nodes/b.yaml", b)],
        "duplicate-ip",
        &["nodes/b.yaml:12:", "IP 10.0.0.2 is also used by node a"],
    );
}

#[test]
fn duplicate_ip_inside_a_list_file() {
    // x spans lines 1-8 (ip on 7), y lines 9-16 (ip on 15).
    let rack = format!(
        "{}{}",
        list_item(&node_yaml("x", 2)),
        list_item(&node_with("y", 3, "02:00:00:00:00:03", "10.0.0.2"))
    );
    expect_lint(
        &[("nodes/rack.yaml", &rack)],
        "duplicate-ip",
        &[
            "nodes/rack.yaml:15:",
            "node y:",
            "IP 10.0.0.2 is also used by node x (nodes/rack.yaml:7)",
        ],
    );
}

#[test]
fn duplicate_ip_node_and_bmc() {
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("bmcs/a-bmc.yaml", "name: a-bmc\nip: 10.0.0.2\n"),
        ],
        "duplicate-ip",
        &[
            "bmcs/a-bmc.yaml:2:",
            "bmc a-bmc:",
            "IP 10.0.0.2 is also used by node a (nodes/a.yaml:7)",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// addresses
// ---------------------------------------------------------------------------------------

#[test]
fn mac_malformed() {
    let b = node_with("b", 3, "02:00:00:00:00", "10.0.0.3");
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "mac-malformed",
        &["nodes/b.yaml:5:", "`02:00:00:00:00` is not a MAC address"],
    );
}

#[test]
fn mac_multicast() {
    let b = node_with("b", 3, "01:00:5e:00:00:01", "10.0.0.3");
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "mac-multicast",
        &[
            "nodes/b.yaml:5:",
            "node b:",
            "MAC 01:00:5e:00:00:01 is a multicast address",
        ],
    );
}

#[test]
fn mac_all_zero() {
    let b = node_with("b", 3, "00:00:00:00:00:00", "10.0.0.3");
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "mac-multicast",
        &[
            "nodes/b.yaml:5:",
            "node b:",
            "MAC 00:00:00:00:00:00 is a",
            "all-zero address",
        ],
    );
}

#[test]
fn ip_malformed() {
    let b = node_with("b", 3, "02:00:00:00:00:03", "10.0.0.300");
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "ip-malformed",
        &["nodes/b.yaml:7:", "invalid IP address", "help:"],
    );
}

#[test]
fn ip_outside_its_declared_network() {
    let b = node_with("b", 3, "02:00:00:00:00:03", "10.1.0.5");
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "ip-outside-network",
        &[
            "nodes/b.yaml:7:",
            "node b:",
            "IP 10.1.0.5 is outside network mgmt (10.0.0.0/24)",
        ],
    );
}

#[test]
fn ip_in_no_network() {
    let b = "name: b\nnid: 3\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:03\n  ip: 192.168.7.5\n  boot: true\n";
    expect_lint(
        &[("nodes/b.yaml", b)],
        "ip-outside-network",
        &[
            "nodes/b.yaml:6:",
            "node b:",
            "IP 192.168.7.5 is in none of the cluster's networks",
        ],
    );
}

#[test]
fn ip_reserved_gateway_is_a_warning() {
    // The admin node is often the cluster's router.
    let b = node_with("b", 3, "02:00:00:00:00:03", "10.0.0.1");
    expect_warning(
        &[("nodes/b.yaml", &b)],
        "ip-reserved",
        &[
            "nodes/b.yaml:7:",
            "node b:",
            "IP 10.0.0.1 is the gateway of network mgmt (10.0.0.0/24)",
        ],
    );
}

#[test]
fn ip_reserved_network_and_broadcast() {
    for (ip, what) in [
        ("10.0.0.0", "the network address"),
        ("10.0.0.255", "the broadcast address"),
    ] {
        let b = node_with("b", 3, "02:00:00:00:00:03", ip);
        expect_lint(
            &[("nodes/b.yaml", &b)],
            "ip-reserved",
            &[
                "nodes/b.yaml:7:",
                "node b:",
                &format!("IP {ip} is {what} of network mgmt (10.0.0.0/24)"),
            ],
        );
    }
}

#[test]
fn ip_in_dynamic_range() {
    let b = node_with("b", 3, "02:00:00:00:00:03", "10.0.0.210");
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "ip-in-dynamic-range",
        &[
            "nodes/b.yaml:7:",
            "node b:",
            "IP 10.0.0.210 is inside the dynamic range 10.0.0.200-10.0.0.250 of network mgmt",
        ],
    );
}

#[test]
fn network_gateway_outside() {
    let cluster = cluster_with("gateway: 10.0.0.1", "gateway: 10.9.0.1");
    let line = nth_line(&cluster, "gateway: 10.9.0.1", 1);
    expect_lint(
        &[("cluster.yaml", &cluster)],
        "network-invalid",
        &[
            &format!("cluster.yaml:{line}:"),
            "network mgmt: gateway 10.9.0.1 is outside 10.0.0.0/24",
        ],
    );
}

#[test]
fn network_range_outside() {
    let cluster = cluster_with("start: 10.0.0.200", "start: 10.0.1.200").replacen(
        "end: 10.0.0.250",
        "end: 10.0.1.250",
        1,
    );
    let line = nth_line(&cluster, "start: 10.0.1.200", 1);
    expect_lint(
        &[("cluster.yaml", &cluster)],
        "network-invalid",
        &[
            &format!("cluster.yaml:{line}:"),
            "network mgmt: dynamic range 10.0.1.200-10.0.1.250 is not inside the network",
        ],
    );
}

#[test]
fn network_range_reversed() {
    let cluster = cluster_with("start: 10.0.0.200", "start: 10.0.0.250").replacen(
        "end: 10.0.0.250",
        "end: 10.0.0.200",
        1,
    );
    let line = nth_line(&cluster, "start: 10.0.0.250", 1);
    expect_lint(
        &[("cluster.yaml", &cluster)],
        "network-invalid",
        &[
            &format!("cluster.yaml:{line}:"),
            "network mgmt: dynamic range 10.0.0.250-10.0.0.200 is reversed",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// xnames
// ---------------------------------------------------------------------------------------

#[test]
fn invalid_xname_garbage() {
    let b = format!("{}xname: garbage9\n", node_yaml("b", 3));
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "invalid-xname",
        &[
            "nodes/b.yaml:9:",
            "node b:",
            "`garbage9` is not a valid xname",
        ],
    );
}

#[test]
fn invalid_xname_node_with_a_bmc_xname() {
    let b = format!("{}xname: x1000c0s0b0\n", node_yaml("b", 3));
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "invalid-xname",
        &[
            "nodes/b.yaml:9:",
            "node b:",
            "xname `x1000c0s0b0` is a NodeBMC, not a Node",
        ],
    );
}

#[test]
fn invalid_xname_bmc_with_a_node_xname() {
    expect_lint(
        &[(
            "bmcs/b-bmc.yaml",
            "name: b-bmc\nxname: x1000c0s0b0n0\nip: 10.1.0.3\n",
        )],
        "invalid-xname",
        &[
            "bmcs/b-bmc.yaml:2:",
            "bmc b-bmc:",
            "xname `x1000c0s0b0n0` is a Node, not a BMC",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// unknown-reference
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_reference_node_to_group() {
    let b = format!("{}groups:\n- compute\n- nosuchgroup\n", node_yaml("b", 3));
    expect_lint(
        &[
            ("nodes/b.yaml", &b),
            ("groups/compute.yaml", "name: compute\n"),
        ],
        "unknown-reference",
        &[
            "nodes/b.yaml:11:",
            "node b:",
            "group `nosuchgroup` does not exist",
            "compute",
        ],
    );
}

#[test]
fn unknown_reference_node_to_bmc() {
    let b = format!("{}bmc: nosuch-bmc\n", node_yaml("b", 3));
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "unknown-reference",
        &[
            "nodes/b.yaml:9:",
            "node b:",
            "BMC `nosuch-bmc` does not exist",
        ],
    );
}

#[test]
fn unknown_reference_interface_to_network() {
    let b = node_yaml("b", 3).replace("network: mgmt", "network: nosuchnet");
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "unknown-reference",
        &[
            "nodes/b.yaml:6:",
            "node b:",
            "interface eth0: network `nosuchnet` does not exist",
            "bmc, mgmt",
        ],
    );
}

#[test]
fn unknown_reference_bmc_to_network() {
    expect_lint(
        &[(
            "bmcs/b-bmc.yaml",
            "name: b-bmc\nip: 10.1.0.3\nnetwork: nosuchnet\n",
        )],
        "unknown-reference",
        &[
            "bmcs/b-bmc.yaml:3:",
            "bmc b-bmc:",
            "network `nosuchnet` does not exist",
        ],
    );
}

#[test]
fn unknown_reference_node_to_profile() {
    let b = format!("{}boot:\n  profile: nosuchprofile\n", node_yaml("b", 3));
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "unknown-reference",
        &[
            "nodes/b.yaml:10:",
            "node b:",
            "boot profile `nosuchprofile` does not exist",
            "diskless, local",
        ],
    );
}

#[test]
fn unknown_reference_group_to_profile() {
    expect_lint(
        &[(
            "groups/g.yaml",
            "name: g\nboot:\n  profile: nosuchprofile\n",
        )],
        "unknown-reference",
        &[
            "groups/g.yaml:3:",
            "group g:",
            "boot profile `nosuchprofile` does not exist",
        ],
    );
}

#[test]
fn unknown_reference_group_to_tenant() {
    expect_lint(
        &[("groups/g.yaml", "name: g\ntenant: nosuchtenant\n")],
        "unknown-reference",
        &[
            "groups/g.yaml:2:",
            "group g:",
            "tenant `nosuchtenant` does not exist",
        ],
    );
}

#[test]
fn unknown_reference_tenant_to_group() {
    expect_lint(
        &[("tenants/t.yaml", "name: t\ngroups:\n- nosuchgroup\n")],
        "unknown-reference",
        &[
            "tenants/t.yaml:3:",
            "tenant t:",
            "group `nosuchgroup` does not exist",
        ],
    );
}

#[test]
fn unknown_reference_defaults_to_profile() {
    let cluster = cluster_with("    profile: diskless", "    profile: nosuchprofile");
    let line = nth_line(&cluster, "profile: nosuchprofile", 1);
    expect_lint(
        &[("cluster.yaml", &cluster)],
        "unknown-reference",
        &[
            &format!("cluster.yaml:{line}:"),
            "defaults: boot profile `nosuchprofile` does not exist",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// groups and tenants
// ---------------------------------------------------------------------------------------

#[test]
fn group_members_bad_expression() {
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            (
                "groups/g.yaml",
                "name: g\ndescription: broken\nmembers: a[1-\n",
            ),
        ],
        "group-members",
        &["groups/g.yaml:3:", "group g:", "a[1-"],
    );
}

#[test]
fn group_members_unknown_group() {
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            (
                "groups/g.yaml",
                "name: g\ndescription: broken\nmembers: '@nosuchgroup'\n",
            ),
        ],
        "group-members",
        &[
            "groups/g.yaml:3:",
            "group g:",
            "unknown group `@nosuchgroup`",
        ],
    );
}

#[test]
fn exclusive_group() {
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("nodes/b.yaml", &node_yaml("b", 3)),
            (
                "groups/g1.yaml",
                "name: g1\nexclusive: partition\nmembers: a,b\n",
            ),
            (
                "groups/g2.yaml",
                "name: g2\nexclusive: partition\nmembers: a\n",
            ),
        ],
        "exclusive-group",
        &[
            "nodes/a.yaml:1:",
            "node a:",
            "member of groups g1, g2 which share the exclusive label `partition`",
        ],
    );
}

#[test]
fn exclusive_group_flags_only_the_node_in_both() {
    let (_inv, out) = lint_with(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("nodes/b.yaml", &node_yaml("b", 3)),
            (
                "groups/g1.yaml",
                "name: g1\nexclusive: partition\nmembers: a,b\n",
            ),
            (
                "groups/g2.yaml",
                "name: g2\nexclusive: partition\nmembers: a\n",
            ),
        ],
        &[],
    );
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("1 error(s)"), "{err}");
    assert!(!err.contains("node b:"), "{err}");
}

#[test]
fn power_device_whose_program_is_missing_is_a_warning() {
    // Debian 12's powerman has no /usr/sbin/redfishpower (this test needs a host without).
    if std::path::Path::new("/usr/sbin/redfishpower").exists() {
        return;
    }
    let group = "name: power\nmembers: a\nvars:\n  power_device: redfishpower-supermicro\n";
    expect_warning(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("groups/power.yaml", group),
        ],
        "power-program",
        &[
            "groups/power.yaml:4:",
            "group power:",
            "/usr/sbin/redfishpower, which is not installed on this host (no Debian 12 package)",
            "power_device: redfish-supermicro",
        ],
    );
    // With its own command, or a script chami knows no program of, nothing to say.
    for vars in [
        "  power_device: redfishpower-supermicro\n  power_command: '/opt/rp -h x |&'\n",
        "  power_device: redfish-supermicro\n",
        "  power_device: vpc\n",
    ] {
        let err = expect_clean(&[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            (
                "groups/power.yaml",
                &format!("name: power\nmembers: a\nvars:\n{vars}"),
            ),
        ]);
        assert!(!err.contains("power-program"), "{vars}: {err}");
    }
}

#[test]
fn tenant_command_vars_are_the_administrators() {
    // A tenant's group may not make conmand or powermand run a command of its choosing.
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            (
                "groups/lab.yaml",
                "name: lab\nmembers: a\ntenant: t\nvars:\n  console_dev: /bin/sh -c id\n",
            ),
            ("tenants/t.yaml", "name: t\n"),
        ],
        "tenant-command",
        &[
            "groups/lab.yaml:5:",
            "group lab:",
            "console_dev",
            "tenant t",
        ],
    );
    // Nor the tenant's own node file (owned through `nodes:`).
    let owned = format!(
        "{}vars:\n  power_command: '/usr/bin/x |&'\n",
        node_yaml("a", 2)
    );
    expect_lint(
        &[
            ("nodes/a.yaml", &owned),
            ("tenants/t.yaml", "name: t\nnodes: a\n"),
        ],
        "tenant-command",
        &["nodes/a.yaml:", "node a:", "power_command"],
    );
    // The administrator's group may set them for the same node, and a tenant may point
    // its console at a host:port.
    expect_clean(&[
        (
            "nodes/a.yaml",
            &format!(
                "{}groups: [lab, power]\nvars:\n  console_dev: 'a-con:7001'\n",
                node_yaml("a", 2)
            ),
        ),
        ("groups/lab.yaml", "name: lab\ntenant: t\n"),
        (
            "groups/power.yaml",
            "name: power\nvars:\n  power_command: '/usr/bin/x |&'\n  power_device: apc\n",
        ),
        ("tenants/t.yaml", "name: t\n"),
    ]);
}

#[test]
fn tenant_overlap() {
    expect_lint(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("groups/g.yaml", "name: g\nmembers: a\ntenant: t2\n"),
            ("tenants/t1.yaml", "name: t1\nnodes: a\n"),
            ("tenants/t2.yaml", "name: t2\n"),
        ],
        "tenant-overlap",
        &[
            "nodes/a.yaml:1:",
            "node a:",
            "owned by more than one tenant: ",
            "t1",
            "t2",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// boot
// ---------------------------------------------------------------------------------------

#[test]
fn no_boot_interface() {
    let b = node_yaml("b", 3).replace("  boot: true\n", "");
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "no-boot-interface",
        &[
            "nodes/b.yaml:3:",
            "node b:",
            "no interface is marked `boot: true`",
        ],
    );
}

#[test]
fn boot_interface_without_mac_is_a_warning() {
    // Normal between `add` and discovery: the node cannot boot yet, nothing is wrong.
    let b = "name: b\nnid: 3\ninterfaces:\n- name: ib0\n  mac: 02:00:00:00:01:03\n- name: eth0\n  network: mgmt\n  ip: 10.0.0.3\n  boot: true\n";
    expect_warning(
        &[("nodes/b.yaml", b)],
        "no-boot-interface",
        &[
            "nodes/b.yaml:6:",
            "node b:",
            "boot interface eth0 has no MAC address yet",
        ],
    );
}

#[test]
fn disabled_node_needs_no_boot_interface() {
    let err = expect_clean(&[("nodes/b.yaml", "name: b\nenabled: false\n")]);
    assert!(!err.contains("no-boot-interface"), "{err}");
}

#[test]
fn profile_incomplete() {
    let cluster = cluster_with("  rootfs: images/rootfs.squashfs\n", "");
    let line = nth_line(&cluster, "name: diskless", 1);
    expect_lint(
        &[("cluster.yaml", &cluster)],
        "profile-incomplete",
        &[
            &format!("cluster.yaml:{line}:"),
            "boot profile `diskless` (diskless) has no rootfs",
        ],
    );
}

/// cluster.yaml with the `boot_server:` block replaced by `servers` (a YAML text).
fn cluster_servers(servers: &str) -> String {
    cluster_with(
        "boot_server:\n  address: 10.0.0.1\n  http_port: 8080\n",
        servers,
    )
}

#[test]
fn boot_servers_list_lints_clean_and_a_mistake_points_at_its_entry() {
    expect_clean(&[(
        "cluster.yaml",
        &cluster_servers(
            "boot_servers:\n- {address: 10.0.0.1, http_port: 8080}\n- address: 10.0.0.2\n  http_port: 8080\n- {address: 10.0.0.1, http_port: 8081}\n",
        ),
    )]);
    let dup = cluster_servers(
        "boot_servers:\n- {address: 10.0.0.1, http_port: 8080}\n- {address: 10.0.0.2}\n- {address: 10.0.0.1, http_port: 8080}\n",
    );
    let line = nth_line(&dup, "{address: 10.0.0.1", 2);
    expect_lint(
        &[("cluster.yaml", &dup)],
        "boot-servers",
        &[
            &format!("cluster.yaml:{line}:"),
            "boot server 3 is 10.0.0.1 port 8080, as boot server 1 is",
            "remove the duplicate",
        ],
    );
    let mixed = cluster_servers("boot_servers:\n- address: 10.0.0.1\n- address: 'fd00::2'\n");
    let line = nth_line(&mixed, "fd00::2", 1);
    expect_lint(
        &[("cluster.yaml", &mixed)],
        "boot-servers",
        &[
            &format!("cluster.yaml:{line}:"),
            "boot server 2 (fd00::2) is not of the same address family as boot server 1 (10.0.0.1)",
        ],
    );
}

#[test]
fn boot_server_and_boot_servers_together_are_refused() {
    let both = cluster_with(
        "boot_profiles:\n",
        "boot_servers:\n- address: 10.0.0.2\nboot_profiles:\n",
    );
    let line = nth_line(&both, "boot_servers:", 1);
    expect_lint(
        &[("cluster.yaml", &both)],
        "boot-servers",
        &[
            &format!("cluster.yaml:{line}:"),
            "both `boot_server:` and `boot_servers:`",
            "keep one",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// secrets
// ---------------------------------------------------------------------------------------

#[test]
fn secret_in_node_vars() {
    let b = format!(
        "{}vars:\n  ntp: 10.0.0.1\n  password: hunter2\n",
        node_yaml("b", 3)
    );
    expect_lint(
        &[("nodes/b.yaml", &b)],
        "secret-in-inventory",
        &[
            "nodes/b.yaml:11:",
            "node b:",
            "`vars.password` holds a secret",
        ],
    );
}

#[test]
fn secret_as_a_bmc_password_field() {
    expect_lint(
        &[(
            "bmcs/b-bmc.yaml",
            "name: b-bmc\nip: 10.1.0.3\npassword: hunter2\n",
        )],
        "secret-in-inventory",
        &[
            "bmcs/b-bmc.yaml:3:",
            "unknown field `password`",
            "secrets file",
        ],
    );
}

#[test]
fn secret_private_key_in_group_cloud_init() {
    let g = "name: g\ncloud_init:\n  user_data:\n    write_files:\n    - path: /root/.ssh/id_ed25519\n      content: |\n        -----BEGIN OPENSSH PRIVATE KEY-----\n        b3BlbnNzaC1rZXktdjEAAAAA\n        -----END OPENSSH PRIVATE KEY-----\n";
    expect_lint(
        &[("groups/g.yaml", g)],
        "secret-in-inventory",
        &[
            "groups/g.yaml:6:",
            "group g:",
            "`cloud_init.user_data.write_files[0].content` holds a secret",
        ],
    );
}

#[test]
fn secret_references_are_not_flagged() {
    let b = format!(
        "{}vars:\n  password: '{{{{ vault_pw }}}}'\n  bmc_token: env:BMC_TOKEN\n  api_key: secret:site-api\n",
        node_yaml("b", 3)
    );
    assert!(b.contains("password: '{{ vault_pw }}'"), "{b}");
    let err = expect_clean(&[("nodes/b.yaml", &b)]);
    assert!(!err.contains("secret-in-inventory"), "{err}");
}

// ---------------------------------------------------------------------------------------
// A whole run, and the output formats
// ---------------------------------------------------------------------------------------

#[test]
fn every_error_of_every_file_is_reported_in_one_run() {
    let b = node_with("b", 3, "02:00:00:00:00:03", "10.0.0.2");
    let cluster = cluster_with("  rootfs: images/rootfs.squashfs\n", "");
    let (_inv, out) = lint_with(
        &[
            ("cluster.yaml", &cluster),
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("nodes/b.yaml", &b),
            ("nodes/c.yaml", "name: c\nnid: 4\nrol: Compute\n"),
            (
                "bmcs/x.yaml",
                "name: x\nip: 10.1.0.9\nmac: 01:00:5e:00:00:01\n",
            ),
            ("groups/g.yaml", "name: g\ntenant: nosuchtenant\n"),
        ],
        &[],
    );
    assert_code(&out, 1);
    let err = stderr(&out);
    let found = findings(&err);
    for (rule, place) in [
        ("profile-incomplete", "cluster.yaml:"),
        ("duplicate-ip", "nodes/b.yaml:7:"),
        ("parse", "nodes/c.yaml:3:"),
        ("mac-multicast", "bmcs/x.yaml:3:"),
        ("unknown-reference", "groups/g.yaml:2:"),
    ] {
        let prefix = format!("error[{rule}]: {place}");
        assert!(
            found.iter().any(|f| f.starts_with(&prefix)),
            "missing `{prefix}`\n--- stderr\n{err}"
        );
    }
    assert_eq!(found.len(), 5, "{err}");
    assert!(err.contains(": 5 error(s), 0 warning(s)"), "{err}");
}

fn duplicate_ip_files() -> Vec<(&'static str, String)> {
    vec![
        ("nodes/a.yaml", node_yaml("a", 2)),
        (
            "nodes/b.yaml",
            node_with("b", 3, "02:00:00:00:00:03", "10.0.0.2"),
        ),
    ]
}

#[test]
fn json_format() {
    let files = duplicate_ip_files();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (_inv, out) = lint_with(&files, &["--format", "json"]);
    assert_code(&out, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", stdout(&out)));
    assert_eq!(report["errors"], 1, "{report:#}");
    assert_eq!(report["warnings"], 0, "{report:#}");
    let diags = report["diagnostics"].as_array().expect("diagnostics array");
    assert_eq!(diags.len(), 1, "{report:#}");
    let d = &diags[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["rule"], "duplicate-ip");
    assert_eq!(d["file"], "nodes/b.yaml");
    assert_eq!(d["line"], 7);
    assert_eq!(d["record"], "node b");
    assert_eq!(
        d["message"],
        "IP 10.0.0.2 is also used by node a (nodes/a.yaml:7)"
    );
    assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
    assert!(!stderr(&out).contains("error["), "{}", stderr(&out));
}

#[test]
fn json_format_of_a_clean_inventory() {
    let (_inv, out) = lint_with(
        &[("nodes/a.yaml", &node_yaml("a", 2))],
        &["--format", "json"],
    );
    assert_code(&out, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["errors"], 0);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

#[test]
fn github_format() {
    let files = duplicate_ip_files();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (_inv, out) = lint_with(&files, &["--format", "github"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let want = "::error file=nodes/b.yaml,line=7,title=chami lint duplicate-ip::node b: IP 10.0.0.2 is also used by node a (nodes/a.yaml:7)%0A";
    assert!(lines[0].starts_with(want), "{text}");
}

#[test]
fn group_members_that_are_not_nodes_is_a_warning() {
    let files = [
        ("nodes/a.yaml", node_yaml("a", 2)),
        ("groups/g.yaml", "name: g\nmembers: a,ghost1\n".to_string()),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (_inv, out) = lint_with(&files, &[]);
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        findings(&err)
            .iter()
            .any(|f| f.starts_with("warning[group-members]: groups/g.yaml:")
                && f.contains("group g:")
                && f.contains("ghost1")),
        "{err}"
    );
    assert!(err.contains("0 error(s), 1 warning(s)"), "{err}");
    let (_inv, out) = lint_with(&files, &["--deny-warnings"]);
    assert_code(&out, 1);
}

#[test]
fn tenant_with_a_bad_nodes_expression_reports_a_documented_rule() {
    let (_inv, out) = lint_with(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("tenants/t.yaml", "name: t\nnodes: a[1-\n"),
        ],
        &["--format", "json"],
    );
    assert_code(&out, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let d = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["record"] == "tenant t")
        .unwrap_or_else(|| panic!("no finding about tenant t: {report:#}"));
    assert_eq!(d["file"], "tenants/t.yaml", "{d}");
    let rule = d["rule"].as_str().unwrap();
    let documented: Vec<&str> = chami::inventory::lint::RULES
        .iter()
        .map(|(r, _)| *r)
        .collect();
    assert!(
        documented.contains(&rule),
        "rule `{rule}` is not among the documented rules {documented:?}"
    );
}

#[test]
fn every_reported_rule_is_documented() {
    // One broken inventory touching many rules; each id it reports must be in RULES
    // (what `--help` and the man page list).
    let b = node_with("b", 2, "01:00:5e:00:00:01", "10.0.0.210");
    let (_inv, out) = lint_with(
        &[
            ("nodes/a.yaml", &node_yaml("a", 2)),
            ("nodes/b.yaml", &b),
            ("nodes/c.yaml", "name: c\nrol: x\n"),
            (
                "groups/g.yaml",
                "name: g\nmembers: '@nosuch'\ntenant: nosuch\n",
            ),
            (
                "bmcs/x.yaml",
                "name: x\nxname: x1000c0s0b0n0\nip: 10.1.0.1\n",
            ),
        ],
        &["--format", "json"],
    );
    assert_code(&out, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let documented: Vec<&str> = chami::inventory::lint::RULES
        .iter()
        .map(|(r, _)| *r)
        .collect();
    let diags = report["diagnostics"].as_array().unwrap();
    assert!(diags.len() >= 8, "{report:#}");
    for d in diags {
        let rule = d["rule"].as_str().unwrap();
        assert!(
            documented.contains(&rule),
            "undocumented rule `{rule}` in {d}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// unsafe values
// ---------------------------------------------------------------------------------------

#[test]
fn unsafe_value_line_break_in_cluster_name() {
    expect_lint(
        &[(
            "cluster.yaml",
            &cluster_with(
                "name: test\n",
                "name: \"test\\ndhcp-boot=evil.efi,,6.6.6.6\"\n",
            ),
        )],
        "unsafe-value",
        &[
            "cluster.yaml:2:",
            "`name` \"test\\ndhcp-boot=evil.efi,,6.6.6.6\" holds the control character '\\n'",
            "every generated file",
        ],
    );
}

#[test]
fn unsafe_value_bmc_fqdn_and_node_vars() {
    let a = format!(
        "{}vars:\n  console_dev: 'x\" dev=\"/bin/sh'\n  slurm_node_options: Weight=1 PartitionName=evil\n  ssh_user: \"root\\u2028\"\n",
        node_yaml("a", 3)
    );
    let files = [
        ("nodes/a.yaml", a.as_str()),
        (
            "bmcs/a-bmc.yaml",
            "name: a-bmc\nip: 10.1.0.3\nfqdn: a-bmc.x 6.6.6.6\n",
        ),
    ];
    expect_lint(
        &files,
        "unsafe-value",
        &["nodes/a.yaml:10:", "`vars.console_dev`", "conman.conf"],
    );
    expect_lint(
        &files,
        "unsafe-value",
        &[
            "nodes/a.yaml:11:",
            "`vars.slurm_node_options`",
            "PartitionName=",
            "slurm.conf",
        ],
    );
    expect_lint(
        &files,
        "unsafe-value",
        &["nodes/a.yaml:12:", "'\\u{2028}'", "ssh_config"],
    );
    expect_lint(
        &files,
        "unsafe-value",
        &[
            "bmcs/a-bmc.yaml:3:",
            "bmc a-bmc:",
            "`fqdn`",
            "a DNS name",
            "hosts, dnsmasq",
        ],
    );
}

#[test]
fn unsafe_value_tenant_owner_is_not_a_codeowners_owner() {
    expect_lint(
        &[(
            "tenants/t.yaml",
            "name: t\nowners:\n- '* @evil'\nnodes: a\n",
        )],
        "unsafe-value",
        &[
            "tenants/t.yaml:3:",
            "tenant t:",
            "@user, @org/team or an e-mail address",
            "CODEOWNERS",
        ],
    );
}

/// U+FFFE and U+FFFF are outside YAML's printable set: PyYAML, libyaml and Go's yaml refuse
/// the whole file (Warewulf's nodes.conf for every tenant, a node's meta-data). They and
/// the other noncharacters are refused like control characters.
#[test]
fn unsafe_value_noncharacters_in_description_role_and_labels() {
    let a = format!(
        "{}role: \"Compute\\uFFFF\"\nlabels:\n  rack: \"r1\\uFDD0\"\n  \"k\\U0001FFFE\": x\n",
        node_yaml("a", 3)
    );
    let files = [
        ("nodes/a.yaml", a.as_str()),
        (
            "groups/gpu.yaml",
            "name: gpu\ndescription: \"GPU nodes\\uFFFE\"\nmembers: a\n",
        ),
    ];
    let err = expect_lint(
        &files,
        "unsafe-value",
        &[
            "groups/gpu.yaml:2:",
            "group gpu:",
            "`description` \"GPU nodes\\u{fffe}\" holds the Unicode noncharacter U+FFFE",
            "YAML readers refuse",
            "Warewulf nodes.conf",
        ],
    );
    assert!(err.contains("help:"), "{err}");
    for (line, needle) in [
        (
            9,
            "`role` \"Compute\\u{ffff}\" holds the Unicode noncharacter U+FFFF",
        ),
        (
            11,
            "`labels.rack` \"r1\\u{fdd0}\" holds the Unicode noncharacter U+FDD0",
        ),
        (1, "noncharacter U+1FFFE, which is not meant for text"),
    ] {
        expect_lint(
            &files,
            "unsafe-value",
            &[&format!("nodes/a.yaml:{line}:"), "node a:", needle],
        );
    }
}

#[test]
fn unsafe_value_allows_multi_line_cloud_init_and_free_vars() {
    let g = "name: g\nvars:\n  motd: \"line one\\nline two\"\ncloud_init:\n  user_data:\n    runcmd:\n    - |\n      echo a\n      echo b\n";
    expect_clean(&[("groups/g.yaml", g)]);
}

// ---------------------------------------------------------------------------------------
// image recipes (images/NAME.yaml)
// ---------------------------------------------------------------------------------------

#[test]
fn image_recipes_that_are_right_lint_clean() {
    let cluster = cluster_with(
        "- name: local\n",
        "- name: img\n  kind: diskless\n  image: compute\n- name: local\n",
    );
    expect_clean(&[
        ("cluster.yaml", &cluster),
        ("images/base.yaml", "base: bookworm\npackages: [systemd, cloud-init]\nexclude: [docs, man, /usr/share/lintian/*]\n"),
        ("images/compute.yaml", "parent: base\nkernel: linux-image-amd64\ninitramfs: live-boot\ncloud_init: true\nfiles:\n- path: /etc/motd\n  source: motd\n  mode: \"0644\"\n  owner: root:root\n- path: /etc/x\n  content: hi\n"),
        ("images/files/motd", "welcome\n"),
        // Not a recipe: images/files/ holds the files recipes copy.
        ("images/files/not-a-recipe.yaml", "anything: [goes\n"),
    ]);
}

#[test]
fn image_unknown_field_is_a_parse_error() {
    expect_lint(
        &[("images/c.yaml", "base: bookworm\npackage: [vim]\n")],
        "parse",
        &["images/c.yaml:2", "unknown field `package`", "packages"],
    );
}

#[test]
fn image_base_xor_parent() {
    expect_lint(
        &[
            ("images/a.yaml", "base: bookworm\n"),
            ("images/b.yaml", "base: bookworm\nparent: a\n"),
        ],
        "image-recipe",
        &["images/b.yaml:2", "image b", "both `base` and `parent`"],
    );
    expect_lint(
        &[("images/c.yaml", "packages: [vim]\n")],
        "image-recipe",
        &[
            "images/c.yaml:1",
            "neither `base` nor `parent`",
            "base: bookworm",
        ],
    );
}

#[test]
fn image_unknown_parent() {
    expect_lint(
        &[("images/c.yaml", "# compute\nparent: nosuch\n")],
        "unknown-reference",
        &[
            "images/c.yaml:2",
            "image c",
            "parent image `nosuch` does not exist",
            "images/nosuch.yaml",
        ],
    );
}

#[test]
fn image_parent_cycle() {
    let err = expect_lint(
        &[
            ("images/a.yaml", "parent: b\n"),
            ("images/b.yaml", "packages: [vim]\nparent: a\n"),
            ("images/c.yaml", "parent: a\n"),
        ],
        "image-cycle",
        &["images/b.yaml:2", "image b", "b → a → b"],
    );
    // c only hangs off the loop: it is not part of it.
    assert!(!err.contains("image c: the parents"), "{err}");
}

#[test]
fn image_bad_package_name() {
    expect_lint(
        &[(
            "images/c.yaml",
            "base: bookworm\npackages:\n- vim\n- 'vim; rm -rf /'\n",
        )],
        "image-package",
        &[
            "images/c.yaml:4",
            "`vim; rm -rf /` is not a Debian package name",
        ],
    );
    expect_lint(
        &[("images/c.yaml", "base: bookworm\nkernel: Linux\n")],
        "image-package",
        &["images/c.yaml:2", "`Linux`"],
    );
}

#[test]
fn image_file_source_that_leaves_the_inventory() {
    expect_lint(
        &[(
            "images/c.yaml",
            "base: bookworm\nfiles:\n- path: /etc/shadow\n  source: ../../../etc/shadow\n",
        )],
        "outside-inventory",
        &["images/c.yaml:4", "leaves images/files/"],
    );
    let (inv, _) = lint_with(&[], &[]);
    std::fs::create_dir_all(inv.path().join("images/files")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", inv.path().join("images/files/pw")).unwrap();
    inv.write(
        "images/c.yaml",
        "base: bookworm\nfiles:\n- path: /etc/pw\n  source: pw\n",
    );
    let out = inv.chami(&["inventory", "lint"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains("error[outside-inventory]: images/c.yaml:4: image c:"),
        "{err}"
    );
    assert!(
        !err.contains("/etc/passwd"),
        "the link's target is not named: {err}"
    );
}

#[test]
fn image_file_entries_are_checked() {
    expect_lint(
        &[(
            "images/c.yaml",
            "base: bookworm\nfiles:\n- path: /etc/a\n  source: nosuch\n",
        )],
        "image-recipe",
        &["images/c.yaml:4", "images/files/nosuch does not exist"],
    );
    expect_lint(
        &[(
            "images/c.yaml",
            "base: bookworm\nfiles:\n- path: /etc/a\n  content: x\n  mode: \"0999\"\n",
        )],
        "image-recipe",
        &["images/c.yaml:5", "mode `0999`"],
    );
    expect_lint(
        &[(
            "images/c.yaml",
            "base: bookworm\nfiles:\n- path: etc/a\n  content: x\n",
        )],
        "image-recipe",
        &["images/c.yaml:3", "not an absolute path"],
    );
    expect_lint(
        &[("images/c.yaml", "base: bookworm\nfiles:\n- path: /etc/a\n")],
        "image-recipe",
        &["exactly one of `source` and `content`"],
    );
    expect_lint(
        &[("images/c.yaml", "base: bookworm\nexclude: [manpages]\n")],
        "image-recipe",
        &["images/c.yaml:2", "`exclude: manpages`"],
    );
}

#[test]
fn boot_profile_names_an_unknown_image() {
    let cluster = cluster_with(
        "- name: local\n",
        "- name: img\n  kind: diskless\n  image: nosuch\n- name: local\n",
    );
    let line = nth_line(&cluster, "image: nosuch", 1);
    expect_lint(
        &[("cluster.yaml", &cluster)],
        "unknown-reference",
        &[
            &format!("cluster.yaml:{line}"),
            "boot profile `img` names image `nosuch`",
        ],
    );
}

/// `inventory lint` with the caches on, in `cache`.
fn lint_cached(inv: &TestInventory, cache: &std::path::Path, args: &[&str]) -> Output {
    crate::harness::run(
        crate::harness::chami()
            .env("CHAMI_CACHE", "on")
            .env("XDG_CACHE_HOME", cache)
            .arg("-C")
            .arg(inv.path())
            .args(["inventory", "lint", "-v"])
            .args(args),
    )
}

const MEMO: &str = "nothing changed since the last lint";

#[test]
fn an_unchanged_inventory_gets_the_same_answer_from_the_memo_and_an_edit_is_linted() {
    // A warning (a node in no group would be clean): two nodes with one MAC is an error.
    let (inv, _) = lint_with(
        &[
            ("nodes/n1.yaml", &node_yaml("n1", 11)),
            ("nodes/n2.yaml", &node_yaml("n2", 12)),
        ],
        &[],
    );
    let cache = tempfile::tempdir().unwrap();
    let fresh = lint_cached(&inv, cache.path(), &[]);
    assert!(!stderr(&fresh).contains(MEMO), "{}", stderr(&fresh));
    // The files changed less than 2 s ago, but the lint read them: the memo keeps the hash
    // of what it read, and reads them again before it answers.
    let again = lint_cached(&inv, cache.path(), &[]);
    assert!(stderr(&again).contains(MEMO), "{}", stderr(&again));
    for format in ["human", "json", "github"] {
        // Without caches: linted in full.
        let full = inv.chami(&["inventory", "lint", "--format", format]);
        let memo = lint_cached(&inv, cache.path(), &["--format", format]);
        assert!(stderr(&memo).contains(MEMO), "{format}: {}", stderr(&memo));
        assert_eq!(memo.status.code(), full.status.code(), "{format}");
        assert_eq!(stdout(&memo), stdout(&full), "{format}");
        let findings_of = |o: &Output| findings(&stderr(o));
        assert_eq!(findings_of(&memo), findings_of(&full), "{format}");
    }
    // An edit, with the file's mtime set back: the ctime still tells.
    let path = inv.path().join("nodes/n2.yaml");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    inv.write(
        "nodes/n2.yaml",
        &node_with("n2", 12, "02:00:00:00:00:0b", "10.0.0.12"),
    );
    crate::harness::set_mtime(&path, mtime);
    let edited = lint_cached(&inv, cache.path(), &[]);
    assert!(!stderr(&edited).contains(MEMO), "{}", stderr(&edited));
    assert_code(&edited, 1);
    assert!(
        stderr(&edited).contains("duplicate-mac"),
        "{}",
        stderr(&edited)
    );
    let again = lint_cached(&inv, cache.path(), &[]);
    assert!(stderr(&again).contains(MEMO), "{}", stderr(&again));
    assert_code(&again, 1);
    // Edited back at once: linted again.
    inv.write("nodes/n2.yaml", &node_yaml("n2", 12));
    let back = lint_cached(&inv, cache.path(), &[]);
    assert!(!stderr(&back).contains(MEMO), "{}", stderr(&back));
    assert_code(&back, 0);
}
