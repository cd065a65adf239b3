//! Inventories in memory for the boot unit tests.

use crate::inventory::model::{Cluster, Group, Node};
use crate::inventory::{Inventory, Origin, Record};
use std::path::PathBuf;

/// The cluster.yaml every test starts from: domain `t.local`, boot server
/// 10.0.0.1:8080; `extra` adds top-level keys.
pub fn cluster_yaml(extra: &str) -> String {
    format!(
        "format: 1\nname: t\ndomain: t.local\nboot_server: {{address: 10.0.0.1, http_port: 8080}}\n{extra}"
    )
}

/// An inventory from a whole cluster.yaml text, group and node records.
pub fn inventory_with(cluster: &str, groups: &[&str], nodes: &[&str]) -> Inventory {
    let cluster: Cluster = crate::yaml::from_str(cluster).expect("cluster.yaml");
    let rec = |dir: &str, i: usize| Origin::new_file(PathBuf::from(format!("{dir}/{i}.yaml")));
    Inventory {
        root: PathBuf::from("/nonexistent"),
        cluster,
        nodes: nodes
            .iter()
            .enumerate()
            .map(|(i, t)| Record {
                value: crate::yaml::from_str::<Node>(t).expect("node"),
                origin: rec("nodes", i),
            })
            .collect(),
        bmcs: Vec::new(),
        groups: groups
            .iter()
            .enumerate()
            .map(|(i, t)| Record {
                value: crate::yaml::from_str::<Group>(t).expect("group"),
                origin: rec("groups", i),
            })
            .collect(),
        tenants: Vec::new(),
    }
}

/// An inventory from [`cluster_yaml`]`(extra)`, group and node records.
pub fn inventory(extra: &str, groups: &[&str], nodes: &[&str]) -> Inventory {
    inventory_with(&cluster_yaml(extra), groups, nodes)
}
