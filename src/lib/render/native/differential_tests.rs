//! Native generators against the built-in templates: every built-in target rendered both
//! ways, from every example inventory and from inventories built to reach each branch
//! of the templates, must give the same bytes.

use super::{generator, Unsupported};
use crate::inventory::model::Tenant;
use crate::inventory::test_support::inventory_of;
use crate::inventory::{Inventory, Origin, Record};
use crate::render::builtin::BUILTINS;
use crate::render::target::FanOut;
use crate::render::{Context, Engine};
use std::path::{Path, PathBuf};

/// The first differing line, for a readable failure.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    for i in 0..w.len().max(g.len()) {
        if w.get(i) != g.get(i) {
            return format!(
                "line {}:\n  template: {:?}\n  native:   {:?}",
                i + 1,
                w.get(i),
                g.get(i)
            );
        }
    }
    "same lines, different line endings".into()
}

fn assert_both_ways_agree(inv: &Inventory, what: &str) {
    let ctx = Context::build(inv, "site/inv/");
    let engine = Engine::new(Vec::new()).expect("built-in templates compile");
    let root = ctx.to_value();
    // Fan-out built-ins (libvirt) have no generator: the template alone writes them.
    for b in BUILTINS.iter().filter(|b| b.fan_out == FanOut::Once) {
        let target = engine.targets().iter().find(|t| t.name == b.name).unwrap();
        let want = engine.render(target, &root).unwrap();
        let native = generator(b.name).unwrap_or_else(|| panic!("{} has no generator", b.name));
        let got = native(&ctx).unwrap_or_else(|_| panic!("{what}: {} unsupported", b.name));
        assert!(
            got == want,
            "{what}: target {} differs at {}",
            b.name,
            first_difference(&want, &got)
        );
    }
}

#[test]
fn every_example_renders_the_same_both_ways() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&examples).unwrap().flatten() {
        if !entry.path().join("cluster.yaml").is_file() {
            continue;
        }
        let inv = crate::inventory::load::load_uncached(&entry.path())
            .into_result()
            .expect("the example loads");
        assert_both_ways_agree(&inv, &entry.path().display().to_string());
        seen += 1;
    }
    assert!(seen > 0, "no example inventory in {}", examples.display());
}

const CLUSTER: &str = "
format: 1
name: edge cluster/1
domain: edge.example
networks:
- {name: mgmt, cidr: 10.0.0.0/24, gateway: 10.0.0.1, mtu: 9000, domain: mgmt.edge.example}
- {name: ib, cidr: 10.9.0.0/16, fabric: infiniband}
- {name: bmc, cidr: 10.1.0.0/24, gateway: 10.1.0.1}
boot_profiles:
- {name: dl, kind: diskless, kernel: k, initrd: i, params: 'console=ttyS0 quiet'}
defaults:
  boot: {profile: dl}
";

