//! `discover collect --write`: fold collected records into the inventory.
//!
//! A BMC record is matched by address, MAC or name; a node by interface MAC (the
//! address in use or the burned-in one, either way round), serial, UUID, xname, or as
//! the only node of a single-system BMC. Matched records get the discovered fields (BMC
//! vendor, model, firmware, the fingerprint of the certificate it showed; node
//! hardware, MACs) and fill-ins for empty fields (ip, mac,
//! xname, bmc); names, IPs, groups, labels and everything else a person set stay as
//! they were. Unmatched systems become new records, named by the name map or the
//! templates.

use super::change_line::change_line;
use super::naming::{dashed, BmcVars, NodeVars};
use super::{hardware_of, NameMap, Naming, NamingError};
use crate::inventory::model::{system_uuid, Bmc, Hardware, Interface, MacAddr, Node};
use crate::inventory::Inventory;
use crate::redfish::{Collected, CollectedInterface, CollectedManager};
use crate::xname::{Xname, XnameType};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;

/// What the merge did.
#[derive(Debug, Default)]
pub struct MergeReport {
    /// One line per change, for stderr.
    pub lines: Vec<String>,
    /// New BMC records (not yet in the inventory: they need files).
    pub new_bmcs: Vec<Bmc>,
    /// New node records.
    pub new_nodes: Vec<Node>,
    /// Files of existing BMC records that changed.
    pub bmc_files: BTreeSet<PathBuf>,
    /// Files of existing node records that changed.
    pub node_files: BTreeSet<PathBuf>,
    /// What each collected BMC (that answered) matched in the inventory as it was.
    pub matched: Vec<Matched>,
    /// BMCs and systems left out because they claim another BMC's or node's identity
    /// (a MAC, serial, UUID or name-map key that record has, while it has another
    /// address or belongs to another BMC), or reported a value with a control character:
    /// a warning each, nothing of them written.
    pub conflicts: Vec<String>,
}

/// The existing records a collected BMC and its systems matched (indexes into the
/// inventory's `bmcs` and `nodes`); None for what was new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// Index of the record in the slice given to [`merge`].
    pub record: usize,
    /// The existing BMC record.
    pub bmc: Option<usize>,
    /// Per collected system, in order: the existing node record.
    pub systems: Vec<Option<usize>>,
}

/// A merge that cannot be done.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A name template failed.
    #[error(transparent)]
    Naming(#[from] NamingError),
    /// A new name is taken by a record that matched nothing.
    #[error("{kind} `{name}` already exists but does not match the BMC at {address} (different address, MAC, serial); give the new record another name with --name-map or --{kind}-name, or fix the existing record")]
    NameTaken {
        /// bmc or node.
        kind: &'static str,
        /// The name.
        name: String,
        /// The BMC address.
        address: String,
    },
}

struct Indexes {
    bmc_by_host: HashMap<String, usize>,
    bmc_by_mac: HashMap<MacAddr, usize>,
    bmc_by_name: HashMap<String, usize>,
    node_by_mac: HashMap<MacAddr, usize>,
    node_by_serial: HashMap<String, usize>,
    node_by_uuid: HashMap<String, usize>,
    node_by_xname: HashMap<String, usize>,
    nodes_by_bmc: HashMap<String, Vec<usize>>,
    names: HashSet<String>,
}

impl Indexes {
    fn new(inv: &Inventory) -> Indexes {
        let mut ix = Indexes {
            bmc_by_host: HashMap::new(),
            bmc_by_mac: HashMap::new(),
            bmc_by_name: HashMap::new(),
            node_by_mac: HashMap::new(),
            node_by_serial: HashMap::new(),
            node_by_uuid: HashMap::new(),
            node_by_xname: HashMap::new(),
            nodes_by_bmc: HashMap::new(),
            names: HashSet::new(),
        };
        for (i, r) in inv.bmcs.iter().enumerate() {
            ix.index_bmc(i, &r.value);
        }
        for (i, r) in inv.nodes.iter().enumerate() {
            ix.index_node(i, &r.value);
        }
        ix
    }

