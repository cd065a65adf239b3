//! What each VM's serial console must show: for both nodes, chami's script for this node
//! loaded from the boot server expected (through the failover when it is not the first);
//! then the busybox installer's own `E2E …` report, or, for the Debian image, systemd and
//! cloud-init's lines: the NoCloud datasource with chami's seed URL and the output of the
//! group's `runcmd`. Also the phases seen, with their times, for the log.

use super::vm::Line;
use super::{Guest, Node, PORT, SERVER};

/// The first line containing `needle`, with its time.
pub fn first<'a>(lines: &'a [Line], needle: &str) -> Option<&'a Line> {
    lines.iter().find(|(_, l)| l.contains(needle))
}

/// The lines as text.
pub fn text(lines: &[Line]) -> String {
    lines.iter().map(|(_, l)| format!("{l}\n")).collect()
}

/// What the Debian node's `runcmd` prints: its hostname and instance-id (from the
/// meta-data cloud-init applied) and the address it got. Only running the user-data makes
/// this line: the user-data's text has `$(hostname)` where the line has the name.
pub fn runcmd_line(node: &Node) -> String {
    format!(
        "E2E RUNCMD host={} instance={} addr={}/24",
        node.name, node.name, node.ip
    )
}

/// In the line cloud-init's final stage prints last.
pub const FINISHED: &str = " finished at ";

/// The line cloud-init's final stage prints when it found the seed at `seed`.
pub fn cloud_init_finished(seed: &str) -> String {
    format!("Datasource DataSourceNoCloudNet [seed=cmdline,{seed}]")
}

/// Whether `log` (a `chami serve` access log, JSON lines) has `path` answered 200 to a
/// client at `ip`.
pub fn served(log: &str, ip: &str, path: &str) -> bool {
    log.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .any(|v| {
            v["path"] == path
                && v["status"] == 200
                && v["peer"]
                    .as_str()
                    .is_some_and(|p| p.starts_with(&format!("{ip}:")))
        })
}

/// Seconds at which each phase was first seen on a VM's console.
pub fn phases(lines: &[Line], node: &Node) -> String {
    let at =
        |needle: &str| first(lines, needle).map_or("-".to_string(), |(t, _)| format!("{t:.1}"));
    let common = format!(
        "{}: iPXE DHCP {} | script {} | kernel+initrd {}",
        node.name,
        at("Configuring (net0"),
        at(&format!("chami: {} boots", node.name)),
        at("initrd.img..."),
    );
    match node.guest {
        Guest::Busybox => format!(
            "{common} | /init {} | guest DHCP {} | installer {} | seed {} | done {}",
            at("E2E INIT-START"),
            at("E2E DHCP-OK"),
            at("E2E INSTALLER ks="),
            at("E2E meta-data: instance-id"),
            at("E2E DONE"),
        ),
        Guest::Debian => format!(
            "{common} | live-boot fetch {} | systemd {} | cloud-init local {} | net {} | runcmd {} | final {}",
            at("Begin: Trying wget"),
            at("Welcome to "),
            at("running 'init-local'"),
            at("running 'init' at"),
            at("E2E RUNCMD"),
            at(FINISHED),
        ),
    }
}

/// The problems found on one console.
struct Expect<'a> {
    node: &'a str,
    lines: &'a [Line],
    problems: Vec<String>,
}

impl Expect<'_> {
    fn has(&self, needle: &str) -> bool {
        first(self.lines, needle).is_some()
    }

    fn that(&mut self, what: &str, ok: bool) {
        if !ok {
            self.problems.push(format!("{}: {what}", self.node));
        }
    }
}

/// What each VM's console must show, `server` being the boot server it must have used.
/// Returns the problems found.
pub fn check(node: &Node, other: &Node, server: &str, lines: &[Line]) -> Vec<String> {
    let mut e = Expect {
        node: node.name,
        lines,
        problems: Vec::new(),
    };
    let ok = e.has(&format!(
        "chami: {} boots profile {}",
        node.name, node.profile
    ));
    e.that("iPXE ran chami's script for this node", ok);
    let ok = !e.has(&format!("chami: {} boots", other.name));
    e.that("iPXE did not run the other node's script", ok);
    let base = format!("http://{server}:{PORT}");
    let ok = e.has(&format!("{base}/images/{}/vmlinuz", node.images))
        && (server == SERVER) != e.has(&format!("chami: trying boot server 2 ({base})"));
    e.that(
        &format!("loaded from boot server {base} (failover when not the first)"),
        ok,
    );
    let ok = !e.has(other.marker) && !e.has(&format!("instance-id: {}", other.name));
    e.that("none of the other node's data", ok);
    match node.guest {
        Guest::Busybox => busybox(&mut e, node, other, &base),
        Guest::Debian => debian(&mut e, node, other, &base),
    }
    e.problems
}

/// The busybox installer's report.
fn busybox(e: &mut Expect, node: &Node, other: &Node, base: &str) {
    let ok = e.has(&format!(
        "E2E NODE {} seed={base}/cloud-init/{}/",
        node.name, node.name
    ));
    e.that(&format!("its seed URL names {base}"), ok);
    let ok = e.has(&format!(
        "E2E DHCP-OK ip={}/24 hostname={} server={SERVER}",
        node.ip, node.name
    ));
    e.that(
        &format!(
            "the guest got its reserved address {} and hostname",
            node.ip
        ),
        ok,
    );
    let ok = e.has(&format!("E2E meta-data: instance-id: {}", node.name));
    e.that("its own instance-id", ok);
    let ok = e.has(&format!("E2E meta-data: local-hostname: {}", node.name));
    e.that("its own local-hostname", ok);
    let ok = e.has("E2E user-data: #cloud-config") && e.has(node.marker);
    e.that("its group's user-data fragment", ok);
    cross(e, other);
    let ok = e.has(&format!("E2E INSTALLER ks={base}/ks/e2e.ks"))
        && e.has("E2E KS # chami e2e kickstart")
        && e.has("E2E INSTALLER disk=vda sectors=131072 empty");
    e.that("took the installer path with its kickstart", ok);
    let ok = e.has("E2E DONE");
    e.that("finished and powered off", ok);
}

/// The other node's seed, asked for by this one, was refused.
fn cross(e: &mut Expect, other: &Node) {
    let ok = first(e.lines, &format!("E2E CROSS {} refused", other.name))
        .is_some_and(|(_, l)| l.contains("403"));
    e.that("the other node's seed refused (403)", ok);
}

/// The Debian image: live-boot, systemd, cloud-init with chami's seed, the group's runcmd.
fn debian(e: &mut Expect, node: &Node, other: &Node, base: &str) {
    let fetch = format!(
        "boot=live fetch={base}/images/{}/rootfs.squashfs",
        node.images
    );
    let ok = e.has(&fetch);
    e.that(&format!("the kernel line has `{fetch}`"), ok);
    let ok = e.has("Welcome to Debian GNU/Linux 12 (bookworm)!");
    e.that("systemd started from the image", ok);
    let seed = format!("{base}/cloud-init/{}/", node.name);
    let ok = e.has(&cloud_init_finished(&seed));
    e.that(
        &format!("cloud-init finished with the NoCloud datasource and the seed {seed}"),
        ok,
    );
    let ok = e.has(&runcmd_line(node));
    e.that(
        &format!("cloud-init ran the group's runcmd: `{}`", runcmd_line(node)),
        ok,
    );
    cross(e, other);
}
