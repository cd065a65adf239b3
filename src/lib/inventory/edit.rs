//! `KEY=VALUE` edits of node records, as `chami inventory set` takes them.

use super::model::{Fabric, Guid, Interface, MacAddr, Node};
use std::net::IpAddr;

/// What an edit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `KEY=VALUE`: set (for lists: replace with the comma-separated values).
    Assign,
    /// `KEY+=VALUE`: add to a list.
    Append,
    /// `KEY-=VALUE`: remove from a list.
    Remove,
    /// `--unset KEY`: remove the field.
    Unset,
}

/// One edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Dotted key (`role`, `labels.rack`, `interfaces.eth0.ip`).
    pub key: String,
    /// The operation.
    pub op: Op,
    /// The value as written (empty for unset).
    pub value: String,
}

/// An edit that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// Not `KEY=VALUE`.
    #[error("`{0}` is not an assignment: write KEY=VALUE, KEY+=VALUE or KEY-=VALUE")]
    Syntax(String),
    /// Unknown key.
    #[error("unknown key `{0}`; keys: role, subrole, arch, enabled, nid, xname, bmc, groups, profile, labels.KEY, vars.KEY, bios.KEY, firmware.COMPONENT.{{version,image}}, boot.overrides.{{kernel,initrd,rootfs,params}}, interfaces.NAME.{{mac,permanent_mac,ip,network,fabric,guid,vlan,link,mtu,boot}}, ip, mac, network (the boot interface's)")]
    UnknownKey(String),
    /// The value does not fit the key.
    #[error("{key}: `{value}` is not valid: {why}")]
    BadValue {
        /// The key.
        key: String,
        /// The value.
        value: String,
        /// Why.
        why: String,
    },
    /// `+=`/`-=` on a key that is not a list.
    #[error("{0}: `+=` and `-=` work on lists only (groups)")]
    NotAList(String),
}

impl Edit {
    /// Whether the edit counts up per node: `nid=1+`, `ip=10.0.0.100+`, `mac=…+`,
    /// `interfaces.NAME.ip=…+` (see [`Edit::for_each`]).
    pub fn counts_up(&self) -> bool {
        self.op == Op::Assign
            && self.value.ends_with('+')
            && (self.key == "nid"
                || ["ip", "mac"]
                    .iter()
                    .any(|f| self.key == *f || self.key.ends_with(&format!(".{f}"))))
    }

    /// This edit for each of `count` nodes: counted up from its value when it ends in `+`
    /// (see [`Edit::counts_up`]), else the same for all.
    pub fn for_each(&self, count: usize) -> Result<Vec<Edit>, EditError> {
        if !self.counts_up() {
            return Ok(vec![self.clone(); count]);
        }
        let field = if self.key == "nid" {
            "nid"
        } else if self.key.ends_with("ip") {
            "ip"
        } else {
            "mac"
        };
        let values =
            super::add::count_up(field, &self.value, count).map_err(|e| self.bad(e.to_string()))?;
        Ok(values
            .into_iter()
            .map(|value| Edit {
                value,
                ..self.clone()
            })
            .collect())
    }

    /// Parses `KEY=VALUE`, `KEY+=VALUE` or `KEY-=VALUE`.
    pub fn parse(s: &str) -> Result<Edit, EditError> {
        let (lhs, value) = s
            .split_once('=')
            .ok_or_else(|| EditError::Syntax(s.to_string()))?;
        let (key, op) = if let Some(k) = lhs.strip_suffix('+') {
            (k, Op::Append)
        } else if let Some(k) = lhs.strip_suffix('-') {
            (k, Op::Remove)
        } else {
            (lhs, Op::Assign)
        };
        if key.is_empty() {
            return Err(EditError::Syntax(s.to_string()));
        }
        Ok(Edit {
            key: key.to_string(),
            op,
            value: value.to_string(),
        })
    }

    /// An unset of `key`.
    pub fn unset(key: &str) -> Edit {
        Edit {
            key: key.to_string(),
            op: Op::Unset,
            value: String::new(),
        }
    }

    pub(super) fn bad(&self, why: impl Into<String>) -> EditError {
        EditError::BadValue {
            key: self.key.clone(),
            value: self.value.clone(),
            why: why.into(),
        }
    }

    fn text(&self) -> Option<String> {
        (self.op != Op::Unset).then(|| self.value.clone())
    }

    fn scalar_only(&self) -> Result<(), EditError> {
        match self.op {
            Op::Append | Op::Remove => Err(EditError::NotAList(self.key.clone())),
            _ => Ok(()),
        }
    }

