//! Generated files: compare with what is on disk, write only what changed (atomically),
//! remove what a generator no longer produces, and show the difference.
//!
//! Every generator (`render`, `dhcp-export`, `bootgen`, `build`) hands its files to this
//! module, which knows nothing of the command line and prints nothing:
//!
//! 1. the generator builds a list of [`DesiredFile`]s (path relative to the output folder,
//!    content, owner: the render target or exporter that produced it);
//! 2. [`plan`] checks the paths, reads the folder (in parallel) and the previous manifest,
//!    and returns a [`Plan`]: creations, updates and removals, plus the unchanged count;
//! 3. the command shows it — [`Plan::is_clean`] for `--check`, [`Plan::diff`] for
//!    `--diff`, [`Plan::changes`] and [`Plan::summary`] for `--dry-run` — and
//! 4. calls [`Plan::apply`] (or [`apply_all`] for several outputs), which stages the
//!    output's new version beside it, switches it in whole and returns a [`Summary`].
//!
//! ```no_run
//! use chami::outfiles::{plan, DesiredFile};
//! # fn main() -> anyhow::Result<()> {
//! let files = vec![DesiredFile::new("hosts", "10.0.0.1 n1\n", "hosts")];
//! let plan = plan("out".as_ref(), ".chami-render.json", &["hosts".into()], files)?;
//! print!("{}", plan.diff());
//! let summary = plan.apply()?;
//! eprintln!("{} written, {} removed", summary.written, summary.removed);
//! # Ok(()) }
//! ```
//!
//! # Removal safety
//!
//! The folder holds a manifest (a JSON file named by the caller, e.g.
//! `.chami-render.json`) listing, per owner, the files chami wrote there, sorted:
//! `{"format": 1, "owners": {"hosts": ["hosts"], "slurm": ["slurm/nodes.conf"]}}`
//! (pretty-printed). A file is removed only when the previous manifest
//! lists it under an owner that ran this time, that owner no longer produces it, and no
//! other owner produces or lists it. Files chami never wrote, folders and symlinks are
//! never removed. Owners that did not run keep their entries, except a path that an owner
//! which ran now produces: the file changed hands and is listed under its new owner only.
//! The manifest is written only when its content changes, in the same transaction. A
//! manifest that cannot be read is an error that names it and says to delete it.
//!
//! # Paths
//!
//! Desired paths must be UTF-8, relative, non-empty, with no empty, `.` or `..` segment,
//! and must not be the manifest. Two files with one path are an error (naming both
//! owners), even with the same content; so is a file where another file needs a folder
//! (`a` and `a/b`). A path that exists on disk as a folder, or under a file, is refused
//! before anything is written.
//!
//! # Writing
//!
//! A folder output's new version is staged beside it (`.NAME.chami-gen-ID`: unchanged
//! entries hard linked, changed files written fresh) and swapped with it by one
//! `renameat2(RENAME_EXCHANGE)` (generation.rs, switch.rs): a reader, or a run killed at
//! any moment, sees the whole old folder or the whole new one. A file output is staged
//! beside it and renamed over it. Several outputs ([`apply_all`]) are switched under a
//! journal (journal.rs) that [`recover`] finishes after a killed run. A folder that cannot
//! be replaced by another ([`Layout::InPlace`]: a mount point, a parent chami cannot write,
//! another owner) is written in place in one [`Transaction`](crate::fsutil::Transaction).
//! An existing file keeps its mode unless the generator gave one
//! ([`DesiredFile::with_mode`]): the file then gets exactly that mode whatever the umask (a
//! file with the right content but another mode or group is an update), and, when others
//! may not read it, the output folder's group. Missing parent folders are created. The
//! folder is assumed not to change between [`plan`] and [`Plan::apply`]; writers take
//! [`lock_dir`](crate::fsutil::lock_dir) first. See docs/outputs.md.
//!
//! # Scale
//!
//! Existing files are read in parallel with one open, fstat and read each and no
//! allocation when unchanged; when every owner ran and produced the same paths as last
//! time, the previous manifest is compared byte for byte and not parsed. A generator of
//! very many files (the boot tree) compares each as it makes it through a [`Comparer`],
//! so that only the files to write keep their content. The ignored test
//! `outfiles::scale` times 100,000 files.
//!
//! # Writing ahead
//!
//! A generator that produces its files over a while (render's targets) can hand each to
//! a [`WriteAhead`] as soon as it exists: a file that will surely change is written into
//! the staged new version at once and its write-back begins, and [`Plan::apply_ahead`]
//! keeps it. The disk then works while the CPU is still rendering; see [`WriteAhead`].
//!
//! # Known limit
//!
//! A generator that turns a file it wrote earlier into a folder (`a` before, `a/b` now)
//! gets [`OutfilesError::ParentIsAFile`]: the transaction writes before it removes, so the
//! old file has to be removed by hand once.

mod ahead;
mod apply;
mod compare;
mod desired;
mod diff;
mod disk;
mod error;
mod generation;
mod indexed;
mod journal;
mod manifest;
mod ownership;
mod patch;
mod plan;
#[cfg(test)]
mod scale;
mod stat_index;
mod switch;
#[cfg(test)]
mod test_support;
mod wanted;
mod watch;

pub use ahead::WriteAhead;
pub use apply::{apply_all, Summary};
pub use compare::{Compared, Comparer};
pub use desired::DesiredFile;
pub use diff::unified_diff;
pub use error::OutfilesError;
pub use generation::{layout_for, Layout};
pub use indexed::listed_files_hold;
pub use journal::{commit_journaled, recover, Recovered};
pub use manifest::listed_owners;
pub use patch::{Intact, PreviousFolder};
pub use plan::{plan, plan_file, Change, ChangeKind, Plan};
pub(crate) use switch::switch as switch_in;
pub use wanted::{all_hold, all_hold_until, holds as holds_content, Wanted, MAX_WANTED};
pub use watch::{sweep_beside, Watch};
