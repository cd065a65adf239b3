//! Runs every lint rule and gathers the report.

use super::context::LintContext;
use super::{
    addresses, boot, boot_servers, desired_state, fabrics, fingerprints, grouping, images, names,
    pdus, power_programs, references, secrets, tenant_commands, unsafe_values, vms,
};
use crate::inventory::diagnostic::{self, Diagnostic};
use crate::inventory::load::Loaded;
use crate::inventory::membership;
use crate::inventory::records::{Inventory, Kind};
use crate::inventory::select::Selector;
use serde::Serialize;
use std::collections::BTreeSet;

/// Every rule id, with what it checks (for `--help` and the man page).
pub const RULES: &[(&str, &str)] = &[
    (
        "parse",
        "a file is not valid YAML or has an unknown or mistyped field",
    ),
    (
        "format-version",
        "cluster.yaml `format:` is not one this chami reads",
    ),
    (
        "outside-inventory",
        "a symbolic link that leads outside the inventory folder (never followed)",
    ),
    (
        "not-a-file",
        "a FIFO, socket or device where a record file or template is expected",
    ),
    (
        "invalid-name",
        "a record name that is not a valid host, group or tenant name",
    ),
    (
        "duplicate-name",
        "two records of the same kind (or a node and a BMC) share a name",
    ),
    ("duplicate-xname", "two records share an xname"),
    ("duplicate-nid", "two nodes share a NID"),
    (
        "duplicate-mac",
        "two interfaces or BMCs share a MAC address",
    ),
    ("duplicate-ip", "two interfaces or BMCs share an IP address"),
    (
        "guid-malformed",
        "an InfiniBand port GUID that is not 64 bits (16 hex digits)",
    ),
    (
        "duplicate-guid",
        "two interfaces share an InfiniBand port GUID",
    ),
    (
        "pkey-range",
        "a partition key outside 0x0001-0x7fff",
    ),
    (
        "pkey-collision",
        "two groups or tenants share a partition key, or one takes the default partition's 0x7fff",
    ),
    (
        "fabric-network",
        "an interface on a fabric no network in cluster.yaml has, or on a network of another fabric",
    ),
    (
        "fabric-address",
        "a fabric field on an interface of another fabric (a GUID off InfiniBand, a NIC address off Slingshot, a VLAN without a parent), or a Slingshot NIC address that is malformed or used twice",
    ),
    ("mac-malformed", "a MAC address that does not parse"),
    (
        "tls-fingerprint",
        "a BMC's tls_fingerprint that is not `sha256:` and 32 hex pairs",
    ),
    (
        "mac-multicast",
        "a multicast, broadcast or all-zero MAC address",
    ),
    ("ip-malformed", "an IP address that does not parse"),
    (
        "ip-outside-network",
        "an address outside its network's CIDR",
    ),
    (
        "ip-reserved",
        "an address equal to its network's network, broadcast or gateway address",
    ),
    (
        "ip-in-dynamic-range",
        "a fixed address inside the network's DHCP dynamic range",
    ),
    (
        "network-invalid",
        "a network whose gateway or dynamic range is outside its CIDR",
    ),
    (
        "invalid-xname",
        "an xname that does not parse, or is of the wrong type for its record",
    ),
    (
        "vm-host",
        "a VM on a hypervisor that is not a node, or a node without a `hypervisor:` section",
    ),
    (
        "vm-overcommit",
        "a hypervisor whose enabled VMs take more vcpus or memory than it has",
    ),
    (
        "vm-shape",
        "a VM with no CPU or too little memory, an empty disk, a NIC on an interface the node lacks, or a boot device it does not have",
    ),
    (
        "unknown-reference",
        "a reference to a group, BMC, network, boot profile, tenant or image that does not exist",
    ),
    (
        "group-members",
        "a group's members or selector expression is invalid",
    ),
    (
        "exclusive-group",
        "a node in two groups with the same exclusive label",
    ),
    ("tenant-nodes", "a tenant's `nodes` expression is invalid"),
    ("tenant-overlap", "a node owned by more than one tenant"),
    (
        "tenant-command",
        "a tenant-owned node or group sets a var that runs a command on a server (console_dev script, power_command)",
    ),
    (
        "power-program",
        "(warning) a `power_device` var picks a powerman device script whose helper program (redfishpower, ipmipower) is not installed on this host",
    ),
    (
        "no-boot-interface",
        "an enabled node with no interface marked boot: true, or a boot interface without a MAC",
    ),
    (
        "boot-servers",
        "cluster.yaml has both `boot_server` and `boot_servers`, one address:port twice, or IPv4 and IPv6 boot servers together",
    ),
    (
        "profile-incomplete",
        "a boot profile missing what its kind needs",
    ),
    (
        "image-recipe",
        "an image recipe without exactly one of `base` and `parent`, or with a bad file entry (path, mode, owner, missing source) or `exclude` word",
    ),
    (
        "image-package",
        "an image recipe names a package that is not a valid Debian package name",
    ),
    ("image-cycle", "image recipes whose parents form a loop"),
    (
        "unsafe-value",
        "a value with a control character, or not of its field's syntax, that would add lines or records to a generated file",
    ),
    (
        "bios-value",
        "a desired BIOS attribute (`bios:`) whose value is a list, a map or empty",
    ),
    (
        "pdu-outlet",
        "a PDU outlet mapped to a node that is not in the inventory, or to two nodes",
    ),
    (
        "secret-in-inventory",
        "a password, token or private key written into the inventory",
    ),
];

