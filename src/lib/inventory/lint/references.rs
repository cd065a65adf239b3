//! References by name: every group, BMC, network, boot profile and tenant a record names
//! must exist. References into a kind whose files failed to parse are not checked (the
//! parse error is reported instead).

use super::context::LintContext;
use crate::inventory::records::Kind;
use std::collections::HashSet;

const RULE: &str = "unknown-reference";

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    let groups: HashSet<&str> = inv.groups.iter().map(|g| g.name.as_str()).collect();
    let bmcs: HashSet<&str> = inv.bmcs.iter().map(|b| b.name.as_str()).collect();
    let tenants: HashSet<&str> = inv.tenants.iter().map(|t| t.name.as_str()).collect();
    let networks: HashSet<&str> = inv
        .cluster
        .networks
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    let profiles: HashSet<&str> = inv
        .cluster
        .boot_profiles
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let check_groups = !cx.failed.contains(&Kind::Group);
    let check_bmcs = !cx.failed.contains(&Kind::Bmc);
    let check_tenants = !cx.failed.contains(&Kind::Tenant);
    let list = |set: &HashSet<&str>| {
        let mut v: Vec<&str> = set.iter().copied().collect();
        v.sort_unstable();
        if v.is_empty() {
            "none is defined".to_string()
        } else if v.len() > 12 {
            format!("{} … ({} in all)", v[..12].join(", "), v.len())
        } else {
            v.join(", ")
        }
    };

    for n in &inv.nodes {
        if check_groups {
            for g in n.groups.iter().filter(|g| !groups.contains(g.as_str())) {
                cx.error(
                    RULE,
                    n,
                    Some(g),
                    format!("group `{g}` does not exist"),
                    &format!(
                        "create groups/{g}.yaml or fix the name; groups: {}",
                        list(&groups)
                    ),
                );
            }
        }
        if let Some(b) = n.bmc.as_deref().filter(|b| check_bmcs && !bmcs.contains(b)) {
            cx.error(
                RULE,
                n,
                Some(b),
                format!("BMC `{b}` does not exist"),
                &format!("create bmcs/{b}.yaml or fix the name"),
            );
        }
        for i in &n.interfaces {
            if let Some(net) = i.network.as_deref().filter(|x| !networks.contains(x)) {
                cx.error(
                    RULE,
                    n,
                    Some(net),
                    format!("interface {}: network `{net}` does not exist", i.name),
                    &format!(
                        "declare it under `networks:` in cluster.yaml; networks: {}",
                        list(&networks)
                    ),
                );
            }
        }
        if let Some(p) = n.boot.profile.as_deref().filter(|p| !profiles.contains(p)) {
            cx.error(
                RULE,
                n,
                Some(p),
                format!("boot profile `{p}` does not exist"),
                &format!(
                    "declare it under `boot_profiles:` in cluster.yaml; profiles: {}",
                    list(&profiles)
                ),
            );
        }
    }
    for b in &inv.bmcs {
        if let Some(net) = b.network.as_deref().filter(|x| !networks.contains(x)) {
            cx.error(
                RULE,
                b,
                Some(net),
                format!("network `{net}` does not exist"),
                &format!(
                    "declare it under `networks:` in cluster.yaml; networks: {}",
                    list(&networks)
                ),
            );
        }
    }
    for g in &inv.groups {
        if let Some(p) = g.boot.profile.as_deref().filter(|p| !profiles.contains(p)) {
            cx.error(
                RULE,
                g,
                Some(p),
                format!("boot profile `{p}` does not exist"),
                &format!(
                    "declare it under `boot_profiles:` in cluster.yaml; profiles: {}",
                    list(&profiles)
                ),
            );
        }
        if let Some(t) = g
            .tenant
            .as_deref()
            .filter(|t| check_tenants && !tenants.contains(t))
        {
            cx.error(
                RULE,
                g,
                Some(t),
                format!("tenant `{t}` does not exist"),
                &format!("create tenants/{t}.yaml or fix the name"),
            );
        }
    }
    for t in &inv.tenants {
        if check_groups {
            for g in t.groups.iter().filter(|g| !groups.contains(g.as_str())) {
                cx.error(
                    RULE,
                    t,
                    Some(g),
                    format!("group `{g}` does not exist"),
                    &format!("create groups/{g}.yaml or fix the name"),
                );
            }
        }
    }
    if let Some(p) = inv
        .cluster
        .defaults
        .boot
        .profile
        .as_deref()
        .filter(|p| !profiles.contains(p))
    {
        cx.cluster_error(
            RULE,
            &format!("profile: {p}"),
            format!("defaults: boot profile `{p}` does not exist"),
            "declare it under `boot_profiles:`",
        );
    }
}
