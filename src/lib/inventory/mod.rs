//! The inventory: the git-tracked YAML folder that is chami's database. Its model, loading,
//! layered resolution, selection, lint and writing.

pub mod add;
pub mod addressing;
pub mod cache;
pub mod change;
pub mod confine;
pub mod diagnostic;
pub mod edit;
mod edit_desired;
pub mod find;
pub mod import;
pub mod input_scan;
pub mod insert;
pub mod keep_comments;
pub mod lint;
pub mod load;
pub mod load_images;
pub mod membership;
pub mod model;
pub mod recent_reads;
pub mod record_edit;
pub mod records;
pub mod resolve;
pub mod save;
pub mod select;
pub mod sorted_join;
#[cfg(test)]
pub mod test_support;
pub mod users;

pub use cache::{cache_dir, use_cache_dir, RACY_SECS};
pub use diagnostic::{Diagnostic, Severity};
pub use find::find_root;
pub use input_scan::InputScan;
pub use insert::{insert_new, InsertError};
pub use load::{load, load_scanned, InvalidInventory, Loaded};
pub use records::{Inventory, Kind, Origin, Record, RecordType, CLUSTER_FILE};
pub use resolve::{ResolvedNode, Resolver, Source, Sourced};
pub use select::Selector;
