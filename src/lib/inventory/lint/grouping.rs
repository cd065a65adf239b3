//! Group rules: exclusive labels (a node in at most one group per label) and tenants
//! (a node owned by at most one).

use super::context::LintContext;
use crate::inventory::membership::Membership;
use std::collections::HashMap;

pub(super) fn check(cx: &mut LintContext<'_>, m: &Membership) {
    let inv = cx.inv;
    for (ni, groups) in m.groups_of.iter().enumerate() {
        let mut by_label: HashMap<&str, Vec<&str>> = HashMap::new();
        for &gi in groups {
            if let Some(label) = inv.groups[gi].exclusive.as_deref() {
                by_label
                    .entry(label)
                    .or_default()
                    .push(&inv.groups[gi].name);
            }
        }
        let mut clashes: Vec<_> = by_label.into_iter().filter(|(_, g)| g.len() > 1).collect();
        clashes.sort();
        for (label, names) in clashes {
            cx.error(
                "exclusive-group",
                &inv.nodes[ni],
                None,
                format!(
                    "member of groups {} which share the exclusive label `{label}`",
                    names.join(", ")
                ),
                "a node may be in only one group per exclusive label: remove it from all but one",
            );
        }
        let owners = &m.tenants_of[ni];
        if owners.len() > 1 {
            let names: Vec<&str> = owners
                .iter()
                .map(|&t| inv.tenants[t].name.as_str())
                .collect();
            cx.error(
                "tenant-overlap",
                &inv.nodes[ni],
                None,
                format!("owned by more than one tenant: {}", names.join(", ")),
                "each node has one owner: fix the tenants' `groups`/`nodes` or the groups' `tenant`",
            );
        }
    }
}
