//! What can go wrong writing a DHCP configuration.

/// A DHCP configuration that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DhcpError {
    /// Placeholder until the exporter exists.
    #[error("dhcp-export is not built yet")]
    NotYet,
}
