//! Commands whose implementation is still to come: they accept any arguments and say so.

use clap::{Args, Subcommand};

/// Arguments of a command that is not implemented yet.
#[derive(Debug, Args)]
pub struct PendingArgs {
    /// Arguments (ignored until the command exists).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// `chami image`.
#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Build an image from a recipe.
    Build(PendingArgs),
}
