//! The one selection language used by every command: ClusterShell nodesets
//! (`nid[001-128]`, operators `,` `!` `&` `^`), `@group` references (`@*` or `@all` for
//! every node) and attribute selectors (`role=Compute`, `labels.rack=r7`), all combined by
//! the same operators.
//!
//! Attribute selectors given on the command line see a node's effective values: `profile`,
//! `labels.KEY` and `vars.KEY` as layered (cluster defaults < groups < node, as `inventory
//! show --resolved` shows them). `own.KEY` sees the node's own field over the cluster
//! defaults only. Inside the inventory (a group's `members` and `selector`, a tenant's
//! `nodes`) every selector sees own values: a group could otherwise select itself into
//! existence.

use super::membership::{self, Membership};
use super::model::{Defaults, Node};
use super::records::{index_by_name, Inventory};
use crate::hostlist::{HostlistError, NodeSet};
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;

/// Why an expression could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    /// Bad nodeset syntax.
    #[error("invalid selection `{expr}`: {source}")]
    Syntax {
        /// The expression.
        expr: String,
        /// What the parser said.
        #[source]
        source: HostlistError,
    },
    /// `@name` names no group.
    #[error("unknown group `@{0}` (list groups with `chami inventory list --kind group`)")]
    UnknownGroup(String),
    /// Groups that include each other.
    #[error("groups include each other in a cycle: {0}")]
    GroupCycle(String),
    /// `key=value` with an unknown key.
    #[error("unknown attribute `{0}` in a selector; use one of: {ATTRIBUTES}, labels.KEY, vars.KEY, hardware.KEY")]
    UnknownAttribute(String),
    /// An error inside a group's `members` or `selector`.
    #[error("{field}: {inner}")]
    Field {
        /// `members` or `selector`.
        field: &'static str,
        /// The error.
        inner: Box<SelectError>,
    },
    /// Plain names that are not nodes of the inventory.
    #[error("no such node in the inventory: {0}")]
    UnknownNodes(String),
}

/// Attribute keys a selector may use, besides `labels.*`, `vars.*` and `hardware.*`.
pub const ATTRIBUTES: &str = "name, xname, nid, role, subrole, arch, enabled, bmc, profile";

/// Evaluates selection expressions against one inventory. Group member sets are computed
/// once and remembered.
pub struct Selector<'a> {
    inv: &'a Inventory,
    node_index: HashMap<&'a str, usize>,
    group_index: HashMap<&'a str, usize>,
    explicit: Vec<NodeSet>,
    memo: RefCell<Vec<Option<NodeSet>>>,
    visiting: RefCell<Vec<usize>>,
    /// Above 0 while evaluating an expression of the inventory (own values only).
    own_depth: Cell<usize>,
    /// Group membership, computed when an effective value is first needed.
    membership: OnceCell<Membership>,
}

impl<'a> Selector<'a> {
    /// Prepares a selector over `inv`.
    pub fn new(inv: &'a Inventory) -> Selector<'a> {
        let node_index = index_by_name(&inv.nodes);
        let group_index = index_by_name(&inv.groups);
        let mut explicit = vec![NodeSet::new(); inv.groups.len()];
        for n in &inv.nodes {
            for g in &n.groups {
                if let Some(&gi) = group_index.get(g.as_str()) {
                    explicit[gi].insert(&n.name);
                }
            }
        }
        Selector {
            inv,
            node_index,
            group_index,
            explicit,
            memo: RefCell::new(vec![None; inv.groups.len()]),
            visiting: RefCell::new(Vec::new()),
            own_depth: Cell::new(0),
            membership: OnceCell::new(),
        }
    }

    /// Evaluates an expression written in the inventory (a tenant's `nodes`): attribute
    /// selectors see own values only (see the module documentation).
    pub fn eval_own(&self, expr: &str) -> Result<NodeSet, SelectError> {
        self.own_depth.set(self.own_depth.get() + 1);
        let result = self.eval(expr);
        self.own_depth.set(self.own_depth.get() - 1);
        result
    }

    /// Group membership, for effective values.
    fn membership(&self) -> &Membership {
        self.membership.get_or_init(|| {
            self.own_depth.set(self.own_depth.get() + 1);
            let m = membership::compute(self.inv, self);
            self.own_depth.set(self.own_depth.get() - 1);
            m
        })
    }

    /// The inventory.
    pub fn inventory(&self) -> &'a Inventory {
        self.inv
    }

    /// Index of the node called `name`.
    pub fn node_index(&self, name: &str) -> Option<usize> {
        self.node_index.get(name).copied()
    }

    /// Evaluates `expr` to a set of names (names need not be nodes of the inventory).
    pub fn eval(&self, expr: &str) -> Result<NodeSet, SelectError> {
        let mut failure: Option<SelectError> = None;
        let result = NodeSet::parse_with(expr, &mut |atom: &str| {
            self.atom(atom).map_err(|e| {
                let msg = e.to_string();
                failure = Some(e);
                HostlistError::Resolve(msg)
            })
        });
        match (result, failure) {
            (Ok(set), _) => Ok(set),
            (Err(_), Some(e)) => Err(e),
            (Err(source), None) => Err(SelectError::Syntax {
                expr: expr.to_string(),
                source,
            }),
        }
    }

