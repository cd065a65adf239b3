//! `chami pdu power|collect`: Redfish rack PDUs and the nodes their outlets feed.

use super::bmc::FleetArgs;
use super::redfish::ConnectionArgs;
use clap::{Args, Subcommand, ValueEnum};

/// `chami pdu`.
#[derive(Debug, Subcommand)]
pub enum PduCommand {
    /// Switch the outlets that feed the selected nodes (Outlet.PowerControl), or read
    /// their power state. Unlike `bmc power` this cuts mains power, BMC included.
    Power(PduPowerArgs),
    /// Read Redfish PDUs (PowerEquipment/RackPDUs) and their outlets; with --write,
    /// create or update pdus/ records (the outlet → node mappings already there are kept).
    Collect(PduCollectArgs),
}

/// Arguments of `chami pdu power`.
#[derive(Debug, Args)]
pub struct PduPowerArgs {
    /// What to do.
    #[arg(value_enum, value_name = "ACTION")]
    pub action: OutletActionArg,
    /// Which nodes, and how to reach their PDUs.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// List the outlets and the action; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before off or cycle on several nodes (the question is only asked when
    /// stdin is a terminal).
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// `chami pdu power ACTION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutletActionArg {
    /// Report each outlet's PowerState.
    Status,
    /// Switch the outlets on.
    On,
    /// Switch the outlets off.
    Off,
    /// Off, then on again (PowerCycle).
    Cycle,
}

/// Arguments of `chami pdu collect`.
#[derive(Debug, Args)]
pub struct PduCollectArgs {
    /// PDU addresses (ADDR, ADDR:PORT, https://ADDR:PORT).
    #[arg(value_name = "ADDR", required = true)]
    pub addrs: Vec<String>,
    /// Create or update a pdus/ record per rack PDU, named pdu-ADDRESS (pdu-ADDRESS-N
    /// when a service has several); outlets are added unmapped (null).
    #[arg(short, long)]
    pub write: bool,
    /// With --write: say which files would change, but write nothing.
    #[arg(short = 'n', long, requires = "write")]
    pub dry_run: bool,
    /// With --write: write even when the change adds lint errors.
    #[arg(long, requires = "write")]
    pub force: bool,
    /// TLS, credentials, timeouts, concurrency.
    #[command(flatten)]
    pub conn: ConnectionArgs,
}
