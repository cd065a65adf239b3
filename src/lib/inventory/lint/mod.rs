//! `chami inventory lint`: every rule, run over a loaded inventory, reporting all findings
//! at once with the file, line and record each is about.

mod addresses;
mod boot;
mod boot_servers;
mod context;
mod desired_state;
mod fabrics;
mod fingerprints;
mod grouping;
mod images;
mod memo;
mod names;
mod pdus;
mod power_programs;
mod published_names;
mod references;
mod run;
pub(crate) mod secrets;
mod tenant_commands;
mod unsafe_devices;
mod unsafe_values;
mod url_scan;
mod vms;

pub use context::LintContext;
pub use memo::{Answer, LintMemo};
pub use names::{is_group_name, is_host_name};
pub use run::{lint, lint_inventory, Report, RULES};
