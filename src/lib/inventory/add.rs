//! `chami inventory add`: turn a nodeset and a template into explicit node (and BMC)
//! records, with `+` values counting up per node, like `wwctl node add`.

use super::model::{Bmc, Interface, MacAddr, Node, NodeBoot};
use super::records::Inventory;
use std::net::IpAddr;

/// What every new node gets. Values ending in `+` count up per node.
#[derive(Debug, Clone, Default)]
pub struct NodeTemplate {
    /// Boot interface IP (`10.0.0.11+`).
    pub ip: Option<String>,
    /// Boot interface MAC (`02:00:00:00:00:01+`).
    pub mac: Option<String>,
    /// Boot interface name.
    pub iface: String,
    /// Boot interface network.
    pub network: Option<String>,
    /// Groups.
    pub groups: Vec<String>,
    /// Role.
    pub role: Option<String>,
    /// Subrole.
    pub subrole: Option<String>,
    /// Architecture.
    pub arch: Option<String>,
    /// NID (`1+`).
    pub nid: Option<String>,
    /// xnames as a nodeset, as many as nodes.
    pub xname: Option<String>,
    /// Boot profile.
    pub profile: Option<String>,
    /// Labels as KEY=VALUE.
    pub labels: Vec<String>,
    /// BMC IP (`10.1.0.11+`); creates one BMC per node.
    pub bmc_ip: Option<String>,
    /// BMC MAC.
    pub bmc_mac: Option<String>,
    /// BMC network.
    pub bmc_network: Option<String>,
    /// BMC name template with `{node}`.
    pub bmc_name: String,
}

/// Why the new records cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddError {
    /// A value that does not parse.
    #[error("--{flag} `{value}`: {why}")]
    BadValue {
        /// The flag.
        flag: &'static str,
        /// The value.
        value: String,
        /// Why.
        why: String,
    },
    /// A group, profile or network the flags name that the inventory does not have.
    #[error("--{flag} `{value}`: there is no {what} `{value}` in the inventory ({known}); create it first or fix the name")]
    Unknown {
        /// The flag.
        flag: &'static str,
        /// What kind of thing.
        what: &'static str,
        /// The name given.
        value: String,
        /// The names there are.
        known: String,
    },
    /// A fixed value for several nodes.
    #[error("--{flag} {value} would give all {count} nodes the same value; write `{value}+` to count up per node")]
    SameForAll {
        /// The flag.
        flag: &'static str,
        /// The value.
        value: String,
        /// Number of nodes.
        count: usize,
    },
    /// Counting ran past the end of the address space.
    #[error("--{flag} {value}+ runs out of addresses after {done} nodes")]
    Overflow {
        /// The flag.
        flag: &'static str,
        /// The start value.
        value: String,
        /// How many were made.
        done: usize,
    },
    /// --xname has the wrong number of names.
    #[error("--xname names {xnames} components but {nodes} nodes are being added")]
    XnameCount {
        /// xnames given.
        xnames: usize,
        /// nodes added.
        nodes: usize,
    },
    /// Records that exist already.
    #[error("{kind} already in the inventory: {names}; use `chami inventory set` to change them")]
    Exists {
        /// Kind.
        kind: &'static str,
        /// Folded names.
        names: String,
    },
}

/// A value that may count up: `start` and whether it has `+`.
struct Counter {
    flag: &'static str,
    text: String,
    step: bool,
}

impl Counter {
    fn new(flag: &'static str, raw: &str, count: usize) -> Result<Counter, AddError> {
        let (text, step) = match raw.strip_suffix('+') {
            Some(t) => (t, true),
            None => (raw, false),
        };
        if !step && count > 1 {
            return Err(AddError::SameForAll {
                flag,
                value: raw.to_string(),
                count,
            });
        }
        Ok(Counter {
            flag,
            text: text.to_string(),
            step,
        })
    }

    fn bad(&self, why: &str) -> AddError {
        AddError::BadValue {
            flag: self.flag,
            value: self.text.to_string(),
            why: why.to_string(),
        }
    }

    fn overflow(&self, done: usize) -> AddError {
        AddError::Overflow {
            flag: self.flag,
            value: self.text.to_string(),
            done,
        }
    }

