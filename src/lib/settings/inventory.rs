//! Settings of the `chami inventory` subcommands.

use super::inventory_format::{ExportFormat, LintFormat, ListFormat, ShowFormat};
use crate::cli::{
    AddArgs, ExportArgs, FmtArgs, ImportArgs, ImportFormat, KindArg, LintArgs, ListArgs,
    OnConflict, RmArgs, SetArgs, ShowArgs,
};
use crate::inventory::add::NodeTemplate;
use crate::inventory::edit::{Edit, EditError};
use crate::inventory::import::{Conflict, InputFormat};
use std::path::PathBuf;

/// A kind of record, including the ones that live in cluster.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindSel {
    /// nodes/
    Node,
    /// bmcs/
    Bmc,
    /// groups/
    Group,
    /// tenants/
    Tenant,
    /// cluster.yaml networks
    Network,
    /// cluster.yaml boot profiles
    Profile,
    /// images/ recipes
    Image,
    /// cluster.yaml's own settings
    Cluster,
    /// pdus/
    Pdu,
}

impl KindSel {
    /// The word for `--kind` and messages.
    pub fn label(self) -> &'static str {
        match self {
            KindSel::Node => "node",
            KindSel::Bmc => "bmc",
            KindSel::Group => "group",
            KindSel::Tenant => "tenant",
            KindSel::Network => "network",
            KindSel::Profile => "profile",
            KindSel::Image => "image",
            KindSel::Cluster => "cluster",
            KindSel::Pdu => "pdu",
        }
    }
}

impl std::fmt::Display for KindSel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl From<KindArg> for KindSel {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Node => KindSel::Node,
            KindArg::Bmc => KindSel::Bmc,
            KindArg::Group => KindSel::Group,
            KindArg::Tenant => KindSel::Tenant,
            KindArg::Network => KindSel::Network,
            KindArg::Profile => KindSel::Profile,
            KindArg::Image => KindSel::Image,
            KindArg::Cluster => KindSel::Cluster,
            KindArg::Pdu => KindSel::Pdu,
        }
    }
}

/// `inventory list`.
#[derive(Debug, Clone)]
pub struct ListSettings {
    /// Selection expression (nodes only).
    pub select: Option<String>,
    /// Which records.
    pub kind: KindSel,
    /// Output format.
    pub format: ListFormat,
}

impl From<ListArgs> for ListSettings {
    fn from(a: ListArgs) -> Self {
        ListSettings {
            select: a.select.or(a.expr),
            kind: a.kind.into(),
            format: a.output.into(),
        }
    }
}

/// `inventory show`.
#[derive(Debug, Clone)]
pub struct ShowSettings {
    /// Record name (none for the cluster).
    pub name: Option<String>,
    /// Kind, when given.
    pub kind: Option<KindSel>,
    /// Effective values with sources.
    pub resolved: bool,
    /// Output format.
    pub format: ShowFormat,
}

impl From<ShowArgs> for ShowSettings {
    fn from(a: ShowArgs) -> Self {
        ShowSettings {
            name: a.name,
            kind: a.kind.map(Into::into),
            resolved: a.resolved,
            format: a.output.into(),
        }
    }
}

/// How a writing command behaves.
#[derive(Debug, Clone, Copy)]
pub struct WriteMode {
    /// Change nothing; say what would change.
    pub dry_run: bool,
    /// Write even when lint errors would be added.
    pub force: bool,
}

/// `inventory add`.
#[derive(Debug, Clone)]
pub struct AddSettings {
    /// The nodeset of new records' names.
    pub expr: String,
    /// Which kind.
    pub kind: KindSel,
    /// Fields of the new records, in order.
    pub edits: Vec<Edit>,
    /// The node-only flags given (refused for other kinds).
    pub node_flags: Vec<&'static str>,
    /// What each new node gets.
    pub template: NodeTemplate,
    /// One list file instead of one file per node.
    pub file: Option<PathBuf>,
    /// Dry run / force.
    pub mode: WriteMode,
}

impl TryFrom<AddArgs> for AddSettings {
    type Error = EditError;
    fn try_from(a: AddArgs) -> Result<Self, EditError> {
        let given = |flag: &'static str, set: bool| set.then_some(flag);
        let node_flags = [
            given("--ip", a.ip.is_some()),
            given("--mac", a.mac.is_some()),
            given("--iface", a.iface != "eth0"),
            given("--network", a.network.is_some()),
            given("--group", !a.group.is_empty()),
            given("--role", a.role.is_some()),
            given("--subrole", a.subrole.is_some()),
            given("--arch", a.arch.is_some()),
            given("--nid", a.nid.is_some()),
            given("--xname", a.xname.is_some()),
            given("--profile", a.profile.is_some()),
            given("--label", !a.label.is_empty()),
            given("--bmc-ip", a.bmc_ip.is_some()),
            given("--file", a.file.is_some()),
        ]
        .into_iter()
        .flatten()
        .collect();
        Ok(AddSettings {
            expr: a.expr,
            kind: a.kind.into(),
            edits: parse_edits(&a.assignments, &[])?,
            node_flags,
            template: NodeTemplate {
                ip: a.ip,
                mac: a.mac,
                iface: a.iface,
                network: a.network,
                groups: a.group,
                role: a.role,
                subrole: a.subrole,
                arch: a.arch,
                nid: a.nid,
                xname: a.xname,
                profile: a.profile,
                labels: a.label,
                bmc_ip: a.bmc_ip,
                bmc_mac: a.bmc_mac,
                bmc_network: a.bmc_network,
                bmc_name: a.bmc_name,
            },
            file: a.file,
            mode: WriteMode {
                dry_run: a.dry_run,
                force: a.force,
            },
        })
    }
}

