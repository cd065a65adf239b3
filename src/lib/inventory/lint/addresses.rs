//! Addresses: MACs (an interface's `mac` and `permanent_mac` alike) and IPs unique,
//! well-formed and inside their networks; networks consistent with themselves.

use super::context::LintContext;
use crate::inventory::diagnostic::Severity;
use crate::inventory::model::{MacAddr, Network};
use foldhash::{HashMap, HashMapExt};
use std::net::IpAddr;

/// Who holds an address: a node interface or a BMC.
#[derive(Clone, Copy)]
enum Holder {
    Node(usize),
    Bmc(usize),
}

pub(super) fn check(cx: &mut LintContext<'_>) {
    check_networks(cx);
    let inv = cx.inv;
    let networks: HashMap<&str, &Network> = inv
        .cluster
        .networks
        .iter()
        .map(|n| (n.name.as_str(), n))
        .collect();
    let mut macs: HashMap<MacAddr, Holder> = HashMap::with_capacity(inv.nodes.len() * 2);
    let mut ips: HashMap<IpAddr, (Holder, IpAddr)> = HashMap::with_capacity(inv.nodes.len() * 2);

    for (ni, n) in inv.nodes.iter().enumerate() {
        for iface in &n.interfaces {
            if let Some(mac) = iface.mac {
                check_mac(cx, Holder::Node(ni), mac, &mut macs);
            }
            // The burned-in address is this NIC's too: no other interface may use it.
            if let Some(mac) = iface.permanent_mac.filter(|p| Some(*p) != iface.mac) {
                check_mac(cx, Holder::Node(ni), mac, &mut macs);
            }
            if let Some(ip) = iface.ip {
                check_ip(
                    cx,
                    Holder::Node(ni),
                    ip,
                    iface.network.as_deref(),
                    &networks,
                    &mut ips,
                );
            }
        }
    }
    for (bi, b) in inv.bmcs.iter().enumerate() {
        if let Some(mac) = b.mac {
            check_mac(cx, Holder::Bmc(bi), mac, &mut macs);
        }
        if let Some(ip) = b.ip {
            check_ip(
                cx,
                Holder::Bmc(bi),
                ip,
                b.network.as_deref(),
                &networks,
                &mut ips,
            );
        }
    }
}

fn error(
    cx: &mut LintContext<'_>,
    h: Holder,
    rule: &'static str,
    needle: &str,
    msg: String,
    help: &str,
) {
    let inv = cx.inv;
    match h {
        Holder::Node(i) => cx.error(rule, &inv.nodes[i], Some(needle), msg, help),
        Holder::Bmc(i) => cx.error(rule, &inv.bmcs[i], Some(needle), msg, help),
    }
}

fn place(cx: &mut LintContext<'_>, h: Holder, needle: &str) -> String {
    let inv = cx.inv;
    match h {
        Holder::Node(i) => cx.place(&inv.nodes[i], Some(needle)),
        Holder::Bmc(i) => cx.place(&inv.bmcs[i], Some(needle)),
    }
}

fn check_mac(
    cx: &mut LintContext<'_>,
    h: Holder,
    mac: MacAddr,
    seen: &mut HashMap<MacAddr, Holder>,
) {
    let text = || mac.to_string();
    if mac.is_multicast() || mac.is_zero() {
        let what = if mac.is_zero() {
            "an all-zero"
        } else {
            "a multicast"
        };
        error(
            cx,
            h,
            "mac-multicast",
            &text(),
            format!("MAC {mac} is {what} address and cannot belong to an interface"),
            "use the interface's real (unicast) address; the low bit of the first octet must be 0",
        );
    }
    if let Some(&first) = seen.get(&mac) {
        let other = place(cx, first, &text());
        error(
            cx,
            h,
            "duplicate-mac",
            &text(),
            format!("MAC {mac} is also used by {other}"),
            "each MAC belongs to one interface; DHCP would give both the same reservation",
        );
    } else {
        seen.insert(mac, h);
    }
}

