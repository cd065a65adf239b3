//! `chami hostlist`.

use clap::{ArgGroup, Args};

/// Arguments of `chami hostlist`. Several expressions are united, as `nodeset` does.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("mode").args(["expand", "fold", "count", "slurm"])))]
pub struct HostlistArgs {
    /// Nodeset expressions: `nid[001-128]`, `r[1-2]n[01-48]`, operators `,` `!` `&` `^`,
    /// `@group` and `key=value` selectors (these read the inventory). `-` or none reads
    /// stdin, one expression a line.
    #[arg(value_name = "EXPR", allow_hyphen_values = true, add = super::complete::selection())]
    pub exprs: Vec<String>,
    /// Print every name.
    #[arg(short, long)]
    pub expand: bool,
    /// Print the folded form (the default).
    #[arg(short, long)]
    pub fold: bool,
    /// Print the number of names.
    #[arg(short, long)]
    pub count: bool,
    /// Print a fold Slurm can parse: only the last numeric axis is folded.
    #[arg(long)]
    pub slurm: bool,
    /// Separator for --expand.
    #[arg(short = 'S', long, default_value = " ", value_name = "SEP")]
    pub separator: String,
}
