//! `chami inventory …`.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The inventory subcommands.
// Parsed once per run: the size difference of the variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// List records (nodes by default), selected by a nodeset expression.
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show one record, or a node's effective values and where each came from.
    Show(ShowArgs),
    /// Add records: nodes (expand EXPR into one record per node, one file each, like `wwctl
    /// node add`), or with --kind any other kind, its fields given as KEY=VALUE.
    ///
    /// Values ending in `+` increase by one per record, in nodeset order (ip, mac, nid and
    /// keys ending in .ip or .mac):
    /// `chami inventory add 'nid[0001-1024]' --ip 10.0.0.11+ --mac 02:00:00:00:00:01+
    /// --group compute --role Compute --bmc-ip 10.1.0.11+`
    ///
    /// Other kinds take the same KEY=VALUE as `set` (nodes take them too, after the flags):
    /// `chami inventory add --kind group compute profile=rocky9 vars.ntp=10.0.0.1`,
    /// `chami inventory add --kind bmc 'cn[01-04]-bmc' kind=redfish ip=10.1.0.11+`,
    /// `chami inventory add --kind network ib cidr=10.2.0.0/16 fabric=infiniband`,
    /// `chami inventory add --kind profile rocky9 kind=diskless image=rocky9`,
    /// `chami inventory add --kind image rocky9 base=bookworm packages=openssh-server,chrony`.
    Add(AddArgs),
    /// Change fields of records: KEY=VALUE, KEY+=VALUE (add to a list), KEY-=VALUE, --unset KEY.
    ///
    /// Nodes (the default): EXPR selects them; keys: role, subrole, arch, enabled, nid, xname,
    /// bmc, groups, profile (boot.profile), labels.KEY, vars.KEY (the value is read as YAML),
    /// boot.overrides.{kernel,initrd,rootfs,params}, interfaces.NAME.{mac,permanent_mac,ip,network,fabric,guid,vlan,link,mtu,boot},
    /// and ip, mac, network (the boot interface's).
    ///
    /// Other kinds (--kind): EXPR names the records (a nodeset of names); every field of the
    /// record format is a key, dotted into maps and lists (`vars.ntp`, `labels.rack`,
    /// `boot.profile`, `dynamic_range.start`); list items by number from 0, by their name,
    /// kind or target, or its first word (`outputs.dhcp.path` for the dhcp-export output).
    /// A value is read as YAML, then as text, then as a comma-separated list. Groups take
    /// `profile` for `boot.profile`. Cluster settings (cluster.yaml) need no name:
    /// `chami inventory set --kind group compute profile=rocky9 vars.ntp=10.0.0.1`,
    /// `chami inventory set --kind bmc cn01-bmc kind=ipmi`,
    /// `chami inventory set --kind network mgmt dns+=10.0.0.2`,
    /// `chami inventory set --kind cluster outputs.bootgen.path=/srv/tftp`,
    /// `chami inventory set --kind cluster 'outputs+={kind: bootgen, path: /srv/boot}'`.
    Set(SetArgs),
    /// Remove records (nodes by default). A group, BMC, tenant, network, boot profile or
    /// image that other records still name is refused, naming them (unless --force).
    Rm(RmArgs),
    /// Check the whole inventory; print every problem with file, line and record. Exit 1 on
    /// errors.
    Lint(LintArgs),
    /// Rewrite record files in the canonical layout (stable field order, sorted maps).
    Fmt(FmtArgs),
    /// Add records from JSON lines (as `export -o jsonl` writes) or an OpenCHAMI
    /// `ochami discover static` file (`nodes:` and `bmcs:`).
    Import(ImportArgs),
    /// Print the whole inventory as one JSON document, JSON lines or YAML.
    Export(ExportArgs),
}

/// Record kinds on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// nodes/
    Node,
    /// bmcs/
    Bmc,
    /// groups/
    Group,
    /// tenants/
    Tenant,
    /// networks in cluster.yaml
    Network,
    /// boot profiles in cluster.yaml
    Profile,
    /// images/: image recipes
    #[value(alias = "recipe")]
    Image,
    /// cluster.yaml's own settings (name, domain, boot_server, defaults, outputs …)
    Cluster,
    /// pdus/: Redfish PDUs and the node of each outlet
    Pdu,
}

