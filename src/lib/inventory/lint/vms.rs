//! Virtual machines: each VM on a known hypervisor node, hypervisors not over-committed,
//! and VM shapes that libvirt can define (CPUs, memory, disks, NICs on the node's own
//! interfaces, a boot order with something to boot from).

use super::context::LintContext;
use crate::inventory::model::{is_uuid, BootDevice, Vm};
use std::collections::HashMap;

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    let by_name: HashMap<&str, usize> = inv
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    // Per hypervisor: the enabled VMs on it.
    let mut load: HashMap<usize, Vec<usize>> = HashMap::new();
    for (ni, n) in inv.nodes.iter().enumerate() {
        let Some(vm) = &n.vm else {
            continue;
        };
        check_shape(cx, ni, vm);
        match by_name.get(vm.host.as_str()) {
            Some(&h) if h == ni => cx.error(
                "vm-host",
                &inv.nodes[ni],
                Some("host:"),
                format!("VM {} names itself as its hypervisor", n.name),
                "set `vm.host` to the node that runs it",
            ),
            Some(&h) if inv.nodes[h].hypervisor.is_none() => cx.error(
                "vm-host",
                &inv.nodes[ni],
                Some(&vm.host),
                format!(
                    "VM {} runs on {}, which is not a hypervisor",
                    n.name, vm.host
                ),
                &format!(
                    "give node {} a `hypervisor: {{vcpus: N, memory_mib: M}}` section with the capacity its VMs share",
                    vm.host
                ),
            ),
            Some(&h) => {
                if n.is_enabled() {
                    load.entry(h).or_default().push(ni);
                }
            }
            None => cx.error(
                "vm-host",
                &inv.nodes[ni],
                Some(&vm.host),
                format!("VM {} runs on unknown hypervisor {}", n.name, vm.host),
                "name a node of the inventory that has a `hypervisor:` section",
            ),
        }
    }
    let mut hosts: Vec<_> = load.into_iter().collect();
    hosts.sort();
    for (h, vms) in hosts {
        check_capacity(cx, h, &vms);
    }
}

fn check_capacity(cx: &mut LintContext<'_>, h: usize, vms: &[usize]) {
    let inv = cx.inv;
    let host = &inv.nodes[h];
    let Some(cap) = &host.hypervisor else {
        return;
    };
    let shape = |ni: usize| inv.nodes[ni].vm.as_ref().expect("a VM");
    let vcpus: u64 = vms.iter().map(|&v| u64::from(shape(v).vcpus)).sum();
    let memory: u64 = vms.iter().map(|&v| shape(v).memory_mib).sum();
    let names: Vec<&str> = vms.iter().map(|&v| inv.nodes[v].name.as_str()).collect();
    for (what, used, has) in [
        ("vcpus", vcpus, u64::from(cap.vcpus)),
        ("memory_mib", memory, cap.memory_mib),
    ] {
        if used > has {
            cx.error(
                "vm-overcommit",
                host,
                Some(&format!("{what}:")),
                format!(
                    "hypervisor {} is over-committed: its VMs ({}) take {used} {what}, it has {has}",
                    host.name,
                    names.join(", ")
                ),
                "move a VM to another hypervisor (`vm.host`), shrink the VMs, or raise the hypervisor's capacity",
            );
        }
    }
}

/// The longest Linux interface name (IFNAMSIZ less the NUL), so the longest bridge.
const MAX_BRIDGE: usize = 15;

/// Text libvirt's XML takes as is: a path, bridge or network name.
fn plain(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.:/@+-".contains(&b))
}

