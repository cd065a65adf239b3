//! Every built-in `chami render` target, rendered from examples/small, read back by the
//! real program that consumes it (dnsmasq, nodeattr, powermand, conmand, nodeset, ssh,
//! ansible-inventory), or parsed here the way the consumer reads it when the program is
//! not packaged (Warewulf, Slurm, Prometheus, CODEOWNERS); plus one insta snapshot per
//! target in tests/it/snapshots/ (`INSTA_UPDATE=always` or `cargo insta review` after a
//! deliberate change; with `CI=true` a mismatch fails).
//!
//! A missing program goes through `interop_program`/`skip_or_fail`. Servers listen on
//! 127.0.0.1 only, on a free port, and are killed by PID when their guard drops.

use crate::harness::{
    ansible_command, ansible_inventory_program, assert_code, chami, interop_program, node_yaml,
    run, skip_or_fail, stderr, stdout, which, TestInventory,
};
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::net::{Ipv4Addr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/small");

/// The built-in targets, in `render --list` order.
const BUILT_IN: [&str; 16] = [
    "ansible-ini",
    "clustershell",
    "codeowners",
    "conman",
    "dnsmasq-dns",
    "genders",
    "hosts",
    "libvirt",
    "opensm-partitions",
    "powerman",
    "powerman-outlets",
    "prometheus",
    "prometheus-bmc",
    "slurm",
    "ssh-config",
    "warewulf",
];

// ---------------------------------------------------------------------------------------
// What examples/small holds.

/// nid01…nid16 (or a sub-range), as names.
fn nids(range: std::ops::RangeInclusive<u32>) -> BTreeSet<String> {
    range.map(|i| format!("nid{i:02}")).collect()
}

/// Every node of examples/small.
fn all_nodes() -> BTreeSet<String> {
    let mut all = nids(1..=16);
    all.insert("admin01".into());
    all.insert("login01".into());
    all
}

/// Node name → (node address, BMC address) for every node of examples/small.
fn addresses() -> Vec<(String, Ipv4Addr, Ipv4Addr)> {
    let mut v: Vec<_> = (1..=16u8)
        .map(|i| {
            (
                format!("nid{i:02}"),
                Ipv4Addr::new(10, 0, 0, 10 + i),
                Ipv4Addr::new(10, 1, 0, 10 + i),
            )
        })
        .collect();
    v.push((
        "admin01".into(),
        Ipv4Addr::new(10, 0, 0, 6),
        Ipv4Addr::new(10, 1, 0, 6),
    ));
    v.push((
        "login01".into(),
        Ipv4Addr::new(10, 0, 0, 5),
        Ipv4Addr::new(10, 1, 0, 5),
    ));
    v
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------
// Rendering.

/// `chami -C DIR render TARGET` on stdout; fails on a non-zero exit.
fn render_in(dir: &Path, target: &str) -> String {
    let out = run(chami().arg("-C").arg(dir).args(["render", target]));
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(!text.trim().is_empty(), "render {target} printed nothing");
    text
}

/// A target rendered from examples/small.
fn render_small(target: &str) -> String {
    render_in(Path::new(SMALL), target)
}

/// Writes `content` to `dir/name` and returns the path.
fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
    p
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Expands a hostlist as Slurm, powerman and genders print it (`a[01-03,07],b`), written
/// here so that chami's own expander is not what checks chami.
fn expand(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in list.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&list[start..]);
    for item in items.into_iter().filter(|s| !s.is_empty()) {
        let Some(open) = item.find('[') else {
            out.push(item.to_string());
            continue;
        };
        let close = item
            .rfind(']')
            .unwrap_or_else(|| panic!("unbalanced hostlist {list}"));
        let (prefix, suffix) = (&item[..open], &item[close + 1..]);
        for range in item[open + 1..close].split(',') {
            let (lo, hi) = range.split_once('-').unwrap_or((range, range));
            let width = lo.len();
            let (a, b): (u32, u32) = (lo.parse().unwrap(), hi.parse().unwrap());
            for n in a..=b {
                out.push(format!("{prefix}{n:0width$}{suffix}"));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Servers.

pub(crate) use crate::harness::free_port;

/// A server (or a one-shot program fed on stdin) started by a test; stdout and stderr go
/// to a log file. Dropping it kills the process by its PID.
pub(crate) struct Server {
    what: String,
    pub(crate) child: Child,
    log: PathBuf,
    started: Instant,
}

impl Server {
    /// Starts `cmd` with its output in `log` (stdin as `cmd` sets it, else null).
    pub(crate) fn start(what: &str, cmd: &mut Command, log: PathBuf) -> Server {
        let file = std::fs::File::create(&log).expect("log file");
        let child = cmd
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {what} ({cmd:?}): {e}"));
        Server {
            what: what.to_string(),
            child,
            log,
            started: Instant::now(),
        }
    }

    /// Everything it printed so far.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Polls `ready` until it is true; panics with the log if the process exits first or
    /// 10 s pass.
    pub(crate) fn wait_ready(&mut self, mut ready: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if ready() {
                return;
            }
            if let Some(status) = self.exited() {
                panic!(
                    "{} exited ({status}) before it was ready:\n{}",
                    self.what,
                    self.log()
                );
            }
            if Instant::now() > deadline {
                panic!("{} not ready after 10 s:\n{}", self.what, self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits up to `limit` for the process to exit by itself.
    pub(crate) fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.exited() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM by PID, SIGKILL if it is still there 5 s later; returns its log.
    pub(crate) fn stop(&mut self) -> String {
        if self.exited().is_none() {
            // SAFETY: kill(2) on the PID of our own child, not yet reaped.
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
            if self.wait_exit(Duration::from_secs(5)).is_none() {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
        self.log()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.exited().is_none() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------
// A DNS client: one UDP query, the A and PTR records of the answer.

const TYPE_A: u16 = 1;
const TYPE_PTR: u16 = 12;

#[derive(Debug, Default)]
struct DnsReply {
    rcode: u8,
    a: Vec<Ipv4Addr>,
    ptr: Vec<String>,
}

fn dns_query(port: u16, name: &str, qtype: u16) -> std::io::Result<DnsReply> {
    let sock = UdpSocket::bind("127.0.0.1:0")?;
    sock.set_read_timeout(Some(Duration::from_millis(500)))?;
    sock.connect(("127.0.0.1", port))?;
    let id = fastrand::u16(..);
    let mut q = Vec::with_capacity(64);
    q.extend(id.to_be_bytes());
    q.extend([0x01, 0x00]); // a query, recursion desired
    q.extend([0, 1, 0, 0, 0, 0, 0, 0]); // one question
    for label in name.trim_end_matches('.').split('.') {
        q.push(label.len() as u8);
        q.extend(label.as_bytes());
    }
    q.push(0);
    q.extend(qtype.to_be_bytes());
    q.extend([0, 1]); // class IN
    sock.send(&q)?;
    let mut buf = [0u8; 4096];
    loop {
        let n = sock.recv(&mut buf)?;
        let m = &buf[..n];
        if n < 12 || m[..2] != id.to_be_bytes() {
            continue;
        }
        return parse_reply(m).map_err(|e| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{e}: {m:02x?}"))
        });
    }
}

fn parse_reply(m: &[u8]) -> Result<DnsReply, String> {
    let u16_at = |p: usize| {
        m.get(p..p + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "short reply".to_string())
    };
    let flags = u16_at(2)?;
    if flags & 0x8000 == 0 {
        return Err("not a response".into());
    }
    let mut reply = DnsReply {
        rcode: (flags & 0xf) as u8,
        ..DnsReply::default()
    };
    let mut pos = 12;
    for _ in 0..u16_at(4)? {
        pos = read_name(m, pos)?.1 + 4;
    }
    for _ in 0..u16_at(6)? {
        let p = read_name(m, pos)?.1;
        let rtype = u16_at(p)?;
        let len = u16_at(p + 8)? as usize;
        let data = p + 10;
        let rdata = m.get(data..data + len).ok_or("record past the end")?;
        match rtype {
            TYPE_A if len == 4 => reply
                .a
                .push(Ipv4Addr::new(rdata[0], rdata[1], rdata[2], rdata[3])),
            TYPE_PTR => reply.ptr.push(read_name(m, data)?.0),
            _ => {}
        }
        pos = data + len;
    }
    Ok(reply)
}

/// The (possibly compressed) name at `pos`, and the position after it.
fn read_name(m: &[u8], mut pos: usize) -> Result<(String, usize), String> {
    let mut labels = Vec::new();
    let mut after = None;
    for _ in 0..128 {
        let len = *m.get(pos).ok_or("name past the end")? as usize;
        if len & 0xc0 == 0xc0 {
            let low = *m.get(pos + 1).ok_or("name past the end")? as usize;
            after.get_or_insert(pos + 2);
            pos = ((len & 0x3f) << 8) | low;
        } else if len == 0 {
            return Ok((labels.join("."), after.unwrap_or(pos + 1)));
        } else {
            let label = m.get(pos + 1..pos + 1 + len).ok_or("name past the end")?;
            labels.push(String::from_utf8_lossy(label).into_owned());
            pos += 1 + len;
        }
    }
    Err("name compression loop".into())
}

fn resolve(port: u16, name: &str, qtype: u16) -> DnsReply {
    // UDP: one retry if the first datagram is lost.
    dns_query(port, name, qtype)
        .or_else(|_| dns_query(port, name, qtype))
        .unwrap_or_else(|e| panic!("DNS query {name} type {qtype} to 127.0.0.1:{port}: {e}"))
}

fn reverse_name(ip: Ipv4Addr) -> String {
    let o = ip.octets();
    format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
}

/// Starts dnsmasq as a DNS server on 127.0.0.1 only, with `config` (its config options),
/// no /etc/hosts and no upstream servers; waits until it answers.
fn start_dnsmasq(dnsmasq: &Path, dir: &Path, config: &[String]) -> (Server, u16) {
    let port = free_port();
    let mut cmd = Command::new(dnsmasq);
    cmd.args(config)
        .args([
            "--no-hosts",
            "--no-resolv",
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            "--keep-in-foreground",
            "--log-facility=-",
            // Stay root: the dropped-to user could not read the private temp folder.
            "--user=root",
        ])
        .arg(format!("--port={port}"))
        .arg(format!("--pid-file={}", dir.join("dnsmasq.pid").display()))
        .stdin(Stdio::null());
    let mut server = Server::start("dnsmasq", &mut cmd, dir.join("dnsmasq.log"));
    server.wait_ready(|| dns_query(port, "nid01", TYPE_A).is_ok());
    (server, port)
}

/// The names and addresses every DNS check asks for: each node by its name, its FQDN
/// and (for `hosts`) its interface name, each BMC by name, and the reverse of both.
fn check_dns(port: u16, server: &Server, with_interface_names: bool) {
    let log = || server.log();
    for (node, ip, bmc_ip) in addresses() {
        let mut names = vec![node.clone(), format!("{node}.demo.example.org")];
        if with_interface_names {
            names.push(format!("{node}-eth0"));
        }
        for name in names {
            let r = resolve(port, &name, TYPE_A);
            assert_eq!(r.a, vec![ip], "A {name}: {r:?}\n{}", log());
        }
        let bmc = format!("{node}-bmc");
        for name in [bmc.clone(), format!("{bmc}.demo.example.org")] {
            let r = resolve(port, &name, TYPE_A);
            assert_eq!(r.a, vec![bmc_ip], "A {name}: {r:?}\n{}", log());
        }
        let r = resolve(port, &reverse_name(ip), TYPE_PTR);
        assert_eq!(
            r.ptr,
            vec![format!("{node}.demo.example.org")],
            "PTR {ip}: {r:?}\n{}",
            log()
        );
        let r = resolve(port, &reverse_name(bmc_ip), TYPE_PTR);
        assert_eq!(
            r.ptr,
            vec![format!("{bmc}.demo.example.org")],
            "PTR {bmc_ip}: {r:?}\n{}",
            log()
        );
    }
    let r = resolve(port, "nid99", TYPE_A);
    assert!(r.a.is_empty(), "nid99 resolved: {r:?}");
}

// ---------------------------------------------------------------------------------------
// Snapshots.

#[test]
fn snapshots_of_every_built_in_target() {
    let list = run(chami().arg("-C").arg(SMALL).args(["render", "--list"]));
    assert_code(&list, 0);
    let listed: Vec<String> = stdout(&list)
        .lines()
        .filter(|l| l.split_whitespace().nth(1) == Some("built-in"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(
        listed, BUILT_IN,
        "the built-in targets changed: give a new one a snapshot and an interop check here"
    );
    for target in BUILT_IN {
        // A fan-out target (libvirt: one file per VM; examples/small has none) is
        // checked in vms.rs.
        if chami::render::builtin::find(target)
            .is_some_and(|b| b.fan_out != chami::render::FanOut::Once)
        {
            continue;
        }
        insta::assert_snapshot!(target, render_small(target));
    }
}

// ---------------------------------------------------------------------------------------
// DNS.

#[test]
fn hosts_served_by_dnsmasq() {
    let test = "render_interop::hosts_served_by_dnsmasq";
    let Some(dnsmasq) = interop_program(test, "dnsmasq") else {
        return;
    };
    let dir = tempdir();
    let hosts = write(dir.path(), "hosts", &render_small("hosts"));
    let config = [
        "-C".to_string(),
        "/dev/null".into(),
        format!("--addn-hosts={}", hosts.display()),
    ];
    let (mut server, port) = start_dnsmasq(&dnsmasq, dir.path(), &config);
    check_dns(port, &server, true);
    let log = server.stop();
    // 18 nodes with 3 names each and 18 BMCs: nothing skipped.
    assert!(
        log.contains("/hosts - 90 names"),
        "dnsmasq did not read 90 names:\n{log}"
    );
}

#[test]
fn dnsmasq_dns_passes_dnsmasq_test_and_is_served() {
    let test = "render_interop::dnsmasq_dns_passes_dnsmasq_test_and_is_served";
    let Some(dnsmasq) = interop_program(test, "dnsmasq") else {
        return;
    };
    let dir = tempdir();
    let conf = write(dir.path(), "dnsmasq-dns.conf", &render_small("dnsmasq-dns"));
    let conf_arg = format!("--conf-file={}", conf.display());
    let check = run(Command::new(&dnsmasq).arg("--test").arg(&conf_arg));
    assert_code(&check, 0);
    assert!(
        stderr(&check).contains("syntax check OK"),
        "{}",
        stderr(&check)
    );
    let (mut server, port) = start_dnsmasq(&dnsmasq, dir.path(), &[conf_arg]);
    check_dns(port, &server, false);
    // local=/demo.example.org/: dnsmasq answers for the domain itself, NXDOMAIN (3).
    let r = resolve(port, "nid99.demo.example.org", TYPE_A);
    assert_eq!(
        (r.rcode, r.a.len()),
        (3, 0),
        "nid99.demo.example.org: {r:?}"
    );
    server.stop();
}

// ---------------------------------------------------------------------------------------
// genders.

#[test]
fn genders_read_by_nodeattr() {
    let test = "render_interop::genders_read_by_nodeattr";
    let Some(nodeattr) = interop_program(test, "nodeattr") else {
        return;
    };
    let dir = tempdir();
    let f = write(dir.path(), "genders", &render_small("genders"));
    let q = |args: &[&str]| run(Command::new(&nodeattr).arg("-f").arg(&f).args(args));

    let check = q(&["-k"]);
    assert_code(&check, 0);
    let said = format!("{}{}", stdout(&check), stderr(&check));
    assert!(said.contains("0 parse errors discovered"), "{said}");

    for (attr, want) in [
        ("compute", nids(1..=16)),
        ("gpu", nids(9..=16)),
        ("service", set(&["admin01", "login01"])),
        ("tenant=physics", nids(9..=16)),
        ("rack=r1", nids(1..=8)),
        ("role=Compute", nids(1..=16)),
    ] {
        let out = q(&["-q", attr]);
        assert_code(&out, 0);
        let got: BTreeSet<String> = expand(stdout(&out).trim()).into_iter().collect();
        assert_eq!(got, want, "nodeattr -q {attr}");
    }
    let out = q(&["-q", "compute"]);
    assert_eq!(stdout(&out).trim(), "nid[01-16]", "nodeattr -q compute");

    let out = q(&["-v", "nid10", "tenant"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "physics", "nodeattr -v nid10 tenant");
    let out = q(&["-v", "nid05", "xname"]);
    assert_eq!(
        stdout(&out).trim(),
        "x1000c0s2b0n0",
        "nodeattr -v nid05 xname"
    );
    for (node, query, code) in [
        ("nid01", "rack=r1", 0),
        ("nid10", "rack=r1", 1),
        ("nid10", "rack=r2", 0),
        ("nid01", "tenant=physics", 1),
    ] {
        let out = q(&["-Q", node, query]);
        assert_eq!(
            out.status.code(),
            Some(code),
            "nodeattr -Q {node} {query}: {}",
            stderr(&out)
        );
    }
}

// ---------------------------------------------------------------------------------------
// powerman.

#[test]
fn powerman_example_parsed_by_powermand() {
    let test = "render_interop::powerman_example_parsed_by_powermand";
    let Some(powermand) = interop_program(test, "powermand") else {
        return;
    };
    let conf = render_small("powerman");
    for include in conf.lines().filter_map(|l| l.strip_prefix("include ")) {
        let dev = include.trim_matches('"');
        if !Path::new(dev).is_file() {
            skip_or_fail(
                test,
                &format!("{dev} (a powerman device script) is not installed"),
            );
            return;
        }
    }
    let dir = tempdir();
    let f = write(dir.path(), "powerman.conf", &conf);
    // -s: one client on stdin/stdout. powermand parses the file, then answers `nodes`
    // (the node list it read) and exits at `quit`. The device command
    // (/usr/sbin/redfishpower) is only started after the parse and may be missing.
    let mut cmd = Command::new(&powermand);
    cmd.arg("-c")
        .arg(&f)
        .args(["-f", "-s"])
        .stdin(Stdio::piped());
    let mut pm = Server::start("powermand -s", &mut cmd, dir.path().join("powermand.log"));
    let mut input = pm.child.stdin.take().unwrap();
    // powermand drops a client whose input ends before the answer: keep stdin open.
    input.write_all(b"exprange\r\nnodes\r\nquit\r\n").unwrap();
    let status = pm.wait_exit(Duration::from_secs(10));
    drop(input);
    let log = pm.log();
    assert!(
        status.is_some_and(|s| s.success()),
        "powermand -s: {status:?}\n{log}"
    );
    let listed: BTreeSet<String> = log
        .lines()
        .filter_map(|l| l.rsplit("307 ").next().filter(|_| l.contains("307 ")))
        .map(|s| s.trim().to_string())
        .collect();
    assert_eq!(listed, all_nodes(), "nodes powermand read:\n{log}");
}

#[test]
fn powerman_vpc_nodes_switched_through_powermand() {
    let test = "render_interop::powerman_vpc_nodes_switched_through_powermand";
    let (Some(powermand), Some(pm), Some(vpcd)) = (
        interop_program(test, "powermand"),
        interop_program(test, "pm"),
        interop_program(test, "vpcd"),
    ) else {
        return;
    };
    if !Path::new("/etc/powerman/vpc.dev").is_file() {
        skip_or_fail(test, "/etc/powerman/vpc.dev is not installed");
        return;
    }
    let inv = TestInventory::new();
    for n in 1..=4u8 {
        let name = format!("n{n}");
        let vars = format!(
            "vars:\n  power_device: vpc\n  power_command: \"{} |&\"\n  power_plug: \"{}\"\n",
            vpcd.display(),
            n - 1
        );
        inv.write(
            &format!("nodes/{name}.yaml"),
            &(node_yaml(&name, 10 + n) + &vars),
        );
    }
    let conf = render_in(inv.path(), "powerman");
    assert!(
        conf.contains("include \"/etc/powerman/vpc.dev\"\n"),
        "{conf}"
    );
    let port = free_port();
    let dir = tempdir();
    let f = write(
        dir.path(),
        "powerman.conf",
        &format!("listen \"127.0.0.1:{port}\"\n{conf}"),
    );
    let mut cmd = Command::new(&powermand);
    cmd.arg("-c").arg(&f).arg("-f").stdin(Stdio::null());
    let mut server = Server::start("powermand", &mut cmd, dir.path().join("powermand.log"));
    let host = format!("127.0.0.1:{port}");
    let pm_run = |args: &[&str]| run(Command::new(&pm).args(["-h", &host]).args(args));
    // State of each node from `pm -x -q` (host ranges expanded: `n2: on`).
    let query = || {
        let out = pm_run(&["-x", "-q"]);
        let mut state = BTreeMap::new();
        for line in stdout(&out).lines() {
            if let Some((node, what)) = line.split_once(':') {
                state.insert(node.trim().to_string(), what.trim().to_string());
            }
        }
        (out.status.success(), state)
    };
    let all_off: BTreeMap<String, String> = (1..=4)
        .map(|n| (format!("n{n}"), "off".to_string()))
        .collect();
    server.wait_ready(|| query() == (true, all_off.clone()));
    let on = pm_run(&["-1", "n2"]);
    assert_code(&on, 0);
    let mut want = all_off.clone();
    want.insert("n2".into(), "on".into());
    let (ok, state) = query();
    assert!(ok);
    assert_eq!(state, want, "pm -q after pm -1 n2\n{}", server.log());
    server.stop();
}

/// A Redfish BMC stand-in for httppower: each of 127.0.0.2 and 127.0.0.3 answers
/// `GET /redfish/v1/Systems/1/` with its power state (On, Off) and logs each request with
/// its Authorization header.
const REDFISH_STANDIN: &str = r#"
import http.server, sys, threading
STATE = {"127.0.0.2": "On", "127.0.0.3": "Off"}
LOG = threading.Lock()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ('{"PowerState":"%s"}' % STATE[self.server.server_address[0]]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        # One write per line under a lock: two servers log from their own threads.
        line = "%s %s %s\n" % (self.command, self.path, self.headers.get("Authorization", "-"))
        with LOG:
            sys.stdout.write(line)
            sys.stdout.flush()
for addr in STATE:
    srv = http.server.ThreadingHTTPServer((addr, int(sys.argv[1])), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
"#;

/// Redfish BMCs get Debian 12's redfish-supermicro.dev through httppower, one device per
/// BMC: powermand reads each node's state from its own BMC. The stand-in speaks plain
/// HTTP, so the test's copy says http:// where the output says https://.
#[test]
fn powerman_redfish_default_queried_through_httppower() {
    let test = "render_interop::powerman_redfish_default_queried_through_httppower";
    let (Some(powermand), Some(pm), Some(_), Some(python)) = (
        interop_program(test, "powermand"),
        interop_program(test, "pm"),
        interop_program(test, "httppower"),
        interop_program(test, "python3"),
    ) else {
        return;
    };
    if !Path::new("/etc/powerman/redfish-supermicro.dev").is_file() {
        skip_or_fail(
            test,
            "/etc/powerman/redfish-supermicro.dev is not installed",
        );
        return;
    }
    let bmc_port = free_port();
    let inv = TestInventory::new();
    inv.write(
        "cluster.yaml",
        &crate::harness::CLUSTER_YAML.replace(
            "- name: bmc\n",
            "- name: loopback\n  cidr: 127.0.0.0/8\n- name: bmc\n",
        ),
    );
    for n in 1..=2u8 {
        let name = format!("n{n}");
        inv.write(
            &format!("nodes/{name}.yaml"),
            &format!("{}bmc: {name}-bmc\n", node_yaml(&name, 10 + n)),
        );
        inv.write(
            &format!("bmcs/{name}-bmc.yaml"),
            &format!(
                "name: {name}-bmc\nkind: redfish\nip: 127.0.0.{}\nport: {bmc_port}\n",
                n + 1
            ),
        );
    }
    let conf = render_in(inv.path(), "powerman");
    assert!(
        conf.contains("include \"/etc/powerman/redfish-supermicro.dev\"\n"),
        "{conf}"
    );
    for n in 1..=2u8 {
        let line = format!(
            "device \"redfish-supermicro{}\" \"redfish-supermicro\" \"/usr/sbin/httppower -u \
             https://127.0.0.{}:{bmc_port} -H Content-Type:application/json |&\"\n",
            n - 1,
            n + 1
        );
        assert!(conf.contains(&line), "{line} in\n{conf}");
    }
    let dir = tempdir();
    let script = write(dir.path(), "bmc.py", REDFISH_STANDIN);
    let mut bmcs = Server::start(
        "redfish stand-in",
        Command::new(&python).arg(&script).arg(bmc_port.to_string()),
        dir.path().join("bmc.log"),
    );
    bmcs.wait_ready(|| bmcs_ready(&dir));
    let port = free_port();
    let f = write(
        dir.path(),
        "powerman.conf",
        &format!(
            "listen \"127.0.0.1:{port}\"\n{}",
            conf.replace("https://", "http://")
        ),
    );
    let mut cmd = Command::new(&powermand);
    cmd.arg("-c").arg(&f).arg("-f").stdin(Stdio::null());
    let mut server = Server::start("powermand", &mut cmd, dir.path().join("powermand.log"));
    let host = format!("127.0.0.1:{port}");
    let want: BTreeMap<String, String> = [("n1", "on"), ("n2", "off")]
        .into_iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let mut last = String::new();
    server.wait_ready(|| {
        let out = run(Command::new(&pm).args(["-h", &host, "-x", "-q"]));
        last = stdout(&out);
        let state: BTreeMap<String, String> = last
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(n, s)| (n.trim().to_string(), s.trim().to_string()))
            .collect();
        state == want
    });
    server.stop();
    // Each BMC was asked at the device script's path, with the login script's credentials
    // (Basic USER:PASS until the administrator sets them in the .dev file).
    let log = bmcs.stop();
    assert!(
        log.contains("GET /redfish/v1/Systems/1/ Basic VVNFUjpQQVNT"),
        "pm -q said {last}\n{log}"
    );
}

/// True once the stand-in printed `ready`.
fn bmcs_ready(dir: &tempfile::TempDir) -> bool {
    std::fs::read_to_string(dir.path().join("bmc.log")).is_ok_and(|l| l.contains("ready"))
}

// ---------------------------------------------------------------------------------------
// conman.

#[test]
fn conman_read_by_conmand() {
    let test = "render_interop::conman_read_by_conmand";
    let Some(run) = ConmandRun::start(test, &render_small("conman")) else {
        return;
    };
    assert_eq!(run.consoles, all_nodes(), "consoles conmand serves");
    // The `global log="%N.log"` line: a log per console in logdir.
    run.finish(|logdir| logdir.join("nid01.log").is_file());
}

/// Consoles through conman's ipmitool script: the user from the inventory, the password
/// from /etc/conman.pswd (never in the output); conmand takes the script console.
#[test]
fn conman_ipmitool_script_consoles_read_by_conmand() {
    let test = "render_interop::conman_ipmitool_script_consoles_read_by_conmand";
    if !Path::new("/usr/lib/conman/exec/ipmitool.exp").is_file() {
        skip_or_fail(
            test,
            "/usr/lib/conman/exec/ipmitool.exp (package conman) is missing",
        );
        return;
    }
    let inv = TestInventory::new();
    for n in 1..=2u8 {
        let name = format!("n{n}");
        inv.write(
            &format!("nodes/{name}.yaml"),
            &format!(
                "{}bmc: {name}-bmc\ngroups: [sol]\n",
                node_yaml(&name, 10 + n)
            ),
        );
        inv.write(
            &format!("bmcs/{name}-bmc.yaml"),
            &format!("name: {name}-bmc\nkind: ipmi\nip: 10.1.0.{}\n", 10 + n),
        );
    }
    inv.write(
        "groups/sol.yaml",
        "name: sol\nvars:\n  console_ipmi: ipmitool\n  console_user: ADMIN\n",
    );
    let rendered = render_in(inv.path(), "conman");
    for n in 1..=2u8 {
        let line = format!(
            "console name=\"n{n}\" dev=\"/usr/lib/conman/exec/ipmitool.exp 10.1.0.{} ADMIN\"\n",
            10 + n
        );
        assert!(rendered.contains(&line), "{line} in\n{rendered}");
    }
    // A user that would add a word to the script's command line is refused.
    inv.write(
        "groups/sol.yaml",
        "name: sol\nvars:\n  console_ipmi: ipmitool\n  console_user: 'ADMIN secret'\n",
    );
    let refused = run(chami().arg("-C").arg(inv.path()).args(["render", "conman"]));
    assert_ne!(refused.status.code(), Some(0));
    assert!(
        stderr(&refused).contains("a BMC user name"),
        "{}",
        stderr(&refused)
    );
    let Some(run) = ConmandRun::start(test, &rendered) else {
        return;
    };
    let want: BTreeSet<String> = ["n1", "n2"].iter().map(|s| s.to_string()).collect();
    assert_eq!(run.consoles, want, "consoles conmand serves");
    run.finish(|_| true);
}

/// conmand serving a rendered conman.conf on 127.0.0.1 (logs below a temp folder).
struct ConmandRun {
    server: Server,
    conf: String,
    logdir: PathBuf,
    consoles: BTreeSet<String>,
    _dir: tempfile::TempDir,
}

impl ConmandRun {
    /// Starts conmand on `rendered` and lists its consoles with `conman -q`; `None` (after
    /// skip_or_fail) when conman is not installed.
    fn start(test: &str, rendered: &str) -> Option<ConmandRun> {
        let (Some(conmand), Some(conman)) = (
            interop_program(test, "conmand"),
            interop_program(test, "conman"),
        ) else {
            return None;
        };
        let dir = tempdir();
        let logdir = dir.path().join("log");
        std::fs::create_dir(&logdir).unwrap();
        // The test copy logs below the temp folder and listens on 127.0.0.1:PORT only.
        assert_eq!(
            rendered
                .lines()
                .filter(|l| l.starts_with("server logdir="))
                .count(),
            1,
            "{rendered}"
        );
        let port = free_port();
        let mut conf: String = rendered
            .lines()
            .map(|l| {
                if l.starts_with("server logdir=") {
                    format!("server logdir=\"{}\"\n", logdir.display())
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        conf.push_str(&format!("server loopback=on\nserver port={port}\n"));
        let f = write(dir.path(), "conman.conf", &conf);
        let mut cmd = Command::new(&conmand);
        cmd.arg("-F").arg("-c").arg(&f).stdin(Stdio::null());
        let mut server = Server::start("conmand", &mut cmd, dir.path().join("conmand.log"));
        let query = || {
            run(Command::new(&conman)
                .env_remove("CONMAN_HOST")
                .env_remove("CONMAN_PORT")
                .args(["-d", &format!("127.0.0.1:{port}"), "-q"]))
        };
        server.wait_ready(|| query().status.success());
        let consoles = stdout(&query()).lines().map(str::to_string).collect();
        Some(ConmandRun {
            server,
            conf,
            logdir,
            consoles,
            _dir: dir,
        })
    }

    /// Waits for `ready(logdir)` and a second of running, stops conmand, and checks that
    /// it started and rejected no line of the config (`CONFIG[`).
    fn finish(mut self, ready: impl Fn(&Path) -> bool) {
        let logdir = self.logdir.clone();
        self.server.wait_ready(|| ready(&logdir));
        if let Some(rest) = Duration::from_secs(1).checked_sub(self.server.started.elapsed()) {
            std::thread::sleep(rest);
        }
        let log = self.server.stop();
        assert!(
            log.contains("Starting ConMan daemon"),
            "no conmand log:\n{log}"
        );
        let rejected: Vec<&str> = log.lines().filter(|l| l.contains("CONFIG[")).collect();
        assert!(
            rejected.is_empty(),
            "conmand rejected lines of the config:\n{}\n--- config\n{}",
            rejected.join("\n"),
            self.conf
        );
    }
}

// ---------------------------------------------------------------------------------------
// ClusterShell.

#[test]
fn clustershell_groups_resolved_by_nodeset() {
    let test = "render_interop::clustershell_groups_resolved_by_nodeset";
    let Some(nodeset) = interop_program(test, "nodeset") else {
        return;
    };
    let dir = tempdir();
    let autodir = dir.path().join("groups.d");
    std::fs::create_dir(&autodir).unwrap();
    write(&autodir, "chami.yaml", &render_small("clustershell"));
    // ClusterShell 1.9: [Main] autodir holds YAML group sources (*.yaml), default names
    // the source used for @group.
    let groups_conf = write(
        dir.path(),
        "groups.conf",
        &format!("[Main]\ndefault: demo\nautodir: {}\n", autodir.display()),
    );
    let ns = |args: &[&str]| {
        let out = run(Command::new(&nodeset)
            .env_remove("CLUSTERSHELL_CFGDIR")
            .arg("--groupsconf")
            .arg(&groups_conf)
            .args(args));
        assert_code(&out, 0);
        // An undefined group is an empty line with rc 0: the exact text is what counts.
        stdout(&out).trim_end().to_string()
    };
    for (group, want) in [
        ("@compute", "nid[01-16]"),
        ("@gpu", "nid[09-16]"),
        ("@service", "admin01,login01"),
        ("@role_compute", "nid[01-16]"),
        ("@role_management", "admin01"),
        ("@role_service", "login01"),
        ("@tenant_physics", "nid[09-16]"),
        ("@all", "admin01,login01,nid[01-16]"),
        ("@demo:gpu", "nid[09-16]"),
        ("@compute!@gpu", "nid[01-08]"),
    ] {
        assert_eq!(ns(&["-f", group]), want, "nodeset -f {group}");
    }
    assert_eq!(
        ns(&["-f", "-a"]),
        "admin01,login01,nid[01-16]",
        "nodeset -f -a"
    );
    assert_eq!(ns(&["-c", "@compute"]), "16");
    let listed: BTreeSet<String> = ns(&["-l"]).lines().map(str::to_string).collect();
    assert_eq!(
        listed,
        set(&[
            "@all",
            "@compute",
            "@gpu",
            "@role_compute",
            "@role_management",
            "@role_service",
            "@service",
            "@tenant_physics"
        ]),
        "nodeset -l"
    );
}

// ---------------------------------------------------------------------------------------
// Warewulf.

/// The keys of Warewulf 4.5's NodeConf (nodes and profiles), without the deprecated
/// flat `kernel args`/`ipmi …` ones.
const WW_NODE_KEYS: [&str; 18] = [
    "comment",
    "cluster name",
    "container name",
    "ipxe template",
    "runtime overlay",
    "system overlay",
    "kernel",
    "ipmi",
    "init",
    "root",
    "asset key",
    "discoverable",
    "profiles",
    "network devices",
    "tags",
    "primary network",
    "disks",
    "filesystems",
];
const WW_NETDEV_KEYS: [&str; 13] = [
    "type", "onboot", "device", "hwaddr", "ipaddr", "ipcidr", "ip6addr", "prefix", "netmask",
    "gateway", "mtu", "primary", "tags",
];
const WW_IPMI_KEYS: [&str; 10] = [
    "username",
    "password",
    "ipaddr",
    "netmask",
    "port",
    "gateway",
    "interface",
    "escapechar",
    "write",
    "tags",
];
const WW_KERNEL_KEYS: [&str; 3] = ["version", "override", "args"];

fn yaml_keys(v: &Yaml, what: &str) -> Vec<String> {
    v.as_mapping()
        .unwrap_or_else(|| panic!("{what} is not a mapping: {v:?}"))
        .keys()
        .map(|k| {
            k.as_str()
                .unwrap_or_else(|| panic!("{what}: key {k:?} is not a string"))
                .to_string()
        })
        .collect()
}

fn assert_known_keys(v: &Yaml, allowed: &[&str], what: &str) {
    for k in yaml_keys(v, what) {
        assert!(
            allowed.contains(&k.as_str()),
            "{what}: `{k}` is not a Warewulf key ({allowed:?})"
        );
    }
}

/// Every value of a mapping is a string (Warewulf's fields are strings or string maps).
fn assert_string_values(v: &Yaml, what: &str) {
    for (k, val) in v
        .as_mapping()
        .unwrap_or_else(|| panic!("{what} is not a mapping"))
    {
        assert!(val.is_string(), "{what}.{k:?} is {val:?}, not a string");
    }
}

/// A NodeConf (node or profile) as Warewulf 4.5 would read it.
fn check_ww_nodeconf(conf: &Yaml, what: &str) {
    assert_known_keys(conf, &WW_NODE_KEYS, what);
    for key in ["comment", "cluster name", "primary network"] {
        if let Some(v) = conf.get(key) {
            assert!(v.is_string(), "{what}.{key} is {v:?}");
        }
    }
    if let Some(p) = conf.get("profiles") {
        let list = p
            .as_sequence()
            .unwrap_or_else(|| panic!("{what}.profiles is not a list"));
        assert!(
            list.iter().all(Yaml::is_string),
            "{what}.profiles: {list:?}"
        );
    }
    if let Some(k) = conf.get("kernel") {
        assert_known_keys(k, &WW_KERNEL_KEYS, &format!("{what}.kernel"));
        assert_string_values(k, &format!("{what}.kernel"));
    }
    if let Some(i) = conf.get("ipmi") {
        assert_known_keys(i, &WW_IPMI_KEYS, &format!("{what}.ipmi"));
        assert_string_values(i, &format!("{what}.ipmi"));
    }
    if let Some(t) = conf.get("tags") {
        assert_string_values(t, &format!("{what}.tags"));
    }
    if let Some(devs) = conf.get("network devices") {
        for (name, dev) in devs.as_mapping().expect("network devices is a mapping") {
            let w = format!("{what}.network devices.{name:?}");
            assert_known_keys(dev, &WW_NETDEV_KEYS, &w);
            assert_string_values(dev, &w);
        }
    }
}

#[test]
fn warewulf_nodes_conf_has_warewulf_keys() {
    let text = render_small("warewulf");
    let doc: Yaml = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"));
    let mut top = yaml_keys(&doc, "nodes.conf");
    top.sort();
    assert_eq!(
        top,
        ["WW_INTERNAL", "nodeprofiles", "nodes"],
        "top-level keys"
    );
    assert_eq!(doc["WW_INTERNAL"].as_i64(), Some(45), "WW_INTERNAL");

    let profiles = &doc["nodeprofiles"];
    let mut names = yaml_keys(profiles, "nodeprofiles");
    names.sort();
    assert_eq!(names, ["compute", "default", "gpu", "service"], "profiles");
    for name in &names {
        check_ww_nodeconf(&profiles[name.as_str()], &format!("nodeprofiles.{name}"));
    }
    assert_eq!(profiles["default"]["cluster name"].as_str(), Some("demo"));
    assert_eq!(
        profiles["compute"]["tags"]["partition"].as_str(),
        Some("batch")
    );

    let nodes = &doc["nodes"];
    let listed: BTreeSet<String> = yaml_keys(nodes, "nodes").into_iter().collect();
    assert_eq!(listed, all_nodes(), "nodes");
    for name in &listed {
        let node = &nodes[name.as_str()];
        let what = format!("nodes.{name}");
        check_ww_nodeconf(node, &what);
        // Every profile a node names exists.
        for p in node["profiles"].as_sequence().expect("profiles") {
            let p = p.as_str().unwrap();
            assert!(
                names.iter().any(|n| n == p),
                "{what}: profile {p} is not defined"
            );
        }
    }

    let nid10 = &nodes["nid10"];
    let profiles: Vec<&str> = nid10["profiles"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(profiles, ["default", "compute", "gpu"], "nid10 profiles");
    let eth0 = &nid10["network devices"]["eth0"];
    for (key, want) in [
        ("type", "ethernet"),
        ("device", "eth0"),
        ("hwaddr", "02:00:00:00:01:0a"),
        ("ipaddr", "10.0.0.20"),
        ("netmask", "255.255.255.0"),
        ("gateway", "10.0.0.1"),
    ] {
        assert_eq!(
            eth0[key].as_str(),
            Some(want),
            "nid10 network devices eth0 {key}"
        );
    }
    assert_eq!(nid10["primary network"].as_str(), Some("eth0"));
    assert_eq!(
        nid10["ipmi"]["ipaddr"].as_str(),
        Some("10.1.0.20"),
        "nid10 ipmi ipaddr"
    );
    assert_eq!(nid10["ipmi"]["netmask"].as_str(), Some("255.255.255.0"));
    assert_eq!(
        nid10["kernel"]["args"].as_str(),
        Some("console=ttyS0,115200")
    );
    assert_eq!(nid10["tags"]["rack"].as_str(), Some("r2"));
    assert_eq!(nid10["tags"]["nid"].as_str(), Some("10"));
    assert_eq!(
        nodes["admin01"]["kernel"]["args"].as_str(),
        Some("inst.text console=ttyS0,115200"),
        "admin01 boots rocky9-install"
    );
}

// ---------------------------------------------------------------------------------------
// Slurm.

/// slurm.conf(5) NodeName parameters.
const SLURM_NODE_KEYS: [&str; 22] = [
    "NodeName",
    "NodeHostname",
    "NodeAddr",
    "BcastAddr",
    "Boards",
    "CoreSpecCount",
    "CoresPerSocket",
    "CpuBind",
    "CPUs",
    "CPUSpecList",
    "Features",
    "Gres",
    "MemSpecLimit",
    "Port",
    "Procs",
    "RealMemory",
    "Reason",
    "Sockets",
    "SocketsPerBoard",
    "State",
    "ThreadsPerCore",
    "TmpDisk",
];

/// `Key=Value` fields of a slurm.conf line.
fn slurm_fields(line: &str) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    for f in line.split_whitespace() {
        let (k, v) = f
            .split_once('=')
            .unwrap_or_else(|| panic!("`{f}` is not Key=Value in: {line}"));
        assert!(!v.is_empty(), "empty value of {k} in: {line}");
        assert!(
            fields.insert(k.to_string(), v.to_string()).is_none(),
            "{k} twice in: {line}"
        );
    }
    fields
}

#[test]
fn slurm_lines_are_consistent() {
    // slurmd/scontrol cannot check a config without a controller and munge: the lines
    // are parsed here as slurm.conf(5) reads them.
    let text = render_small("slurm");
    let mut node_of: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut partitions = BTreeMap::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let fields = slurm_fields(line);
        if let Some(names) = fields.get("NodeName") {
            for k in fields.keys() {
                assert!(
                    SLURM_NODE_KEYS.contains(&k.as_str()),
                    "unknown NodeName key {k}: {line}"
                );
            }
            let num = |k: &str| -> u64 {
                fields[k]
                    .parse()
                    .unwrap_or_else(|_| panic!("{k} not a number: {line}"))
            };
            assert_eq!(
                num("CPUs"),
                num("Sockets") * num("CoresPerSocket") * num("ThreadsPerCore"),
                "CPUs = Sockets*CoresPerSocket*ThreadsPerCore: {line}"
            );
            assert_eq!(fields["State"], "UNKNOWN", "{line}");
            for n in expand(names) {
                assert!(
                    node_of.insert(n.clone(), fields.clone()).is_none(),
                    "{n} on two NodeName lines"
                );
            }
        } else if let Some(name) = fields.get("PartitionName") {
            partitions.insert(name.clone(), fields.clone());
        } else {
            panic!("neither NodeName nor PartitionName: {line}");
        }
    }
    assert_eq!(
        node_of.keys().cloned().collect::<BTreeSet<_>>(),
        nids(1..=16),
        "NodeName nodes"
    );
    for (n, f) in &node_of {
        let gpu = nids(9..=16).contains(n);
        assert_eq!(
            f.get("Gres").map(String::as_str),
            gpu.then_some("gpu:4"),
            "{n} Gres"
        );
        assert_eq!(f["CPUs"], "224", "{n} CPUs");
        // Installed memory minus the default 2% reserve.
        let mem = if gpu { "2055209" } else { "513803" };
        assert_eq!(f["RealMemory"], mem, "{n} RealMemory");
    }
    assert_eq!(
        partitions.keys().collect::<Vec<_>>(),
        ["batch"],
        "partitions"
    );
    let batch = &partitions["batch"];
    assert_eq!(batch["Nodes"], "nid[01-16]");
    assert_eq!(batch["State"], "UP");
    for n in expand(&batch["Nodes"]) {
        assert!(
            node_of.contains_key(&n),
            "partition node {n} has no NodeName line"
        );
    }
}

// ---------------------------------------------------------------------------------------
// ssh.

#[test]
fn ssh_config_read_by_ssh() {
    let test = "render_interop::ssh_config_read_by_ssh";
    let Some(ssh) = interop_program(test, "ssh") else {
        return;
    };
    let dir = tempdir();
    let f = write(dir.path(), "ssh_config", &render_small("ssh-config"));
    let hostname = |host: &str| {
        let out = run(Command::new(&ssh)
            .arg("-G")
            .arg("-F")
            .arg(&f)
            .arg(host)
            .stdin(Stdio::null()));
        assert_code(&out, 0);
        let text = stdout(&out);
        text.lines()
            .find_map(|l| l.strip_prefix("hostname "))
            .unwrap_or_else(|| panic!("no hostname in ssh -G {host}:\n{text}"))
            .to_string()
    };
    for (node, ip, _) in addresses() {
        assert_eq!(hostname(&node), ip.to_string(), "ssh -G {node}");
        let fqdn = format!("{node}.demo.example.org");
        assert_eq!(hostname(&fqdn), ip.to_string(), "ssh -G {fqdn}");
    }
    assert_eq!(hostname("nid99"), "nid99", "a host not in the file");
}

// ---------------------------------------------------------------------------------------
// Prometheus file_sd.

/// The file_sd document: a list of {targets: [string], labels: {name: string}}; returns
/// (targets, labels) per entry.
fn file_sd(target: &str) -> Vec<(Vec<String>, BTreeMap<String, String>)> {
    let text = render_small(target);
    let doc: Json =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{target}: not JSON: {e}\n{text}"));
    let entries = doc
        .as_array()
        .unwrap_or_else(|| panic!("{target}: not a list"));
    entries
        .iter()
        .map(|e| {
            let obj = e
                .as_object()
                .unwrap_or_else(|| panic!("{target}: entry {e} not an object"));
            let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            keys.sort();
            assert_eq!(keys, ["labels", "targets"], "{target}: keys of {e}");
            let targets: Vec<String> = e["targets"]
                .as_array()
                .unwrap_or_else(|| panic!("{target}: targets of {e}"))
                .iter()
                .map(|t| {
                    t.as_str()
                        .unwrap_or_else(|| panic!("{target}: target {t} not a string"))
                        .to_string()
                })
                .collect();
            assert!(!targets.is_empty(), "{target}: no targets in {e}");
            let labels = e["labels"]
                .as_object()
                .unwrap_or_else(|| panic!("{target}: labels of {e}"))
                .iter()
                .map(|(k, v)| {
                    // Prometheus: label names [a-zA-Z_][a-zA-Z0-9_]*, `__` reserved; values strings.
                    let ok = k
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !k.starts_with("__");
                    assert!(ok, "{target}: label name {k:?}");
                    let s = v
                        .as_str()
                        .unwrap_or_else(|| panic!("{target}: label {k} = {v} is not a string"));
                    (k.clone(), s.to_string())
                })
                .collect();
            (targets, labels)
        })
        .collect()
}

#[test]
fn prometheus_targets_are_file_sd() {
    let entries = file_sd("prometheus");
    for (targets, _) in &entries {
        for t in targets {
            let (host, port) = t
                .rsplit_once(':')
                .unwrap_or_else(|| panic!("target {t} not host:port"));
            assert!(
                host.parse::<Ipv4Addr>().is_ok() && port.parse::<u16>().is_ok(),
                "target {t}"
            );
        }
    }
    let by_node: BTreeMap<&str, &Vec<String>> = entries
        .iter()
        .map(|(t, l)| (l["node"].as_str(), t))
        .collect();
    assert_eq!(
        by_node
            .keys()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>(),
        all_nodes()
    );
    for (node, ip, _) in addresses() {
        assert_eq!(
            by_node[node.as_str()],
            &vec![format!("{ip}:9100")],
            "{node} target"
        );
    }
    let (_, nid09) = entries.iter().find(|(_, l)| l["node"] == "nid09").unwrap();
    assert_eq!(nid09["tenant"], "physics");
    assert_eq!(nid09["cluster"], "demo");
    assert_eq!(nid09["role"], "Compute");
    assert_eq!(nid09["xname"], "x1000c0s4b0n0");
}

#[test]
fn prometheus_bmc_targets_are_file_sd() {
    let entries = file_sd("prometheus-bmc");
    let by_bmc: BTreeMap<&str, (&Vec<String>, &BTreeMap<String, String>)> = entries
        .iter()
        .map(|(t, l)| (l["bmc"].as_str(), (t, l)))
        .collect();
    assert_eq!(by_bmc.len(), 18, "BMCs: {:?}", by_bmc.keys());
    for (node, _, bmc_ip) in addresses() {
        let bmc = format!("{node}-bmc");
        let (targets, labels) = by_bmc
            .get(bmc.as_str())
            .unwrap_or_else(|| panic!("{bmc} missing"));
        // The BMC's address alone: relabelled into the exporter's `target` parameter.
        assert_eq!(*targets, &vec![bmc_ip.to_string()], "{bmc} target");
        assert_eq!(labels["nodes"], node, "{bmc} nodes");
        assert_eq!(labels["kind"], "redfish", "{bmc} kind");
    }
}

// ---------------------------------------------------------------------------------------
// CODEOWNERS.

/// The top of the git work tree holding the repository (git if installed, else the
/// first folder up with `.git`).
fn git_root() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if which("git").is_some() {
        let out = run(Command::new("git")
            .arg("-C")
            .arg(manifest)
            .args(["rev-parse", "--show-toplevel"]));
        if out.status.success() {
            return Some(PathBuf::from(stdout(&out).trim()));
        }
    }
    manifest
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

#[test]
fn codeowners_paths_exist_and_owners_match_tenants() {
    let test = "render_interop::codeowners_paths_exist_and_owners_match_tenants";
    let Some(root) = git_root() else {
        skip_or_fail(test, "the repository is not a git work tree");
        return;
    };
    let text = render_small("codeowners");
    let mut owned = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut words = line.split_whitespace();
        let path = words.next().unwrap();
        let rel = path
            .strip_prefix('/')
            .unwrap_or_else(|| panic!("path not anchored at the repository top: {line}"));
        assert!(
            root.join(rel).is_file(),
            "{path} is not a file of the repository at {}",
            root.display()
        );
        let owners: Vec<String> = words.map(str::to_string).collect();
        assert!(!owners.is_empty(), "no owner: {line}");
        for o in &owners {
            let team_or_user = o.starts_with('@') && o.len() > 1;
            let email = !o.starts_with('@')
                && o.split_once('@')
                    .is_some_and(|(u, d)| !u.is_empty() && d.contains('.'));
            assert!(
                team_or_user || email,
                "owner {o:?} is neither @user, @org/team nor an email: {line}"
            );
        }
        owned.insert(rel.to_string(), owners);
    }
    let mut want: BTreeSet<String> = nids(9..=16)
        .into_iter()
        .map(|n| format!("examples/small/nodes/{n}.yaml"))
        .collect();
    want.insert("examples/small/groups/gpu.yaml".into());
    assert_eq!(
        owned.keys().cloned().collect::<BTreeSet<_>>(),
        want,
        "owned files"
    );
    assert_eq!(
        owned["examples/small/nodes/nid09.yaml"],
        ["@example-org/physics-admins", "alice@example.org"],
        "owners of nid09"
    );
}

// ---------------------------------------------------------------------------------------
// Ansible.

/// Group → hosts of an `ansible-inventory --list` document (the groups below `all`).
fn ansible_groups(doc: &Json) -> BTreeMap<String, BTreeSet<String>> {
    doc["all"]["children"]
        .as_array()
        .expect("all.children")
        .iter()
        .map(|g| {
            let g = g.as_str().unwrap();
            let hosts = doc[g]["hosts"]
                .as_array()
                .map(|a| a.iter().map(|h| h.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            (g.to_string(), hosts)
        })
        .collect()
}

fn json_stdout(out: &std::process::Output, what: &str) -> Json {
    assert_code(out, 0);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{}", stdout(out)))
}

#[test]
fn ansible_ini_read_by_ansible_inventory() {
    let test = "render_interop::ansible_ini_read_by_ansible_inventory";
    let Some(program) = ansible_inventory_program(test) else {
        return;
    };
    let dir = tempdir();
    let ini = write(
        dir.path(),
        "ansible-hosts.ini",
        &render_small("ansible-ini"),
    );
    let out = run(ansible_command(&program).arg("-i").arg(&ini).arg("--list"));
    let err = stderr(&out);
    assert!(
        !err.contains("WARNING") && !err.contains("ERROR"),
        "ansible-inventory complained:\n{err}"
    );
    let theirs = json_stdout(&out, "ansible-inventory --list");
    let groups = ansible_groups(&theirs);
    for (g, want) in [
        ("compute", nids(1..=16)),
        ("gpu", nids(9..=16)),
        ("service", set(&["admin01", "login01"])),
        ("role_compute", nids(1..=16)),
        ("role_management", set(&["admin01"])),
        ("role_service", set(&["login01"])),
        ("tenant_physics", nids(9..=16)),
    ] {
        assert_eq!(
            groups.get(g),
            Some(&want),
            "group {g} as Ansible reads the ini file"
        );
    }
    let hostvars = &theirs["_meta"]["hostvars"];
    assert_eq!(
        hostvars["nid05"]["ansible_host"], "10.0.0.15",
        "nid05 ansible_host"
    );
    let hosts: BTreeSet<String> = hostvars.as_object().unwrap().keys().cloned().collect();
    assert_eq!(hosts, all_nodes(), "hosts");

    // The same groups, hosts and addresses as chami's dynamic inventory.
    let ours = json_stdout(
        &run(chami()
            .arg("-C")
            .arg(SMALL)
            .args(["ansible-inventory", "--list"])),
        "chami ansible-inventory --list",
    );
    let our_groups = ansible_groups(&ours);
    let common: Vec<&String> = our_groups
        .keys()
        .filter(|g| groups.contains_key(*g))
        .collect();
    assert!(common.len() >= 7, "groups in common: {common:?}");
    for g in common {
        assert_eq!(
            groups[g], our_groups[g],
            "group {g}: ini file vs chami ansible-inventory"
        );
    }
    let our_vars = ours["_meta"]["hostvars"].as_object().unwrap();
    assert_eq!(
        our_vars.keys().cloned().collect::<BTreeSet<_>>(),
        hosts,
        "hosts: ini vs chami"
    );
    for (host, vars) in our_vars {
        assert_eq!(
            hostvars[host]["ansible_host"], vars["ansible_host"],
            "{host} ansible_host: ini vs chami"
        );
    }
}
