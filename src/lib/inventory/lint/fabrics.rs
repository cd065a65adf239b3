//! High-speed fabrics: InfiniBand GUIDs unique and on InfiniBand ports, partition keys
//! unique, interfaces on a fabric some network carries, Slingshot NIC addresses unique,
//! VLAN interfaces with a parent.

use super::context::LintContext;
use crate::inventory::model::{Fabric, Guid, Interface, NicAddress, Pkey, DEFAULT_PKEY};
use crate::inventory::records::{Record, RecordType};
use std::collections::HashMap;

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    let networks = &inv.cluster.networks;
    let mut guids: HashMap<Guid, (usize, &str)> = HashMap::new();
    let mut nics: HashMap<NicAddress, (usize, &str)> = HashMap::new();
    for (ni, n) in inv.nodes.iter().enumerate() {
        for i in &n.interfaces {
            let fabric = i.fabric_on(networks);
            check_network(cx, ni, i, fabric);
            check_vlan(cx, ni, i);
            if let Some(g) = i.guid {
                check_guid(cx, ni, i, fabric, g, &mut guids);
            }
            if let Some(a) = i.nic_address {
                check_nic_address(cx, ni, i, fabric, a, &mut nics);
            }
            if i.nvlink_domain.is_some() && fabric != Fabric::Nvlink {
                let rec = &inv.nodes[ni];
                cx.error(
                    "fabric-address",
                    rec,
                    Some("nvlink_domain:"),
                    format!(
                        "interface {} has an NVLink domain but is on {}",
                        i.name,
                        fabric.as_str()
                    ),
                    "set `fabric: nvlink` on the interface, or remove `nvlink_domain`",
                );
            }
        }
    }
    check_pkeys(cx);
}

/// The needles that find an interface's line: its name.
fn iface_needle(i: &Interface) -> &str {
    &i.name
}

/// An interface's fabric must be one some network carries, and its network's.
fn check_network(cx: &mut LintContext<'_>, ni: usize, i: &Interface, fabric: Fabric) {
    let inv = cx.inv;
    let Some(own) = i.fabric else {
        return;
    };
    let rec = &inv.nodes[ni];
    let net = i
        .network
        .as_deref()
        .and_then(|n| inv.cluster.networks.iter().find(|x| x.name == n));
    match net {
        Some(net) if !own.fits_network(net.fabric) => cx.error(
            "fabric-network",
            rec,
            Some(own.as_str()),
            format!(
                "interface {} is on fabric {} but its network {} is {}",
                i.name,
                own.as_str(),
                net.name,
                net.fabric.as_str()
            ),
            "put the interface on a network of its fabric (cluster.yaml networks: `fabric:`), or correct its `fabric:`",
        ),
        Some(_) => {}
        None if !inv
            .cluster
            .networks
            .iter()
            .any(|n| fabric.fits_network(n.fabric)) =>
        {
            cx.error(
                "fabric-network",
                rec,
                Some(own.as_str()),
                format!(
                    "interface {} is on fabric {}, which no network in cluster.yaml has",
                    i.name,
                    own.as_str()
                ),
                &format!(
                    "add a network with `fabric: {}` to cluster.yaml (its CIDR is the IPoIB or fabric address plan) and set `network:` on the interface",
                    own.as_str()
                ),
            )
        }
        None => {}
    }
}

fn check_vlan(cx: &mut LintContext<'_>, ni: usize, i: &Interface) {
    let Some(vlan) = i.vlan else {
        return;
    };
    let rec = &cx.inv.nodes[ni];
    let needle = format!("{vlan}");
    if !(1..=4094).contains(&vlan) {
        cx.error_at_any(
            "fabric-address",
            rec,
            &[&needle, iface_needle(i)],
            format!("interface {} has VLAN id {vlan}, outside 1-4094", i.name),
            "802.1Q VLAN ids are 1 to 4094",
        );
    }
    if i.vlan_link().is_none_or(str::is_empty) {
        cx.error_at_any(
            "fabric-address",
            rec,
            &[iface_needle(i)],
            format!("VLAN interface {} has no parent interface", i.name),
            "name it PARENT.VID (eth0.100) or set `link: PARENT`",
        );
    }
}

