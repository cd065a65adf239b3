//! BMCs: Redfish or IPMI endpoints of nodes, chassis, switches and PDUs.

use super::{Labels, MacAddr};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The management protocol a BMC speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BmcKind {
    /// DMTF Redfish over HTTPS (the default).
    #[default]
    Redfish,
    /// IPMI over LAN.
    Ipmi,
}

impl BmcKind {
    /// True for the default, Redfish.
    pub fn is_redfish(&self) -> bool {
        *self == BmcKind::Redfish
    }
}

/// A BMC record (bmcs/). Credentials are never stored here: `credentials` names an entry
/// of the secrets file outside the repository.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bmc {
    /// Unique name.
    pub name: String,
    /// Cray/HPE component name (NodeBMC, ChassisBMC, RouterBMC, CabinetPDUController …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xname: Option<String>,
    /// Protocol.
    #[serde(default, skip_serializing_if = "BmcKind::is_redfish")]
    pub kind: BmcKind,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// DNS name, when it is reached by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fqdn: Option<String>,
    /// Hardware address of its management port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<MacAddr>,
    /// The network (by name) it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// TCP port, when not the protocol's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Name of the entry in the secrets file that holds its credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    /// Vendor, as discovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Model, as discovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Firmware version, as discovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firmware: Option<String>,
    /// SHA-256 fingerprint of its TLS certificate (`sha256:AB:CD:…`), recorded by
    /// `discover collect --write`: commands then accept that certificate from it and no
    /// other (`--repin` accepts a new one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_fingerprint: Option<String>,
    /// Labels for selectors.
    #[serde(
        default,
        skip_serializing_if = "Labels::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub labels: Labels,
}
