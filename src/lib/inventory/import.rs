//! Reading records to import: JSON lines (one record a line with a `kind` field, as
//! `inventory export -o jsonl` writes) or an OpenCHAMI `ochami discover static` payload
//! (`nodes:` with bmc_mac/bmc_ip/interfaces, and `bmcs:`).

use super::model::{Bmc, Group, Interface, MacAddr, Network, Node, Pdu, Tenant};
use serde::Deserialize;
use std::net::IpAddr;

/// Input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Decide from the content: JSON lines when the first line is a JSON object with a
    /// `kind` field, else the OpenCHAMI format.
    Auto,
    /// JSON lines.
    Jsonl,
    /// OpenCHAMI static discovery.
    Ochami,
}

/// What to do with a record whose name exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// Fail, change nothing.
    Error,
    /// Keep the existing record.
    Skip,
    /// Replace it in its file.
    Replace,
    /// Update it with the fields the import sets (see [`merge`]).
    Merge,
}

/// `new` laid over `old`: the fields `new` sets win, the others are kept. Maps merge key by
/// key; lists of maps that all have a `name` merge item by item by name (so a discovered
/// interface updates its MAC and keeps its fabric); any other value is replaced.
pub fn merge<T: serde::Serialize + serde::de::DeserializeOwned>(
    old: &T,
    new: &T,
) -> Result<T, serde_json::Error> {
    let mut base = serde_json::to_value(old)?;
    merge_values(&mut base, serde_json::to_value(new)?);
    serde_json::from_value(base)
}