/// The result of a lint run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every finding, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lints a loaded inventory: parse errors from loading plus every rule.
pub fn lint(loaded: &Loaded) -> Report {
    let mut diags = loaded.diagnostics.clone();
    if !loaded.cluster_failed {
        diags.extend(rules(&loaded.inventory, &loaded.failed));
    }
    report(diags)
}

/// Lints an inventory held in memory (one that loaded cleanly, possibly changed since).
pub fn lint_inventory(inv: &Inventory) -> Report {
    report(rules(inv, &BTreeSet::new()))
}

/// A rule that needs nothing but the context.
type Rule = fn(&mut LintContext<'_>);

/// The rules besides group and tenant membership, in groups of a few; each group runs on
/// whichever core is free (0.3 s of CPU at 100,000 nodes: two fixed halves left one core
/// idle for the last quarter). Their findings are joined in this order, the membership
/// rules' after the groups of [`BEFORE_MEMBERSHIP`].
const RULE_GROUPS: &[&[Rule]] = &[
    &[names::check],
    &[addresses::check],
    &[fingerprints::check, fabrics::check],
    &[vms::check],
    &[references::check],
    &[boot::check, boot_servers::check, images::check],
    &[secrets::check],
    &[unsafe_values::check_all],
    &[power_programs::check, desired_state::check],
    &[pdus::check],
];
const BEFORE_MEMBERSHIP: usize = 8;

fn rules(inv: &Inventory, failed: &BTreeSet<Kind>) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let (membership, groups) = rayon::join(
        || {
            let mut cx = LintContext::new(inv, failed);
            let selector = Selector::new(inv);
            let m = membership::compute(inv, &selector);
            grouping::check(&mut cx, &m);
            tenant_commands::check(&mut cx, &m);
            let mut diags = m.diagnostics;
            if failed.contains(&Kind::Node) {
                // Members that are "not in the inventory" may only have failed to parse.
                diags.retain(|d| d.is_error() || d.rule != "group-members");
            }
            point_at_fields(&mut cx, &mut diags);
            (diags, cx.out)
        },
        || {
            RULE_GROUPS
                .par_iter()
                .map(|rules| {
                    let mut cx = LintContext::new(inv, failed);
                    for rule in rules.iter() {
                        rule(&mut cx);
                    }
                    cx.out
                })
                .collect::<Vec<_>>()
        },
    );
    let (mut diags, member_rules) = membership;
    let mut groups = groups.into_iter();
    diags.extend(groups.by_ref().take(BEFORE_MEMBERSHIP).flatten());
    diags.extend(member_rules);
    diags.extend(groups.flatten());
    diags
}

/// Membership errors name a group or tenant; point them at the field that is wrong
/// (`members:`, `selector:` or a tenant's `nodes:`).
fn point_at_fields(cx: &mut LintContext<'_>, diags: &mut [Diagnostic]) {
    let inv = cx.inv;
    for d in diags.iter_mut() {
        let Some((kind, name)) = d.record.as_deref().and_then(|r| r.split_once(' ')) else {
            continue;
        };
        let field = match (kind, d.message.split(':').next()) {
            ("group", Some(f @ ("members" | "selector"))) => f,
            ("group", _) => "members",
            ("tenant", _) => "nodes",
            _ => continue,
        };
        let origin = match kind {
            "group" => inv
                .groups
                .iter()
                .find(|g| g.name == name)
                .map(|g| g.origin.clone()),
            _ => inv
                .tenants
                .iter()
                .find(|t| t.name == name)
                .map(|t| t.origin.clone()),
        };
        if let Some(origin) = origin {
            d.line = Some(cx.line_of(&origin, Some(&format!("{field}:"))));
        }
    }
}

fn report(mut diags: Vec<Diagnostic>) -> Report {
    diagnostic::sort(&mut diags);
    Report {
        errors: diags.iter().filter(|d| d.is_error()).count(),
        warnings: diags.iter().filter(|d| !d.is_error()).count(),
        diagnostics: diags,
    }
}
