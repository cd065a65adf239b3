//! The command line, as clap structs. Doc comments are the help text and the man pages.
//! Nothing below this folder and commands/ knows about clap.

mod ansible;
mod args;
mod bootgen;
mod build;
mod dhcp_export;
mod hostlist;
mod init;
mod inventory;
mod pending;
mod render;
mod write_mode;

pub use ansible::AnsibleInventoryArgs;
pub use args::{Cli, ColorChoice, Command, GenerateArgs, GenerateWhat, GlobalArgs};
pub use bootgen::BootgenArgs;
pub use build::BuildArgs;
pub use dhcp_export::{DhcpExportArgs, DhcpFormatArg};
pub use hostlist::HostlistArgs;
pub use init::InitArgs;
pub use inventory::{
    AddArgs, ExportArgs, ExportFormat, FmtArgs, ImportArgs, ImportFormat, InventoryCommand,
    KindArg, LintArgs, LintFormat, ListArgs, ListFormat, OnConflict, RmArgs, SetArgs, ShowArgs,
    ShowFormat,
};
pub use pending::{BmcCommand, DiscoverCommand, ImageCommand, PendingArgs};
pub use render::RenderArgs;
pub use write_mode::WriteModeArgs;
