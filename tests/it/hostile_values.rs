//! Hostile values: for every string field that reaches a built-in output, each class of
//! hostile value (line breaks, NUL, U+2028, the noncharacter U+FFFE, quotes, `#`, `;`, `,`,
//! `=`, `{{ }}`, `$( )`, a leading `-`, 10 KB) is either refused by `chami inventory lint`
//! or leaves every output read by its real consumer to exactly the records of a clean
//! inventory: `dnsmasq --test` (render and dhcp-export), `dhcpd -t`, `kea-dhcp4 -t`,
//! `nodeattr`, `ssh -G`, powermand, conmand, and here the line structure of Slurm,
//! CODEOWNERS, hosts and Ansible INI, the JSON/YAML outputs, the iPXE scripts (chami's
//! iPXE syntax checker) and cloud-init seeds;
//! for the fabric, VM and PDU fields (see `hostile_devices`) the libvirt domain XML as
//! `virt-xml-validate` and an XML parser read it, OpenSM's partitions.conf grammar, and
//! powerman.conf with its PDU outlet devices as powermand reads it.
//!
//! One lint run per (field, value); then one inventory per value class holding the value
//! in every field lint accepted, rendered once and checked by each consumer.

use crate::harness::{assert_code, interop_program, run, stderr, stdout, TestInventory};
use crate::render_interop::{free_port, Server};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The hostile value classes.
fn values() -> Vec<(&'static str, String)> {
    vec![
        ("newline", "x\ndhcp-boot=evil.efi,,6.6.6.6".into()),
        ("cr", "x\rProxyCommand sh".into()),
        ("nul", "x\0y".into()),
        ("u2028", "x\u{2028}y".into()),
        ("nonchar", "x\u{fffe}y".into()),
        ("quote", "x\" dev=\"/bin/sh".into()),
        ("hash", "x # y".into()),
        ("semicolon", "x;y".into()),
        ("comma", "x,6.6.6.6".into()),
        ("equals", "x=1 PartitionName=evil".into()),
        ("template", "{{ 7*7 }}".into()),
        ("subshell", "$(id)".into()),
        ("dash", "-oProxyCommand=sh".into()),
        ("long", "a".repeat(10 * 1024)),
    ]
}

/// Every field a hostile value goes into, with its clean value.
const FIELDS: &[(&str, &str)] = &[
    ("cluster_name", "test"),
    ("domain", "test.local"),
    ("kernel", "images/vmlinuz"),
    ("params", "quiet"),
    ("role", "Compute"),
    ("subrole", "sub"),
    ("arch", "x86_64"),
    ("label", "r1"),
    ("iface", "eth1"),
    ("ssh_user", "admin"),
    ("ssh_port", "22"),
    ("ssh_proxy_jump", "jump"),
    ("console_dev", "127.0.0.1:9"),
    ("power_plug", "10.1.0.11"),
    ("power_device", "redfishpower-supermicro"),
    ("power_command", "/usr/sbin/redfishpower -h 10.1.0.11 |&"),
    ("slurm_gres", "gpu:1"),
    ("slurm_node_options", "Weight=1"),
    ("node_exporter_port", "9100"),
    ("bmc_fqdn", "nid01-bmc.test.local"),
    ("group_description", "compute nodes"),
    ("group_label", "a"),
    ("slurm_partition", "batch"),
    ("slurm_partition_options", "Default=YES"),
    ("owner", "@alice"),
    ("group_name", "compute"),
    ("tenant_name", "t1"),
    ("link", "eth0"),
    ("nvlink_domain", "nvl1"),
    ("vm_host", "nid02"),
    ("disk_path", "/var/lib/libvirt/images/vm01.qcow2"),
    ("disk_bus", "virtio"),
    ("nic_model", "virtio"),
    ("bridge", "br-mgmt"),
    ("libvirt_network", "default"),
    ("hv_uri", "qemu+ssh://root@nid02/system"),
    ("pdu_fqdn", "pdu0.test.local"),
    ("pdu_path", "/redfish/v1/PowerEquipment/RackPDUs/1"),
    ("pdu_vendor", "Raritan"),
    ("outlet", "A1"),
];

