//! `inventory add|set|rm --kind K` for every kind but nodes: where each kind's records live
//! (their own files, or lists in cluster.yaml), and the add, set and rm steps written once
//! over them with the generic edit of [`crate::inventory::record_edit`].

use crate::hostlist::NodeSet;
use crate::inventory::edit::Edit;
use crate::inventory::insert_new;
use crate::inventory::model::{Bmc, BootProfile, Group, Image, Network, Pdu, Tenant};
use crate::inventory::record_edit;
use crate::inventory::save::Changes;
use crate::inventory::users::{self, Users};
use crate::inventory::Inventory;
use crate::settings::KindSel;
use anyhow::{bail, Context};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashSet};

/// A kind of record that the generic edit handles.
pub(super) trait Editable: Serialize + DeserializeOwned + Clone + PartialEq {
    /// Its kind.
    const KIND: KindSel;
    /// Every record's name, in inventory order.
    fn names(inv: &Inventory) -> Vec<&str>;
    /// The record named `name`.
    fn get_mut<'a>(inv: &'a mut Inventory, name: &str) -> Option<&'a mut Self>;
    /// Adds new records and plans their files.
    fn insert(inv: &mut Inventory, new: Vec<Self>, changes: &mut Changes) -> anyhow::Result<()>;
    /// Removes the records named `names`, plans their files; returns how many went.
    fn remove(
        inv: &mut Inventory,
        names: &HashSet<String>,
        changes: &mut Changes,
    ) -> anyhow::Result<usize>;
    /// Plans the files of the records named `names`.
    fn plan(inv: &Inventory, names: &BTreeSet<String>, changes: &mut Changes)
        -> anyhow::Result<()>;
    /// The records that name this one.
    fn users(inv: &Inventory, name: &str) -> Users;
    /// The value a new record named `name` starts from, before its KEY=VALUE.
    fn start(name: &str) -> Value {
        json!({ "name": name })
    }
    /// Short keys and what they stand for (`profile` for `boot.profile`, as on nodes).
    fn aliases() -> &'static [(&'static str, &'static str)] {
        &[]
    }
    /// Gives the record back its name after an edit (a recipe's name is its file's).
    fn named(self, _name: &str) -> Self {
        self
    }
}

macro_rules! file_record {
    ($t:ty, $kind:expr, $users:path $(, $extra:item)*) => {
        impl Editable for $t {
            const KIND: KindSel = $kind;
            fn names(inv: &Inventory) -> Vec<&str> {
                inv.records::<$t>().iter().map(|r| r.name.as_str()).collect()
            }
            fn get_mut<'a>(inv: &'a mut Inventory, name: &str) -> Option<&'a mut Self> {
                inv.records_mut::<$t>()
                    .iter_mut()
                    .find(|r| r.name == name)
                    .map(|r| &mut r.value)
            }
            fn insert(
                inv: &mut Inventory,
                new: Vec<Self>,
                changes: &mut Changes,
            ) -> anyhow::Result<()> {
                let (files, _) = insert_new(inv, new, None)?;
                changes.plan::<$t>(inv, &files)?;
                Ok(())
            }
            fn remove(
                inv: &mut Inventory,
                names: &HashSet<String>,
                changes: &mut Changes,
            ) -> anyhow::Result<usize> {
                super::inventory_rm::remove::<$t>(inv, names, changes)
            }
            fn plan(
                inv: &Inventory,
                names: &BTreeSet<String>,
                changes: &mut Changes,
            ) -> anyhow::Result<()> {
                let files = inv
                    .records::<$t>()
                    .iter()
                    .filter(|r| names.contains(&r.name))
                    .map(|r| r.origin.file.clone())
                    .collect();
                changes.plan::<$t>(inv, &files)?;
                Ok(())
            }
            fn users(inv: &Inventory, name: &str) -> Users {
                $users(inv, name)
            }
            $($extra)*
        }
    };
}

file_record!(Bmc, KindSel::Bmc, users::of_bmc);
file_record!(
    Group,
    KindSel::Group,
    users::of_group,
    fn aliases() -> &'static [(&'static str, &'static str)] {
        &[("profile", "boot.profile")]
    }
);
file_record!(Tenant, KindSel::Tenant, users::of_tenant);
file_record!(Pdu, KindSel::Pdu, users::of_pdu);
file_record!(
    Image,
    KindSel::Image,
    users::of_image,
    fn start(_name: &str) -> Value {
        json!({})
    },
    fn named(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }
);