fn edge_nodes() -> Vec<String> {
    let mut nodes = vec![
        // Every field, two interfaces (one dotted), labels and vars needing care.
        "name: cn01\nxname: x1000c0s0b0n0\nnid: 1\nrole: Compute\nsubrole: Worker\narch: x86_64\n\
         bmc: cn01-bmc\nlabels: {rack: 'r 1', 'odd key': 'a,b=c'}\n\
         vars: {ssh_user: root, ssh_port: 2222, ssh_proxy_jump: jump, node_exporter_port: 9101, \
         console_dev: 'host:7001', slurm_gres: 'gpu:a100:2', slurm_node_options: Weight=10}\n\
         interfaces:\n- {name: eth0, mac: '02:00:00:00:00:01', network: mgmt, ip: 10.0.0.11, boot: true}\n\
         - {name: ib0.8001, network: ib, ip: 10.9.0.11}\n\
         hardware: {sockets: 2, cores_per_socket: 8, threads_per_core: 2, memory_mib: 65536, gpus: [{model: A100, count: 2}]}\n"
            .to_string(),
        // No address, no BMC, nothing optional.
        "name: cn02\ninterfaces:\n- {name: eth0, network: mgmt}\n".to_string(),
        // An IPMI BMC with a port, a memory reserve, a role in another case.
        "name: cn03\nrole: compute\nnid: 3\nbmc: cn03-bmc\n\
         vars: {slurm_mem_reserve_mib: 1024, power_device: ipmipower, power_plug: cn03}\n\
         interfaces:\n- {name: eth0, mac: '02:00:00:00:00:03', network: mgmt, ip: 10.0.0.13}\n\
         hardware: {sockets: 1, cores_per_socket: 4, threads_per_core: 1, memory_mib: 8192}\n"
            .to_string(),
        // A console through conman's ipmiconsole script.
        "name: sol1\nbmc: cn03-bmc\nvars: {console_ipmi: ipmiconsole, console_user: ADMIN}\n\
         interfaces:\n- {name: eth0, network: mgmt, ip: 10.0.0.22}\n"
            .to_string(),
        // Disabled: in no output.
        "name: cn04\nenabled: false\ninterfaces:\n- {name: eth0, network: mgmt, ip: 10.0.0.14}\n"
            .to_string(),
        // A PDU outlet with its own command.
        "name: svc1\nrole: Service\nbmc: cn03-bmc\n\
         vars: {power_device: apc, power_command: '/usr/bin/apc -h pdu1 |&', power_plug: '3'}\n\
         interfaces:\n- {name: eth0, network: mgmt, ip: 10.0.0.21}\n"
            .to_string(),
    ];
    // A run of identical nodes that folds, with plugs that fold with them.
    for i in 10..14 {
        nodes.push(format!(
            "name: gpu{i}\nrole: Compute\nbmc: gpu{i}-bmc\n\
             interfaces:\n- {{name: eth0, network: mgmt, ip: 10.0.0.{i}}}\n\
             hardware: {{sockets: 2, cores_per_socket: 8, threads_per_core: 2, memory_mib: 65536, gpus: [{{model: A100, count: 4}}]}}\n"
        ));
    }
    nodes
}

fn edge_bmcs() -> Vec<String> {
    let mut bmcs = vec![
        "name: cn01-bmc\nip: 10.1.0.11\nnetwork: bmc\nxname: x1000c0s0b0\n".to_string(),
        "name: cn03-bmc\nkind: ipmi\nip: 10.1.0.13\nport: 623\nfqdn: cn03-ipmi.other.example\n"
            .to_string(),
        "name: spare-bmc\n".to_string(),
    ];
    for i in 10..14 {
        bmcs.push(format!("name: gpu{i}-bmc\nip: 10.1.0.{i}\nnetwork: bmc\n"));
    }
    bmcs
}

const GROUPS: &[&str] = &[
    "name: compute\nmembers: cn[01-03],gpu[10-13]\nlabels: {tier: one}\n\
     vars: {slurm_partition: batch, slurm_partition_options: Default=YES}\n",
    "name: gpu\ndescription: GPU nodes\nmembers: gpu[10-13]\ntenant: physics\n\
     vars: {slurm_partition: batch, slurm_partition_options: MaxTime=1:00:00}\n",
    "name: debug\nmembers: cn03\nvars: {slurm_partition: debug}\n",
    "name: empty\nmembers: nothing[1-2]\n",
    "name: 9lives\nmembers: cn01\n",
];

fn edge_inventory(cluster: &str) -> Inventory {
    let nodes = edge_nodes();
    let bmcs = edge_bmcs();
    let n: Vec<&str> = nodes.iter().map(String::as_str).collect();
    let b: Vec<&str> = bmcs.iter().map(String::as_str).collect();
    let mut inv = inventory_of(cluster, &n, &b, GROUPS);
    let tenant: Tenant = crate::yaml::from_str(
        "name: physics\nowners: ['@org/physics', '@alice']\ngroups: [gpu]\nnodes: cn02\n",
    )
    .unwrap();
    inv.tenants.push(Record {
        value: tenant,
        origin: Origin::new_file(PathBuf::from("tenants/physics.yaml")),
    });
    inv
}