/// The fields whose odd value lint warns about and the powerman target then leaves out
/// (the node stays on its BMC): each is checked for that warning, and kept out of the
/// inventory of all accepted fields, where it would hide the PDU from the other fields.
const LEFT_OUT: &[&str] = &["outlet", "pdu_path"];

/// The clean value of `field`.
pub(crate) fn clean(field: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no field {field}"))
}

/// The fields that are not text: a hostile value fails to parse, and the error names the
/// file and line.
const TYPED: &[(&str, &str)] = &[
    ("disk_bus", "nodes/vm01.yaml:"),
    ("nic_model", "nodes/vm01.yaml:"),
];

const CLUSTER: &str = "\
format: 1
name: @cluster_name@
domain: @domain@
networks:
- name: mgmt
  cidr: 10.0.0.0/24
  gateway: 10.0.0.1
  dynamic_range: {start: 10.0.0.200, end: 10.0.0.250}
  dhcp: true
- name: bmc
  cidr: 10.1.0.0/24
  dhcp: true
- name: ib
  cidr: 10.2.0.0/24
  fabric: infiniband
- name: storage
  cidr: 10.3.0.0/24
  vlan: 30
- name: nvl
  cidr: 10.4.0.0/24
  fabric: nvlink
boot_server:
  address: 10.0.0.1
  http_port: 8080
boot_profiles:
- name: diskless
  kind: diskless
  kernel: @kernel@
  initrd: images/initrd.img
  rootfs: images/rootfs.squashfs
  params: @params@
defaults:
  boot:
    profile: diskless
";

const NODE1: &str = "\
name: nid01
nid: 1
role: @role@
subrole: @subrole@
arch: @arch@
bmc: nid01-bmc
labels:
  rack: @label@
vars:
  ssh_user: @ssh_user@
  ssh_port: @ssh_port@
  ssh_proxy_jump: @ssh_proxy_jump@
  console_dev: @console_dev@
  power_plug: @power_plug@
  power_device: @power_device@
  power_command: @power_command@
  slurm_gres: @slurm_gres@
  slurm_node_options: @slurm_node_options@
  node_exporter_port: @node_exporter_port@
hardware: {sockets: 2, cores_per_socket: 4, threads_per_core: 1, memory_mib: 8192}
interfaces:
- name: eth0
  mac: 02:00:00:00:00:01
  network: mgmt
  ip: 10.0.0.11
  boot: true
- name: @iface@
  mac: 02:00:00:00:01:01
  network: mgmt
  ip: 10.0.0.111
  boot: true
- name: ib0
  network: ib
  ip: 10.2.0.11
  guid: '0x0002c90300a1b201'
- name: vlan30
  network: storage
  ip: 10.3.0.11
  vlan: 30
  link: @link@
- name: nvl0
  fabric: nvlink
  nvlink_domain: @nvlink_domain@
";

const NODE2: &str = "\
name: nid02
nid: 2
role: @role@
bmc: nid02-bmc
hardware: {sockets: 2, cores_per_socket: 4, threads_per_core: 1, memory_mib: 8192}
interfaces:
- name: eth0
  mac: 02:00:00:00:00:02
  network: mgmt
  ip: 10.0.0.12
  boot: true
hypervisor:
  vcpus: 8
  memory_mib: 16384
  uri: @hv_uri@
";

const VM1: &str = "\
name: vm01
nid: 3
interfaces:
- name: eth0
  network: mgmt
  ip: 10.0.0.13
  boot: true
- name: eth1
  network: mgmt
  ip: 10.0.0.14
vm:
  host: @vm_host@
  vcpus: 2
  memory_mib: 2048
  disks:
  - size_gib: 8
    path: @disk_path@
    bus: @disk_bus@
  nics:
  - interface: eth0
    libvirt_network: @libvirt_network@
    model: @nic_model@
  - interface: eth1
    bridge: @bridge@
";

const PDU: &str = "\
name: pdu0
fqdn: @pdu_fqdn@
network: bmc
redfish_path: @pdu_path@
vendor: @pdu_vendor@
outlets:
  @outlet@: nid02
";