/// Formats of `inventory list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table.
    Table,
    /// A JSON array of records.
    Json,
    /// A YAML list of records.
    Yaml,
    /// One name a line.
    Names,
    /// The names folded into one nodeset.
    Hostlist,
}

/// Arguments of `inventory list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Nodeset expression selecting nodes (`nid[01-16]`, `@compute`, `role=Compute`,
    /// combined with `,` `!` `&` `^`). Also accepted as a positional argument.
    #[arg(long, short = 's', value_name = "EXPR", add = super::complete::selection())]
    pub select: Option<String>,
    /// Positional selection, same as --select.
    #[arg(value_name = "EXPR", conflicts_with = "select", add = super::complete::selection())]
    pub expr: Option<String>,
    /// Which records.
    #[arg(long, short = 'k', value_enum, default_value_t = KindArg::Node)]
    pub kind: KindArg,
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = ListFormat::Table)]
    pub output: ListFormat,
}

/// Formats of `inventory show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// YAML (a table with --resolved).
    Text,
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// Arguments of `inventory show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Record name (none for --kind cluster).
    #[arg(required_unless_present = "kind", add = super::complete::selection())]
    pub name: Option<String>,
    /// Which kind of record (default: a node, else the first kind that has the name).
    #[arg(long, short = 'k', value_enum)]
    pub kind: Option<KindArg>,
    /// Show the node's effective values (cluster defaults < groups < node) and where each
    /// came from.
    #[arg(long, short = 'r')]
    pub resolved: bool,
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = ShowFormat::Text)]
    pub output: ShowFormat,
}

/// Arguments of `inventory add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Records to add, as a nodeset of names (`nid[0001-1024]`).
    pub expr: String,
    /// Fields of the new records: KEY=VALUE (as `set` takes them).
    #[arg(value_name = "KEY=VALUE")]
    pub assignments: Vec<String>,
    /// Which kind of record (the flags below apply to nodes only).
    #[arg(long, short = 'k', value_enum, default_value_t = KindArg::Node)]
    pub kind: KindArg,
    /// IP of the boot interface; `10.0.0.11+` counts up per node.
    #[arg(long, value_name = "IP[+]")]
    pub ip: Option<String>,
    /// MAC of the boot interface; `02:00:00:00:00:01+` counts up per node.
    #[arg(long, value_name = "MAC[+]")]
    pub mac: Option<String>,
    /// Name of the boot interface.
    #[arg(long, default_value = "eth0", value_name = "NAME")]
    pub iface: String,
    /// Network of the boot interface (default: the network that contains --ip).
    #[arg(long, value_name = "NAME")]
    pub network: Option<String>,
    /// Groups (repeat or comma-separate).
    #[arg(long, short = 'g', value_delimiter = ',', value_name = "GROUP")]
    pub group: Vec<String>,
    /// Role.
    #[arg(long)]
    pub role: Option<String>,
    /// Subrole.
    #[arg(long)]
    pub subrole: Option<String>,
    /// Architecture.
    #[arg(long)]
    pub arch: Option<String>,
    /// NID; `1+` counts up per node.
    #[arg(long, value_name = "N[+]")]
    pub nid: Option<String>,
    /// xnames, as a nodeset with as many names as nodes (`x1000c0s[0-7]b0n[0-1]`).
    #[arg(long, value_name = "EXPR")]
    pub xname: Option<String>,
    /// Boot profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Labels (KEY=VALUE, repeatable).
    #[arg(long, short = 'l', value_name = "KEY=VALUE")]
    pub label: Vec<String>,
    /// Also create one BMC record per node at this IP; `10.1.0.11+` counts up.
    #[arg(long, value_name = "IP[+]")]
    pub bmc_ip: Option<String>,
    /// MAC of each new BMC; `+` counts up.
    #[arg(long, value_name = "MAC[+]", requires = "bmc_ip")]
    pub bmc_mac: Option<String>,
    /// Network of the new BMCs (default: the network that contains --bmc-ip).
    #[arg(long, value_name = "NAME", requires = "bmc_ip")]
    pub bmc_network: Option<String>,
    /// Name of each new BMC; `{node}` is the node's name.
    #[arg(
        long,
        default_value = "{node}-bmc",
        value_name = "TEMPLATE",
        requires = "bmc_ip"
    )]
    pub bmc_name: String,
    /// Write all new nodes as a list into this one file under nodes/ instead of one file each.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Print what would be written; change nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Write even when the change would add lint errors.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `inventory set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Records to change: a selection expression for nodes, names for other kinds (none
    /// for --kind cluster).
    #[arg(value_name = "EXPR", add = super::complete::selection())]
    pub expr: Option<String>,
    /// Assignments: KEY=VALUE, KEY+=VALUE, KEY-=VALUE.
    #[arg(value_name = "KEY=VALUE")]
    pub assignments: Vec<String>,
    /// Remove a field, or a list item (repeatable).
    #[arg(long, value_name = "KEY")]
    pub unset: Vec<String>,
    /// Which kind of record.
    #[arg(long, short = 'k', value_enum, default_value_t = KindArg::Node)]
    pub kind: KindArg,
    /// Print what would be written; change nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Write even when the change would add lint errors.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `inventory rm`.