/// Parses assignments, then unsets, in order.
fn parse_edits(assignments: &[String], unset: &[String]) -> Result<Vec<Edit>, EditError> {
    let mut edits = assignments
        .iter()
        .map(|s| Edit::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    edits.extend(unset.iter().map(|k| Edit::unset(k)));
    Ok(edits)
}

/// `inventory set`.
#[derive(Debug, Clone)]
pub struct SetSettings {
    /// Selection (nodes) or names; none for the cluster.
    pub expr: Option<String>,
    /// Which kind.
    pub kind: KindSel,
    /// Parsed edits, in order.
    pub edits: Vec<Edit>,
    /// Dry run / force.
    pub mode: WriteMode,
}

impl TryFrom<SetArgs> for SetSettings {
    type Error = EditError;
    fn try_from(a: SetArgs) -> Result<Self, EditError> {
        let kind: KindSel = a.kind.into();
        let mut assignments = a.assignments;
        let mut expr = a.expr;
        // The cluster has no name: `set --kind cluster KEY=VALUE…` (a name is accepted).
        if kind == KindSel::Cluster && expr.as_deref().is_some_and(|e| e.contains('=')) {
            assignments.insert(0, expr.take().unwrap_or_default());
        }
        Ok(SetSettings {
            expr,
            kind,
            edits: parse_edits(&assignments, &a.unset)?,
            mode: WriteMode {
                dry_run: a.dry_run,
                force: a.force,
            },
        })
    }
}

/// `inventory rm`.
#[derive(Debug, Clone)]
pub struct RmSettings {
    /// Selection (nodes) or names.
    pub expr: String,
    /// Which kind.
    pub kind: KindSel,
    /// Nodes: their BMC records too.
    pub with_bmc: bool,
    /// Dry run / force.
    pub mode: WriteMode,
}

impl From<RmArgs> for RmSettings {
    fn from(a: RmArgs) -> Self {
        RmSettings {
            expr: a.expr,
            kind: a.kind.into(),
            with_bmc: a.with_bmc,
            mode: WriteMode {
                dry_run: a.dry_run,
                force: a.force,
            },
        }
    }
}

/// `inventory lint`.
#[derive(Debug, Clone)]
pub struct LintSettings {
    /// Output format.
    pub format: LintFormat,
    /// Warnings fail too.
    pub deny_warnings: bool,
    /// Lint in full even when nothing changed (the memo is neither read nor kept).
    pub fresh: bool,
}

impl From<LintArgs> for LintSettings {
    fn from(a: LintArgs) -> Self {
        LintSettings {
            format: a.format.into(),
            deny_warnings: a.deny_warnings,
            fresh: a.fresh,
        }
    }
}

/// `inventory fmt`.
#[derive(Debug, Clone)]
pub struct FmtSettings {
    /// Only check.
    pub check: bool,
}

impl From<FmtArgs> for FmtSettings {
    fn from(a: FmtArgs) -> Self {
        FmtSettings { check: a.check }
    }
}

/// `inventory import`.
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// File, or None for stdin.
    pub file: Option<PathBuf>,
    /// Input format.
    pub format: InputFormat,
    /// Conflict policy.
    pub conflict: Conflict,
    /// Dry run / force.
    pub mode: WriteMode,
}

impl From<ImportArgs> for ImportSettings {
    fn from(a: ImportArgs) -> Self {
        ImportSettings {
            file: (a.file != "-").then(|| PathBuf::from(a.file)),
            format: match a.format {
                ImportFormat::Auto => InputFormat::Auto,
                ImportFormat::Jsonl => InputFormat::Jsonl,
                ImportFormat::Ochami => InputFormat::Ochami,
            },
            conflict: match a.on_conflict {
                OnConflict::Error => Conflict::Error,
                OnConflict::Skip => Conflict::Skip,
                OnConflict::Replace => Conflict::Replace,
                OnConflict::Merge => Conflict::Merge,
            },
            mode: WriteMode {
                dry_run: a.dry_run,
                force: a.force,
            },
        }
    }
}

/// `inventory export`.
#[derive(Debug, Clone)]
pub struct ExportSettings {
    /// Output format.
    pub format: ExportFormat,
}

impl From<ExportArgs> for ExportSettings {
    fn from(a: ExportArgs) -> Self {
        ExportSettings {
            format: a.output.into(),
        }
    }
}