const BMC1: &str = "\
name: nid01-bmc
ip: 10.1.0.11
mac: 02:00:00:00:10:01
network: bmc
fqdn: @bmc_fqdn@
";

const BMC2: &str =
    "name: nid02-bmc\nkind: ipmi\nip: 10.1.0.12\nmac: 02:00:00:00:10:02\nnetwork: bmc\n";

const GROUP: &str = "\
name: @group_name@
pkey: 0x0010
description: @group_description@
members: nid[01-02]
labels:
  tier: @group_label@
vars:
  slurm_partition: @slurm_partition@
  slurm_partition_options: @slurm_partition_options@
";

const TENANT: &str =
    "name: @tenant_name@\npkey: 0x0020\nowners:\n- @owner@\n- '@ops'\nnodes: nid02\n";

/// `s` as a YAML double-quoted scalar, every character outside printable ASCII escaped.
fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("\\u{:04x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An inventory with `value` in the `hostile` fields and clean values elsewhere.
fn inventory(hostile: &BTreeSet<&str>, value: &str) -> TestInventory {
    let fill = |text: &str| {
        let mut t = text.to_string();
        for (field, clean) in FIELDS {
            let v = if hostile.contains(field) {
                value
            } else {
                clean
            };
            t = t.replace(&format!("@{field}@"), &yaml_quote(v));
        }
        t
    };
    let inv = TestInventory::empty();
    for (path, text) in [
        ("cluster.yaml", CLUSTER),
        ("nodes/nid01.yaml", NODE1),
        ("nodes/nid02.yaml", NODE2),
        ("bmcs/nid01-bmc.yaml", BMC1),
        ("bmcs/nid02-bmc.yaml", BMC2),
        ("groups/compute.yaml", GROUP),
        ("tenants/t1.yaml", TENANT),
        ("nodes/vm01.yaml", VM1),
        ("pdus/pdu0.yaml", PDU),
    ] {
        inv.write(path, &fill(text));
    }
    inv
}

/// Every output of an inventory: rendered targets by name, DHCP configs by format, and
/// the bootgen tree by path.
pub(crate) struct Outputs {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) files: BTreeMap<String, String>,
}

fn outputs(inv: &TestInventory) -> Outputs {
    let dir = tempfile::tempdir().unwrap();
    let (render, boot) = (dir.path().join("render"), dir.path().join("boot"));
    assert_code(
        &inv.chami(&["render", "-q", "-o", render.to_str().unwrap()]),
        0,
    );
    assert_code(
        &inv.chami(&["bootgen", "-q", "-o", boot.to_str().unwrap()]),
        0,
    );
    let mut files = BTreeMap::new();
    for b in chami::render::builtin::BUILTINS
        .iter()
        .filter(|b| b.fan_out == chami::render::FanOut::Once)
    {
        let text = std::fs::read_to_string(render.join(b.output))
            .unwrap_or_else(|e| panic!("render wrote no {}: {e}", b.output));
        files.insert(b.name.to_string(), text);
    }
    for p in crate::harness::files_below(&render.join("libvirt")) {
        let name = p.file_name().unwrap().to_string_lossy();
        files.insert(
            format!("libvirt/{name}"),
            std::fs::read_to_string(&p).unwrap(),
        );
    }
    let loaded = chami::inventory::load::load_uncached(inv.path())
        .into_result()
        .unwrap();
    for n in &loaded.nodes {
        let seed = chami::boot::network_config(&n.value, &loaded.cluster.networks);
        files.insert(format!("network-config/{}", n.value.name), seed);
    }
    for format in ["dnsmasq", "kea", "isc"] {
        let out = inv.chami(&["dhcp-export", "--format", format]);
        assert_code(&out, 0);
        files.insert(format!("dhcp-{format}"), stdout(&out));
    }
    for p in crate::harness::files_below(&boot) {
        let rel = p.strip_prefix(&boot).unwrap().display().to_string();
        files.insert(format!("boot/{rel}"), std::fs::read_to_string(&p).unwrap());
    }
    Outputs { dir, files }
}

