//! `chami inventory list`: records as a table, JSON, YAML, names or a folded nodeset.

use super::loading::with_readable;
use crate::console::{render_table, table, write_json, write_stdout, write_yaml};
use crate::exit::ExitStatus;
use crate::hostlist::{self, NodeSet};
use crate::inventory::{Inventory, Resolver, Selector};
use crate::settings::ListFormat;
use crate::settings::{GlobalSettings, KindSel, ListSettings};
use serde::Serialize;

/// Runs the listing.
pub fn run(s: ListSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    with_readable(global, |inv| list(&inv, &s))
}

fn list(inv: &Inventory, s: &ListSettings) -> anyhow::Result<ExitStatus> {
    match s.kind {
        KindSel::Node => list_nodes(inv, s),
        KindSel::Bmc => {
            let rows = named(&inv.bmcs, |b| &b.name, s.select.as_deref())?;
            emit(
                &s.format,
                &rows,
                |b| b.name.clone(),
                &["NAME", "KIND", "IP", "MAC", "XNAME", "NETWORK"],
                |b| {
                    vec![
                        b.name.clone(),
                        format!("{:?}", b.kind).to_lowercase(),
                        opt(&b.ip),
                        opt(&b.mac),
                        opt(&b.xname),
                        opt(&b.network),
                    ]
                },
            )
        }
        KindSel::Group => {
            let resolver = Resolver::new(inv);
            let rows = named(&inv.groups, |g| &g.name, s.select.as_deref())?;
            emit(
                &s.format,
                &rows,
                |g| g.name.clone(),
                &[
                    "NAME",
                    "MEMBERS",
                    "NODES",
                    "PRIORITY",
                    "EXCLUSIVE",
                    "TENANT",
                ],
                |g| {
                    let gi = inv
                        .groups
                        .iter()
                        .position(|x| x.name == g.name)
                        .unwrap_or(0);
                    let members = &resolver.membership().members_of[gi];
                    let names: NodeSet = members
                        .iter()
                        .map(|&ni| inv.nodes[ni].name.as_str())
                        .collect();
                    vec![
                        g.name.clone(),
                        members.len().to_string(),
                        names.fold(),
                        g.priority.to_string(),
                        opt(&g.exclusive),
                        opt(&g.tenant),
                    ]
                },
            )
        }
        KindSel::Tenant => {
            let rows = named(&inv.tenants, |t| &t.name, s.select.as_deref())?;
            emit(
                &s.format,
                &rows,
                |t| t.name.clone(),
                &["NAME", "OWNERS", "GROUPS", "NODES"],
                |t| {
                    vec![
                        t.name.clone(),
                        t.owners.join(","),
                        t.groups.join(","),
                        opt(&t.nodes),
                    ]
                },
            )
        }
        KindSel::Network => {
            let rows = named(&inv.cluster.networks, |n| &n.name, s.select.as_deref())?;
            emit(
                &s.format,
                &rows,
                |n| n.name.clone(),
                &["NAME", "CIDR", "GATEWAY", "VLAN", "MTU", "FABRIC", "DHCP"],
                |n| {
                    vec![
                        n.name.clone(),
                        n.cidr.to_string(),
                        opt(&n.gateway),
                        opt(&n.vlan),
                        opt(&n.mtu),
                        format!("{:?}", n.fabric).to_lowercase(),
                        n.dhcp.to_string(),
                    ]
                },
            )
        }
        KindSel::Image => {
            let rows = named(&inv.images, |i| &i.name, s.select.as_deref())?;
            emit(
                &s.format,
                &rows,
                |i| i.name.clone(),
                &["NAME", "BASE", "PARENT", "PACKAGES", "KERNEL"],
                |i| {
                    vec![
                        i.name.clone(),
                        opt(&i.base),
                        opt(&i.parent),
                        i.packages.len().to_string(),
                        opt(&i.kernel),
                    ]
                },
            )
        }
        KindSel::Pdu => {
            let rows = named(&inv.pdus, |p| &p.name, s.select.as_deref())?;
            emit(
                &s.format,
                &rows,
                |p| p.name.clone(),
                &["NAME", "ADDRESS", "OUTLETS", "NODES"],
                |p| {
                    let address = p.ip.map(|i| i.to_string()).or_else(|| p.fqdn.clone());
                    let nodes: NodeSet = p.outlets.values().flatten().map(String::as_str).collect();
                    vec![
                        p.name.clone(),
                        opt(&address),
                        p.outlets.len().to_string(),
                        nodes.fold(),
                    ]
                },
            )
        }
        KindSel::Cluster => {
            anyhow::bail!(
                "there is one cluster: `chami inventory show --kind cluster` prints its settings"
            )
        }
        KindSel::Profile => {
            let rows = named(&inv.cluster.boot_profiles, |p| &p.name, s.select.as_deref())?;
            emit(
                &s.format,
                &rows,
                |p| p.name.clone(),
                &["NAME", "KIND", "KERNEL", "INITRD", "ROOTFS"],
                |p| {
                    vec![
                        p.name.clone(),
                        format!("{:?}", p.kind).to_lowercase(),
                        opt(&p.kernel),
                        opt(&p.initrd),
                        opt(&p.rootfs),
                    ]
                },
            )
        }
    }
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "-".into())
}