macro_rules! cluster_list {
    ($t:ty, $kind:expr, $field:ident, $users:path) => {
        impl Editable for $t {
            const KIND: KindSel = $kind;
            fn names(inv: &Inventory) -> Vec<&str> {
                inv.cluster.$field.iter().map(|r| r.name.as_str()).collect()
            }
            fn get_mut<'a>(inv: &'a mut Inventory, name: &str) -> Option<&'a mut Self> {
                inv.cluster.$field.iter_mut().find(|r| r.name == name)
            }
            fn insert(
                inv: &mut Inventory,
                new: Vec<Self>,
                changes: &mut Changes,
            ) -> anyhow::Result<()> {
                inv.cluster.$field.extend(new);
                changes.plan_cluster(inv)?;
                Ok(())
            }
            fn remove(
                inv: &mut Inventory,
                names: &HashSet<String>,
                changes: &mut Changes,
            ) -> anyhow::Result<usize> {
                let before = inv.cluster.$field.len();
                inv.cluster.$field.retain(|r| !names.contains(&r.name));
                let removed = before - inv.cluster.$field.len();
                if removed > 0 {
                    changes.plan_cluster(inv)?;
                }
                Ok(removed)
            }
            fn plan(
                inv: &Inventory,
                _names: &BTreeSet<String>,
                changes: &mut Changes,
            ) -> anyhow::Result<()> {
                changes.plan_cluster(inv)?;
                Ok(())
            }
            fn users(inv: &Inventory, name: &str) -> Users {
                $users(inv, name)
            }
        }
    };
}

cluster_list!(Network, KindSel::Network, networks, users::of_network);
cluster_list!(
    BootProfile,
    KindSel::Profile,
    boot_profiles,
    users::of_profile
);

/// The first kind, nodes first, that has a record named `name`.
pub(super) fn kind_of(inv: &Inventory, name: &str) -> Option<KindSel> {
    let has = |names: Vec<&str>| names.contains(&name);
    if inv.nodes.iter().any(|n| n.name == name) {
        Some(KindSel::Node)
    } else if has(Bmc::names(inv)) {
        Some(KindSel::Bmc)
    } else if has(Group::names(inv)) {
        Some(KindSel::Group)
    } else if has(Tenant::names(inv)) {
        Some(KindSel::Tenant)
    } else if has(Network::names(inv)) {
        Some(KindSel::Network)
    } else if has(BootProfile::names(inv)) {
        Some(KindSel::Profile)
    } else if has(Image::names(inv)) {
        Some(KindSel::Image)
    } else if has(Pdu::names(inv)) {
        Some(KindSel::Pdu)
    } else {
        None
    }
}

/// Fails when `expr` names no node but a record of another kind: says which `--kind` to
/// pass to `command` (`set`, `rm`).
pub(super) fn refuse_other_kind(inv: &Inventory, expr: &str, command: &str) -> anyhow::Result<()> {
    let Ok(set) = NodeSet::parse(expr) else {
        return Ok(());
    };
    let names: Vec<String> = set.iter().collect();
    if names.is_empty() || names.iter().any(|n| inv.nodes.iter().any(|r| r.name == *n)) {
        return Ok(());
    }
    if let Some(kind) = kind_of(inv, &names[0]) {
        bail!(
            "`{}` is a {kind}, not a node: use `chami inventory {command} --kind {kind} {expr} …`",
            names[0]
        );
    }
    Ok(())
}

/// The names of `expr` (a nodeset), each one a record of kind `T`.
fn existing<T: Editable>(
    inv: &Inventory,
    expr: &str,
    command: &str,
) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = NodeSet::parse(expr)?.iter().collect();
    if names.is_empty() {
        bail!("`{expr}` names no {}", T::KIND);
    }
    let known = T::names(inv);
    for n in &names {
        if known.contains(&n.as_str()) {
            continue;
        }
        if let Some(other) = kind_of(inv, n) {
            bail!(
                "`{n}` is a {other}, not a {}: use `chami inventory {command} --kind {other} {n} …`",
                T::KIND
            );
        }
        bail!(
            "no {} named `{n}` in the inventory; there are: {} (create it with `chami inventory add --kind {} {n} KEY=VALUE…`)",
            T::KIND,
            if known.is_empty() { "none".to_string() } else { known.join(", ") },
            T::KIND
        );
    }
    Ok(names)
}

/// A record's name is its identity (and its file's name): it is not edited in place.
fn refuse_rename(edits: &[Edit], kind: KindSel) -> anyhow::Result<()> {
    if edits.iter().any(|e| e.key == "name") {
        bail!("name: a {kind}'s name cannot be changed by `set`; add a record with the new name and remove the old one");
    }
    Ok(())
}