#[derive(Debug, Args)]
pub struct RmArgs {
    /// Records to remove: a selection expression for nodes, names for other kinds.
    #[arg(add = super::complete::selection())]
    pub expr: String,
    /// Which kind of record.
    #[arg(long, short = 'k', value_enum, default_value_t = KindArg::Node)]
    pub kind: KindArg,
    /// Print what would be removed; change nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Remove even when the change would add lint errors (dangling references).
    #[arg(long)]
    pub force: bool,
    /// Nodes: remove their BMC records too (a BMC that another node keeps stays).
    #[arg(long)]
    pub with_bmc: bool,
}

/// Formats of `inventory lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// `error[rule]: file:line: record: message` lines on stderr.
    Human,
    /// One JSON document on stdout.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`) on stdout.
    Github,
}

/// Arguments of `inventory lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Load and lint the inventory even when no file changed since the last lint (the
    /// last answer is kept in the cache and printed again otherwise).
    #[arg(long)]
    pub fresh: bool,
}

/// Arguments of `inventory fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Change nothing; list the files that are not in canonical layout and exit 1 if any.
    #[arg(long)]
    pub check: bool,
}

/// Input formats of `inventory import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Decide from the content.
    Auto,
    /// JSON lines, one record a line with a `kind` field (node, bmc, group, tenant, pdu).
    Jsonl,
    /// OpenCHAMI `ochami discover static` YAML/JSON (`nodes:`, `bmcs:`).
    Ochami,
}

/// What `inventory import` does with a record whose name exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnConflict {
    /// Stop with an error; change nothing.
    Error,
    /// Keep the existing record.
    Skip,
    /// Replace the existing record, in its file.
    Replace,
    /// Update the existing record with the fields the import sets; keep the others (lists
    /// of named items, like interfaces, merge item by item).
    Merge,
}

/// Arguments of `inventory import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// File to read; `-` or none reads stdin.
    #[arg(default_value = "-")]
    pub file: String,
    /// Input format.
    #[arg(long, short = 'f', value_enum, default_value_t = ImportFormat::Auto)]
    pub format: ImportFormat,
    /// What to do when a record of that name exists.
    #[arg(long, value_enum, default_value_t = OnConflict::Error)]
    pub on_conflict: OnConflict,
    /// Print what would be written; change nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Write even when the result would have lint errors.
    #[arg(long)]
    pub force: bool,
}

/// Formats of `inventory export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON document: cluster, nodes, bmcs, groups, tenants.
    Json,
    /// One record a line with a `kind` field (what `import` reads).
    Jsonl,
    /// One YAML document.
    Yaml,
}

/// Arguments of `inventory export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = ExportFormat::Json)]
    pub output: ExportFormat,
}
