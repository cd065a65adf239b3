//! Merging `discover collect` results into the inventory: match BMCs and nodes to
//! existing records, fill in what was discovered, name new records, and never touch
//! what a person wrote. Knows nothing of HTTP or the command line.

mod change_line;
mod drift;
mod hardware;
mod hostile;
mod merge;
mod name_map;
mod naming;

pub use drift::{drift, Drift};
pub use hardware::hardware_of;
pub use merge::{merge, Matched, MergeError, MergeReport};
pub use name_map::{NameMap, NameMapEntry, NameMapError};
pub use naming::{Naming, NamingError};
