//! Runtime node state, kept outside the inventory (and outside git): a folder of JSON
//! lines, one event per line (a node fetched its boot script, kernel, root image or
//! seed; a BMC reported its power), appended by `chami serve` and `chami bmc power`,
//! compacted when over a size limit, and read back as each node's latest events by
//! `chami status` and serve's SMD routes.

mod compact;
mod derive;
mod error;
mod event;
mod journal;
mod latest_cache;
mod location;
mod lock;
mod read;
mod recorder;
mod smd;
mod time;

pub use derive::{NodeHistory, NodeState};
pub use error::StateError;
pub use event::{Event, Kind, MAX_LINE};
pub use journal::{Journal, DEFAULT_LIMIT, EVENTS_FILE};
pub use latest_cache::{Latest, LatestCache};
pub use location::{check_outside, default_dir};
pub use read::{read_events, read_events_from, ReadStats};
pub use recorder::Recorder;
pub use smd::{smd_state, SmdFlag, SmdState};
pub use time::rfc3339;
