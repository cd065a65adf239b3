//! File writing: atomic writes of one file, multi-file transactions, file modes, the
//! writer lock and durability.
//!
//! Every file chami writes goes through here (generated outputs through
//! [`crate::outfiles`], which stages whole folders and uses these pieces).

mod error;
mod lock;
mod mode;
mod place;
mod private_cache;
mod staging;
mod stat_digest;
mod sync;
mod transaction;
mod write;

pub(crate) use error::fs_err;
pub use error::{CommitError, FsError};
pub use lock::{lock_dir, DirLock};
pub(crate) use mode::{create_folders_with_mode, give_mode, umask};
pub use mode::{FileMode, FOLDER_MODE};
pub use place::{place_within, Placed};
pub use private_cache::{map_private, save_private};
pub use staging::{inode, run_id, sweep_stages, StagedRecord, StagedRename};
pub(crate) use stat_digest::ns as epoch_ns;
#[cfg(test)]
pub(crate) use stat_digest::tests::set_mtime;
pub use stat_digest::{
    digest as stat_digest, digest_noting_recent as stat_digest_noting_recent,
    digest_with_facts as stat_digest_with_facts, walk as walk_paths, Digest as StatDigest,
    FileFacts, FileStamp, PathKind, Recent as RecentPath, Scanned as StatScanned, Walked,
};
pub(crate) use stat_digest::{open_folder, stat_at};
pub(crate) use sync::{sync_dir, sync_filesystem, SMALL_BATCH};
pub use transaction::Transaction;
pub use write::{read_to_string, write_atomic, write_atomic_with_mode, write_if_changed};
