//! PDUs: Redfish rack power distribution units (`pdus/`), with the node each outlet
//! feeds. `pdu power` switches a node's outlets; the powerman target gives those nodes
//! outlet-level devices.

use super::Labels;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// Where a PDU's outlets are when the record does not say: the first rack PDU.
pub const DEFAULT_PDU_PATH: &str = "/redfish/v1/PowerEquipment/RackPDUs/1";

/// A PDU record (pdus/). Credentials are never stored here: `credentials` names an entry
/// of the secrets file, as for BMCs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pdu {
    /// Unique name.
    pub name: String,
    /// Address of its Redfish service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// DNS name, when it is reached by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fqdn: Option<String>,
    /// TCP port, when not 443.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The network (by name) it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Name of the entry in the secrets file that holds its credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    /// The Redfish PowerDistribution resource whose `Outlets` these are (default
    /// `/redfish/v1/PowerEquipment/RackPDUs/1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redfish_path: Option<String>,
    /// Vendor, as discovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Model, as discovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Serial number, as discovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Firmware version, as discovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firmware: Option<String>,
    /// Outlet Id → the node it feeds (none: not mapped yet). A node on two outlets
    /// (two power supplies) is listed under both.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub outlets: BTreeMap<String, Option<String>>,
    /// Labels for selectors.
    #[serde(
        default,
        skip_serializing_if = "Labels::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub labels: Labels,
}

impl Pdu {
    /// The PowerDistribution resource.
    pub fn path(&self) -> &str {
        self.redfish_path.as_deref().unwrap_or(DEFAULT_PDU_PATH)
    }

    /// The Outlet resource of outlet `id`.
    pub fn outlet_path(&self, id: &str) -> String {
        format!("{}/Outlets/{id}", self.path().trim_end_matches('/'))
    }

    /// The outlets that feed `node`.
    pub fn outlets_of<'a>(&'a self, node: &'a str) -> impl Iterator<Item = &'a str> {
        self.outlets
            .iter()
            .filter(move |(_, n)| n.as_deref() == Some(node))
            .map(|(o, _)| o.as_str())
    }
}