impl Outputs {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.files
            .get(name)
            .unwrap_or_else(|| panic!("no output {name}"))
    }

    pub(crate) fn file(&self, name: &str) -> PathBuf {
        let p = self.dir.path().join(name.replace('/', "_"));
        std::fs::write(&p, self.get(name)).unwrap();
        p
    }
}

/// `text` cut to 2,000 characters, for failure messages.
pub(crate) fn cut(text: &str) -> String {
    text.chars().take(2000).collect()
}

/// The record structure of a line format: the first word of every line that is not a
/// comment (`dhcp-host`, `NodeName`, `console`, an address…).
fn line_keys(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| match l.starts_with('[') {
            // An INI section is named after a value (a role group): one section is one
            // record whatever its name.
            true => "[section]".to_string(),
            false => l
                .split([' ', '\t', '='])
                .next()
                .unwrap_or_default()
                .to_string(),
        })
        .collect()
}

/// What each consumer reads from `o`: compared between a clean and a hostile inventory.
fn readings(o: &Outputs, test: &str) -> BTreeMap<String, String> {
    let mut r = BTreeMap::new();
    for name in [
        "hosts",
        "dnsmasq-dns",
        "conman",
        "powerman",
        "slurm",
        "genders",
        "codeowners",
        "ansible-ini",
        "ssh-config",
        "dhcp-dnsmasq",
        "dhcp-isc",
    ] {
        r.insert(format!("{name} lines"), line_keys(o.get(name)).join(" "));
    }
    for name in ["prometheus", "prometheus-bmc", "dhcp-kea"] {
        let v: serde_json::Value = serde_json::from_str(o.get(name))
            .unwrap_or_else(|e| panic!("{name} is not JSON: {e}\n{}", cut(o.get(name))));
        r.insert(format!("{name} shape"), shape(&v));
    }
    for name in ["clustershell", "warewulf"] {
        let v: serde_json::Value = serde_yaml::from_str(o.get(name))
            .unwrap_or_else(|e| panic!("{name} is not YAML: {e}\n{}", cut(o.get(name))));
        r.insert(format!("{name} shape"), shape(&v));
    }
    let boot: Vec<&String> = o.files.keys().filter(|k| k.starts_with("boot/")).collect();
    r.insert("bootgen files".into(), boot.len().to_string());
    for k in boot {
        let text = o.get(k);
        if k.ends_with(".ipxe") {
            let problems = chami::boot::ipxe_syntax::check(text);
            assert!(problems.is_empty(), "{k}: {problems:?}\n{}", cut(text));
            r.insert(k.clone(), line_keys(text).join(" "));
        } else if !k.contains("vendor-data") {
            let v: serde_json::Value = serde_yaml::from_str(text)
                .unwrap_or_else(|e| panic!("{k} is not YAML: {e}\n{}", cut(text)));
            r.insert(k.clone(), shape(&v));
        }
    }
    crate::hostile_devices::readings(o, test, &mut r);
    consumers(o, test, &mut r);
    r
}

/// The keys of a JSON/YAML document, recursively, with list lengths.
pub(crate) fn shape(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(m) => {
            let inner: Vec<String> = m.values().map(shape).collect();
            format!("{{{}:{}}}", m.len(), inner.join(","))
        }
        serde_json::Value::Array(a) => {
            let inner: Vec<String> = a.iter().map(shape).collect();
            format!("[{}]", inner.join(","))
        }
        _ => "v".into(),
    }
}

