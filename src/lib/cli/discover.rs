//! `chami discover scan` and `chami discover collect`.

use super::redfish::{parse_duration, ConnectionArgs};
use super::ReportFormat;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

/// `chami discover`.
#[derive(Debug, Subcommand)]
pub enum DiscoverCommand {
    /// Probe addresses for Redfish services: TCP connect, then GET /redfish/v1/ on each
    /// open port. One JSON line per open port on stdout, sorted by address.
    Scan(ScanArgs),
    /// Crawl BMCs for their hardware inventory: one JSON line per BMC on stdout (failures
    /// are lines with "ok": false and the reason; a crawl cut by --max-requests,
    /// --max-members or --deadline lists the cut in "cut"; links off the BMC are not
    /// followed and are listed in "warnings"). --write merges the result into the
    /// inventory.
    Collect(CollectArgs),
}

/// Arguments of `chami discover scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Addresses: CIDR blocks (10.0.0.0/24), ranges (10.0.0.5-10.0.0.50, 10.0.0.5-50) or
    /// single addresses.
    #[arg(value_name = "TARGET", required = true)]
    pub targets: Vec<String>,
    /// TCP ports to probe on every address.
    #[arg(
        short,
        long,
        value_name = "PORTS",
        value_delimiter = ',',
        default_value = "443"
    )]
    pub ports: Vec<u16>,
    /// Connection attempts in flight.
    #[arg(long = "probe-concurrency", value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub probe_concurrency: u32,
    /// Connect timeout of one probe (plain numbers are milliseconds).
    #[arg(long = "probe-timeout", value_name = "TIME", default_value = "1000", value_parser = parse_duration)]
    pub probe_timeout: Duration,
    /// Report open ports that do not answer as Redfish too (default: Redfish only).
    #[arg(long)]
    pub all: bool,
    /// TLS, credentials, timeouts for the service-root GET.
    #[command(flatten)]
    pub conn: ConnectionArgs,
}

/// Arguments of `chami discover collect`.
#[derive(Debug, Args)]
pub struct CollectArgs {
    /// BMC addresses (ADDR, ADDR:PORT, https://ADDR:PORT); `-` (or none) reads `discover
    /// scan` JSON lines, or one address per line, from stdin.
    #[arg(value_name = "ADDR")]
    pub addrs: Vec<String>,
    /// Merge the result into the inventory: create or update bmcs/ records and the
    /// discovered parts of nodes (hardware, interface MACs). Fields a person set (name,
    /// IPs, groups, labels …) are never overwritten.
    #[arg(short, long)]
    pub write: bool,
    /// With --write: say which files would change, but write nothing.
    #[arg(short = 'n', long, requires = "write")]
    pub dry_run: bool,
    /// With --write: a YAML map from BMC address (or BMC MAC) to names:
    /// `10.1.0.11: x1000c0s0b0` (a BMC xname; its nodes become x1000c0s0b0n0 …) or
    /// `10.1.0.11: {bmc: NAME, xname: XNAME, nodes: [NODE …]}`.
    #[arg(long, value_name = "FILE")]
    pub name_map: Option<PathBuf>,
    /// With --write: name template for new BMC records (minijinja; variables address,
    /// dashed_address, xname, mac, serial).
    #[arg(long, value_name = "TEMPLATE")]
    pub bmc_name: Option<String>,
    /// With --write: name template for new node records (minijinja; variables bmc,
    /// address, dashed_address, xname, index, serial, hostname).
    #[arg(long, value_name = "TEMPLATE")]
    pub node_name: Option<String>,
    /// With --write: write even when the change adds lint errors.
    #[arg(long, requires = "write")]
    pub force: bool,
    /// Compare the crawl with the inventory and write nothing: print each difference
    /// (serials, models, memory, CPU and GPU counts, firmware versions, MACs, systems
    /// found or gone) and exit 1 when there is one.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// With --check: how to print the differences.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table, requires = "check")]
    pub output: ReportFormat,
    /// TLS, credentials, timeouts, concurrency.
    #[command(flatten)]
    pub conn: ConnectionArgs,
}