    /// Evaluates `expr` and returns the indices of the selected nodes, in nodeset order.
    /// Names that are not nodes of the inventory are an error.
    pub fn select(&self, expr: &str) -> Result<Vec<usize>, SelectError> {
        let set = self.eval(expr)?;
        let mut out = Vec::with_capacity(set.len());
        let mut unknown = Vec::new();
        for name in set.iter() {
            match self.node_index.get(name.as_str()) {
                Some(&i) => out.push(i),
                None => unknown.push(name),
            }
        }
        if unknown.is_empty() {
            Ok(out)
        } else {
            Err(SelectError::UnknownNodes(crate::hostlist::fold(&unknown)))
        }
    }

    /// Every node, in nodeset order.
    pub fn all(&self) -> Vec<usize> {
        self.all_names()
            .iter()
            .filter_map(|n| self.node_index.get(n.as_str()).copied())
            .collect()
    }

    fn all_names(&self) -> NodeSet {
        self.inv.nodes.iter().map(|n| n.name.as_str()).collect()
    }

    /// The members of group `gi`: nodes listing it, plus its `members` and `selector`.
    pub fn group_members(&self, gi: usize) -> Result<NodeSet, SelectError> {
        if let Some(set) = &self.memo.borrow()[gi] {
            return Ok(set.clone());
        }
        if self.visiting.borrow().contains(&gi) {
            let mut chain: Vec<&str> = self
                .visiting
                .borrow()
                .iter()
                .map(|&i| self.inv.groups[i].name.as_str())
                .collect();
            chain.push(&self.inv.groups[gi].name);
            return Err(SelectError::GroupCycle(chain.join(" -> @")));
        }
        self.visiting.borrow_mut().push(gi);
        let group = &self.inv.groups[gi];
        let mut set = self.explicit[gi].clone();
        let result = (|| {
            for (field, expr) in [("members", &group.members), ("selector", &group.selector)] {
                if let Some(expr) = expr {
                    let found = self.eval_own(expr).map_err(|e| match e {
                        // A cycle is about the whole chain, not this one field.
                        SelectError::GroupCycle(_) | SelectError::Field { .. } => e,
                        other => SelectError::Field {
                            field,
                            inner: Box::new(other),
                        },
                    })?;
                    set.update(&found);
                }
            }
            Ok(())
        })();
        self.visiting.borrow_mut().pop();
        result?;
        self.memo.borrow_mut()[gi] = Some(set.clone());
        Ok(set)
    }

    fn atom(&self, atom: &str) -> Result<NodeSet, SelectError> {
        if let Some(name) = atom.strip_prefix('@') {
            if name == "*" || name == "all" {
                return Ok(self.all_names());
            }
            let gi = *self
                .group_index
                .get(name)
                .ok_or_else(|| SelectError::UnknownGroup(name.to_string()))?;
            // A group may name nodes that do not exist (yet): `@group` means its members
            // that are in the inventory (lint warns about the others).
            let members = self.group_members(gi)?;
            return Ok(members
                .iter()
                .filter(|n| self.node_index.contains_key(n.as_str()))
                .collect());
        }
        let (key, want) = atom.split_once('=').unwrap_or((atom, ""));
        let defaults = &self.inv.cluster.defaults;
        let own_key = key.strip_prefix("own.");
        let layered = own_key.is_none() && self.own_depth.get() == 0 && is_layered(key);
        let key = own_key.unwrap_or(key);
        let mut set = NodeSet::new();
        for (ni, n) in self.inv.nodes.iter().enumerate() {
            let value = if layered {
                effective(self.inv, &self.membership().groups_of[ni], ni, key)
            } else {
                attribute(n, defaults, key)?
            };
            if matches(value.as_deref(), want) {
                set.insert(&n.name);
            }
        }
        Ok(set)
    }
}

/// Whether groups can give attribute `key` a value.
fn is_layered(key: &str) -> bool {
    key == "profile" || key.starts_with("labels.") || key.starts_with("vars.")
}

