//! One module per subcommand: resolved settings in, library calls, output out.

mod ansible_inventory;
mod at_exit;
mod bmc;
mod bmc_preflight;

mod bootgen;
mod build;
mod dhcp_export;
mod discover_check;
mod discover_collect;
mod discover_scan;
mod dispatch;
mod doctor;
mod generate;
mod hostlist;
mod image_build;
mod image_list;
mod image_remove;
mod init;
mod inventory_add;
mod inventory_export;
mod inventory_fmt;
mod inventory_import;
mod inventory_lint;
mod inventory_list;
mod inventory_record;
mod inventory_rm;
mod inventory_set;
mod inventory_show;
mod lint_gate;
mod loading;
mod outputs_report;
mod password_input;
mod redfish_setup;
mod render;
mod secrets;
mod serve;
mod state_folder;
mod status;
mod write_flow;

pub use ansible_inventory::run_script as run_ansible_script;
pub use dispatch::dispatch;
