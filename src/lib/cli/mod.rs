//! The command line, as clap structs. Doc comments are the help text and the man pages.
//! Nothing below this folder and commands/ knows about clap.

mod ansible;
mod ansible_script;
mod args;
mod bmc;
mod bootgen;
mod build;
mod complete;
mod dhcp_export;
mod discover;
mod doctor;
mod hostlist;
mod image;
mod init;
mod inventory;
mod pdu;
mod redfish;
mod render;
mod report_format;
mod secrets;
mod serve;
mod status;
mod write_mode;

pub use ansible::AnsibleInventoryArgs;
pub use ansible_script::{parse_script_args, ScriptArgs, ScriptUsageError, SCRIPT_USAGE};
pub use args::{Cli, ColorChoice, Command, GenerateArgs, GenerateWhat, GlobalArgs};
pub use bmc::{
    ApplyArgs, BiosCommand, BiosGetArgs, BiosSetArgs, BmcCommand, FirmwareApplyArgs,
    FirmwareCommand, FirmwareUpdateArgs, FleetArgs, PlanArgs, PowerActionArg, PowerArgs,
};
pub use bootgen::BootgenArgs;
pub use build::BuildArgs;
pub use dhcp_export::{DhcpExportArgs, DhcpFormatArg};
pub use discover::{CollectArgs, DiscoverCommand, ScanArgs};
pub use doctor::DoctorArgs;
pub use hostlist::HostlistArgs;
pub use image::{
    CacheArgs, ImageBuildArgs, ImageCommand, ImageListArgs, ImageListFormat, ImagePruneArgs,
    ImageRmArgs,
};
pub use init::InitArgs;
pub use inventory::{
    AddArgs, ExportArgs, ExportFormat, FmtArgs, ImportArgs, ImportFormat, InventoryCommand,
    KindArg, LintArgs, LintFormat, ListArgs, ListFormat, OnConflict, RmArgs, SetArgs, ShowArgs,
    ShowFormat,
};
pub use pdu::{OutletActionArg, PduCollectArgs, PduCommand, PduPowerArgs};
pub use redfish::{AuthArg, ConnectionArgs};
pub use render::RenderArgs;
pub use report_format::ReportFormat;
pub use secrets::{
    RecipientArgs, SecretsCommand, SecretsFileArgs, SecretsListArgs, SecretsNameArgs,
    SecretsRmArgs, SecretsSetArgs,
};
pub use serve::ServeArgs;
pub use status::StatusArgs;
pub use write_mode::WriteModeArgs;
