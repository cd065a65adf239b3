//! Rule `tenant-command`: a var that makes an administrator's server run a command may not
//! be set in a record a tenant owns. conmand runs a `console_dev` that is a script path
//! (`/usr/bin/x ARGS`), and powermand runs `power_command`, both as the service's user on
//! the console or power server: a tenant who may edit its own node or group file would
//! otherwise run anything there. The administrator sets them in cluster-owned groups.

use super::context::LintContext;
use crate::inventory::membership::Membership;
use crate::inventory::model::Vars;
use crate::inventory::records::{Record, RecordType};
use std::collections::BTreeSet;

const RULE: &str = "tenant-command";
const HELP: &str = "commands run on the console or power server are the administrator's: set \
                    this var in a group no tenant owns (its members get it by layering)";

/// The vars of `vars` that run a command on a server, with why.
fn commands(vars: &Vars) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if vars
        .get("console_dev")
        .and_then(|v| v.as_str())
        .is_some_and(|d| d.trim_start().starts_with('/'))
    {
        out.push(("console_dev", "a script path, which conmand runs"));
    }
    if vars.contains_key("power_command") {
        out.push(("power_command", "a command powermand runs"));
    }
    out
}

fn flag<T: RecordType>(cx: &mut LintContext<'_>, rec: &Record<T>, vars: &Vars, owner: &str) {
    for (var, what) in commands(vars) {
        cx.error(
            RULE,
            rec,
            Some(&format!("{var}:")),
            format!("`vars.{var}` is {what}, set in a record owned by tenant {owner}"),
            HELP,
        );
    }
}

pub(super) fn check(cx: &mut LintContext<'_>, m: &Membership) {
    let inv = cx.inv;
    for (ni, owners) in m.tenants_of.iter().enumerate() {
        if let Some(&t) = owners.first() {
            flag(
                cx,
                &inv.nodes[ni],
                &inv.nodes[ni].vars,
                &inv.tenants[t].name,
            );
        }
    }
    let listed: BTreeSet<(&str, &str)> = inv
        .tenants
        .iter()
        .flat_map(|t| t.groups.iter().map(|g| (g.as_str(), t.name.as_str())))
        .collect();
    for g in &inv.groups {
        let owner = g
            .tenant
            .as_deref()
            .or_else(|| listed.iter().find(|(n, _)| *n == g.name).map(|(_, t)| *t));
        if let Some(owner) = owner {
            flag(cx, g, &g.vars, owner);
        }
    }
}
