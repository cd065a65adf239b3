//! Resolved settings of `chami secrets`, and the age identity every command that reads
//! a secrets file uses: `--identity`, else `$CHAMI_AGE_IDENTITY`.

use crate::cli::{
    RecipientArgs, ReportFormat, SecretsCommand, SecretsFileArgs, SecretsListArgs, SecretsNameArgs,
    SecretsRmArgs, SecretsSetArgs,
};
use std::path::PathBuf;

/// The age identity file: the flag, else `$CHAMI_AGE_IDENTITY` (when set and not empty).
pub fn age_identity(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| {
        std::env::var_os("CHAMI_AGE_IDENTITY")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// What `chami secrets` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretsAction {
    /// Add or replace an entry; the password is read at run time.
    Set {
        /// Entry name.
        name: String,
        /// User name.
        username: String,
    },
    /// Print a password.
    Get(String),
    /// List names and user names.
    List {
        /// As JSON.
        json: bool,
    },
    /// Remove an entry.
    Rm(String),
}

/// `chami secrets …`.
#[derive(Debug, Clone)]
pub struct SecretsSettings {
    /// The secrets file.
    pub file: PathBuf,
    /// The age identity file.
    pub identity: Option<PathBuf>,
    /// Extra recipients (age1…) to encrypt to.
    pub recipients: Vec<String>,
    /// What to do.
    pub action: SecretsAction,
}

impl SecretsSettings {
    fn new(file: SecretsFileArgs, to: Option<RecipientArgs>, action: SecretsAction) -> Self {
        SecretsSettings {
            file: file.secrets,
            identity: age_identity(file.identity),
            recipients: to.map(|t| t.recipients).unwrap_or_default(),
            action,
        }
    }
}

impl From<SecretsCommand> for SecretsSettings {
    fn from(c: SecretsCommand) -> Self {
        match c {
            SecretsCommand::Set(SecretsSetArgs {
                name,
                username,
                to,
                file,
            }) => Self::new(file, Some(to), SecretsAction::Set { name, username }),
            SecretsCommand::Get(SecretsNameArgs { name, file }) => {
                Self::new(file, None, SecretsAction::Get(name))
            }
            SecretsCommand::List(SecretsListArgs { output, file }) => Self::new(
                file,
                None,
                SecretsAction::List {
                    json: output == ReportFormat::Json,
                },
            ),
            SecretsCommand::Rm(SecretsRmArgs { name, to, file }) => {
                Self::new(file, Some(to), SecretsAction::Rm(name))
            }
        }
    }
}
