//! Names and identities: valid names, and no two records sharing a name, xname or NID.

use super::context::LintContext;
use crate::inventory::records::{Record, RecordType};
use crate::xname::Xname;
use foldhash::{HashMap, HashMapExt};

/// Whether `name` is a valid host name label (RFC 1123): letters, digits and `-`, at most
/// 63 characters, not starting or ending with `-`.
pub fn is_host_name(name: &str) -> bool {
    crate::escape::is_dns_label(name)
}

/// Whether `name` is a valid group or tenant name: letters, digits, `_`, `-` and `.`, so it
/// can stand after `@` in a selection.
pub fn is_group_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && name != "all"
}

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    check_names(
        cx,
        &inv.nodes,
        is_host_name,
        "a host name: letters, digits and '-', at most 63 characters",
    );
    check_names(
        cx,
        &inv.bmcs,
        is_host_name,
        "a host name: letters, digits and '-', at most 63 characters",
    );
    check_names(
        cx,
        &inv.pdus,
        is_host_name,
        "a host name: letters, digits and '-', at most 63 characters",
    );
    check_names(
        cx,
        &inv.groups,
        is_group_name,
        "letters, digits, '_', '-' and '.', not starting with '.' (and not `all`)",
    );
    check_names(
        cx,
        &inv.tenants,
        is_group_name,
        "letters, digits, '_', '-' and '.'",
    );
    check_names(
        cx,
        &inv.images,
        is_group_name,
        "letters, digits, '_', '-' and '.' (rename the file under images/)",
    );

    // A node and a BMC with the same name would clash in DNS and /etc/hosts.
    let node_names: HashMap<&str, usize> = inv
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    for b in &inv.bmcs {
        if let Some(&ni) = node_names.get(b.name.as_str()) {
            let other = cx.place(&inv.nodes[ni], None);
            cx.error(
                "duplicate-name",
                b,
                None,
                format!("name `{}` is also used by {other}", b.name),
                "nodes and BMCs share one namespace (DNS, /etc/hosts): rename one",
            );
        }
    }
    super::published_names::check(cx, &node_names);
    check_xnames(cx);
    check_nids(cx);
}

fn check_names<T: RecordType>(
    cx: &mut LintContext<'_>,
    recs: &[Record<T>],
    valid: fn(&str) -> bool,
    rule_text: &str,
) {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        let name = r.name();
        if !valid(name) {
            cx.error(
                "invalid-name",
                r,
                Some("name:"),
                format!("`{name}` is not a valid {} name", T::KIND),
                &format!("use {rule_text}"),
            );
        }
        if let Some(&first) = seen.get(name) {
            let other = cx.place(&recs[first], Some("name:"));
            cx.error(
                "duplicate-name",
                r,
                Some("name:"),
                format!("name `{name}` is also used by {other}"),
                &format!("every {} needs its own name", T::KIND),
            );
        } else {
            seen.insert(name, i);
        }
    }
}

fn check_xnames(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    // (normalized xname) -> first holder, as (is_node, index)
    let mut seen: HashMap<String, (bool, usize)> = HashMap::new();
    let node_x = inv
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| Some((true, i, n.xname.as_deref()?)));
    let bmc_x = inv
        .bmcs
        .iter()
        .enumerate()
        .filter_map(|(i, b)| Some((false, i, b.xname.as_deref()?)));
    for (is_node, i, text) in node_x.chain(bmc_x).collect::<Vec<_>>() {
        let parsed = match Xname::parse(text) {
            Ok(x) => x,
            Err(e) => {
                let msg = e.to_string();
                if is_node {
                    cx.error(
                        "invalid-xname",
                        &inv.nodes[i],
                        Some(text),
                        msg,
                        "fix the xname or remove it",
                    );
                } else {
                    cx.error(
                        "invalid-xname",
                        &inv.bmcs[i],
                        Some(text),
                        msg,
                        "fix the xname or remove it",
                    );
                }
                continue;
            }
        };
        let kind = parsed.kind().to_string();
        if is_node && kind != "Node" {
            cx.error(
                "invalid-xname",
                &inv.nodes[i],
                Some(text),
                format!("xname `{text}` is a {kind}, not a Node"),
                "a node's xname ends in n<N>, like x1000c0s0b0n0",
            );
        }
        if !is_node && !is_controller(&kind) {
            cx.error(
                "invalid-xname",
                &inv.bmcs[i],
                Some(text),
                format!("xname `{text}` is a {kind}, not a BMC or controller"),
                "a node BMC's xname ends in b<N>, like x1000c0s0b0",
            );
        }
        let key = parsed.to_string();
        match seen.get(&key) {
            Some(&(first_is_node, first)) => {
                let other = if first_is_node {
                    cx.place(&inv.nodes[first], Some("xname:"))
                } else {
                    cx.place(&inv.bmcs[first], Some("xname:"))
                };
                let msg = format!("xname `{key}` is also used by {other}");
                let help = "every component has its own xname";
                if is_node {
                    cx.error("duplicate-xname", &inv.nodes[i], Some(text), msg, help);
                } else {
                    cx.error("duplicate-xname", &inv.bmcs[i], Some(text), msg, help);
                }
            }
            None => {
                seen.insert(key, (is_node, i));
            }
        }
    }
}

fn is_controller(kind: &str) -> bool {
    kind.ends_with("BMC") || kind.contains("Controller") || kind.contains("Switch")
}

fn check_nids(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for (i, n) in inv.nodes.iter().enumerate() {
        let Some(nid) = n.nid else { continue };
        if let Some(&first) = seen.get(&nid) {
            let other = cx.place(&inv.nodes[first], Some("nid:"));
            cx.error(
                "duplicate-nid",
                n,
                Some("nid:"),
                format!("NID {nid} is also used by {other}"),
                "every node needs its own NID",
            );
        } else {
            seen.insert(nid, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        for ok in ["nid0001", "login-1", "a", "X1000C0S0B0N0"] {
            assert!(is_host_name(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a_b", "a.b", &"x".repeat(64)] {
            assert!(!is_host_name(bad), "{bad}");
        }
    }

    #[test]
    fn group_names() {
        assert!(is_group_name("compute_gpu-a.1"));
        assert!(!is_group_name("a,b"));
        assert!(!is_group_name("all"));
    }
}