fn merge_values(base: &mut serde_json::Value, over: serde_json::Value) {
    use serde_json::Value;
    fn named(items: &[Value]) -> bool {
        items
            .iter()
            .all(|i| i.get("name").is_some_and(Value::is_string))
    }
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge_values(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(b), Value::Array(o)) if named(b) && named(&o) => {
            for item in o {
                let name = item.get("name").cloned();
                match b.iter_mut().find(|x| x.get("name") == name.as_ref()) {
                    Some(slot) => merge_values(slot, item),
                    None => b.push(item),
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// One imported record.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    /// A node (boxed: a node record is much larger than the others).
    Node(Box<Node>),
    /// A BMC.
    Bmc(Bmc),
    /// A group.
    Group(Group),
    /// A tenant.
    Tenant(Tenant),
    /// A PDU.
    Pdu(Pdu),
}

/// Why the input cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A bad JSON line.
    #[error("line {line}: {message}")]
    Line {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A bad OpenCHAMI document.
    #[error("not a valid ochami discover static payload (line {line}): {message}")]
    Ochami {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Parses `text` in `format`. `networks` names the inventory's networks, used to place
/// OpenCHAMI addresses.
pub fn parse(
    text: &str,
    format: InputFormat,
    networks: &[Network],
) -> Result<Vec<Imported>, ImportError> {
    let format = match format {
        InputFormat::Auto => detect(text),
        f => f,
    };
    match format {
        InputFormat::Jsonl => parse_jsonl(text),
        _ => parse_ochami(text, networks),
    }
}

fn detect(text: &str) -> InputFormat {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match serde_json::from_str::<serde_json::Value>(first) {
        Ok(v) if v.get("kind").is_some() => InputFormat::Jsonl,
        _ => InputFormat::Ochami,
    }
}

fn parse_jsonl(text: &str) -> Result<Vec<Imported>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let err = |message: String| ImportError::Line {
            line: line_no,
            message,
        };
        let mut v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| err(format!("not JSON: {e}")))?;
        let kind = v
            .as_object_mut()
            .and_then(|o| o.remove("kind"))
            .and_then(|k| k.as_str().map(str::to_string))
            .ok_or_else(|| err("no \"kind\" field (node, bmc, group, tenant or pdu)".into()))?;
        let typed = |e: serde_json::Error| err(format!("invalid {kind} record: {e}"));
        out.push(match kind.as_str() {
            "node" => Imported::Node(Box::new(serde_json::from_value(v).map_err(typed)?)),
            "bmc" => Imported::Bmc(serde_json::from_value(v).map_err(typed)?),
            "group" => Imported::Group(serde_json::from_value(v).map_err(typed)?),
            "tenant" => Imported::Tenant(serde_json::from_value(v).map_err(typed)?),
            "pdu" => Imported::Pdu(serde_json::from_value(v).map_err(typed)?),
            other => {
                return Err(err(format!(
                    "unknown kind `{other}`: use node, bmc, group, tenant or pdu"
                )))
            }
        });
    }
    Ok(out)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OchamiPayload {
    #[serde(default)]
    nodes: Vec<OchamiNode>,
    #[serde(default)]
    bmcs: Vec<OchamiBmc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OchamiNode {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    nid: Option<u64>,
    #[serde(default)]
    xname: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    bmc_mac: Option<MacAddr>,
    #[serde(default)]
    bmc_ip: Option<IpAddr>,
    #[serde(default)]
    bmc_fqdn: Option<String>,
    #[serde(default)]
    interfaces: Vec<OchamiIface>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OchamiIface {
    mac_addr: MacAddr,
    #[serde(default)]
    ip_addrs: Vec<OchamiIp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OchamiIp {
    #[serde(default, alias = "network")]
    name: Option<String>,
    ip_addr: IpAddr,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OchamiBmc {
    #[serde(default)]
    name: Option<String>,
    xname: String,
    #[serde(default, alias = "mac_addr")]
    mac: Option<MacAddr>,
    #[serde(default, alias = "ip_addr")]
    ip: Option<IpAddr>,
    #[serde(default)]
    fqdn: Option<String>,
}

/// The network `ip` is on: `name` when the cluster has it, else the first whose CIDR holds
/// the address.
pub fn network_of(networks: &[Network], name: Option<&str>, ip: IpAddr) -> Option<String> {
    name.filter(|n| networks.iter().any(|x| x.name == *n))
        .map(str::to_string)
        .or_else(|| {
            networks
                .iter()
                .find(|n| n.cidr.contains(ip))
                .map(|n| n.name.clone())
        })
}

fn parse_ochami(text: &str, networks: &[Network]) -> Result<Vec<Imported>, ImportError> {
    let payload: OchamiPayload = crate::yaml::from_str(text).map_err(|e| ImportError::Ochami {
        line: e.line.unwrap_or(1),
        message: e.message,
    })?;
    let mut out = Vec::new();
    let mut bmc_names = std::collections::HashSet::new();
    for b in payload.bmcs {
        let xname = crate::xname::normalize(&b.xname).unwrap_or(b.xname.clone());
        let name = b.name.unwrap_or_else(|| xname.clone());
        bmc_names.insert(name.clone());
        out.push(Imported::Bmc(Bmc {
            name,
            xname: Some(xname),
            mac: b.mac,
            network: b.ip.and_then(|ip| network_of(networks, None, ip)),
            ip: b.ip,
            fqdn: b.fqdn,
            ..Bmc::default()
        }));
    }
    for n in payload.nodes {
        let xname = n
            .xname
            .as_deref()
            .map(|x| crate::xname::normalize(x).unwrap_or(x.to_string()));
        let name = n
            .name
            .or_else(|| xname.clone())
            .ok_or_else(|| ImportError::Ochami {
                line: 1,
                message: "a node has neither name nor xname".into(),
            })?;
        let bmc_xname = xname
            .as_deref()
            .and_then(|x| crate::xname::Xname::parse(x).ok())
            .and_then(|x| x.parent())
            .map(|p| p.to_string());
        let mut bmc_ref = None;
        if n.bmc_mac.is_some() || n.bmc_ip.is_some() || n.bmc_fqdn.is_some() {
            let bname = bmc_xname.clone().unwrap_or_else(|| format!("{name}-bmc"));
            if bmc_names.insert(bname.clone()) {
                out.push(Imported::Bmc(Bmc {
                    name: bname.clone(),
                    xname: bmc_xname.clone(),
                    mac: n.bmc_mac,
                    network: n.bmc_ip.and_then(|ip| network_of(networks, None, ip)),
                    ip: n.bmc_ip,
                    fqdn: n.bmc_fqdn,
                    ..Bmc::default()
                }));
            }
            bmc_ref = Some(bname);
        } else if let Some(bx) = bmc_xname.filter(|bx| bmc_names.contains(bx)) {
            bmc_ref = Some(bx);
        }
        let mut interfaces = Vec::new();
        if let Some(iface) = n.interfaces.iter().find(|i| i.ip_addrs.len() > 1) {
            return Err(ImportError::Ochami {
                line: 1,
                message: format!(
                    "node {name}: interface {} has {} IP addresses; chami keeps one address per interface, so split them into interfaces (each with its own MAC) rather than lose one",
                    iface.mac_addr,
                    iface.ip_addrs.len()
                ),
            });
        }
        for (i, iface) in n.interfaces.iter().enumerate() {
            let first = iface.ip_addrs.first();
            interfaces.push(Interface {
                name: format!("eth{i}"),
                mac: Some(iface.mac_addr),
                network: first.and_then(|ip| network_of(networks, ip.name.as_deref(), ip.ip_addr)),
                ip: first.map(|ip| ip.ip_addr),
                boot: i == 0,
                ..Interface::default()
            });
        }
        out.push(Imported::Node(Box::new(Node {
            name,
            xname,
            nid: n.nid,
            groups: n.group.into_iter().collect(),
            bmc: bmc_ref,
            interfaces,
            ..Node::default()
        })));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ochami_static_payload() {
        let text = "nodes:\n- name: node01\n  nid: 1\n  xname: x1000c1s7b0n0\n  bmc_mac: de:ca:fc:0f:ee:ee\n  bmc_ip: 172.16.0.101\n  group: compute\n  interfaces:\n  - mac_addr: de:ad:be:ee:ee:f1\n    ip_addrs:\n    - name: internal\n      ip_addr: 172.16.0.1\n";
        let recs = parse(text, InputFormat::Auto, &[]).unwrap();
        assert_eq!(recs.len(), 2);
        let Imported::Bmc(b) = &recs[0] else {
            panic!("{recs:?}")
        };
        assert_eq!(b.name, "x1000c1s7b0");
        let Imported::Node(n) = &recs[1] else {
            panic!("{recs:?}")
        };
        assert_eq!(n.bmc.as_deref(), Some("x1000c1s7b0"));
        assert_eq!(n.interfaces[0].ip.unwrap().to_string(), "172.16.0.1");
        assert!(n.interfaces[0].boot);
        assert_eq!(n.groups, vec!["compute"]);
    }

    #[test]
    fn merge_keeps_what_the_import_does_not_set() {
        let old: Node = crate::yaml::from_str(
            "name: a\nrole: Compute\nlabels: {rack: r1}\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:01\n  fabric: infiniband\n  boot: true\n- name: eth1\n  ip: 10.0.0.9\n",
        )
        .unwrap();
        let new: Node = crate::yaml::from_str(
            "name: a\nnid: 7\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:02\n",
        )
        .unwrap();
        let m = merge(&old, &new).unwrap();
        assert_eq!(m.nid, Some(7));
        assert_eq!(m.role.as_deref(), Some("Compute"));
        assert_eq!(m.labels["rack"], "r1");
        assert_eq!(m.interfaces.len(), 2);
        assert_eq!(
            m.interfaces[0].mac.unwrap().to_string(),
            "02:00:00:00:00:02"
        );
        assert_eq!(
            m.interfaces[0].fabric,
            Some(crate::inventory::model::Fabric::Infiniband)
        );
        assert!(m.interfaces[0].boot);
    }

    #[test]
    fn jsonl_errors_name_the_line() {
        let text =
            "{\"kind\":\"node\",\"name\":\"a\"}\n{\"kind\":\"node\",\"name\":\"b\",\"colour\":1}\n";
        let e = parse(text, InputFormat::Auto, &[]).unwrap_err().to_string();
        assert!(e.starts_with("line 2:") && e.contains("colour"), "{e}");
    }
}
