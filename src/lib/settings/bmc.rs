//! Resolved settings of the `bmc` fleet commands.

use super::ConnectionSettings;
use crate::cli::{
    ApplyArgs, BiosCommand, BmcCommand, FirmwareCommand, FleetArgs, PlanArgs, PowerActionArg,
    ReportFormat,
};
use crate::redfish::{PowerAction, PowerFollowUp};
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
    /// Power, and what to do after the reset.
    Power(PowerAction, PowerFollowUp),
    /// Read BIOS attributes (all when empty).
    BiosGet(Vec<String>),
    /// Stage BIOS attributes.
    BiosSet(Map<String, Value>),
    /// List firmware.
    FirmwareList,
    /// Compare the BIOS with the inventory's `bios:`.
    BiosPlan,
    /// Stage the differing `bios:` attributes.
    BiosApply,
    /// Compare the firmware with the inventory's `firmware:`.
    FirmwarePlan,
    /// Update the differing `firmware:` components.
    FirmwareApply {
        /// Give up on a task after.
        wait: Duration,
        /// Poll interval.
        poll: Duration,
    },
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
    /// List the targets and the action; send nothing.
    pub dry_run: bool,
    /// Do not ask before a destructive action on several hosts.
    pub yes: bool,
    /// plan: one text line per difference instead of a JSON line per host.
    pub table: bool,
}

impl BmcAction {
    /// True for the plan actions, whose differences make exit code 1.
    pub fn is_plan(&self) -> bool {
        matches!(self, BmcAction::BiosPlan | BmcAction::FirmwarePlan)
    }

    /// True for the apply actions, which change the desired state on each BMC.
    pub fn is_apply(&self) -> bool {
        matches!(self, BmcAction::BiosApply | BmcAction::FirmwareApply { .. })
    }
}

impl BmcSettings {
    fn plain(fleet: FleetSettings, action: BmcAction) -> BmcSettings {
        BmcSettings {
            fleet,
            action,
            dry_run: false,
            yes: false,
            table: false,
        }
    }

    fn plan(a: PlanArgs, action: BmcAction) -> anyhow::Result<BmcSettings> {
        Ok(BmcSettings {
            table: a.output == ReportFormat::Table,
            ..Self::plain(a.fleet.try_into()?, action)
        })
    }

    fn apply(a: ApplyArgs, action: BmcAction) -> anyhow::Result<BmcSettings> {
        Ok(BmcSettings {
            dry_run: a.dry_run,
            yes: a.yes,
            ..Self::plain(a.fleet.try_into()?, action)
        })
    }
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
            BmcCommand::Power(a) => {
                let action = match a.action {
                    PowerActionArg::Status => PowerAction::Status,
                    PowerActionArg::On => PowerAction::On,
                    PowerActionArg::Off => PowerAction::Off,
                    PowerActionArg::Shutdown => PowerAction::Shutdown,
                    PowerActionArg::Cycle => PowerAction::Cycle,
                    PowerActionArg::Reset => PowerAction::Reset,
                    PowerActionArg::ResetTypes => PowerAction::ResetTypes,
                };
                if a.wait && action.target_state().is_none() {
                    bail!("--wait goes with on, off, shutdown, cycle or reset (status and reset-types change nothing to wait for)");
                }
                if a.escalate && action != PowerAction::Shutdown {
                    bail!("--escalate goes with `shutdown` (GracefulShutdown, then ForceOff after --grace)");
                }
                BmcSettings {
                    fleet: a.fleet.try_into()?,
                    action: BmcAction::Power(
                        action,
                        PowerFollowUp {
                            wait: a.wait.then_some(a.wait_timeout),
                            grace: a.escalate.then_some(a.grace),
                            poll: a.poll,
                        },
                    ),
                    dry_run: a.dry_run,
                    yes: a.yes,
                    table: false,
                }
            }
            BmcCommand::Bios(BiosCommand::Get(a)) => {
                Self::plain(a.fleet.try_into()?, BmcAction::BiosGet(a.keys))
            }
            BmcCommand::Bios(BiosCommand::Plan(a)) => Self::plan(a, BmcAction::BiosPlan)?,
            BmcCommand::Bios(BiosCommand::Apply(a)) => Self::apply(a, BmcAction::BiosApply)?,
            BmcCommand::Firmware(FirmwareCommand::Plan(a)) => {
                Self::plan(a, BmcAction::FirmwarePlan)?
            }
            BmcCommand::Firmware(FirmwareCommand::Apply(a)) => Self::apply(
                a.apply,
                BmcAction::FirmwareApply {
                    wait: a.wait,
                    poll: a.poll,
                },
            )?,
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
                Self::plain(a.fleet.try_into()?, BmcAction::BiosSet(changes))
            }
            BmcCommand::Firmware(FirmwareCommand::List(a)) => {
                Self::plain(a.try_into()?, BmcAction::FirmwareList)
            }
            BmcCommand::Firmware(FirmwareCommand::Update(a)) => Self::plain(
                a.fleet.try_into()?,
                BmcAction::FirmwareUpdate {
                    image_uri: a.image_uri,
                    targets: a.targets,
                    wait: a.wait,
                    poll: a.poll,
                },
            ),
        })
    }
}
