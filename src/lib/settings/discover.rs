//! Resolved settings of `discover scan` and `discover collect`.

use super::{ConnectionSettings, WriteMode};
use crate::cli::{CollectArgs, ReportFormat, ScanArgs};
use std::path::PathBuf;
use std::time::Duration;

/// `discover scan`.
#[derive(Debug, Clone)]
pub struct ScanSettings {
    /// Targets as given.
    pub targets: Vec<String>,
    /// Ports.
    pub ports: Vec<u16>,
    /// Probes in flight.
    pub probe_concurrency: usize,
    /// Connect timeout.
    pub probe_timeout: Duration,
    /// Report non-Redfish open ports too.
    pub all: bool,
    /// For the service-root GET.
    pub conn: ConnectionSettings,
}

impl TryFrom<ScanArgs> for ScanSettings {
    type Error = anyhow::Error;

    fn try_from(a: ScanArgs) -> anyhow::Result<Self> {
        let mut ports = a.ports;
        ports.sort_unstable();
        ports.dedup();
        if ports.contains(&0) {
            anyhow::bail!("--ports: 0 is not a port");
        }
        Ok(ScanSettings {
            targets: a.targets,
            ports,
            probe_concurrency: a.probe_concurrency as usize,
            probe_timeout: a.probe_timeout,
            all: a.all,
            conn: a.conn.try_into()?,
        })
    }
}

/// `discover collect`.
#[derive(Debug, Clone)]
pub struct CollectSettings {
    /// Addresses; empty or `-` means stdin.
    pub addrs: Vec<String>,
    /// Merge into the inventory.
    pub write: bool,
    /// Compare with the inventory; write nothing.
    pub check: bool,
    /// --check -o json.
    pub json: bool,
    /// Dry run / force.
    pub mode: WriteMode,
    /// The name map file.
    pub name_map: Option<PathBuf>,
    /// BMC name template.
    pub bmc_name: Option<String>,
    /// Node name template.
    pub node_name: Option<String>,
    /// How to reach BMCs.
    pub conn: ConnectionSettings,
}

impl TryFrom<CollectArgs> for CollectSettings {
    type Error = anyhow::Error;

    fn try_from(a: CollectArgs) -> anyhow::Result<Self> {
        Ok(CollectSettings {
            addrs: a.addrs,
            write: a.write,
            check: a.check,
            json: a.output == ReportFormat::Json,
            mode: WriteMode {
                dry_run: a.dry_run,
                force: a.force,
            },
            name_map: a.name_map,
            bmc_name: a.bmc_name,
            node_name: a.node_name,
            conn: a.conn.try_into()?,
        })
    }
}