/// Records whose names match a plain nodeset (or all), in nodeset order.
fn named<'a, T>(
    recs: &'a [T],
    name: impl Fn(&T) -> &String,
    select: Option<&str>,
) -> anyhow::Result<Vec<&'a T>> {
    let filter = select.map(NodeSet::parse).transpose()?;
    let mut rows: Vec<&T> = recs
        .iter()
        .filter(|r| filter.as_ref().is_none_or(|f| f.contains(name(r))))
        .collect();
    let order: Vec<String> = rows
        .iter()
        .map(|r| name(r).clone())
        .collect::<NodeSet>()
        .to_vec();
    let pos: std::collections::HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    rows.sort_by_key(|r| pos.get(name(r).as_str()).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

fn emit<T: Serialize>(
    format: &ListFormat,
    rows: &[&T],
    name: impl Fn(&T) -> String,
    header: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
) -> anyhow::Result<ExitStatus> {
    match format {
        ListFormat::Json => write_json(rows)?,
        ListFormat::Yaml => write_yaml(rows)?,
        ListFormat::Names => {
            let mut out = String::new();
            for r in rows {
                out.push_str(&name(r));
                out.push('\n');
            }
            write_stdout(&out)?;
        }
        ListFormat::Hostlist => write_stdout(&format!(
            "{}\n",
            hostlist::fold(rows.iter().map(|r| name(r)))
        ))?,
        ListFormat::Table => {
            let mut t = table(header);
            for r in rows {
                t.add_row(cells(r));
            }
            write_stdout(&render_table(&mut t))?;
        }
    }
    Ok(ExitStatus::Success)
}

fn list_nodes(inv: &Inventory, s: &ListSettings) -> anyhow::Result<ExitStatus> {
    let selector = Selector::new(inv);
    let idx = match &s.select {
        Some(expr) => selector.select(expr)?,
        None => selector.all(),
    };
    let rows: Vec<&crate::inventory::model::Node> =
        idx.iter().map(|&i| &inv.nodes[i].value).collect();
    let resolver = (s.format == ListFormat::Table).then(|| Resolver::new(inv));
    let groups_of = |name: &str| -> String {
        let Some(r) = &resolver else {
            return String::new();
        };
        let Some(ni) = selector.node_index(name) else {
            return String::new();
        };
        let g: Vec<&str> = r.membership().groups_of[ni]
            .iter()
            .map(|&gi| inv.groups[gi].name.as_str())
            .collect();
        if g.is_empty() {
            "-".into()
        } else {
            g.join(",")
        }
    };
    let d = &inv.cluster.defaults;
    emit(
        &s.format,
        &rows,
        |n| n.name.clone(),
        &["NAME", "XNAME", "NID", "ROLE", "GROUPS", "IP", "MAC", "BMC"],
        |n| {
            let boot = n.boot_interfaces().next().or(n.interfaces.first());
            vec![
                n.name.clone(),
                opt(&n.xname),
                opt(&n.nid),
                opt(&n.role.clone().or_else(|| d.role.clone())),
                groups_of(&n.name),
                opt(&boot.and_then(|i| i.ip)),
                opt(&boot.and_then(|i| i.mac)),
                opt(&n.bmc),
            ]
        },
    )
}