    fn index_bmc(&mut self, i: usize, b: &Bmc) {
        if let Some(ip) = b.ip {
            self.bmc_by_host.insert(ip.to_string(), i);
        }
        if let Some(f) = &b.fqdn {
            self.bmc_by_host.insert(f.to_ascii_lowercase(), i);
        }
        if let Some(m) = b.mac {
            self.bmc_by_mac.insert(m, i);
        }
        self.bmc_by_name.insert(b.name.clone(), i);
        self.names.insert(format!("bmc:{}", b.name));
    }

    fn index_node(&mut self, i: usize, n: &Node) {
        for f in &n.interfaces {
            for m in f.mac.into_iter().chain(f.permanent_mac) {
                self.node_by_mac.insert(m, i);
            }
        }
        if let Some(s) = &n.hardware.serial {
            self.node_by_serial.insert(s.to_ascii_lowercase(), i);
        }
        // A VM without a recorded UUID is found by the one chami gave its domain.
        if let Some(u) = system_uuid(n) {
            self.node_by_uuid.insert(u.to_ascii_lowercase(), i);
        }
        if let Some(x) = &n.xname {
            self.node_by_xname.insert(x.clone(), i);
        }
        if let Some(b) = &n.bmc {
            self.nodes_by_bmc.entry(b.clone()).or_default().push(i);
        }
        self.names.insert(format!("node:{}", n.name));
    }
}

/// Where a record lives during the merge: an existing one (index) or a new one.
#[derive(Clone, Copy)]
enum Slot {
    Old(usize),
    New(usize),
}

