//! `chami bootgen`.

use super::WriteModeArgs;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `chami bootgen`.
#[derive(Debug, Args)]
pub struct BootgenArgs {
    /// Output folder: the document root of the web server nodes boot from.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// --check, --diff, --dry-run.
    #[command(flatten)]
    pub mode: WriteModeArgs,
    /// Put each node's cloud-init token in its seed URL (`cloud-init/NAME/TOKEN/`), for
    /// `chami serve --token-secret` with the same secret file (mode 0600).
    ///
    /// The tree then holds every node's token: anyone who can read the tree, or fetch
    /// from the web server that serves it (the scripts are at guessable paths,
    /// ipxe/MAC.ipxe and nodes/NAME.ipxe), can read every node's seed, user-data
    /// included. Serve such a tree only with per-node access control (each node may fetch
    /// its own scripts only), or let `chami serve` answer the scripts: it gives a node's
    /// token to that node only.
    #[arg(long, value_name = "FILE", env = "CHAMI_TOKEN_SECRET")]
    pub token_secret: Option<PathBuf>,
}
