//! The one selection language used by every command: ClusterShell nodesets
//! (`nid[001-128]`, operators `,` `!` `&` `^`), `@group` references (`@*` or `@all` for
//! every node) and attribute selectors (`role=Compute`, `labels.rack=r7`), all combined by
//! the same operators.
//!
//! Attribute selectors see a node's own fields over the cluster defaults, never values
//! that come from groups (a group could otherwise select itself into existence).

use super::model::{Defaults, Node};
use super::records::{index_by_name, Inventory};
use crate::hostlist::{HostlistError, NodeSet};
use std::cell::RefCell;
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
        }
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
                    let found = self.eval(expr).map_err(|e| match e {
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
        let mut set = NodeSet::new();
        for n in &self.inv.nodes {
            if matches(attribute(n, defaults, key)?.as_deref(), want) {
                set.insert(&n.name);
            }
        }
        Ok(set)
    }
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
