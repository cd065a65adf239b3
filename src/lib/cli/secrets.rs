//! `chami secrets set|get|list|rm`: the BMC secrets file, plain or age-encrypted.

use super::ReportFormat;
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `chami secrets`.
#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Add or replace an entry (a BMC name, address, a bmc record's `credentials:` name,
    /// or `default`). The password is read from stdin, or asked at the terminal: never
    /// given as an argument.
    Set(SecretsSetArgs),
    /// Print an entry's password: the only command that prints one.
    Get(SecretsNameArgs),
    /// List the entries: names and user names, never passwords.
    List(SecretsListArgs),
    /// Remove an entry.
    Rm(SecretsRmArgs),
}

/// The secrets file and the age keys that open and seal it.
#[derive(Debug, Args)]
pub struct SecretsFileArgs {
    /// The secrets file (YAML, or age-encrypted YAML). Written mode 0600; must be outside
    /// the inventory.
    #[arg(long, value_name = "FILE", env = "CHAMI_SECRETS")]
    pub secrets: PathBuf,
    /// age identity file (X25519 `AGE-SECRET-KEY-1…` lines, as age-keygen writes them)
    /// that opens an encrypted secrets file (default: $CHAMI_AGE_IDENTITY). Must be mode
    /// 0600.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
}

/// Who an encrypted file is written for.
#[derive(Debug, Args)]
pub struct RecipientArgs {
    /// Encrypt the file to this age public key (age1…) as well as to the identity's own
    /// key; repeat for several. A file is written encrypted when it was, or when
    /// --identity or --recipient is given for a new one.
    #[arg(long = "recipient", short = 'r', value_name = "AGE1…")]
    pub recipients: Vec<String>,
}

/// Arguments of `chami secrets set`.
#[derive(Debug, Args)]
pub struct SecretsSetArgs {
    /// The entry.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// BMC user name.
    #[arg(short = 'u', long, value_name = "USER")]
    pub username: String,
    /// Who it is encrypted to.
    #[command(flatten)]
    pub to: RecipientArgs,
    /// The file.
    #[command(flatten)]
    pub file: SecretsFileArgs,
}

/// Arguments of `chami secrets get`.
#[derive(Debug, Args)]
pub struct SecretsNameArgs {
    /// The entry.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The file.
    #[command(flatten)]
    pub file: SecretsFileArgs,
}

/// Arguments of `chami secrets rm`.
#[derive(Debug, Args)]
pub struct SecretsRmArgs {
    /// The entry.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Who it is encrypted to.
    #[command(flatten)]
    pub to: RecipientArgs,
    /// The file.
    #[command(flatten)]
    pub file: SecretsFileArgs,
}

/// Arguments of `chami secrets list`.
#[derive(Debug, Args)]
pub struct SecretsListArgs {
    /// A table, or a JSON list of {name, username}.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
    /// The file.
    #[command(flatten)]
    pub file: SecretsFileArgs,
}
