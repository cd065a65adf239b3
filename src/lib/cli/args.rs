//! The top-level command, global flags and the subcommand tree.

use super::{
    AnsibleInventoryArgs, BmcCommand, BootgenArgs, BuildArgs, DhcpExportArgs, DiscoverCommand,
    DoctorArgs, HostlistArgs, ImageCommand, InitArgs, InventoryCommand, PduCommand, RenderArgs,
    SecretsCommand, ServeArgs, StatusArgs,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Exit status:
  0    success
  1    findings: lint errors, --check found a difference, some hosts failed
  2    usage or input error (the message says which file, line and record)
  130  interrupted (SIGINT)

The inventory folder is -C DIR, else $CHAMI_INVENTORY, else the first folder holding
cluster.yaml walking up from the current directory.";

/// Provision and manage HPC/AI clusters from a git-tracked YAML inventory.
///
/// chami replaces the OpenCHAMI services with composable tools over an inventory folder:
/// discover BMCs over Redfish, keep nodes in YAML under git, render cluster config files,
/// generate DHCP configs and iPXE boot scripts, and serve them at boot time.
#[derive(Debug, Parser)]
#[command(name = "chami", version, about, long_about, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding
    /// cluster.yaml walking up from the current directory).
    #[arg(
        short = 'C',
        long = "inventory",
        value_name = "DIR",
        env = "CHAMI_INVENTORY",
        global = true
    )]
    pub inventory: Option<PathBuf>,
    /// Print nothing on stderr but errors; no progress bars.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more on stderr about what is done (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The node state folder, written by `serve` and `bmc power status`, read by
    /// `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside
    /// the inventory).
    #[arg(long, value_name = "DIR", env = "CHAMI_STATE_DIR", global = true)]
    pub state_dir: Option<PathBuf>,
    /// When to color messages; NO_COLOR in the environment means never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// When to use color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// chami's commands.
// Parsed once per run: the size difference of the variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new inventory folder with a commented starter cluster.yaml.
    Init(InitArgs),
    /// List, show, add, change, remove, lint, format, import and export inventory records.
    #[command(subcommand, visible_alias = "inv", after_long_help = include_str!("inventory_format.txt"))]
    Inventory(InventoryCommand),
    /// Expand, fold and count nodesets (ClusterShell syntax, @groups, attribute selectors).
    Hostlist(HostlistArgs),
    /// Find Redfish BMCs on the network and collect their hardware inventory.
    #[command(subcommand)]
    Discover(DiscoverCommand),
    /// Power, BIOS and firmware operations across a fleet of BMCs.
    #[command(subcommand)]
    Bmc(BmcCommand),
    /// The BMC secrets file, plain or age-encrypted: set, get, list and remove entries.
    #[command(subcommand)]
    Secrets(SecretsCommand),
    /// Power through Redfish PDU outlets, and collect PDUs into pdus/ records.
    #[command(subcommand)]
    Pdu(PduCommand),
    /// Render cluster config files (hosts, genders, Slurm, powerman …) from the inventory.
    Render(RenderArgs),
    /// Write the static boot tree: per-MAC iPXE scripts and cloud-init seeds.
    Bootgen(BootgenArgs),
    /// Write DHCP server configs (dnsmasq, Kea, ISC dhcpd) from the inventory.
    DhcpExport(DhcpExportArgs),
    /// Lint, then produce every output listed in cluster.yaml (the cron job).
    #[command(after_long_help = include_str!("build_help.txt"))]
    Build(BuildArgs),
    /// Serve boot scripts, cloud-init data and boot files over HTTP.
    Serve(ServeArgs),
    /// Each node's state: boot progress seen by `serve`, power seen by `bmc power status`.
    Status(StatusArgs),
    /// Check that the cluster works from here: inventory, outputs, boot files, the
    /// programs that read the outputs, the servers listening.
    Doctor(DoctorArgs),
    /// Ansible dynamic inventory (--list, --host NAME).
    AnsibleInventory(AnsibleInventoryArgs),
    /// Build boot images from recipes.
    #[command(subcommand)]
    Image(ImageCommand),
    /// Generate the man pages and shell completions (for packagers and this repository).
    #[command(hide = true)]
    Generate(GenerateArgs),
}

/// Arguments of `chami generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to generate.
    #[arg(value_enum)]
    pub what: GenerateWhat,
    /// Output folder.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
}

/// What `chami generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateWhat {
    /// man pages (roff), one per command.
    Man,
    /// bash, zsh and fish completions.
    Completions,
}
