//! `chami status`.

use super::ReportFormat;
use clap::Args;

/// How the node states are derived, for `chami status --help`.
const STATES: &str = "\
States, from each node's latest events in the state folder:
  unknown     nothing recorded
  off         the BMC's last reading, newer than any boot event, is Off
  halted      that reading is Paused
  on          powered on, no boot seen since
  booting     boot script fetched (serve: /ipxe/MAC.ipxe, /nodes/NAME.ipxe,
              /boot/v1/bootscript), nothing after it yet
  kernel      its kernel or initrd fetched from --files since the script
  root        its root image fetched since the script
  configured  a cloud-init seed file fetched since the script

Only requests from the node's own address (or forwarded by a --trusted-proxy) for its
own things count. The state file is events.jsonl in the state folder: one JSON event
per line, compacted to the last event per node and kind when it passes
CHAMI_STATE_MAX_BYTES (default 64 MiB).";

/// Arguments of `chami status`.
#[derive(Debug, Args)]
#[command(after_long_help = STATES)]
pub struct StatusArgs {
    /// Nodes to show (nodeset, @group, attribute selectors; default: all).
    #[arg(value_name = "EXPR", add = super::complete::selection())]
    pub expr: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}
