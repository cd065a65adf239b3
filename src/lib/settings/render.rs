//! Settings of `chami render`.

use super::OutputMode;
use crate::cli::RenderArgs;
use std::path::PathBuf;

/// Where rendered files go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderDest {
    /// Into this folder.
    Dir(PathBuf),
    /// On stdout (one target).
    Stdout,
}

/// What `chami render` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderAction {
    /// Render targets and write them (or check, or dry-run).
    Render,
    /// Print the template context as JSON.
    Context,
    /// List the targets.
    List,
}

/// Resolved `render` settings.
#[derive(Debug, Clone)]
pub struct RenderSettings {
    /// What to do.
    pub action: RenderAction,
    /// Targets asked for (empty: all).
    pub targets: Vec<String>,
    /// Destination; `None` when not given (stdout when one file is produced).
    pub dest: Option<RenderDest>,
    /// Write, check or show.
    pub mode: OutputMode,
}

impl From<RenderArgs> for RenderSettings {
    fn from(a: RenderArgs) -> Self {
        let action = if a.context {
            RenderAction::Context
        } else if a.list {
            RenderAction::List
        } else {
            RenderAction::Render
        };
        let dest = a.out.map(|p| {
            if p.as_os_str() == "-" {
                RenderDest::Stdout
            } else {
                RenderDest::Dir(p)
            }
        });
        RenderSettings {
            action,
            targets: a.targets,
            dest,
            mode: a.mode.into(),
        }
    }
}
