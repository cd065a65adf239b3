//! [`BootContext`]: what every node's script and seed share, computed once per inventory
//! (the base URL, group membership, the MAC and name indexes, the merged cloud-init
//! fragments of each distinct set of groups), so that one node's script or seed costs a
//! few lookups. `bootgen` builds one per run; `chami serve` one per inventory load, and
//! answers each request from it.

use super::seed::{self, Fragments};
use super::{urls, BootError};
use crate::inventory::model::MacAddr;
use crate::inventory::{membership, Inventory, Selector};
use std::collections::HashMap;
use std::ops::Deref;

/// The shared, precomputed part of boot scripts and seeds for one inventory.
///
/// `I` is how the inventory is held: `&Inventory` for a one-off run, `Arc<Inventory>` for
/// a server that keeps the context beside the inventory it was made from.
pub struct BootContext<I> {
    inv: I,
    /// `http://ADDRESS[:PORT]` of each boot server, in order of preference (never empty).
    bases: Vec<String>,
    groups_of: Vec<Vec<usize>>,
    /// Boot MACs of enabled nodes, sorted: (MAC, node index).
    by_mac: Vec<(MacAddr, u32)>,
    /// Node indices sorted by name.
    by_name: Vec<u32>,
    /// Per node: index into `fragments`.
    fragment_set: Vec<u32>,
    fragments: Vec<Fragments>,
    secret: Option<super::TokenSecret>,
}

impl<I: Deref<Target = Inventory>> BootContext<I> {
    /// Prepares the context. Fails when cluster.yaml has no boot server, two nodes share a
    /// name or two enabled nodes a boot MAC, a node name cannot be a file name, or a
    /// group's cloud-init fragment sets a key chami owns.
    pub fn new(inv: I) -> Result<BootContext<I>, BootError> {
        let bases = urls::base_urls(&inv.cluster);
        if bases.is_empty() {
            return Err(BootError::NoBootServer);
        }
        let groups_of = membership::compute(&inv, &Selector::new(&inv)).groups_of;
        let by_name = name_index(&inv)?;
        let by_mac = mac_index(&inv)?;
        let mut sets: HashMap<&[usize], u32> = HashMap::new();
        let mut fragment_set = Vec::with_capacity(groups_of.len());
        let mut distinct: Vec<&[usize]> = Vec::new();
        for groups in &groups_of {
            let next = distinct.len() as u32;
            let at = *sets.entry(groups.as_slice()).or_insert_with(|| {
                distinct.push(groups.as_slice());
                next
            });
            fragment_set.push(at);
        }
        let fragments = distinct
            .iter()
            .map(|groups| seed::merge_fragments(&inv, groups))
            .collect::<Result<Vec<_>, _>>()?;
        drop(sets);
        Ok(BootContext {
            inv,
            bases,
            groups_of,
            by_mac,
            by_name,
            fragment_set,
            fragments,
            secret: None,
        })
    }

    /// Seed URLs carry each node's token (`cloud-init/<name>/<token>/`), for `chami
    /// serve --token-secret` with the same secret.
    pub fn with_token_secret(mut self, secret: Option<super::TokenSecret>) -> Self {
        self.secret = secret;
        self
    }

    /// Scripts and parameters point at `bases` (in order of preference) instead of the
    /// boot servers of cluster.yaml: `chami serve --base-url`, behind a proxy or when
    /// the servers' addresses are not the ones clients reach. Empty: unchanged.
    pub fn with_base_urls(mut self, bases: &[String]) -> Self {
        if !bases.is_empty() {
            self.bases = bases.to_vec();
        }
        self
    }

    /// The token of node `name`, when a secret is set.
    pub fn seed_token(&self, name: &str) -> Option<String> {
        self.secret.as_ref().map(|s| super::node_token(s, name))
    }

    /// The inventory.
    pub fn inventory(&self) -> &Inventory {
        &self.inv
    }

    /// `http://ADDRESS[:PORT]` of the first boot server, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.bases[0]
    }

    /// [`Self::base_url`] of every boot server, in order of preference: scripts fall
    /// over from one to the next.
    pub fn base_urls(&self) -> &[String] {
        &self.bases
    }

    /// The groups of node `ni`, in layering order.
    pub fn groups_of(&self, ni: usize) -> &[usize] {
        &self.groups_of[ni]
    }

    /// The enabled node that boots from `mac`.
    pub fn node_by_mac(&self, mac: MacAddr) -> Option<usize> {
        self.by_mac
            .binary_search_by(|(m, _)| m.cmp(&mac))
            .ok()
            .map(|at| self.by_mac[at].1 as usize)
    }

    /// The node named `name` (enabled or not).
    pub fn node_by_name(&self, name: &str) -> Option<usize> {
        let nodes = &self.inv.nodes;
        self.by_name
            .binary_search_by(|&ni| nodes[ni as usize].name.as_str().cmp(name))
            .ok()
            .map(|at| self.by_name[at] as usize)
    }

    /// The boot MACs of node `ni`, in interface order, each once.
    pub fn boot_macs(&self, ni: usize) -> Vec<MacAddr> {
        boot_macs(&self.inv, ni)
    }

    pub(super) fn fragments(&self, ni: usize) -> &Fragments {
        &self.fragments[self.fragment_set[ni] as usize]
    }
}