/// The real programs' readings.
fn consumers(o: &Outputs, test: &str, r: &mut BTreeMap<String, String>) {
    if let Some(dnsmasq) = interop_program(test, "dnsmasq") {
        for name in ["dnsmasq-dns", "dhcp-dnsmasq"] {
            let out = run(Command::new(&dnsmasq)
                .arg("--test")
                .arg(format!("--conf-file={}", o.file(name).display())));
            assert!(
                out.status.success(),
                "dnsmasq --test {name}: {}\n{}",
                stderr(&out),
                cut(o.get(name))
            );
        }
    }
    if let Some(dhcpd) = interop_program(test, "dhcpd") {
        let out = run(Command::new(&dhcpd)
            .args(["-t", "-q", "-cf"])
            .arg(o.file("dhcp-isc")));
        assert!(
            out.status.success(),
            "dhcpd -t: {}\n{}",
            stderr(&out),
            cut(o.get("dhcp-isc"))
        );
    }
    if let Some(kea) = interop_program(test, "kea-dhcp4") {
        let out = run(Command::new(&kea)
            .arg("-t")
            .arg(o.file("dhcp-kea"))
            .env("KEA_LOCKFILE_DIR", o.dir.path())
            .env("KEA_PIDFILE_DIR", o.dir.path()));
        assert!(
            out.status.success(),
            "kea-dhcp4 -t: {}\n{}",
            stderr(&out),
            cut(o.get("dhcp-kea"))
        );
    }
    if let Some(nodeattr) = interop_program(test, "nodeattr") {
        let f = o.file("genders");
        let check = run(Command::new(&nodeattr).arg("-f").arg(&f).arg("-k"));
        assert!(check.status.success(), "nodeattr -k: {}", stderr(&check));
        let all = run(Command::new(&nodeattr).arg("-f").arg(&f).arg("-A"));
        r.insert("nodeattr -A".into(), stdout(&all));
    }
    if let Some(ssh) = interop_program(test, "ssh") {
        let f = o.file("ssh-config");
        for host in ["nid01", "nid02"] {
            let out = run(Command::new(&ssh).arg("-G").arg("-F").arg(&f).arg(host));
            assert!(out.status.success(), "ssh -G {host}: {}", stderr(&out));
            let keys: BTreeSet<String> = stdout(&out)
                .lines()
                .filter_map(|l| l.split(' ').next().map(str::to_string))
                .collect();
            let keys: Vec<String> = keys.into_iter().collect();
            r.insert(format!("ssh -G {host} options"), keys.join(" "));
        }
    }
    if let Some(powermand) = interop_program(test, "powermand") {
        r.insert("powermand nodes".into(), powerman_nodes(&powermand, o));
    }
    if let (Some(conmand), Some(conman)) = (
        interop_program(test, "conmand"),
        interop_program(test, "conman"),
    ) {
        r.insert(
            "conman consoles".into(),
            conman_consoles(&conmand, &conman, o),
        );
    }
}