    fn ips(&self, count: usize) -> Result<Vec<IpAddr>, AddError> {
        let start: IpAddr = self
            .text
            .parse()
            .map_err(|_| self.bad("not an IP address"))?;
        (0..count)
            .map(|i| {
                let k = if self.step { i as u128 } else { 0 };
                match start {
                    IpAddr::V4(v4) => u32::try_from(u128::from(u32::from(v4)) + k)
                        .map(|n| IpAddr::V4(n.into()))
                        .map_err(|_| self.overflow(i)),
                    IpAddr::V6(v6) => u128::from(v6)
                        .checked_add(k)
                        .map(|n| IpAddr::V6(n.into()))
                        .ok_or_else(|| self.overflow(i)),
                }
            })
            .collect()
    }

    fn macs(&self, count: usize) -> Result<Vec<MacAddr>, AddError> {
        let start: MacAddr = self
            .text
            .parse()
            .map_err(|e: super::model::MacError| self.bad(&e.to_string()))?;
        (0..count)
            .map(|i| {
                let k = if self.step { i as u64 } else { 0 };
                MacAddr::from_u64(start.to_u64() + k).ok_or_else(|| self.overflow(i))
            })
            .collect()
    }

    fn numbers(&self, count: usize) -> Result<Vec<u64>, AddError> {
        let start: u64 = self
            .text
            .parse()
            .map_err(|_| self.bad("not a whole number"))?;
        (0..count)
            .map(|i| {
                let k = if self.step { i as u64 } else { 0 };
                start.checked_add(k).ok_or_else(|| self.overflow(i))
            })
            .collect()
    }
}

/// `count` values counted up from `raw` (`10.0.0.11+`, `02:…:01+`, `1+`) for field `field`
/// (`ip`, `mac` or `nid`), as text.
pub fn count_up(field: &'static str, raw: &str, count: usize) -> Result<Vec<String>, AddError> {
    let c = Counter::new(field, raw, count)?;
    Ok(match field {
        "ip" => c.ips(count)?.iter().map(ToString::to_string).collect(),
        "mac" => c.macs(count)?.iter().map(ToString::to_string).collect(),
        _ => c.numbers(count)?.iter().map(ToString::to_string).collect(),
    })
}

fn counted<T>(
    flag: &'static str,
    raw: &Option<String>,
    count: usize,
    f: fn(&Counter, usize) -> Result<Vec<T>, AddError>,
) -> Result<Option<Vec<T>>, AddError> {
    raw.as_deref()
        .map(|r| Counter::new(flag, r, count).and_then(|c| f(&c, count)))
        .transpose()
}

fn network_for(inv: &Inventory, given: &Option<String>, ip: Option<IpAddr>) -> Option<String> {
    given.clone().or_else(|| {
        let ip = ip?;
        inv.cluster
            .networks
            .iter()
            .find(|n| n.cidr.contains(ip))
            .map(|n| n.name.clone())
    })
}

/// The group, profile and networks the template names exist: one error here, not one lint
/// error per new node (`inventory add` checks it unless `--force`).
pub fn check_references(inv: &Inventory, t: &NodeTemplate) -> Result<(), AddError> {
    let known = |names: Vec<&str>| {
        if names.is_empty() {
            "none yet".to_string()
        } else {
            format!("there are: {}", names.join(", "))
        }
    };
    let groups: Vec<&str> = inv.groups.iter().map(|g| g.name.as_str()).collect();
    for g in &t.groups {
        if !groups.contains(&g.as_str()) {
            return Err(AddError::Unknown {
                flag: "group",
                what: "group",
                value: g.clone(),
                known: known(groups),
            });
        }
    }
    let profiles: Vec<&str> = inv
        .cluster
        .boot_profiles
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    if let Some(p) = t
        .profile
        .as_ref()
        .filter(|p| !profiles.contains(&p.as_str()))
    {
        return Err(AddError::Unknown {
            flag: "profile",
            what: "boot profile",
            value: p.clone(),
            known: known(profiles),
        });
    }
    let networks: Vec<&str> = inv
        .cluster
        .networks
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    for (flag, n) in [("network", &t.network), ("bmc-network", &t.bmc_network)] {
        if let Some(n) = n.as_ref().filter(|n| !networks.contains(&n.as_str())) {
            return Err(AddError::Unknown {
                flag,
                what: "network",
                value: n.clone(),
                known: known(networks.clone()),
            });
        }
    }
    Ok(())
}

