//! Resolved settings of the `bmc` fleet commands.

use super::ConnectionSettings;
use crate::cli::{BiosCommand, BmcCommand, FirmwareCommand, FleetArgs, PowerActionArg};
use crate::redfish::PowerAction;
use anyhow::bail;
use serde_json::{Map, Value};
use std::time::Duration;

/// Which nodes, and how to reach their BMCs.
#[derive(Debug, Clone)]
pub struct FleetSettings {
    /// Node or BMC expression.
    pub expr: String,
    /// Connection.
    pub conn: ConnectionSettings,
}

/// What a `bmc` command does on each BMC.
#[derive(Debug, Clone)]
pub enum BmcAction {
    /// Power.
    Power(PowerAction),
    /// Read BIOS attributes (all when empty).
    BiosGet(Vec<String>),
    /// Stage BIOS attributes.
    BiosSet(Map<String, Value>),
    /// List firmware.
    FirmwareList,
    /// SimpleUpdate.
    FirmwareUpdate {
        /// ImageURI.
        image_uri: String,
        /// Targets.
        targets: Vec<String>,
        /// Give up after.
        wait: Duration,
        /// Poll interval.
        poll: Duration,
    },
}

/// `chami bmc …`.
#[derive(Debug, Clone)]
pub struct BmcSettings {
    /// Which nodes.
    pub fleet: FleetSettings,
    /// What to do.
    pub action: BmcAction,
}

impl TryFrom<FleetArgs> for FleetSettings {
    type Error = anyhow::Error;

    fn try_from(a: FleetArgs) -> anyhow::Result<Self> {
        Ok(FleetSettings {
            expr: a.expr,
            conn: a.conn.try_into()?,
        })
    }
}

impl TryFrom<BmcCommand> for BmcSettings {
    type Error = anyhow::Error;

    fn try_from(c: BmcCommand) -> anyhow::Result<Self> {
        Ok(match c {
            BmcCommand::Power(a) => BmcSettings {
                fleet: a.fleet.try_into()?,
                action: BmcAction::Power(match a.action {
                    PowerActionArg::Status => PowerAction::Status,
                    PowerActionArg::On => PowerAction::On,
                    PowerActionArg::Off => PowerAction::Off,
                    PowerActionArg::Shutdown => PowerAction::Shutdown,
                    PowerActionArg::Cycle => PowerAction::Cycle,
                    PowerActionArg::Reset => PowerAction::Reset,
                }),
            },
            BmcCommand::Bios(BiosCommand::Get(a)) => BmcSettings {
                fleet: a.fleet.try_into()?,
                action: BmcAction::BiosGet(a.keys),
            },
            BmcCommand::Bios(BiosCommand::Set(a)) => {
                let mut changes = Map::new();
                for c in &a.changes {
                    let Some((k, v)) = c.split_once('=') else {
                        bail!("`{c}`: write BIOS changes as KEY=VALUE");
                    };
                    if k.is_empty() {
                        bail!("`{c}`: the attribute name is empty");
                    }
                    changes.insert(k.to_string(), crate::redfish::typed_value(v));
                }
                BmcSettings {
                    fleet: a.fleet.try_into()?,
                    action: BmcAction::BiosSet(changes),
                }
            }
            BmcCommand::Firmware(FirmwareCommand::List(a)) => BmcSettings {
                fleet: a.try_into()?,
                action: BmcAction::FirmwareList,
            },
            BmcCommand::Firmware(FirmwareCommand::Update(a)) => BmcSettings {
                fleet: a.fleet.try_into()?,
                action: BmcAction::FirmwareUpdate {
                    image_uri: a.image_uri,
                    targets: a.targets,
                    wait: a.wait,
                    poll: a.poll,
                },
            },
        })
    }
}
