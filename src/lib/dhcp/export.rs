//! [`export`]: the inventory to one DHCP server's configuration text.

use super::{dnsmasq, isc, kea, DhcpError, DhcpFormat, DhcpPlan};
use crate::inventory::Inventory;

/// The configuration file for `format`, from every network with `dhcp: true`: the
/// [`DhcpPlan`] is built once, then written in the server's syntax.
pub fn export(inv: &Inventory, format: DhcpFormat) -> Result<String, DhcpError> {
    let plan = DhcpPlan::new(inv)?;
    Ok(match format {
        DhcpFormat::Dnsmasq => dnsmasq::write(&plan),
        DhcpFormat::Kea => kea::write(&plan),
        DhcpFormat::Isc => isc::write(&plan),
    })
}