/// Each edit for each of `count` records of kind `T` (`ip=10.1.0.11+` counts up), with
/// the kind's short keys spelled out.
fn per_record<T: Editable>(edits: &[Edit], count: usize) -> anyhow::Result<Vec<Vec<Edit>>> {
    let columns: Vec<Vec<Edit>> = edits
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if let Some((_, long)) = T::aliases().iter().find(|(short, _)| *short == e.key) {
                e.key = long.to_string();
            }
            e.for_each(count)
        })
        .collect::<Result<_, _>>()?;
    Ok((0..count)
        .map(|k| columns.iter().map(|c| c[k].clone()).collect())
        .collect())
}

/// `set --kind K EXPR KEY=VALUE…`: the changed inventory, its file changes and the count of
/// changed and named records.
pub(super) fn set<T: Editable>(
    inv: &Inventory,
    expr: &str,
    edits: &[Edit],
) -> anyhow::Result<(Inventory, Changes, usize, usize)> {
    refuse_rename(edits, T::KIND)?;
    let names = existing::<T>(inv, expr, "set")?;
    let per = per_record::<T>(edits, names.len())?;
    let mut after = inv.clone();
    let mut touched = BTreeSet::new();
    for (name, edits) in names.iter().zip(&per) {
        let rec = T::get_mut(&mut after, name).expect("checked above");
        let new = record_edit::apply(rec, edits)
            .with_context(|| format!("cannot change {} {name}", T::KIND))?
            .named(name);
        if new != *rec {
            *rec = new;
            touched.insert(name.clone());
        }
    }
    let mut changes = Changes::default();
    if !touched.is_empty() {
        T::plan(&after, &touched, &mut changes)?;
    }
    Ok((after, changes, touched.len(), names.len()))
}

/// `add --kind K EXPR KEY=VALUE…`: the inventory with the new records and their files.
pub(super) fn add<T: Editable>(
    inv: &Inventory,
    expr: &str,
    edits: &[Edit],
) -> anyhow::Result<(Inventory, Changes, usize)> {
    refuse_rename(edits, T::KIND)?;
    let names: Vec<String> = NodeSet::parse(expr)?.iter().collect();
    if names.is_empty() {
        bail!("`{expr}` names no {}", T::KIND);
    }
    let known = T::names(inv);
    let taken: Vec<&String> = names
        .iter()
        .filter(|n| known.contains(&n.as_str()))
        .collect();
    if !taken.is_empty() {
        bail!(
            "{} {} exists already; change it with `chami inventory set --kind {} {} KEY=VALUE…`",
            T::KIND,
            crate::hostlist::fold(&taken),
            T::KIND,
            crate::hostlist::fold(&taken)
        );
    }
    let per = per_record::<T>(edits, names.len())?;
    let new = names
        .iter()
        .zip(&per)
        .map(|(name, edits)| {
            record_edit::build::<T>(T::start(name), edits)
                .map(|r| r.named(name))
                .with_context(|| format!("cannot add {} {name}", T::KIND))
        })
        .collect::<anyhow::Result<Vec<T>>>()?;
    let mut after = inv.clone();
    let mut changes = Changes::default();
    T::insert(&mut after, new, &mut changes)?;
    Ok((after, changes, names.len()))
}

/// `rm --kind K EXPR`: refuses records that others still name (unless `force`).
pub(super) fn rm<T: Editable>(
    inv: &Inventory,
    expr: &str,
    force: bool,
    after: &mut Inventory,
    changes: &mut Changes,
) -> anyhow::Result<usize> {
    let names = existing::<T>(inv, expr, "rm")?;
    if !force {
        let used: Vec<String> = names
            .iter()
            .map(|n| (n, T::users(inv, n).without(T::KIND.label(), &names)))
            .filter(|(_, u)| !u.is_empty())
            .map(|(n, u)| format!("{} `{n}` is used by {}", T::KIND, u.describe()))
            .collect();
        if !used.is_empty() {
            bail!(
                "refusing to remove: {}; change those records first, or pass --force (their references then dangle, and lint reports them)",
                used.join("; ")
            );
        }
    }
    T::remove(after, &names.into_iter().collect(), changes)
}

/// `set --kind cluster KEY=VALUE…`: cluster.yaml's own settings.
pub(super) fn set_cluster(
    inv: &Inventory,
    edits: &[Edit],
) -> anyhow::Result<(Inventory, Changes, usize)> {
    let mut after = inv.clone();
    after.cluster = record_edit::apply(&inv.cluster, edits)
        .context("cannot change the cluster settings (cluster.yaml)")?;
    let mut changes = Changes::default();
    let changed = usize::from(after.cluster != inv.cluster);
    if changed > 0 {
        changes.plan_cluster(&after)?;
    }
    Ok((after, changes, changed))
}
