//! Tenants: who owns which nodes (delegation, CODEOWNERS).

use serde::{Deserialize, Serialize};

/// A tenant record (tenants/). It owns the nodes of its groups, the nodes named by
/// `nodes`, and the members of every group whose `tenant:` names it. A node has at most
/// one owner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    /// Unique name.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Owners: e-mail addresses or `@org/team` handles (used for CODEOWNERS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Groups it owns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Nodes it owns, as a nodeset expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<String>,
    /// InfiniBand partition key of the partition its nodes' ports form (OpenSM's
    /// partitions.conf, target `opensm-partitions`); unique across groups and tenants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkey: Option<super::Pkey>,
}