/// Merges `records` (sorted by the caller for a stable result) into `inv`.
pub fn merge(
    inv: &mut Inventory,
    records: &[Collected],
    map: &NameMap,
    naming: &Naming,
) -> Result<MergeReport, MergeError> {
    let mut ix = Indexes::new(inv);
    let mut report = MergeReport::default();
    let networks: Vec<(ipnetwork::IpNetwork, String)> = inv
        .cluster
        .networks
        .iter()
        .map(|n| (n.cidr, n.name.clone()))
        .collect();
    // New records are indexed like old ones, past the end of the old lists.
    let (old_bmcs, old_nodes) = (inv.bmcs.len(), inv.nodes.len());
    for (record, rec) in records.iter().enumerate().filter(|(_, r)| r.ok) {
        // Past this check no value of `rec` holds a control character, so the lines
        // below quote them as they are.
        if let Some(field) = super::hostile::control_field(rec) {
            report.conflicts.push(format!(
                "{}: left out: its `{field}` holds a control character, which no inventory \
                 field may hold; the other BMCs are merged",
                rec.address
            ));
            continue;
        }
        let manager = main_manager(&rec.managers);
        let macs: Vec<MacAddr> = manager
            .map(|m| usable_macs(&rec.address, m.macs.iter(), &mut report.lines))
            .unwrap_or_default();
        let mac_texts: Vec<String> = macs.iter().map(ToString::to_string).collect();
        let entry = map.get(&rec.address, mac_texts.iter().map(String::as_str));
        let host = rec.address.to_ascii_lowercase();
        // The address is where chami connected (and, for a pinned record, whose
        // certificate it checked); a MAC, and a name-map entry found by MAC, are what the
        // BMC says of itself. A claim finds only a record not yet tied to an address.
        let claimed = || {
            macs.iter()
                .find_map(|m| ix.bmc_by_mac.get(m))
                .or_else(|| {
                    entry
                        .and_then(|e| e.bmc.as_ref())
                        .and_then(|n| ix.bmc_by_name.get(n))
                })
                .copied()
        };
        let found = match ix.bmc_by_host.get(&host).copied() {
            Some(i) => Some(i),
            None => match claimed() {
                Some(i) => {
                    let b = if i < old_bmcs {
                        &inv.bmcs[i].value
                    } else {
                        &report.new_bmcs[i - old_bmcs]
                    };
                    if b.ip.is_some() || b.fqdn.is_some() || b.tls_fingerprint.is_some() {
                        let at = b.ip.map(|ip| ip.to_string()).or_else(|| b.fqdn.clone());
                        report.conflicts.push(format!(
                            "{}: left out: it claims the MAC or name of bmc {}, which is \
                             recorded {}; collect that BMC at its own address, or remove \
                             the address and tls_fingerprint from its record if it moved",
                            rec.address,
                            b.name,
                            at.map(|a| format!("at {a}"))
                                .unwrap_or_else(|| "with a pinned certificate".into()),
                        ));
                        continue;
                    }
                    Some(i)
                }
                None => None,
            },
        };
        let bmc_xname = entry.and_then(|e| e.xname.clone());
        let discovered = DiscoveredBmc {
            vendor: rec
                .service
                .as_ref()
                .and_then(|s| s.vendor.clone())
                .or_else(|| rec.systems.iter().find_map(|s| s.manufacturer.clone()))
                .or_else(|| rec.chassis.iter().find_map(|c| c.manufacturer.clone())),
            model: manager.and_then(|m| m.model.clone()),
            firmware: manager.and_then(|m| m.firmware_version.clone()),
            mac: macs.first().copied().filter(|m| {
                !ix.bmc_by_mac.contains_key(m)
                    || found.is_some_and(|f| ix.bmc_by_mac.get(m) == Some(&f))
            }),
            ip: rec.address.parse::<IpAddr>().ok(),
            port: (rec.port != rec.scheme.default_port()).then_some(rec.port),
            tls_fingerprint: rec.tls_fingerprint.clone(),
        };
        let bmc_slot = match found {
            Some(i) if i < old_bmcs => {
                let before = inv.bmcs[i].value.clone();
                discovered.update(&mut inv.bmcs[i].value, bmc_xname.as_deref());
                if inv.bmcs[i].value != before {
                    report.lines.push(change_line(
                        "bmc",
                        &before.name,
                        &before,
                        &inv.bmcs[i].value,
                    ));
                    report.bmc_files.insert(inv.bmcs[i].origin.file.clone());
                }
                Slot::Old(i)
            }
            Some(i) => Slot::New(i - old_bmcs),
            None => {
                let name = naming.bmc(
                    entry,
                    &BmcVars {
                        address: &rec.address,
                        dashed_address: dashed(&rec.address),
                        xname: bmc_xname.as_deref(),
                        mac: mac_texts.first().map(String::as_str),
                        serial: rec.systems.first().and_then(|s| s.serial.as_deref()),
                    },
                )?;
                if !ix.names.insert(format!("bmc:{name}")) {
                    return Err(MergeError::NameTaken {
                        kind: "bmc",
                        name,
                        address: rec.address.clone(),
                    });
                }
                let network = discovered.ip.and_then(|ip| {
                    networks
                        .iter()
                        .find(|(c, _)| c.contains(ip))
                        .map(|(_, n)| n.clone())
                });
                let mut b = Bmc {
                    name: name.clone(),
                    network,
                    fqdn: discovered.ip.is_none().then(|| rec.address.clone()),
                    ..Bmc::default()
                };
                discovered.update(&mut b, bmc_xname.as_deref());
                report
                    .lines
                    .push(format!("new bmc {name} ({})", rec.address));
                let i = old_bmcs + report.new_bmcs.len();
                ix.index_bmc(i, &b);
                report.new_bmcs.push(b);
                Slot::New(i - old_bmcs)
            }
        };
        let mut matched = Matched {
            record,
            bmc: match bmc_slot {
                Slot::Old(i) => Some(i),
                Slot::New(_) => None,
            },
            systems: Vec::with_capacity(rec.systems.len()),
        };
        let bmc_name = match bmc_slot {
            Slot::Old(i) => inv.bmcs[i].value.name.clone(),
            Slot::New(i) => report.new_bmcs[i].name.clone(),
        };
        let bmc_xname = bmc_xname.or_else(|| match bmc_slot {
            Slot::Old(i) => inv.bmcs[i].value.xname.clone(),
            Slot::New(i) => report.new_bmcs[i].xname.clone(),
        });
        for (index, sys) in rec.systems.iter().enumerate() {
            let sys_macs = usable_nics(&rec.address, &sys.interfaces, &mut report.lines);
            let node_xname = bmc_xname
                .as_deref()
                .and_then(|x| Xname::parse(x).ok())
                .filter(|x| x.kind() == XnameType::NodeBMC)
                .map(|x| format!("{}n{index}", x.as_string()));
            let lower = |s: &Option<String>| s.as_ref().map(|s| s.to_ascii_lowercase());
            let only_node = ix
                .nodes_by_bmc
                .get(&bmc_name)
                .filter(|v| v.len() == 1 && rec.systems.len() == 1)
                .map(|v| v[0]);
            let found = sys_macs
                .iter()
                .flat_map(Nic::addresses)
                .find_map(|m| ix.node_by_mac.get(&m).copied())
                .or_else(|| lower(&sys.serial).and_then(|s| ix.node_by_serial.get(&s).copied()))
                .or_else(|| lower(&sys.uuid).and_then(|u| ix.node_by_uuid.get(&u).copied()))
                .or_else(|| {
                    node_xname
                        .as_ref()
                        .and_then(|x| ix.node_by_xname.get(x).copied())
                })
                .or(only_node);
            // A node of another BMC is not this one's to update, whatever this BMC says
            // its MACs, serial or UUID are: left out (a new node with them would clash).
            let owner = found.and_then(|i| {
                let n = if i < old_nodes {
                    &inv.nodes[i].value
                } else {
                    &report.new_nodes[i - old_nodes]
                };
                n.bmc
                    .as_ref()
                    .filter(|b| **b != bmc_name)
                    .map(|b| (n.name.clone(), b.clone()))
            });
            if let Some((node, other)) = owner {
                report.conflicts.push(format!(
                    "{}: system {}: left out: it claims the MAC, serial or UUID of node \
                     {node}, which belongs to bmc {other}; check which machine is which, \
                     and fix the records by hand",
                    rec.address, sys.id
                ));
                matched.systems.push(None);
                continue;
            }
            let hw = hardware_of(sys);
            matched.systems.push(found.filter(|i| *i < old_nodes));
            match found {
                Some(i) if i < old_nodes => {
                    let rec = &mut inv.nodes[i];
                    let before = rec.value.clone();
                    let notes = fill_node(
                        &mut rec.value,
                        &hw,
                        &sys_macs,
                        &ix,
                        i,
                        &bmc_name,
                        node_xname.as_deref(),
                    );
                    if rec.value != before {
                        report
                            .lines
                            .push(change_line("node", &before.name, &before, &rec.value));
                        report.lines.extend(notes);
                        report.node_files.insert(rec.origin.file.clone());
                        ix.index_node(i, &rec.value);
                    }
                }
                Some(i) => {
                    let k = i - old_nodes;
                    let n = &mut report.new_nodes[k];
                    report.lines.extend(fill_node(
                        n,
                        &hw,
                        &sys_macs,
                        &ix,
                        i,
                        &bmc_name,
                        node_xname.as_deref(),
                    ));
                    let n = n.clone();
                    ix.index_node(i, &n);
                }
                None => {
                    let name = naming.node(
                        entry,
                        &NodeVars {
                            bmc: &bmc_name,
                            address: &rec.address,
                            dashed_address: dashed(&rec.address),
                            xname: node_xname.as_deref(),
                            index,
                            serial: sys.serial.as_deref(),
                            hostname: sys.hostname.as_deref(),
                        },
                    )?;
                    if ix.names.contains(&format!("node:{name}")) {
                        return Err(MergeError::NameTaken {
                            kind: "node",
                            name,
                            address: rec.address.clone(),
                        });
                    }
                    // Written disabled: it boots once a person gives it an address and
                    // a boot interface and enables it.
                    let mut n = Node {
                        name: name.clone(),
                        enabled: Some(false),
                        ..Node::default()
                    };
                    let i = old_nodes + report.new_nodes.len();
                    report.lines.extend(fill_node(
                        &mut n,
                        &hw,
                        &sys_macs,
                        &ix,
                        i,
                        &bmc_name,
                        node_xname.as_deref(),
                    ));
                    report.lines.push(format!(
                        "new node {name} (bmc {bmc_name}, {} MAC{}{})",
                        n.interfaces.len(),
                        if n.interfaces.len() == 1 { "" } else { "s" },
                        sys.serial
                            .as_deref()
                            .map(|s| format!(", serial {s}"))
                            .unwrap_or_default()
                    ));
                    ix.index_node(i, &n);
                    report.new_nodes.push(n);
                }
            }
        }
        report.matched.push(matched);
    }
    Ok(report)
}

