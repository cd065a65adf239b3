//! Settings of `chami generate`.

use crate::cli::{GenerateArgs, GenerateWhat};
use std::path::PathBuf;

/// What `chami generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generated {
    /// The man pages.
    Man,
    /// The shell completions.
    Completions,
}

/// `chami generate`.
#[derive(Debug, Clone)]
pub struct GenerateSettings {
    /// What to write.
    pub what: Generated,
    /// The output folder.
    pub out: PathBuf,
}

impl From<GenerateArgs> for GenerateSettings {
    fn from(a: GenerateArgs) -> Self {
        GenerateSettings {
            what: match a.what {
                GenerateWhat::Man => Generated::Man,
                GenerateWhat::Completions => Generated::Completions,
            },
            out: a.out,
        }
    }
}
