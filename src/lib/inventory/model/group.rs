//! Groups: sets of nodes with shared values, boot settings and cloud-init fragments.

use super::{BiosAttributes, DesiredFirmware, Labels, NodeBoot, Vars};
use serde::{Deserialize, Serialize};

/// A group record (groups/). Members are the nodes that list the group in `groups:`, plus
/// those named by `members` (a nodeset expression) and those matched by `selector`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Unique name.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Nodeset expression of members, e.g. `nid[0001-0016]` or `@gpu&labels.rack=r7`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<String>,
    /// Attribute selector of members, e.g. `role=Compute`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// Layering order: groups apply in ascending priority, then by name; later wins.
    #[serde(default, skip_serializing_if = "super::is_zero")]
    pub priority: i32,
    /// A node may belong to only one group with the same exclusive label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive: Option<String>,
    /// The tenant that owns this group's nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// InfiniBand partition key of the partition its nodes' ports form (OpenSM's
    /// partitions.conf, target `opensm-partitions`); unique across groups and tenants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkey: Option<super::Pkey>,
    /// Labels members get.
    #[serde(
        default,
        skip_serializing_if = "Labels::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub labels: Labels,
    /// Variables members get.
    #[serde(
        default,
        skip_serializing_if = "Vars::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub vars: Vars,
    /// Boot settings members get.
    #[serde(default, skip_serializing_if = "NodeBoot::is_empty")]
    pub boot: NodeBoot,
    /// cloud-init fragments merged into members' seeds.
    #[serde(default, skip_serializing_if = "CloudInit::is_empty")]
    pub cloud_init: CloudInit,
    /// Desired BIOS attributes (`bmc bios plan|apply`).
    #[serde(
        default,
        skip_serializing_if = "BiosAttributes::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub bios: BiosAttributes,
    /// Desired firmware versions (`bmc firmware plan|apply`).
    #[serde(
        default,
        skip_serializing_if = "DesiredFirmware::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub firmware: DesiredFirmware,
}

/// cloud-init fragments of a group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudInit {
    /// Merged into user-data (#cloud-config).
    #[serde(
        default,
        skip_serializing_if = "Vars::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub user_data: Vars,
    /// Merged into vendor-data.
    #[serde(
        default,
        skip_serializing_if = "Vars::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub vendor_data: Vars,
    /// Merged into meta-data.
    #[serde(
        default,
        skip_serializing_if = "Vars::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub meta_data: Vars,
}

impl CloudInit {
    /// True when no fragment is set.
    pub fn is_empty(&self) -> bool {
        *self == CloudInit::default()
    }
}