    fn parsed<T: std::str::FromStr>(&self, why: &str) -> Result<Option<T>, EditError> {
        match self.op {
            Op::Unset => Ok(None),
            _ => self
                .value
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| self.bad(why)),
        }
    }

    /// Applies the edit to a node.
    pub fn apply(&self, n: &mut Node) -> Result<(), EditError> {
        let key = self.key.as_str();
        if key == "groups" {
            return self.apply_groups(n);
        }
        self.scalar_only()?;
        if let Some(done) = self.apply_desired(n) {
            return done;
        }
        match key {
            "role" => n.role = self.text(),
            "subrole" => n.subrole = self.text(),
            "arch" => n.arch = self.text(),
            "bmc" => n.bmc = self.text(),
            "profile" | "boot.profile" => n.boot.profile = self.text(),
            "boot.overrides.kernel" => n.boot.overrides.kernel = self.text(),
            "boot.overrides.initrd" => n.boot.overrides.initrd = self.text(),
            "boot.overrides.rootfs" => n.boot.overrides.rootfs = self.text(),
            "boot.overrides.params" => n.boot.overrides.params = self.text(),
            "enabled" => n.enabled = self.boolean()?,
            "nid" => n.nid = self.parsed("a NID is a whole number")?,
            "xname" => {
                n.xname = match self.op {
                    Op::Unset => None,
                    _ => Some(
                        crate::xname::normalize(&self.value)
                            .map_err(|e| self.bad(e.to_string()))?,
                    ),
                }
            }
            _ => {
                if let Some(k) = key.strip_prefix("labels.") {
                    match self.text() {
                        Some(v) => n.labels.insert(k.to_string(), v),
                        None => n.labels.remove(k),
                    };
                } else if let Some(k) = key.strip_prefix("vars.") {
                    match self.op {
                        Op::Unset => {
                            n.vars.remove(k);
                        }
                        _ => {
                            let v: serde_json::Value = crate::yaml::from_str(&self.value)
                                .map_err(|e| self.bad(format!("not a YAML value: {e}")))?;
                            n.vars.insert(k.to_string(), v);
                        }
                    }
                } else if let Some(rest) = key.strip_prefix("interfaces.") {
                    self.apply_interface(n, rest)?;
                } else if matches!(key, "ip" | "mac" | "network") {
                    // The boot interface's (the first with `boot: true`, else the first).
                    let Some(iface) = n
                        .interfaces
                        .iter()
                        .find(|i| i.boot)
                        .or(n.interfaces.first())
                        .map(|i| i.name.clone())
                    else {
                        return Err(
                            self.bad("the node has no interface: name one (interfaces.eth0.ip=…)")
                        );
                    };
                    self.apply_interface(n, &format!("{iface}.{key}"))?;
                } else {
                    return Err(EditError::UnknownKey(key.to_string()));
                }
            }
        }
        Ok(())
    }

    fn boolean(&self) -> Result<Option<bool>, EditError> {
        match self.op {
            Op::Unset => Ok(None),
            _ => match self.value.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => Ok(Some(true)),
                "false" | "no" | "off" | "0" => Ok(Some(false)),
                _ => Err(self.bad("write true or false")),
            },
        }
    }

    fn apply_groups(&self, n: &mut Node) -> Result<(), EditError> {
        let values: Vec<String> = self
            .value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        match self.op {
            Op::Assign => n.groups = values,
            Op::Unset => n.groups.clear(),
            Op::Append => {
                for v in values {
                    if !n.groups.contains(&v) {
                        n.groups.push(v);
                    }
                }
            }
            Op::Remove => n.groups.retain(|g| !values.contains(g)),
        }
        Ok(())
    }

    fn apply_interface(&self, n: &mut Node, rest: &str) -> Result<(), EditError> {
        // Interface names may hold dots (ib0.8001, bond0.100): the field is after the last.
        let (iface, field) = if n.interfaces.iter().any(|i| i.name == rest) {
            (rest, None)
        } else {
            match rest.rsplit_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (rest, None),
            }
        };
        if field.is_none() {
            if self.op == Op::Unset {
                n.interfaces.retain(|i| i.name != iface);
                return Ok(());
            }
            return Err(EditError::UnknownKey(self.key.clone()));
        }
        let pos = match n.interfaces.iter().position(|i| i.name == iface) {
            Some(p) => p,
            None if self.op == Op::Unset => return Ok(()),
            None => {
                n.interfaces.push(Interface {
                    name: iface.to_string(),
                    ..Interface::default()
                });
                n.interfaces.len() - 1
            }
        };
        let i = &mut n.interfaces[pos];
        match field.unwrap_or_default() {
            "mac" => {
                i.mac = self.parsed::<MacAddr>("write six hex pairs like 02:00:00:00:00:01")?
            }
            "permanent_mac" => {
                i.permanent_mac =
                    self.parsed::<MacAddr>("write six hex pairs like 02:00:00:00:00:01")?
            }
            "ip" => i.ip = self.parsed::<IpAddr>("write an IP address like 10.0.0.11")?,
            "guid" => {
                i.guid = self.parsed::<Guid>("write 16 hex digits like 0x0002c903000e0b71")?
            }
            "vlan" => i.vlan = self.parsed::<u16>("write a VLAN id, 1 to 4094")?,
            "link" => i.link = self.text(),
            "mtu" => i.mtu = self.parsed::<u32>("write an MTU in bytes, like 9000")?,
            "network" => i.network = self.text(),
            "boot" => i.boot = self.boolean()?.unwrap_or(false),
            "fabric" => {
                i.fabric = match self.op {
                    Op::Unset => None,
                    _ => Some(crate::yaml::from_str::<Fabric>(&self.value).map_err(|_| {
                        self.bad("one of ethernet, infiniband, slingshot, nvlink, omnipath, roce")
                    })?),
                }
            }
            _ => return Err(EditError::UnknownKey(self.key.clone())),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_ops() {
        assert_eq!(Edit::parse("groups+=gpu").unwrap().op, Op::Append);
        assert_eq!(Edit::parse("groups-=gpu").unwrap().op, Op::Remove);
        assert_eq!(Edit::parse("labels.rack=r7").unwrap().key, "labels.rack");
        assert!(Edit::parse("role").is_err());
    }

    #[test]
    fn apply_edits() {
        let mut n = Node {
            name: "a".into(),
            ..Node::default()
        };
        for e in [
            "role=Compute",
            "groups=a,b",
            "groups+=c",
            "groups-=a",
            "labels.rack=r7",
            "vars.slots=[1, 2]",
            "interfaces.eth0.mac=02-00-00-00-00-0A",
            "interfaces.eth0.boot=true",
            "interfaces.eth0.permanent_mac=12:44:6A:3B:88:90",
            "nid=7",
        ] {
            Edit::parse(e).unwrap().apply(&mut n).unwrap();
        }
        assert_eq!(n.role.as_deref(), Some("Compute"));
        assert_eq!(n.groups, vec!["b", "c"]);
        assert_eq!(n.labels["rack"], "r7");
        assert_eq!(n.vars["slots"], serde_json::json!([1, 2]));
        assert_eq!(
            n.interfaces[0].mac.unwrap().to_string(),
            "02:00:00:00:00:0a"
        );
        assert!(n.interfaces[0].boot);
        assert_eq!(
            n.interfaces[0].permanent_mac.unwrap().to_string(),
            "12:44:6a:3b:88:90"
        );
        assert_eq!(n.nid, Some(7));
        Edit::unset("role").apply(&mut n).unwrap();
        assert_eq!(n.role, None);
        for e in [
            "interfaces.ib0.guid=0002:c903:000e:0b71",
            "interfaces.ib0.mtu=65520",
            "interfaces.eth0.22.vlan=22",
            "interfaces.eth0.22.link=eth0",
        ] {
            Edit::parse(e).unwrap().apply(&mut n).unwrap();
        }
        assert_eq!(
            n.interfaces[1].guid.map(|g| g.to_string()).as_deref(),
            Some("0x0002c903000e0b71")
        );
        assert_eq!(n.interfaces[1].mtu, Some(65520));
        assert_eq!(n.interfaces[2].name, "eth0.22");
        assert_eq!(n.interfaces[2].vlan_link(), Some("eth0"));
        assert!(matches!(
            Edit::parse("interfaces.ib0.guid=0x2c9")
                .unwrap()
                .apply(&mut n),
            Err(EditError::BadValue { .. })
        ));
        assert!(matches!(
            Edit::parse("nid=x").unwrap().apply(&mut n),
            Err(EditError::BadValue { .. })
        ));
        assert!(matches!(
            Edit::parse("colour=red").unwrap().apply(&mut n),
            Err(EditError::UnknownKey(_))
        ));
        assert!(matches!(
            Edit::parse("role+=x").unwrap().apply(&mut n),
            Err(EditError::NotAList(_))
        ));
    }
}
