//! `chami dhcp-export`.

use super::WriteModeArgs;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// The DHCP servers chami writes configs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DhcpFormatArg {
    /// dnsmasq (`dhcp-range`, `dhcp-host`, tag-based boot chain).
    Dnsmasq,
    /// Kea DHCPv4 (JSON: subnets, reservations, client classes).
    Kea,
    /// ISC dhcpd 4.x (subnet and host blocks).
    Isc,
}

/// Arguments of `chami dhcp-export`.
#[derive(Debug, Args)]
pub struct DhcpExportArgs {
    /// Which DHCP server's configuration to write.
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: DhcpFormatArg,
    /// Output file; `-` (the default) prints it on stdout.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With several boot servers (cluster.yaml `boot_servers:`): the config of the DHCP
    /// server beside this one, by its number in the list (1 = the first, the default) or
    /// its address; PXE and iPXE clients are sent to it first, and the iPXE scripts fall
    /// over to the others.
    #[arg(long, value_name = "N|ADDRESS")]
    pub boot_server: Option<String>,
    /// --check, --diff, --dry-run.
    #[command(flatten)]
    pub mode: WriteModeArgs,
}
