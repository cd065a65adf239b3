//! The loaded inventory: cluster.yaml and every record, each with the file and line it
//! came from.

use super::model::{Bmc, Cluster, Group, Image, Node, Pdu, Tenant};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

/// Where a record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file, relative to the inventory root.
    pub file: PathBuf,
    /// Position of the record in its file (0 for a one-record file).
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: usize,
    /// Whether the file holds a list of records.
    pub in_list: bool,
}

impl Origin {
    /// An origin for a record that is about to be created in `file`.
    pub fn new_file(file: PathBuf) -> Origin {
        Origin {
            file,
            index: 0,
            line: 1,
            in_list: false,
        }
    }
}

/// A record and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<T> {
    /// The record itself.
    pub value: T,
    /// Its file and line.
    pub origin: Origin,
}

impl<T: Serialize> Serialize for Record<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T> Deref for Record<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Record<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// The kinds of record that live one folder each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// nodes/
    Node,
    /// bmcs/
    Bmc,
    /// groups/
    Group,
    /// tenants/
    Tenant,
    /// images/ (recipes)
    Image,
    /// pdus/
    Pdu,
}

impl Kind {
    /// Every kind, in load order.
    pub const ALL: [Kind; 6] = [
        Kind::Node,
        Kind::Bmc,
        Kind::Group,
        Kind::Tenant,
        Kind::Image,
        Kind::Pdu,
    ];

    /// The folder holding records of this kind.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Node => "nodes",
            Kind::Bmc => "bmcs",
            Kind::Group => "groups",
            Kind::Tenant => "tenants",
            Kind::Image => "images",
            Kind::Pdu => "pdus",
        }
    }

    /// The word used in messages ("node", "bmc" …).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Node => "node",
            Kind::Bmc => "bmc",
            Kind::Group => "group",
            Kind::Tenant => "tenant",
            Kind::Image => "image",
            Kind::Pdu => "pdu",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// What every record type has in common.
pub trait RecordType: Serialize + DeserializeOwned + Clone + Send + Sync {
    /// Its kind.
    const KIND: Kind;
    /// Its unique name.
    fn name(&self) -> &str;
    /// The record as written to its file: without what loading derived (a VM NIC's MAC).
    fn as_written(&self) -> std::borrow::Cow<'_, Self> {
        std::borrow::Cow::Borrowed(self)
    }
}

macro_rules! record_type {
    ($t:ty, $kind:expr) => {
        impl RecordType for $t {
            const KIND: Kind = $kind;
            fn name(&self) -> &str {
                &self.name
            }
        }
    };
}

impl RecordType for Node {
    const KIND: Kind = Kind::Node;
    fn name(&self) -> &str {
        &self.name
    }
    fn as_written(&self) -> std::borrow::Cow<'_, Self> {
        super::model::without_derived_macs(self)
    }
}
record_type!(Bmc, Kind::Bmc);
record_type!(Group, Kind::Group);
record_type!(Tenant, Kind::Tenant);
record_type!(Image, Kind::Image);
record_type!(Pdu, Kind::Pdu);

/// Position of each record by name (the first one, when names repeat).
pub fn index_by_name<T: RecordType>(recs: &[Record<T>]) -> std::collections::HashMap<&str, usize> {
    let mut index = std::collections::HashMap::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        index.entry(r.name()).or_insert(i);
    }
    index
}

/// The whole inventory in memory.
#[derive(Debug, Clone)]
pub struct Inventory {
    /// The inventory folder.
    pub root: PathBuf,
    /// cluster.yaml.
    pub cluster: Cluster,
    /// nodes/
    pub nodes: Vec<Record<Node>>,
    /// bmcs/
    pub bmcs: Vec<Record<Bmc>>,
    /// groups/
    pub groups: Vec<Record<Group>>,
    /// tenants/
    pub tenants: Vec<Record<Tenant>>,
    /// images/: image recipes, one per file.
    pub images: Vec<Record<Image>>,
    /// pdus/
    pub pdus: Vec<Record<Pdu>>,
}

/// Name of the file that marks an inventory folder.
pub const CLUSTER_FILE: &str = "cluster.yaml";

impl Inventory {
    /// Absolute path of a file named relative to the root.
    pub fn path(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    /// The records of kind `T`.
    pub fn records<T: InventoryRecords>(&self) -> &Vec<Record<T>> {
        T::of(self)
    }

    /// The records of kind `T`, mutable.
    pub fn records_mut<T: InventoryRecords>(&mut self) -> &mut Vec<Record<T>> {
        T::of_mut(self)
    }
}

/// Access to the list of one record type inside an [`Inventory`].
pub trait InventoryRecords: RecordType {
    /// The list.
    fn of(inv: &Inventory) -> &Vec<Record<Self>>;
    /// The list, mutable.
    fn of_mut(inv: &mut Inventory) -> &mut Vec<Record<Self>>;
}

macro_rules! inventory_records {
    ($t:ty, $field:ident) => {
        impl InventoryRecords for $t {
            fn of(inv: &Inventory) -> &Vec<Record<Self>> {
                &inv.$field
            }
            fn of_mut(inv: &mut Inventory) -> &mut Vec<Record<Self>> {
                &mut inv.$field
            }
        }
    };
}
inventory_records!(Node, nodes);
inventory_records!(Bmc, bmcs);
inventory_records!(Group, groups);
inventory_records!(Tenant, tenants);
inventory_records!(Image, images);
inventory_records!(Pdu, pdus);
