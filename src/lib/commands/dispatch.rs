//! From the parsed command line to the command that runs it.

use crate::cli::{Command, DiscoverCommand, ImageCommand, InventoryCommand, PduCommand};
use crate::exit::ExitStatus;
use crate::settings::{AddSettings, GlobalSettings, SetSettings};

/// Runs one command.
pub fn dispatch(command: Command, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    use super::*;
    match command {
        Command::Init(a) => init::run(a.into(), global),
        Command::Inventory(sub) => match sub {
            InventoryCommand::List(a) => inventory_list::run(a.into(), global),
            InventoryCommand::Show(a) => inventory_show::run(a.into(), global),
            InventoryCommand::Add(a) => inventory_add::run(AddSettings::try_from(a)?, global),
            InventoryCommand::Set(a) => inventory_set::run(SetSettings::try_from(a)?, global),
            InventoryCommand::Rm(a) => inventory_rm::run(a.into(), global),
            InventoryCommand::Lint(a) => inventory_lint::run(a.into(), global),
            InventoryCommand::Fmt(a) => inventory_fmt::run(a.into(), global),
            InventoryCommand::Import(a) => inventory_import::run(a.into(), global),
            InventoryCommand::Export(a) => inventory_export::run(a.into(), global),
        },
        Command::Hostlist(a) => hostlist::run(a.into(), global),
        Command::Generate(a) => generate::run(a.into(), global),
        Command::Discover(DiscoverCommand::Scan(a)) => discover_scan::run(a.try_into()?, global),
        Command::Discover(DiscoverCommand::Collect(a)) => {
            discover_collect::run(a.try_into()?, global)
        }
        Command::Bmc(sub) => bmc::run(sub.try_into()?, global),
        Command::Secrets(sub) => secrets::run(sub.into(), global),
        Command::Pdu(PduCommand::Power(a)) => pdu_power::run(a.try_into()?, global),
        Command::Pdu(PduCommand::Collect(a)) => pdu_collect::run(a.try_into()?, global),
        Command::Image(ImageCommand::Build(a)) => image_build::run(a.into(), global),
        Command::Image(ImageCommand::List(a)) => image_list::run(a.into(), global),
        Command::Image(ImageCommand::Rm(a)) => image_remove::rm(a.into(), global),
        Command::Image(ImageCommand::Prune(a)) => image_remove::prune(a.into(), global),
        Command::Render(a) => render::run(a.into(), global),
        Command::Bootgen(a) => bootgen::run(a.into(), global),
        Command::DhcpExport(a) => dhcp_export::run(a.into(), global),
        Command::Build(a) => build::run(a.into(), global),
        Command::Serve(a) => serve::run(a.into(), global),
        Command::Status(a) => status::run(a.into(), global),
        Command::Doctor(a) => doctor::run(a.into(), global),
        Command::AnsibleInventory(a) => ansible_inventory::run(a.into(), global),
    }
}
