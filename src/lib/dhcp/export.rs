//! [`export`]: the inventory to one DHCP server's configuration text.

use super::{dnsmasq, isc, kea, DhcpError, DhcpFormat, DhcpPlan};
use crate::inventory::Inventory;

/// The configuration file for `format`, from every network with `dhcp: true`: the
/// [`DhcpPlan`] is built once, then written in the server's syntax.
pub fn export(inv: &Inventory, format: DhcpFormat) -> Result<String, DhcpError> {
    export_for(inv, format, 0)
}

/// [`export`] for the DHCP server beside boot server `server` (0-based): its boot chain
/// names that server (see [`DhcpPlan::for_boot_server`]).
pub fn export_for(inv: &Inventory, format: DhcpFormat, server: usize) -> Result<String, DhcpError> {
    let plan = DhcpPlan::for_boot_server(inv, server)?;
    Ok(match format {
        DhcpFormat::Dnsmasq => dnsmasq::write(&plan),
        DhcpFormat::Kea => kea::write(&plan),
        DhcpFormat::Isc => isc::write(&plan),
    })
}