fn boot_macs(inv: &Inventory, ni: usize) -> Vec<MacAddr> {
    let mut macs: Vec<MacAddr> = Vec::new();
    for m in inv.nodes[ni].boot_interfaces().filter_map(|i| i.mac) {
        if !macs.contains(&m) {
            macs.push(m);
        }
    }
    macs
}

/// Whether `name` can name a script and a seed folder (a host name label, as lint asks).
fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn name_index(inv: &Inventory) -> Result<Vec<u32>, BootError> {
    if let Some(n) = inv.nodes.iter().find(|n| !is_file_name(&n.name)) {
        return Err(BootError::BadNodeName {
            node: n.name.clone(),
        });
    }
    let mut by_name: Vec<u32> = (0..inv.nodes.len() as u32).collect();
    by_name.sort_unstable_by(|&a, &b| inv.nodes[a as usize].name.cmp(&inv.nodes[b as usize].name));
    if let Some(w) = by_name
        .windows(2)
        .find(|w| inv.nodes[w[0] as usize].name == inv.nodes[w[1] as usize].name)
    {
        return Err(BootError::DuplicateName {
            node: inv.nodes[w[0] as usize].name.clone(),
        });
    }
    Ok(by_name)
}

fn mac_index(inv: &Inventory) -> Result<Vec<(MacAddr, u32)>, BootError> {
    let mut by_mac: Vec<(MacAddr, u32)> = Vec::with_capacity(inv.nodes.len());
    for (ni, n) in inv.nodes.iter().enumerate() {
        if n.is_enabled() {
            by_mac.extend(boot_macs(inv, ni).into_iter().map(|m| (m, ni as u32)));
        }
    }
    by_mac.sort_unstable();
    if let Some(w) = by_mac.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(BootError::DuplicateMac {
            mac: w[0].0.to_string(),
            first: inv.nodes[w[0].1 as usize].name.clone(),
            second: inv.nodes[w[1].1 as usize].name.clone(),
        });
    }
    Ok(by_mac)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boot::test_support::{inventory, inventory_with};

    const N1: &str = "name: n1\ninterfaces:\n- {name: eth0, mac: 02:00:00:00:00:01, boot: true}\n- {name: eth1, mac: 02:00:00:00:00:09, boot: true}\n";

    #[test]
    fn looks_nodes_up_by_mac_and_name() {
        let inv = inventory(
            "",
            &[],
            &[
                N1,
                "name: n0\nenabled: false\ninterfaces:\n- {name: eth0, mac: 02:00:00:00:00:02, boot: true}\n",
            ],
        );
        let cx = BootContext::new(&inv).unwrap();
        assert_eq!(cx.base_url(), "http://10.0.0.1:8080");
        assert_eq!(
            cx.node_by_mac("02:00:00:00:00:09".parse().unwrap()),
            Some(0)
        );
        assert_eq!(
            cx.node_by_mac("02:00:00:00:00:02".parse().unwrap()),
            None,
            "a disabled node's MAC is unknown"
        );
        assert_eq!(cx.node_by_name("n0"), Some(1));
        assert_eq!(cx.node_by_name("n9"), None);
    }

    #[test]
    fn refuses_what_would_make_a_wrong_tree() {
        let none = inventory_with("format: 1\nname: t\n", &[], &[]);
        let e = BootContext::new(&none).err().unwrap().to_string();
        assert!(
            e.contains("cluster.yaml has no `boot_server:`") && e.contains("address:"),
            "{e}"
        );
        let twice = inventory("", &[], &[N1, &N1.replace("n1", "n2")]);
        let e = BootContext::new(&twice).err().unwrap().to_string();
        assert!(
            e.contains("MAC 02:00:00:00:00:01 is a boot MAC of node n1 and of node n2"),
            "{e}"
        );
        let names = inventory("", &[], &["name: n1\n", "name: n1\n"]);
        let e = BootContext::new(&names).err().unwrap().to_string();
        assert!(e.contains("two nodes are named n1"), "{e}");
        let bad = inventory("", &[], &["name: ../x\n"]);
        assert!(matches!(
            BootContext::new(&bad).err().unwrap(),
            BootError::BadNodeName { .. }
        ));
    }
}
