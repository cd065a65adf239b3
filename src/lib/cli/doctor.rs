//! `chami doctor`.

use super::ReportFormat;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `chami doctor`.
#[derive(Debug, Args)]
#[command(after_long_help = "\
Checks, each ok, warn, fail or skip with what to do:
  inventory     every file loads; lint errors fail, warnings warn
  outputs       cluster.yaml has outputs: and every one is up to date (as build --check)
  boot files    every kernel, initrd and root image an enabled node boots from is under
                --files DIR (skipped without it)
  program X     the programs that read the outputs are installed (dnsmasq, kea-dhcp4,
                dhcpd, powermand, conmand, nodeattr, nodeset, slurmctld)
  boot server   something answers on each boot server address of cluster.yaml that is
                this host's
  DHCP server   something listens on udp/67 (when a dhcp-export output exists)

Exit status: 0 when nothing fails (warnings included), 1 when a check fails.

EXAMPLES
  chami doctor --files /srv/boot
  chami doctor -o json | jq '.[] | select(.status != \"ok\")'")]
pub struct DoctorArgs {
    /// The boot files folder (as given to `chami serve --files`), to check that every
    /// file the enabled nodes boot from is there.
    #[arg(long, value_name = "DIR")]
    pub files: Option<PathBuf>,
    /// A table, or a JSON array of checks on stdout.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}
