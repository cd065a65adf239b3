//! DHCP server configurations from the inventory: dnsmasq, Kea and ISC dhcpd, with
//! reservations, ranges, options and the PXE → iPXE → HTTP boot chain.
//!
//! [`DhcpPlan::new`] reads the inventory once into what every server needs (subnets,
//! reservations, the boot chain); one small writer per server turns it into that server's
//! configuration. [`export`] does both.

mod dnsmasq;
mod error;
mod format;
mod isc;
mod kea;
mod plan;

pub use error::DhcpError;
pub use format::{export, DhcpFormat};
pub use plan::{BootChain, DhcpPlan, Reservation, Subnet, LEASE_SECONDS};