/// What was discovered about a BMC.
struct DiscoveredBmc {
    vendor: Option<String>,
    model: Option<String>,
    firmware: Option<String>,
    mac: Option<MacAddr>,
    ip: Option<IpAddr>,
    port: Option<u16>,
    tls_fingerprint: Option<String>,
}

impl DiscoveredBmc {
    /// Discovered fields overwrite; fill-ins only fill what is empty.
    fn update(&self, b: &mut Bmc, xname: Option<&str>) {
        if self.vendor.is_some() {
            b.vendor.clone_from(&self.vendor);
        }
        if self.model.is_some() {
            b.model.clone_from(&self.model);
        }
        if self.firmware.is_some() {
            b.firmware.clone_from(&self.firmware);
        }
        // The certificate it showed and was trusted: the pin, or one --repin accepted.
        if self.tls_fingerprint.is_some() {
            b.tls_fingerprint.clone_from(&self.tls_fingerprint);
        }
        if b.mac.is_none() {
            b.mac = self.mac;
        }
        if b.ip.is_none() && b.fqdn.is_none() {
            b.ip = self.ip;
        }
        if b.port.is_none() {
            b.port = self.port;
        }
        if b.xname.is_none() {
            b.xname = xname.map(str::to_string);
        }
    }
}

/// One NIC as collected: the address in use and the burned-in one when it differs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Nic {
    pub(super) mac: MacAddr,
    pub(super) permanent: Option<MacAddr>,
}

