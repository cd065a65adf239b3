//! Render targets: a template, where its output goes, and how it fans out.

use serde::Deserialize;
use std::path::PathBuf;

/// How many files a target produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FanOut {
    /// One file.
    Once,
    /// One file per group (the context gets `group`).
    Group,
    /// One file per enabled node (the context gets `node`).
    Node,
    /// One file per enabled VM node (the context gets `node`).
    Vm,
}

impl FanOut {
    /// The word used in listings and headers.
    pub fn as_str(self) -> &'static str {
        match self {
            FanOut::Once => "once",
            FanOut::Group => "group",
            FanOut::Node => "node",
            FanOut::Vm => "vm",
        }
    }
}

/// Where a target's template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped in the chami binary.
    Builtin,
    /// A file in the inventory's templates/ folder (path relative to the inventory).
    Site(PathBuf),
}

/// One render target.
#[derive(Debug, Clone)]
pub struct Target {
    /// Target name (`hosts`, `genders`, or a site template's file name without `.j2`).
    pub name: String,
    /// Where its template comes from.
    pub origin: Origin,
    /// The template's name in the environment.
    pub template: String,
    /// Output path relative to the output folder; itself a template.
    pub output: String,
    /// Fan-out.
    pub fan_out: FanOut,
    /// For per-node fan-out: a nodeset expression or selector choosing the nodes; for
    /// per-group: a nodeset of group names.
    pub select: Option<String>,
}

impl Target {
    /// `built-in` or the template's path, for listings and messages.
    pub fn origin_text(&self) -> String {
        match &self.origin {
            Origin::Builtin => "built-in".to_string(),
            Origin::Site(p) => p.display().to_string(),
        }
    }
}
