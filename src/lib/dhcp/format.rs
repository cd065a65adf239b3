//! The DHCP servers chami writes configurations for, and [`export`], which writes one.

use super::{dnsmasq, isc, kea, DhcpError, DhcpPlan};
use crate::inventory::Inventory;

/// The DHCP servers chami writes configs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DhcpFormat {
    /// dnsmasq (a `conf-file`/`conf-dir` fragment).
    Dnsmasq,
    /// Kea DHCPv4 (a whole `kea-dhcp4.conf`, JSON).
    Kea,
    /// ISC dhcpd 4.x (a whole `dhcpd.conf`).
    Isc,
}

impl DhcpFormat {
    /// Every format.
    pub const ALL: [DhcpFormat; 3] = [DhcpFormat::Dnsmasq, DhcpFormat::Kea, DhcpFormat::Isc];

    /// The name used on the command line and in cluster.yaml `outputs:`.
    pub fn as_str(self) -> &'static str {
        match self {
            DhcpFormat::Dnsmasq => "dnsmasq",
            DhcpFormat::Kea => "kea",
            DhcpFormat::Isc => "isc",
        }
    }

    /// The format called `name`.
    pub fn from_name(name: &str) -> Option<DhcpFormat> {
        DhcpFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// The configuration file for `format`, from every network with `dhcp: true`.
pub fn export(inv: &Inventory, format: DhcpFormat) -> Result<String, DhcpError> {
    let plan = DhcpPlan::new(inv)?;
    Ok(match format {
        DhcpFormat::Dnsmasq => dnsmasq::write(&plan),
        DhcpFormat::Kea => kea::write(&plan),
        DhcpFormat::Isc => isc::write(&plan),
    })
}