/// Builds the new records for `names` (in order). Fails when a name exists.
pub fn build(
    inv: &Inventory,
    names: &[String],
    t: &NodeTemplate,
) -> Result<(Vec<Node>, Vec<Bmc>), AddError> {
    let count = names.len();
    let existing: std::collections::HashSet<&str> =
        inv.nodes.iter().map(|n| n.name.as_str()).collect();
    let taken: Vec<&String> = names
        .iter()
        .filter(|n| existing.contains(n.as_str()))
        .collect();
    if !taken.is_empty() {
        return Err(AddError::Exists {
            kind: "nodes",
            names: crate::hostlist::fold(taken),
        });
    }
    let ips = counted("ip", &t.ip, count, Counter::ips)?;
    let macs = counted("mac", &t.mac, count, Counter::macs)?;
    let nids = counted("nid", &t.nid, count, Counter::numbers)?;
    let bmc_ips = counted("bmc-ip", &t.bmc_ip, count, Counter::ips)?;
    let bmc_macs = counted("bmc-mac", &t.bmc_mac, count, Counter::macs)?;
    let xnames = match &t.xname {
        Some(expr) => {
            let list = crate::hostlist::expand(expr).map_err(|e| AddError::BadValue {
                flag: "xname",
                value: expr.clone(),
                why: e.to_string(),
            })?;
            if list.len() != count {
                return Err(AddError::XnameCount {
                    xnames: list.len(),
                    nodes: count,
                });
            }
            let normalized = list
                .iter()
                .map(|x| {
                    crate::xname::normalize(x).map_err(|e| AddError::BadValue {
                        flag: "xname",
                        value: x.clone(),
                        why: e.to_string(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Some(normalized)
        }
        None => None,
    };
    let mut labels = std::collections::BTreeMap::new();
    for l in &t.labels {
        let (k, v) = l.split_once('=').ok_or_else(|| AddError::BadValue {
            flag: "label",
            value: l.clone(),
            why: "write KEY=VALUE".into(),
        })?;
        labels.insert(k.to_string(), v.to_string());
    }
    let existing_bmcs: std::collections::HashSet<&str> =
        inv.bmcs.iter().map(|b| b.name.as_str()).collect();
    let mut nodes = Vec::with_capacity(count);
    let mut bmcs = Vec::new();
    let mut taken_bmcs = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let ip = ips.as_ref().map(|v| v[i]);
        let mac = macs.as_ref().map(|v| v[i]);
        let mut node = Node {
            name: name.clone(),
            xname: xnames.as_ref().map(|v| v[i].clone()),
            nid: nids.as_ref().map(|v| v[i]),
            role: t.role.clone(),
            subrole: t.subrole.clone(),
            arch: t.arch.clone(),
            groups: t.groups.clone(),
            labels: labels.clone(),
            boot: NodeBoot {
                profile: t.profile.clone(),
                ..NodeBoot::default()
            },
            ..Node::default()
        };
        if ip.is_some() || mac.is_some() {
            node.interfaces.push(Interface {
                name: t.iface.clone(),
                mac,
                network: network_for(inv, &t.network, ip),
                ip,
                boot: true,
                ..Interface::default()
            });
        }
        if let Some(bips) = &bmc_ips {
            let bmc_name = t.bmc_name.replace("{node}", name);
            if existing_bmcs.contains(bmc_name.as_str()) {
                taken_bmcs.push(bmc_name.clone());
            }
            let bip = bips[i];
            bmcs.push(Bmc {
                name: bmc_name.clone(),
                xname: node
                    .xname
                    .as_deref()
                    .and_then(|x| crate::xname::Xname::parse(x).ok())
                    .and_then(|x| x.parent())
                    .map(|p| p.to_string()),
                ip: Some(bip),
                mac: bmc_macs.as_ref().map(|v| v[i]),
                network: network_for(inv, &t.bmc_network, Some(bip)),
                ..Bmc::default()
            });
            node.bmc = Some(bmc_name);
        }
        nodes.push(node);
    }
    if !taken_bmcs.is_empty() {
        return Err(AddError::Exists {
            kind: "BMCs",
            names: crate::hostlist::fold(&taken_bmcs),
        });
    }
    Ok((nodes, bmcs))
}