fn check_shape(cx: &mut LintContext<'_>, ni: usize, vm: &Vm) {
    let inv = cx.inv;
    let node = &inv.nodes[ni];
    let bad = |cx: &mut LintContext<'_>, needle: &str, msg: String, help: &str| {
        cx.error("vm-shape", node, Some(needle), msg, help);
    };
    if vm.vcpus == 0 {
        bad(
            cx,
            "vcpus:",
            format!("VM {} has 0 vcpus", node.name),
            "give it at least 1",
        );
    }
    if vm.memory_mib < 64 {
        bad(
            cx,
            "memory_mib:",
            format!("VM {} has {} MiB of memory", node.name, vm.memory_mib),
            "give it at least 64 MiB (memory_mib counts MiB: 4096 is 4 GiB)",
        );
    }
    if let Some(u) = node.hardware.uuid.as_deref().filter(|u| !is_uuid(u)) {
        bad(
            cx,
            u,
            format!("VM {}: hardware.uuid `{u}` is not a UUID", node.name),
            "write 32 hex digits (8-4-4-4-12 with dashes), or remove it to use the derived one",
        );
    }
    for (k, d) in vm.disks.iter().enumerate() {
        if d.size_gib == 0 {
            bad(
                cx,
                "size_gib:",
                format!("disk {k} of VM {} has size 0", node.name),
                "size_gib counts GiB: give it at least 1",
            );
        }
        if let Some(p) = d
            .path
            .as_deref()
            .filter(|p| !plain(p) || !p.starts_with('/'))
        {
            bad(
                cx,
                p,
                format!(
                    "disk {k} of VM {}: `{p}` is not an absolute plain path",
                    node.name
                ),
                "use letters, digits and _ . : / @ + - only, starting with /",
            );
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for n in &vm.nics {
        let name = n.interface.as_str();
        if !node.interfaces.iter().any(|i| i.name == name) {
            bad(
                cx,
                name,
                format!("a NIC of VM {} is interface {name}, which the node does not have", node.name),
                "add the interface under `interfaces:` (with its network and address) or correct the name",
            );
        }
        if seen.contains(&name) {
            bad(
                cx,
                name,
                format!("VM {} has two NICs on interface {name}", node.name),
                "each NIC is one interface",
            );
        }
        seen.push(name);
        for v in [&n.bridge, &n.libvirt_network].into_iter().flatten() {
            if !plain(v) {
                bad(
                    cx,
                    v,
                    format!(
                        "NIC {name} of VM {}: `{v}` is not a plain bridge or network name",
                        node.name
                    ),
                    "use letters, digits and _ . : / @ + - only",
                );
            }
        }
        if let Some(b) = n
            .bridge
            .as_deref()
            .filter(|b| plain(b) && b.len() > MAX_BRIDGE)
        {
            bad(
                cx,
                "bridge:",
                format!(
                    "NIC {name} of VM {}: bridge `{b:.20}…` is longer than {MAX_BRIDGE} characters, which no Linux interface name is",
                    node.name
                ),
                "name the hypervisor's bridge as `ip link` shows it (at most 15 characters)",
            );
        }
        if n.bridge.is_some() && n.libvirt_network.is_some() {
            bad(
                cx,
                name,
                format!(
                    "NIC {name} of VM {} has both a bridge and a libvirt network",
                    node.name
                ),
                "keep one of `bridge` and `libvirt_network`",
            );
        }
    }
    for (dev, what, has) in [
        (BootDevice::Network, "NIC", !vm.nics.is_empty()),
        (BootDevice::Disk, "disk", !vm.disks.is_empty()),
    ] {
        if vm.boot.contains(&dev) && !has {
            bad(
                cx,
                "boot:",
                format!(
                    "VM {} boots from {} but has no {what}",
                    node.name,
                    dev.as_str()
                ),
                &format!(
                    "add a {what} to the VM or take `{}` out of `vm.boot`",
                    dev.as_str()
                ),
            );
        }
    }
    if vm.boot.is_empty()
        || vm.boot.len()
            != vm
                .boot
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len()
    {
        bad(
            cx,
            "boot:",
            format!("VM {} has an empty boot order or a device twice", node.name),
            "list each of network and disk at most once, e.g. [network, disk]",
        );
    }
}
