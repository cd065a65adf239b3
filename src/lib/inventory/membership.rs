//! Who is in which group, and which tenant owns which node.
//!
//! Layering order of groups (documented in the man page): ascending `priority`, then name.
//! A later group's value wins over an earlier one's.

use super::diagnostic::Diagnostic;
use super::records::{index_by_name, Inventory};
use super::select::Selector;

/// Group membership and tenant ownership of every node.
#[derive(Debug, Clone, Default)]
pub struct Membership {
    /// Per node: indices of its groups, in layering order.
    pub groups_of: Vec<Vec<usize>>,
    /// Per group: indices of its member nodes.
    pub members_of: Vec<Vec<usize>>,
    /// Per node: indices of the tenants that own it (more than one is a lint error).
    pub tenants_of: Vec<Vec<usize>>,
    /// Problems met while computing (bad expressions, unknown names).
    pub diagnostics: Vec<Diagnostic>,
}

/// Computes membership and ownership.
pub fn compute(inv: &Inventory, selector: &Selector<'_>) -> Membership {
    let mut m = Membership {
        groups_of: vec![Vec::new(); inv.nodes.len()],
        members_of: vec![Vec::new(); inv.groups.len()],
        tenants_of: vec![Vec::new(); inv.nodes.len()],
        diagnostics: Vec::new(),
    };
    let mut order: Vec<usize> = (0..inv.groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&inv.groups[a], &inv.groups[b]);
        (ga.priority, &ga.name).cmp(&(gb.priority, &gb.name))
    });
    for &gi in &order {
        let g = &inv.groups[gi];
        let set = match selector.group_members(gi) {
            Ok(s) => s,
            Err(e) => {
                m.diagnostics.push(
                    Diagnostic::error("group-members", e.to_string())
                        .at(g.origin.file.clone(), g.origin.line)
                        .record("group", &g.name),
                );
                continue;
            }
        };
        let mut unknown = Vec::new();
        for name in set.iter() {
            match selector.node_index(&name) {
                Some(ni) => {
                    m.groups_of[ni].push(gi);
                    m.members_of[gi].push(ni);
                }
                None => unknown.push(name),
            }
        }
        if !unknown.is_empty() {
            m.diagnostics.push(
                Diagnostic::warning(
                    "group-members",
                    format!(
                        "members name nodes that are not in the inventory: {}",
                        crate::hostlist::fold(&unknown)
                    ),
                )
                .at(g.origin.file.clone(), g.origin.line)
                .record("group", &g.name),
            );
        }
    }
    compute_ownership(inv, selector, &mut m);
    m
}

fn compute_ownership(inv: &Inventory, selector: &Selector<'_>, m: &mut Membership) {
    let group_index = index_by_name(&inv.groups);
    let tenant_index = index_by_name(&inv.tenants);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut own = |ni: usize, ti: usize| pairs.push((ni, ti));
    for (gi, g) in inv.groups.iter().enumerate() {
        if let Some(&ti) = g.tenant.as_deref().and_then(|t| tenant_index.get(t)) {
            for &ni in &m.members_of[gi] {
                own(ni, ti);
            }
        }
    }
    for (ti, t) in inv.tenants.iter().enumerate() {
        for g in &t.groups {
            if let Some(&gi) = group_index.get(g.as_str()) {
                for &ni in &m.members_of[gi] {
                    own(ni, ti);
                }
            }
        }
        if let Some(expr) = &t.nodes {
            match selector.eval_own(expr) {
                Ok(set) => {
                    for name in set.iter() {
                        if let Some(ni) = selector.node_index(&name) {
                            own(ni, ti);
                        }
                    }
                }
                Err(e) => m.diagnostics.push(
                    Diagnostic::error("tenant-nodes", e.to_string())
                        .at(t.origin.file.clone(), t.origin.line)
                        .record("tenant", &t.name),
                ),
            }
        }
    }
    for (ni, ti) in pairs {
        if !m.tenants_of[ni].contains(&ti) {
            m.tenants_of[ni].push(ti);
        }
    }
}