#[test]
fn inventories_reaching_every_branch_render_the_same_both_ways() {
    assert_both_ways_agree(&edge_inventory(CLUSTER), "edge inventory");
    let no_domain = CLUSTER.replace("domain: edge.example\n", "");
    assert_both_ways_agree(&edge_inventory(&no_domain), "edge inventory without domain");
    let empty = inventory_of("format: 1\nname: empty\n", &[], &[], &[]);
    assert_both_ways_agree(&empty, "empty inventory");
}

#[test]
fn values_a_generator_does_not_reproduce_fall_back_to_the_template() {
    let inv = inventory_of(
        CLUSTER,
        &["name: n1\nvars: {console_dev: [a, b]}\ninterfaces:\n- {name: eth0, network: mgmt, ip: 10.0.0.2}\n"],
        &[],
        &[],
    );
    let ctx = Context::build(&inv, "");
    assert_eq!(generator("conman").unwrap()(&ctx), Err(Unsupported));
}

#[test]
fn control_characters_in_header_comments_are_escaped_both_ways() {
    let cluster = CLUSTER.replace(
        "name: edge cluster/1",
        "name: \"a\\ndhcp-boot=evil\\u2028\"",
    );
    let inv = edge_inventory(&cluster);
    assert_both_ways_agree(&inv, "cluster name with a line break");
    let hosts = generator("hosts").unwrap()(&Context::build(&inv, "")).unwrap();
    assert!(hosts.starts_with("# /etc/hosts entries of cluster a\\ndhcp-boot=evil\\u{2028},"));
}

#[test]
fn values_that_would_break_a_format_are_refused_both_ways() {
    let cases = [
        ("ssh-config", "vars: {ssh_user: \"x\\nProxyCommand sh\"}"),
        ("ssh-config", "vars: {ssh_port: \"22\\u2028Port 23\"}"),
        ("conman", "vars: {console_dev: 'a\" dev=\"/bin/sh'}"),
        (
            "slurm",
            "vars: {slurm_node_options: \"W=1 PartitionName=evil\"}",
        ),
        ("slurm", "vars: {slurm_gres: \"gpu:1 Weight=1\"}"),
        (
            "powerman",
            "vars: {power_plug: 'p\" x', power_device: ipmipower}",
        ),
        (
            "powerman",
            "vars: {power_device: '../../tmp/x', power_plug: p}",
        ),
        ("hosts", "role: Compute"),
        ("dnsmasq-dns", "role: Compute"),
    ];
    for (target, extra) in cases {
        // hosts and dnsmasq-dns: an interface name that is no host name part.
        let iface = if extra.starts_with("role") {
            "\"eth1\\n6.6.6.6 evil\""
        } else {
            "eth1"
        };
        let node = format!(
            "name: n1\nbmc: n1-bmc\n{extra}\ninterfaces:\n- {{name: eth0, network: mgmt, ip: 10.0.0.2}}\n\
             - {{name: {iface}, network: mgmt, ip: 10.0.0.3}}\n"
        );
        let group = "name: p\nmembers: n1\nvars: {slurm_partition: batch}\n";
        let inv = inventory_of(
            CLUSTER,
            &[&node],
            &["name: n1-bmc\nip: 10.1.0.2\n"],
            &[group],
        );
        let ctx = Context::build(&inv, "");
        assert_eq!(
            generator(target).unwrap()(&ctx),
            Err(Unsupported),
            "{target}: {extra}"
        );
        let engine = Engine::new(Vec::new()).unwrap();
        let t = engine.targets().iter().find(|t| t.name == target).unwrap();
        let err = engine.render(t, &ctx.to_value()).unwrap_err().to_string();
        assert!(
            err.contains(&format!("built-in template {target}:"))
                && err.contains("unsafe value")
                && err.contains("rule unsafe-value"),
            "{target}: {extra}: {err}"
        );
    }
}
