//! Commands whose implementation is still to come: they accept any arguments and say so.

use clap::{Args, Subcommand};

/// Arguments of a command that is not implemented yet.
#[derive(Debug, Args)]
pub struct PendingArgs {
    /// Arguments (ignored until the command exists).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// `chami discover`.
#[derive(Debug, Subcommand)]
pub enum DiscoverCommand {
    /// Probe addresses for Redfish services (JSON lines out).
    Scan(PendingArgs),
    /// Crawl BMCs for hardware inventory (JSON lines in and out; --write merges).
    Collect(PendingArgs),
}

/// `chami bmc`.
#[derive(Debug, Subcommand)]
pub enum BmcCommand {
    /// Power on, off, cycle or query nodes.
    Power(PendingArgs),
    /// Read or change BIOS attributes.
    Bios(PendingArgs),
    /// List or update firmware.
    Firmware(PendingArgs),
}

/// `chami image`.
#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Build an image from a recipe.
    Build(PendingArgs),
}
