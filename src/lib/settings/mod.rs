//! One resolved settings value per command, made from the clap structs: flags merged with
//! the environment and defaults, clap's enums turned into plain ones.

mod ansible;
mod bmc;
mod bootgen;
mod build;
mod caches;
mod dhcp_export;
mod discover;
mod doctor;
mod generate;
mod global;
mod hostlist;
mod image;
mod init;
mod inventory;
mod inventory_format;
mod output_mode;
mod pdu;
mod redfish;
mod render;
mod secrets;
mod serve;
mod status;

pub use ansible::{AnsibleInventorySettings, ScriptSettings};
pub use bmc::{BmcAction, BmcSettings, FleetSettings};
pub use bootgen::BootgenSettings;
pub use build::BuildSettings;
pub use caches::{caches_dir, user_cache_dir};
pub use dhcp_export::DhcpExportSettings;
pub use discover::{CollectSettings, ScanSettings};
pub use doctor::DoctorSettings;
pub use generate::{GenerateSettings, Generated};
pub use global::{GlobalSettings, INVENTORY_ENV};
pub use hostlist::{HostlistMode, HostlistSettings};
pub use image::{ImageBuildSettings, ImageCacheSettings};
pub use init::InitSettings;
pub use inventory::{
    AddSettings, ExportSettings, FmtSettings, ImportSettings, KindSel, LintSettings, ListSettings,
    RmSettings, SetSettings, ShowSettings, WriteMode,
};
pub use inventory_format::{ExportFormat, LintFormat, ListFormat, ShowFormat};
pub use output_mode::OutputMode;
pub use pdu::{PduCollectSettings, PduPowerSettings};
pub use redfish::ConnectionSettings;
pub use render::{RenderAction, RenderDest, RenderSettings};
pub use secrets::{age_identity, SecretsAction, SecretsSettings};
pub use serve::ServeSettings;
pub use status::{StateSettings, StatusSettings};