impl Nic {
    /// Both addresses.
    fn addresses(&self) -> impl Iterator<Item = MacAddr> {
        std::iter::once(self.mac).chain(self.permanent)
    }

    /// True when `i` is this NIC: one of its recorded addresses is one of the NIC's.
    pub(super) fn is(&self, i: &Interface) -> bool {
        i.mac
            .into_iter()
            .chain(i.permanent_mac)
            .any(|a| self.addresses().any(|b| a == b))
    }
}

/// Discovered hardware over the node's, field by field; each NIC onto the interface
/// that has either of its addresses (its `mac` set to the address in use, the burned-in
/// one kept as `permanent_mac`), else into an interface without a MAC, else as a new
/// `nicN` interface; empty bmc and xname filled in. Returns a line for each interface
/// whose `mac` changed.
fn fill_node(
    n: &mut Node,
    hw: &Hardware,
    nics: &[Nic],
    ix: &Indexes,
    me: usize,
    bmc: &str,
    xname: Option<&str>,
) -> Vec<String> {
    merge_hardware(&mut n.hardware, hw);
    if n.bmc.is_none() {
        n.bmc = Some(bmc.to_string());
    }
    if n.xname.is_none() {
        n.xname = xname.map(str::to_string);
    }
    let mut notes = vec![];
    for nic in nics {
        if let Some(i) = n.interfaces.iter_mut().find(|i| nic.is(i)) {
            if let Some(old) = i.mac.filter(|m| *m != nic.mac) {
                notes.push(format!(
                    "node {}: interface {} mac {old} → {} (the address in use){}",
                    n.name,
                    i.name,
                    nic.mac,
                    nic.permanent
                        .map(|p| format!(", burned-in {p} kept as permanent_mac"))
                        .unwrap_or_default()
                ));
            }
            i.mac = Some(nic.mac);
            if nic.permanent.is_some() || i.permanent_mac == Some(nic.mac) {
                i.permanent_mac = nic.permanent;
            }
            continue;
        }
        if nic
            .addresses()
            .any(|m| ix.node_by_mac.get(&m).is_some_and(|o| *o != me))
        {
            continue; // another node's MAC: leave it there
        }
        if let Some(slot) = n.interfaces.iter_mut().find(|i| i.mac.is_none()) {
            slot.mac = Some(nic.mac);
            slot.permanent_mac = nic.permanent;
            continue;
        }
        let mut k = 0;
        while n.interfaces.iter().any(|i| i.name == format!("nic{k}")) {
            k += 1;
        }
        n.interfaces.push(Interface {
            name: format!("nic{k}"),
            mac: Some(nic.mac),
            permanent_mac: nic.permanent,
            ..Interface::default()
        });
    }
    notes
}

