//! InfiniBand partitions for the context: each group or tenant with a partition key, its
//! enabled nodes and their InfiniBand port GUIDs (what OpenSM's partitions.conf lists).

use super::shapes::{GroupCtx, NodeCtx, PartitionCtx, TenantCtx};
use std::collections::HashMap;
use std::sync::Arc;

/// The partitions of the groups and tenants that have a `pkey`, sorted by key.
pub(super) fn partitions(
    nodes: &[Arc<NodeCtx>],
    groups: &[GroupCtx],
    tenants: &[TenantCtx],
) -> Vec<PartitionCtx> {
    let with_pkeys =
        groups.iter().any(|g| g.pkey.is_some()) || tenants.iter().any(|t| t.pkey.is_some());
    if !with_pkeys {
        return Vec::new();
    }
    let guids: HashMap<&str, Vec<&str>> = nodes
        .iter()
        .map(|n| {
            let g = n
                .interfaces
                .iter()
                .filter(|i| &*i.fabric == "infiniband")
                .filter_map(|i| i.guid.as_deref())
                .collect();
            (n.name.as_str(), g)
        })
        .collect();
    let one = |name: &str, kind: &'static str, pkey: &str, members: &[String]| PartitionCtx {
        name: name.to_string(),
        kind,
        pkey: pkey.to_string(),
        nodes: members.to_vec(),
        guids: members
            .iter()
            .flat_map(|m| guids.get(m.as_str()).into_iter().flatten())
            .map(|g| g.to_string())
            .collect(),
    };
    let mut out: Vec<PartitionCtx> = groups
        .iter()
        .filter_map(|g| Some(one(&g.name, "group", g.pkey.as_deref()?, &g.members)))
        .chain(
            tenants
                .iter()
                .filter_map(|t| Some(one(&t.name, "tenant", t.pkey.as_deref()?, &t.nodes))),
        )
        .collect();
    out.sort_by(|a, b| (&a.pkey, &a.name).cmp(&(&b.pkey, &b.name)));
    out
}
