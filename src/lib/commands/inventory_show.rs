//! `chami inventory show NAME [--resolved]`.

use super::loading::with_readable;
use crate::console::{render_table, table, write_json, write_stdout, write_yaml};
use crate::exit::ExitStatus;
use crate::inventory::{Inventory, ResolvedNode, Resolver, Sourced};
use crate::settings::ShowFormat;
use crate::settings::{GlobalSettings, KindSel, ShowSettings};
use anyhow::bail;

/// Runs `show`.
pub fn run(s: ShowSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    with_readable(global, |inv| show(&inv, &s))
}

fn show(inv: &Inventory, s: &ShowSettings) -> anyhow::Result<ExitStatus> {
    if s.resolved {
        if !matches!(s.kind, None | Some(KindSel::Node)) {
            bail!("--resolved applies to nodes only");
        }
        let name = s.name.as_deref().unwrap_or_default();
        let Some(ni) = inv.nodes.iter().position(|n| n.name == name) else {
            bail!("no node named `{name}` in the inventory");
        };
        let resolved = Resolver::new(inv).node(ni);
        return match s.format {
            ShowFormat::Json => write_json(&resolved)
                .map(|_| ExitStatus::Success)
                .map_err(Into::into),
            ShowFormat::Yaml => write_yaml(&resolved)
                .map(|_| ExitStatus::Success)
                .map_err(Into::into),
            ShowFormat::Text => {
                write_stdout(&resolved_table(&resolved))?;
                Ok(ExitStatus::Success)
            }
        };
    }
    let value = match (s.kind, s.name.as_deref()) {
        (Some(KindSel::Cluster), _) => serde_json::to_value(&inv.cluster)?,
        (_, Some(name)) => find(inv, name, s.kind)?,
        (_, None) => bail!("name the record to show: chami inventory show [--kind KIND] NAME"),
    };
    match s.format {
        ShowFormat::Json => write_json(&value)?,
        ShowFormat::Text | ShowFormat::Yaml => write_yaml(&value)?,
    }
    Ok(ExitStatus::Success)
}

fn find(inv: &Inventory, name: &str, kind: Option<KindSel>) -> anyhow::Result<serde_json::Value> {
    let want = |k: KindSel| kind.is_none() || kind == Some(k);
    let to = |v: &dyn erased::Ser| v.json();
    if want(KindSel::Node) {
        if let Some(r) = inv.nodes.iter().find(|r| r.name == name) {
            return to(&r.value);
        }
    }
    if want(KindSel::Bmc) {
        if let Some(r) = inv.bmcs.iter().find(|r| r.name == name) {
            return to(&r.value);
        }
    }
    if want(KindSel::Group) {
        if let Some(r) = inv.groups.iter().find(|r| r.name == name) {
            return to(&r.value);
        }
    }
    if want(KindSel::Tenant) {
        if let Some(r) = inv.tenants.iter().find(|r| r.name == name) {
            return to(&r.value);
        }
    }
    if want(KindSel::Pdu) {
        if let Some(r) = inv.pdus.iter().find(|r| r.name == name) {
            return to(&r.value);
        }
    }
    if want(KindSel::Network) {
        if let Some(r) = inv.cluster.networks.iter().find(|r| r.name == name) {
            return to(r);
        }
    }
    if want(KindSel::Profile) {
        if let Some(r) = inv.cluster.boot_profiles.iter().find(|r| r.name == name) {
            return to(r);
        }
    }
    if want(KindSel::Image) {
        if let Some(r) = inv.images.iter().find(|r| r.name == name) {
            // A recipe's name is its file's, not a field: shown first all the same.
            let mut shown = serde_json::Map::new();
            shown.insert("name".into(), name.into());
            if let serde_json::Value::Object(fields) = to(&r.value)? {
                shown.extend(fields);
            }
            return Ok(shown.into());
        }
    }
    bail!("no record named `{name}` in the inventory (try `chami inventory list --kind …`)")
}

mod erased {
    //! Serializing records of different types through one signature.
    pub trait Ser {
        fn json(&self) -> anyhow::Result<serde_json::Value>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> anyhow::Result<serde_json::Value> {
            Ok(serde_json::to_value(self)?)
        }
    }
}

fn cell<T: std::fmt::Display>(v: &Option<Sourced<T>>) -> (String, String) {
    match v {
        Some(s) => (s.value.to_string(), s.source.to_string()),
        None => ("-".into(), "-".into()),
    }
}

fn resolved_table(r: &ResolvedNode) -> String {
    let mut t = table(&["FIELD", "VALUE", "FROM"]);
    let mut row = |f: &str, (v, s): (String, String)| {
        t.add_row(vec![f.to_string(), v, s]);
    };
    row("name", (r.name.clone(), "node".into()));
    row("role", cell(&r.role));
    row("subrole", cell(&r.subrole));
    row("arch", cell(&r.arch));
    row(
        "enabled",
        (r.enabled.value.to_string(), r.enabled.source.to_string()),
    );
    row(
        "groups",
        (
            if r.groups.is_empty() {
                "-".into()
            } else {
                r.groups.join(",")
            },
            "membership".into(),
        ),
    );
    row("tenant", cell(&r.tenant));
    row("boot.profile", cell(&r.boot_profile));
    row("boot.kernel", cell(&r.kernel));
    row("boot.initrd", cell(&r.initrd));
    row("boot.rootfs", cell(&r.rootfs));
    row("boot.params", cell(&r.params));
    for (k, v) in &r.labels {
        row(
            &format!("labels.{k}"),
            (v.value.clone(), v.source.to_string()),
        );
    }
    for (k, v) in &r.vars {
        row(
            &format!("vars.{k}"),
            (
                crate::inventory::select::scalar_text(&v.value),
                v.source.to_string(),
            ),
        );
    }
    for (k, v) in &r.bios {
        row(
            &format!("bios.{k}"),
            (
                crate::inventory::select::scalar_text(&v.value),
                v.source.to_string(),
            ),
        );
    }
    for (k, v) in &r.firmware {
        let image = v.value.image.as_deref().map(|i| format!(" ({i})"));
        row(
            &format!("firmware.{k}"),
            (
                format!("{}{}", v.value.version, image.unwrap_or_default()),
                v.source.to_string(),
            ),
        );
    }
    render_table(&mut t)
}