/// The node list powermand reads from the powerman output (`-s`: one client on stdin).
fn powerman_nodes(powermand: &Path, o: &Outputs) -> String {
    let dev = o.file("powerman-outlets");
    let conf = o.get("powerman").replace(
        "include \"/etc/powerman/chami-redfish-outlet.dev\"",
        &format!("include \"{}\"", dev.display()),
    );
    let f = o.dir.path().join("powerman.conf");
    std::fs::write(&f, conf).unwrap();
    let mut cmd = Command::new(powermand);
    cmd.arg("-c")
        .arg(&f)
        .args(["-f", "-s"])
        .stdin(Stdio::piped());
    let mut pm = Server::start("powermand -s", &mut cmd, o.dir.path().join("pm.log"));
    let mut input = pm.child.stdin.take().unwrap();
    input.write_all(b"nodes\r\nquit\r\n").unwrap();
    let status = pm.wait_exit(Duration::from_secs(10));
    drop(input);
    let log = pm.log();
    assert!(
        status.is_some_and(|s| s.success()),
        "powermand: {status:?}\n{}\n{}",
        cut(&log),
        cut(o.get("powerman"))
    );
    log.lines()
        .filter(|l| l.contains("307 "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The consoles conmand serves from the conman output, failing on any `CONFIG[` line.
fn conman_consoles(conmand: &Path, conman: &Path, o: &Outputs) -> String {
    let logdir = o.dir.path().join("conman-log");
    std::fs::create_dir_all(&logdir).unwrap();
    let port = free_port();
    let mut conf: String = o
        .get("conman")
        .lines()
        .map(|l| match l.starts_with("server logdir=") {
            true => format!("server logdir=\"{}\"\n", logdir.display()),
            false => format!("{l}\n"),
        })
        .collect();
    conf.push_str(&format!("server loopback=on\nserver port={port}\n"));
    let f = o.dir.path().join("conman.conf");
    std::fs::write(&f, &conf).unwrap();
    let mut cmd = Command::new(conmand);
    cmd.arg("-F").arg("-c").arg(&f).stdin(Stdio::null());
    let mut server = Server::start("conmand", &mut cmd, o.dir.path().join("conmand.log"));
    let query = || {
        run(Command::new(conman)
            .env_remove("CONMAN_HOST")
            .env_remove("CONMAN_PORT")
            .args(["-d", &format!("127.0.0.1:{port}"), "-q"]))
    };
    server.wait_ready(|| query().status.success());
    let consoles = stdout(&query());
    let log = server.stop();
    let rejected: Vec<&str> = log.lines().filter(|l| l.contains("CONFIG[")).collect();
    assert!(
        rejected.is_empty(),
        "conmand rejected:\n{}\n{}",
        cut(&rejected.join("\n")),
        cut(&conf)
    );
    consoles
}

/// `chami inventory lint` of an inventory with `value` in one field, for each field, a
/// few at a time.
fn lint_each_field(value: &str) -> Vec<(&'static str, std::process::Output)> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let chunks: Vec<_> = FIELDS.chunks(FIELDS.len().div_ceil(threads)).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(field, _)| {
                            let inv = inventory(&BTreeSet::from([*field]), value);
                            (*field, inv.chami(&["inventory", "lint"]))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a lint thread"))
            .collect()
    })
}

#[test]
fn hostile_values_are_refused_by_lint_or_keep_every_output_to_its_records() {
    let test =
        "hostile_values::hostile_values_are_refused_by_lint_or_keep_every_output_to_its_records";
    let clean = inventory(&BTreeSet::new(), "");
    assert_code(&clean.chami(&["inventory", "lint", "-q"]), 0);
    let baseline = readings(&outputs(&clean), test);
    for (class, value) in values() {
        let control = value.contains(chami::escape::is_control);
        let mut accepted = BTreeSet::new();
        for (field, out) in &lint_each_field(&value) {
            match out.status.code() {
                Some(0) if LEFT_OUT.contains(field) => {
                    assert!(!control, "lint accepted {class} in {field}");
                    let err = stderr(out);
                    assert!(
                        err.contains("warning[pdu-outlet]: pdus/pdu0.yaml:"),
                        "{class} in {field}: no pdu-outlet warning:\n{err}"
                    );
                }
                Some(0) => {
                    assert!(!control, "lint accepted {class} in {field}");
                    accepted.insert(*field);
                }
                Some(1) => {
                    let err = stderr(out);
                    if let Some((_, file)) = TYPED.iter().find(|(f, _)| f == field) {
                        assert!(err.contains(file), "{class} in {field}: no {file}:\n{err}");
                    } else if control {
                        assert!(
                            err.contains("error[unsafe-value]"),
                            "{class} in {field}: not refused as unsafe-value:\n{err}"
                        );
                    }
                }
                _ => panic!("lint of {class} in {field}: {out:?}"),
            }
        }
        if accepted.is_empty() {
            continue;
        }
        let inv = inventory(&accepted, &value);
        let lint = inv.chami(&["inventory", "lint"]);
        assert_code(&lint, 0);
        let o = outputs(&inv);
        let got = readings(&o, test);
        crate::hostile_devices::check_values(&o, &accepted, &value);
        for (what, want) in &baseline {
            assert_eq!(
                got.get(what),
                Some(want),
                "{class} ({value:.40?}) in {accepted:?}: {what} differs from the clean inventory's"
            );
        }
    }
}

#[test]
fn a_refused_value_names_the_file_line_field_and_output() {
    let inv = inventory(&BTreeSet::from(["ssh_user"]), "x\nProxyCommand sh");
    let out = inv.chami(&["inventory", "lint"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    for needle in [
        "error[unsafe-value]",
        "nodes/nid01.yaml:10",
        "`vars.ssh_user`",
        "ssh_config",
        "'\\n'",
    ] {
        assert!(err.contains(needle), "missing {needle}:\n{err}");
    }
    // Commands that write outputs refuse the inventory before any generator runs.
    let render = inv.chami(&["render", "ssh-config"]);
    assert_code(&render, 1);
    assert!(stdout(&render).is_empty(), "{}", stdout(&render));
}
