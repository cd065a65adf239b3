//! `chami build`'s library side: the outputs listed in cluster.yaml, checked and resolved
//! into jobs, each job planned against the disk, and the reload commands run for outputs
//! that changed.

mod error;
mod input_list;
mod jobs;
mod plan;
mod reload;
mod since;
mod stamp;

pub use error::BuildError;
pub use jobs::{jobs, Job, JobKind};
pub use plan::{plan_all, PlanError, Planned};
pub use reload::{reload, ReloadOutcome};
pub use since::Since;
pub use stamp::{BuildStamp, Recorded, StampedOutput, Unchanged};

/// The commit journal of `chami build`, in the inventory folder: it exists only while a
/// build switches its outputs, or after one was killed doing so (the next writing
/// command finishes the switches; see [`crate::outfiles::recover`]).
pub const JOURNAL: &str = ".chami-journal.json";
