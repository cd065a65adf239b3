//! Render errors: each names the target, the template file and line, and what to do.

use std::path::PathBuf;

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A templates/ file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A site template's header is wrong.
    #[error("{path}: {message}")]
    Header {
        /// The template.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A template does not parse or fails while rendering.
    #[error("{location}: {message}{excerpt}\n  help: {help}")]
    Template {
        /// `templates/x.j2:12` or `built-in template hosts:12`.
        location: String,
        /// minijinja's message.
        message: String,
        /// The offending line, with a marker.
        excerpt: String,
        /// What to do.
        help: String,
    },
    /// Targets asked for that do not exist.
    #[error("unknown render target {names}; `chami render --list` shows the targets")]
    UnknownTarget {
        /// The names, comma separated.
        names: String,
    },
    /// A fan-out selection is wrong.
    #[error("target {target}: bad select {select:?}: {message}")]
    Select {
        /// The target.
        target: String,
        /// The selection.
        select: String,
        /// Why.
        message: String,
    },
    /// An output path is empty or escapes the output folder.
    #[error("target {target}: output path {path:?} {why}")]
    OutputPath {
        /// The target.
        target: String,
        /// The rendered path.
        path: String,
        /// What is wrong with it.
        why: &'static str,
    },
}
