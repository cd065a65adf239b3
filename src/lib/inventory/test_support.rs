//! Inventories in memory for unit tests: cluster.yaml and records from YAML texts.

use super::model::Cluster;
use super::{Inventory, Origin, Record, RecordType};
use std::path::PathBuf;

fn records<T: RecordType>(dir: &str, texts: &[&str]) -> Vec<Record<T>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Record {
            value: crate::yaml::from_str::<T>(t)
                .unwrap_or_else(|e| panic!("{dir} record {i}: {e}")),
            origin: Origin::new_file(PathBuf::from(format!("{dir}/{i}.yaml"))),
        })
        .collect()
}

/// An inventory from a cluster.yaml text and node, BMC and group records (one YAML text
/// each, file `KIND/INDEX.yaml`).
pub fn inventory_of(cluster: &str, nodes: &[&str], bmcs: &[&str], groups: &[&str]) -> Inventory {
    let cluster: Cluster = crate::yaml::from_str(cluster).expect("cluster.yaml");
    Inventory {
        root: PathBuf::from("/nonexistent"),
        cluster,
        nodes: records("nodes", nodes),
        bmcs: records("bmcs", bmcs),
        groups: records("groups", groups),
        tenants: Vec::new(),
        pdus: Vec::new(),
        images: Vec::new(),
    }
}

/// [`inventory_of`] without groups.
pub fn inventory_from(cluster: &str, nodes: &[&str], bmcs: &[&str]) -> Inventory {
    inventory_of(cluster, nodes, bmcs, &[])
}
