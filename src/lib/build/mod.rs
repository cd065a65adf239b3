//! `chami build`'s library side: the outputs listed in cluster.yaml, checked and resolved
//! into jobs, and the reload commands run for outputs that changed.

mod error;
mod jobs;
mod reload;

pub use error::BuildError;
pub use jobs::{jobs, Job, JobKind};
pub use reload::{reload, ReloadOutcome};
