//! DHCP server configurations from the inventory: dnsmasq, Kea and ISC dhcpd, with
//! reservations, ranges, options and the PXE → iPXE → HTTP boot chain.
//!
//! [`DhcpPlan::new`] reads the inventory once into one model (subnets, reservations, the
//! boot chain); one small writer per server turns it into that server's configuration.
//! [`export`] does both.

mod dnsmasq;
mod error;
mod export;
mod format;
mod isc;
mod kea;
mod model;
mod plan;
mod replica;
#[cfg(test)]
mod test_support;

pub use error::DhcpError;
pub use export::{export, export_for};
pub use format::DhcpFormat;
pub use model::{
    BootChain, DhcpPlan, Reservation, Subnet, DEFAULT_LEASE_SECONDS, MIN_LEASE_SECONDS,
};
pub use replica::boot_server_index;
