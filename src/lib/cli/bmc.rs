//! `chami bmc power|bios|firmware`: fleet actions on the BMCs of selected nodes.

use super::redfish::{parse_duration, ConnectionArgs};
use super::ReportFormat;
use clap::{Args, Subcommand, ValueEnum};
use std::time::Duration;

/// `chami bmc`.
#[derive(Debug, Subcommand)]
pub enum BmcCommand {
    /// Power on, off, shut down, cycle, reset, or report the power state.
    Power(PowerArgs),
    /// Read or stage BIOS attributes.
    #[command(subcommand)]
    Bios(BiosCommand),
    /// List firmware, or update it through UpdateService.SimpleUpdate.
    #[command(subcommand)]
    Firmware(FirmwareCommand),
}

/// Which nodes, and how to reach their BMCs.
#[derive(Debug, Args)]
pub struct FleetArgs {
    /// Nodes (nodeset, @group, attribute selectors) or BMC names; a node is reached
    /// through its `bmc:`.
    #[arg(value_name = "EXPR", add = super::complete::selection())]
    pub expr: String,
    /// TLS, credentials, timeouts, concurrency.
    #[command(flatten)]
    pub conn: ConnectionArgs,
}

/// Arguments of `chami bmc power`.
#[derive(Debug, Args)]
pub struct PowerArgs {
    /// What to do.
    #[arg(value_enum, value_name = "ACTION")]
    pub action: PowerActionArg,
    /// Which nodes.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// After the action, poll each BMC until the system is in the target state (Off for
    /// off and shutdown, On for on, cycle and reset); each host's line says how long it
    /// took, or that it timed out (exit 1).
    #[arg(long)]
    pub wait: bool,
    /// How long --wait waits for each host (after the last reset sent to it).
    #[arg(long, value_name = "TIME", default_value = "300s", value_parser = parse_duration, requires = "wait")]
    pub wait_timeout: Duration,
    /// Pause between two readings of the power state (--wait, --escalate).
    #[arg(long, value_name = "TIME", default_value = "2s", value_parser = parse_duration)]
    pub poll: Duration,
    /// shutdown: send ForceOff to a host still on after the --grace period.
    #[arg(long)]
    pub escalate: bool,
    /// How long --escalate lets the OS shut down before ForceOff.
    #[arg(long, value_name = "TIME", default_value = "120s", value_parser = parse_duration, requires = "escalate")]
    pub grace: Duration,
    /// List the targets and the action; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before off, shutdown, cycle or reset on several hosts (the question is
    /// only asked when stdin is a terminal).
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// `chami bmc power ACTION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PowerActionArg {
    /// Report the power state.
    Status,
    /// Power on.
    On,
    /// Hard power off (ForceOff).
    Off,
    /// Ask the OS to shut down (GracefulShutdown).
    Shutdown,
    /// Off then on; on when off (PowerCycle, else ForceRestart).
    Cycle,
    /// Hard restart (ForceRestart).
    Reset,
    /// List the reset types each BMC allows (ResetType@Redfish.AllowableValues).
    ResetTypes,
}

/// `chami bmc bios`.
#[derive(Debug, Subcommand)]
pub enum BiosCommand {
    /// Print BIOS attributes (all, or the ones named) as JSON lines.
    Get(BiosGetArgs),
    /// Stage attribute changes for the next boot (PATCH to the BIOS settings object).
    Set(BiosSetArgs),
    /// Show, per host, the desired attributes (`bios:` of its groups and node) whose
    /// current value differs; exit 0 when none does, 1 when there is a plan or a host
    /// failed.
    Plan(PlanArgs),
    /// Stage the desired attributes that differ (only those), and say per host whether
    /// they wait for a reboot.
    Apply(ApplyArgs),
}

/// Arguments of `bmc bios plan` and `bmc firmware plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Which nodes.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// table: one line per difference; json: one JSON line per host.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

/// Arguments of `bmc bios apply` and `bmc firmware apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Which nodes.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Read each BMC and print the plan (JSON lines); change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before applying on several hosts (the question is only asked when
    /// stdin is a terminal).
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// Arguments of `bmc firmware apply`.
#[derive(Debug, Args)]
pub struct FirmwareApplyArgs {
    /// Which nodes, --dry-run, --yes.
    #[command(flatten)]
    pub apply: ApplyArgs,
    /// How long to follow each update task before giving up.
    #[arg(long, value_name = "TIME", default_value = "30m", value_parser = parse_duration)]
    pub wait: Duration,
    /// Pause between task polls.
    #[arg(long, value_name = "TIME", default_value = "2s", value_parser = parse_duration)]
    pub poll: Duration,
}

/// Arguments of `chami bmc bios get`.
#[derive(Debug, Args)]
pub struct BiosGetArgs {
    /// Which nodes.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Attribute names (default: all).
    #[arg(value_name = "KEY")]
    pub keys: Vec<String>,
}

/// Arguments of `chami bmc bios set`.
#[derive(Debug, Args)]
pub struct BiosSetArgs {
    /// Which nodes.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Changes: integers and true/false are sent as such, anything else as a string.
    #[arg(value_name = "KEY=VALUE", required = true)]
    pub changes: Vec<String>,
}

/// `chami bmc firmware`.
#[derive(Debug, Subcommand)]
pub enum FirmwareCommand {
    /// List the firmware inventory of each BMC (JSON lines).
    List(FleetArgs),
    /// Start SimpleUpdate with an image URI and follow the task to its end.
    Update(FirmwareUpdateArgs),
    /// Show, per host, the desired components (`firmware:` of its groups and node) whose
    /// version differs or that the BMC does not list; exit 0 when none, 1 when there
    /// is a plan or a host failed.
    Plan(PlanArgs),
    /// Install the image of each component whose version differs (SimpleUpdate, one
    /// task at a time, each followed to its end); report the tasks per host.
    Apply(FirmwareApplyArgs),
}

/// Arguments of `chami bmc firmware update`.
#[derive(Debug, Args)]
pub struct FirmwareUpdateArgs {
    /// Which nodes.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Where the BMC fetches the image (http://, https://, tftp:// …).
    #[arg(long, value_name = "URL")]
    pub image_uri: String,
    /// Resources to update (Redfish paths; `system` is the node's own system). Default:
    /// none, the BMC decides from the image. Some services (sushy-tools) require one.
    #[arg(long = "target", value_name = "PATH")]
    pub targets: Vec<String>,
    /// How long to follow the task before giving up.
    #[arg(long, value_name = "TIME", default_value = "30m", value_parser = parse_duration)]
    pub wait: Duration,
    /// Pause between task polls.
    #[arg(long, value_name = "TIME", default_value = "2s", value_parser = parse_duration)]
    pub poll: Duration,
}
