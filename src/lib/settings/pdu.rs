//! Resolved settings of `chami pdu power|collect`.

use super::{ConnectionSettings, FleetSettings, WriteMode};
use crate::cli::{OutletActionArg, PduCollectArgs, PduPowerArgs};
use crate::redfish::{Endpoint, OutletAction};

/// `chami pdu power`.
#[derive(Debug, Clone)]
pub struct PduPowerSettings {
    /// Which nodes.
    pub fleet: FleetSettings,
    /// What to do to their outlets.
    pub action: OutletAction,
    /// List the outlets; send nothing.
    pub dry_run: bool,
    /// Do not ask before off or cycle on several nodes.
    pub yes: bool,
}

/// `chami pdu collect`.
#[derive(Debug, Clone)]
pub struct PduCollectSettings {
    /// The PDUs.
    pub endpoints: Vec<Endpoint>,
    /// Write pdus/ records.
    pub write: bool,
    /// --dry-run, --force.
    pub mode: WriteMode,
    /// Connection.
    pub conn: ConnectionSettings,
}

impl TryFrom<PduPowerArgs> for PduPowerSettings {
    type Error = anyhow::Error;

    fn try_from(a: PduPowerArgs) -> anyhow::Result<Self> {
        Ok(PduPowerSettings {
            fleet: a.fleet.try_into()?,
            action: match a.action {
                OutletActionArg::Status => OutletAction::Status,
                OutletActionArg::On => OutletAction::On,
                OutletActionArg::Off => OutletAction::Off,
                OutletActionArg::Cycle => OutletAction::Cycle,
            },
            dry_run: a.dry_run,
            yes: a.yes,
        })
    }
}

impl TryFrom<PduCollectArgs> for PduCollectSettings {
    type Error = anyhow::Error;

    fn try_from(a: PduCollectArgs) -> anyhow::Result<Self> {
        let conn: ConnectionSettings = a.conn.try_into()?;
        let endpoints = a
            .addrs
            .iter()
            .map(|s| Endpoint::parse(s, conn.scheme))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PduCollectSettings {
            endpoints,
            write: a.write,
            mode: WriteMode {
                dry_run: a.dry_run,
                force: a.force,
            },
            conn,
        })
    }
}
