//! Inventories in memory for the boot unit tests.

use crate::inventory::Inventory;

/// The cluster.yaml every test starts from: domain `t.local`, boot server
/// 10.0.0.1:8080; `extra` adds top-level keys.
pub fn cluster_yaml(extra: &str) -> String {
    format!(
        "format: 1\nname: t\ndomain: t.local\nboot_server: {{address: 10.0.0.1, http_port: 8080}}\n{extra}"
    )
}

/// An inventory from a whole cluster.yaml text, group and node records.
pub fn inventory_with(cluster: &str, groups: &[&str], nodes: &[&str]) -> Inventory {
    crate::inventory::test_support::inventory_of(cluster, nodes, &[], groups)
}

/// An inventory from [`cluster_yaml`]`(extra)`, group and node records.
pub fn inventory(extra: &str, groups: &[&str], nodes: &[&str]) -> Inventory {
    inventory_with(&cluster_yaml(extra), groups, nodes)
}