fn merge_hardware(into: &mut Hardware, d: &Hardware) {
    fn set<T: Clone>(into: &mut Option<T>, d: &Option<T>) {
        if d.is_some() {
            into.clone_from(d);
        }
    }
    set(&mut into.manufacturer, &d.manufacturer);
    set(&mut into.model, &d.model);
    set(&mut into.serial, &d.serial);
    set(&mut into.uuid, &d.uuid);
    set(&mut into.bios_version, &d.bios_version);
    set(&mut into.cpu_model, &d.cpu_model);
    set(&mut into.sockets, &d.sockets);
    set(&mut into.cores_per_socket, &d.cores_per_socket);
    set(&mut into.threads_per_core, &d.threads_per_core);
    set(&mut into.memory_mib, &d.memory_mib);
    if !d.gpus.is_empty() {
        into.gpus.clone_from(&d.gpus);
    }
}

/// The MACs that can be recorded: a multicast or all-zero address (a firmware bug, or
/// mockup data) would break DHCP, so it is left out and said so.
fn usable_macs<'a>(
    address: &str,
    macs: impl Iterator<Item = &'a String>,
    lines: &mut Vec<String>,
) -> Vec<MacAddr> {
    macs.filter_map(|m| usable(address, m, lines)).collect()
}

/// The NICs whose address in use can be recorded, each with its burned-in address when
/// that one can be recorded too.
pub(super) fn usable_nics(
    address: &str,
    ifaces: &[CollectedInterface],
    lines: &mut Vec<String>,
) -> Vec<Nic> {
    ifaces
        .iter()
        .filter_map(|i| {
            Some(Nic {
                mac: usable(address, &i.mac, lines)?,
                permanent: i
                    .permanent_mac
                    .as_ref()
                    .and_then(|p| usable(address, p, lines)),
            })
        })
        .collect()
}

/// `text` as a MAC when it is a unicast one; else None and a line saying so.
fn usable(address: &str, text: &str, lines: &mut Vec<String>) -> Option<MacAddr> {
    match text.parse::<MacAddr>() {
        Ok(m) if !m.is_multicast() && !m.is_zero() => Some(m),
        _ => {
            lines.push(format!(
                "{address}: MAC {text} is not a unicast address: not recorded"
            ));
            None
        }
    }
}

/// The BMC among the managers: the first of type BMC, else the first.
pub(super) fn main_manager(ms: &[CollectedManager]) -> Option<&CollectedManager> {
    ms.iter()
        .find(|m| m.manager_type.as_deref() == Some("BMC"))
        .or_else(|| ms.first())
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