/// The effective value of a layered attribute (see [`is_layered`]) of node `ni`, whose
/// groups in layering order are `groups`: the node's own, else the last group's that sets
/// it, else the cluster default's.
fn effective(inv: &Inventory, groups: &[usize], ni: usize, key: &str) -> Option<String> {
    let n = &inv.nodes[ni];
    let d = &inv.cluster.defaults;
    let from_groups = |f: &dyn Fn(&super::model::Group) -> Option<String>| {
        groups.iter().rev().find_map(|&gi| f(&inv.groups[gi]))
    };
    if key == "profile" {
        return n
            .boot
            .profile
            .clone()
            .or_else(|| from_groups(&|g| g.boot.profile.clone()))
            .or_else(|| d.boot.profile.clone());
    }
    if let Some(k) = key.strip_prefix("labels.") {
        return n
            .labels
            .get(k)
            .cloned()
            .or_else(|| from_groups(&|g| g.labels.get(k).cloned()))
            .or_else(|| d.labels.get(k).cloned());
    }
    let k = key.strip_prefix("vars.")?;
    n.vars
        .get(k)
        .map(scalar_text)
        .or_else(|| from_groups(&|g| g.vars.get(k).map(scalar_text)))
        .or_else(|| d.vars.get(k).map(scalar_text))
}

/// The value of attribute `key` of a node (its own value over the cluster default), as
/// text; `None` when unset.
pub fn attribute(n: &Node, d: &Defaults, key: &str) -> Result<Option<String>, SelectError> {
    if key.is_empty() || key.ends_with('!') {
        return Err(SelectError::UnknownAttribute(format!(
            "{key}` (there is no `!=`: write `@all!{}=VALUE`",
            key.trim_end_matches('!')
        )));
    }
    let or = |own: &Option<String>, def: &Option<String>| own.clone().or_else(|| def.clone());
    Ok(match key {
        "name" => Some(n.name.clone()),
        "xname" => n.xname.clone(),
        "nid" => n.nid.map(|v| v.to_string()),
        "role" => or(&n.role, &d.role),
        "subrole" => or(&n.subrole, &d.subrole),
        "arch" => or(&n.arch, &d.arch),
        "enabled" => Some(n.is_enabled().to_string()),
        "bmc" => n.bmc.clone(),
        "profile" => or(&n.boot.profile, &d.boot.profile),
        _ => {
            if let Some(k) = key.strip_prefix("labels.") {
                n.labels.get(k).or_else(|| d.labels.get(k)).cloned()
            } else if let Some(k) = key.strip_prefix("vars.") {
                n.vars.get(k).or_else(|| d.vars.get(k)).map(scalar_text)
            } else if let Some(k) = key.strip_prefix("hardware.") {
                let hw = serde_json::to_value(&n.hardware).unwrap_or_default();
                hw.get(k).map(scalar_text)
            } else {
                return Err(SelectError::UnknownAttribute(key.to_string()));
            }
        }
    })
}

/// Whether an attribute value matches the wanted text: numbers compare as numbers
/// (`nid=01` matches NID 1), everything else exactly.
fn matches(value: Option<&str>, want: &str) -> bool {
    match value {
        None => false,
        Some(v) if v == want => true,
        Some(v) => matches!((v.parse::<f64>(), want.parse::<f64>()), (Ok(a), Ok(b)) if a == b),
    }
}

/// A JSON value as selector text: strings bare, everything else as JSON.
pub fn scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::test_support::inventory_of;

    /// n1 gets `accel=h100` and profile `gpu` from group `gpu`; n2 has its own label.
    fn inv() -> Inventory {
        inventory_of(
            "name: t\nformat: 1\ndefaults: {labels: {rack: r0}, boot: {profile: dl}}\n",
            &[
                "name: n1\n",
                "name: n2\nlabels: {accel: h100}\n",
                "name: n3\nlabels: {rack: r9}\n",
            ],
            &[],
            &[
                "name: gpu\nmembers: n1\nlabels: {accel: h100}\nvars: {gpus: 8}\nboot: {profile: gpu}\n",
                "name: by-label\nselector: labels.accel=h100\n",
            ],
        )
    }

    fn names(s: &Selector<'_>, expr: &str) -> String {
        s.eval(expr).unwrap().fold()
    }

    #[test]
    fn the_command_line_sees_layered_values_and_own_dot_the_nodes_own() {
        let inv = inv();
        let s = Selector::new(&inv);
        assert_eq!(names(&s, "labels.accel=h100"), "n[1-2]");
        assert_eq!(names(&s, "own.labels.accel=h100"), "n2");
        assert_eq!(names(&s, "profile=gpu"), "n1");
        assert_eq!(
            names(&s, "profile=dl"),
            "n[2-3]",
            "the default, under the group"
        );
        assert_eq!(names(&s, "own.profile=dl"), "n[1-3]");
        assert_eq!(names(&s, "vars.gpus=8"), "n1");
        assert_eq!(names(&s, "labels.rack=r0"), "n[1-2]");
        assert_eq!(names(&s, "own.role=x"), "");
        assert!(s.eval("own.nosuch=1").is_err());
    }

    #[test]
    fn group_selectors_see_own_values_only() {
        let inv = inv();
        let s = Selector::new(&inv);
        // `by-label` selects on accel: n2 has it as its own, n1 only through `gpu`.
        assert_eq!(names(&s, "@by-label"), "n2");
        let s = Selector::new(&inv);
        assert_eq!(names(&s, "@by-label&labels.accel=h100"), "n2");
    }
}