fn check_guid<'a>(
    cx: &mut LintContext<'a>,
    ni: usize,
    i: &'a Interface,
    fabric: Fabric,
    g: Guid,
    seen: &mut HashMap<Guid, (usize, &'a str)>,
) {
    let inv = cx.inv;
    let text = g.to_string();
    let hex = &text[2..];
    let colon = format!(
        "{}:{}:{}:{}",
        &hex[..4],
        &hex[4..8],
        &hex[8..12],
        &hex[12..]
    );
    let needles = [text.as_str(), hex, colon.as_str(), iface_needle(i)];
    if !fabric.has_guids() {
        cx.error_at_any(
            "fabric-address",
            &inv.nodes[ni],
            &needles,
            format!(
                "interface {} has an InfiniBand GUID but is on {}",
                i.name,
                fabric.as_str()
            ),
            "set `fabric: infiniband` on the interface (or put it on an InfiniBand network), or remove `guid`",
        );
    }
    if let Some(&(first, name)) = seen.get(&g) {
        let other = place(cx, &inv.nodes[first], name, &needles);
        cx.error_at_any(
            "duplicate-guid",
            &inv.nodes[ni],
            &needles,
            format!("InfiniBand GUID {text} of interface {} is also {other}", i.name),
            "each port has its own GUID (`ibstat` shows it as Port GUID); OpenSM would put the wrong port in the partition",
        );
    } else {
        seen.insert(g, (ni, &i.name));
    }
}

fn check_nic_address<'a>(
    cx: &mut LintContext<'a>,
    ni: usize,
    i: &'a Interface,
    fabric: Fabric,
    a: NicAddress,
    seen: &mut HashMap<NicAddress, (usize, &'a str)>,
) {
    let inv = cx.inv;
    let text = a.to_string();
    let needles = ["nic_address:", iface_needle(i)];
    if fabric != Fabric::Slingshot {
        cx.error_at_any(
            "fabric-address",
            &inv.nodes[ni],
            &needles,
            format!(
                "interface {} has a Slingshot NIC address but is on {}",
                i.name,
                fabric.as_str()
            ),
            "set `fabric: slingshot` on the interface, or remove `nic_address`",
        );
    }
    if let Some(&(first, name)) = seen.get(&a) {
        let other = place(cx, &inv.nodes[first], name, &needles);
        cx.error_at_any(
            "fabric-address",
            &inv.nodes[ni],
            &needles,
            format!(
                "Slingshot NIC address {text} of interface {} is also {other}",
                i.name
            ),
            "each Slingshot NIC has its own address on the fabric",
        );
    } else {
        seen.insert(a, (ni, &i.name));
    }
}

/// `interface NAME of node N (file:line)`, for naming the other holder of a value.
fn place<T: RecordType>(
    cx: &mut LintContext<'_>,
    rec: &Record<T>,
    iface: &str,
    needles: &[&str],
) -> String {
    let line = needles
        .iter()
        .map(|n| cx.line_of(&rec.origin, Some(n)))
        .find(|l| *l != rec.origin.line)
        .unwrap_or(rec.origin.line);
    format!(
        "that of interface {iface} of {} {} ({}:{line})",
        T::KIND,
        rec.name(),
        rec.origin.file.display()
    )
}

/// Partition keys: one partition per key, never the default partition's.
fn check_pkeys(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    let mut seen: HashMap<Pkey, String> = HashMap::new();
    for g in &inv.groups {
        check_pkey(cx, g, g.pkey, &mut seen);
    }
    for t in &inv.tenants {
        check_pkey(cx, t, t.pkey, &mut seen);
    }
}

fn check_pkey<T: RecordType>(
    cx: &mut LintContext<'_>,
    rec: &Record<T>,
    pkey: Option<Pkey>,
    seen: &mut HashMap<Pkey, String>,
) {
    let Some(p) = pkey else {
        return;
    };
    let other = if p == DEFAULT_PKEY {
        Some("the default partition's (OpenSM's `Default=0x7fff` line)".to_string())
    } else {
        seen.get(&p).cloned()
    };
    match other {
        Some(other) => cx.error(
            "pkey-collision",
            rec,
            Some("pkey:"),
            format!(
                "partition key {p} of {} {} is also {other}",
                T::KIND,
                rec.name()
            ),
            "give each group or tenant partition its own key (0x0001-0x7ffe)",
        ),
        None => {
            let here = cx.place(rec, Some("pkey:"));
            seen.insert(p, here);
        }
    }
}
