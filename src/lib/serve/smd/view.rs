//! The part of a snapshot SMD's routes answer from, made once per snapshot on first use:
//! each node's and BMC's xname, the nodes that are SMD components in xname order, and
//! group and tenant membership.

use crate::inventory::membership::{self, Membership};
use crate::inventory::{Inventory, Selector};
use crate::serve::Snapshot;
use crate::xname::Xname;
use std::collections::HashMap;

/// SMD's view of one inventory.
pub struct View {
    /// Per node: its xname, when it has a valid one.
    pub node_xnames: Vec<Option<Xname>>,
    /// Per BMC: its xname, when it has a valid one.
    pub bmc_xnames: Vec<Option<Xname>>,
    /// The nodes with an xname, in xname order: SMD's components.
    pub components: Vec<usize>,
    /// Normalized xname → node index.
    by_xname: HashMap<Xname, usize>,
    /// Group members and tenant owners.
    pub membership: Membership,
}

/// The SMD view of `snap`.
pub fn view(snap: &Snapshot) -> &View {
    snap.smd.get_or_init(|| View::build(snap.inventory()))
}

impl View {
    /// Indexes `inv`.
    pub fn build(inv: &Inventory) -> View {
        let xname = |x: &Option<String>| x.as_deref().and_then(|s| Xname::parse(s).ok());
        let node_xnames: Vec<Option<Xname>> =
            inv.nodes.iter().map(|r| xname(&r.value.xname)).collect();
        let bmc_xnames = inv.bmcs.iter().map(|r| xname(&r.value.xname)).collect();
        let mut components: Vec<usize> = (0..inv.nodes.len())
            .filter(|&i| node_xnames[i].is_some())
            .collect();
        components.sort_by_key(|&i| node_xnames[i]);
        let by_xname = components
            .iter()
            .map(|&i| (node_xnames[i].expect("filtered"), i))
            .collect();
        View {
            membership: membership::compute(inv, &Selector::new(inv)),
            node_xnames,
            bmc_xnames,
            components,
            by_xname,
        }
    }

    /// The node whose xname is `s` (in any spelling SMD accepts: case, leading zeros).
    pub fn node_by_xname(&self, s: &str) -> Option<usize> {
        self.by_xname.get(&Xname::parse(s).ok()?).copied()
    }

    /// Node `ni`'s xname, normalized.
    pub fn xname(&self, ni: usize) -> Option<String> {
        self.node_xnames[ni].map(|x| x.to_string())
    }

    /// The tenant (SMD partition) that owns node `ni`: the first when a lint error gave
    /// it several.
    pub fn tenant_of(&self, ni: usize) -> Option<usize> {
        self.membership.tenants_of[ni].first().copied()
    }
}