fn check_ip(
    cx: &mut LintContext<'_>,
    h: Holder,
    ip: IpAddr,
    network: Option<&str>,
    networks: &HashMap<&str, &Network>,
    seen: &mut HashMap<IpAddr, (Holder, IpAddr)>,
) {
    // Written out only for a finding: formatting every address costs a tenth of a second.
    let text = || ip.to_string();
    let net = match network {
        Some(name) => networks.get(name).copied(),
        None => cx.inv.cluster.networks.iter().find(|n| n.cidr.contains(ip)),
    };
    match (net, network) {
        (Some(net), _) if !net.cidr.contains(ip) => error(
            cx,
            h,
            "ip-outside-network",
            &text(),
            format!("IP {ip} is outside network {} ({})", net.name, net.cidr),
            "pick an address inside the network, or put the interface on the right network",
        ),
        (None, None) if !cx.inv.cluster.networks.is_empty() => error(
            cx,
            h,
            "ip-outside-network",
            &text(),
            format!("IP {ip} is in none of the cluster's networks"),
            "add `network:` and an address inside it, or declare the network in cluster.yaml",
        ),
        (Some(net), _) => {
            let reserved = if net.is_network_address(ip) {
                Some("the network address")
            } else if net.is_broadcast_address(ip) {
                Some("the broadcast address")
            } else {
                None
            };
            if net.gateway == Some(ip) {
                // Often right: the admin node routes for its cluster. Worth a look only.
                let inv = cx.inv;
                let msg = format!(
                    "IP {ip} is the gateway of network {} ({})",
                    net.name, net.cidr
                );
                let help = "fine when this host is the router; otherwise pick another address";
                match h {
                    Holder::Node(i) => cx.report(
                        Severity::Warning,
                        "ip-reserved",
                        &inv.nodes[i],
                        Some(&text()),
                        msg,
                        help,
                    ),
                    Holder::Bmc(i) => cx.report(
                        Severity::Warning,
                        "ip-reserved",
                        &inv.bmcs[i],
                        Some(&text()),
                        msg,
                        help,
                    ),
                }
            }
            if let Some(what) = reserved {
                error(
                    cx,
                    h,
                    "ip-reserved",
                    &text(),
                    format!("IP {ip} is {what} of network {} ({})", net.name, net.cidr),
                    "pick a host address that is not the network or broadcast address",
                );
            }
            if let Some(range) = net.dynamic_range.filter(|r| r.contains(ip)) {
                error(
                    cx,
                    h,
                    "ip-in-dynamic-range",
                    &text(),
                    format!(
                        "IP {ip} is inside the dynamic range {}-{} of network {}",
                        range.start, range.end, net.name
                    ),
                    "fixed addresses must stay outside the DHCP pool, or DHCP may hand them to another host",
                );
            }
        }
        _ => {}
    }
    // An IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) is the IPv4 address itself to
    // whatever serves on a dual-stack socket (`chami serve` knows a node by it): the same
    // address twice.
    let same = ip.to_canonical();
    if let Some(&(first, written)) = seen.get(&same) {
        let other = place(cx, first, &written.to_string());
        let spelled = if written == ip {
            String::new()
        } else {
            format!(" (written {written} there)")
        };
        error(
            cx,
            h,
            "duplicate-ip",
            &text(),
            format!("IP {ip} is also used by {other}{spelled}"),
            "give each interface its own address",
        );
    } else {
        seen.insert(same, (h, ip));
    }
}

fn check_networks(cx: &mut LintContext<'_>) {
    let mut seen = std::collections::HashMap::new();
    for net in &cx.inv.cluster.networks {
        let name = &net.name;
        let count = seen.entry(name.as_str()).or_insert(0usize);
        *count += 1;
        if *count > 1 {
            let nth = *count - 1;
            cx.cluster_error_nth(
                "duplicate-name",
                &format!("name: {name}"),
                nth,
                format!("network `{name}` is declared twice"),
                "every network needs its own name",
            );
        }
        if let Some(gw) = net.gateway.filter(|g| !net.cidr.contains(*g)) {
            cx.cluster_error(
                "network-invalid",
                &gw.to_string(),
                format!("network {name}: gateway {gw} is outside {}", net.cidr),
                "the gateway must be an address inside the network",
            );
        }
        if let Some(r) = net.dynamic_range {
            let inside = net.cidr.contains(r.start) && net.cidr.contains(r.end);
            let ordered = match (r.start, r.end) {
                (IpAddr::V4(a), IpAddr::V4(b)) => a <= b,
                (IpAddr::V6(a), IpAddr::V6(b)) => a <= b,
                _ => false,
            };
            if !inside || !ordered {
                cx.cluster_error(
                    "network-invalid",
                    &r.start.to_string(),
                    format!(
                        "network {name}: dynamic range {}-{} is {}",
                        r.start,
                        r.end,
                        if inside {
                            "reversed"
                        } else {
                            "not inside the network"
                        }
                    ),
                    "start and end must be inside the network, start first",
                );
            }
        }
    }
}
