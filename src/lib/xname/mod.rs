//! Cray/HPE component names ("xnames"): parsing, validation, normalization
//! and classification.
//!
//! An xname names a piece of hardware by its physical location, for example
//! `x1000c0s3b0n1` is node 1 behind BMC 0 in slot 3 of chassis 0 of cabinet
//! 1000. OpenCHAMI and CSM use xnames as the primary key of every component,
//! so chami has to read, check and print them exactly the way those services
//! do.
//!
//! # Upstream rules
//!
//! The rules follow the component recognition table of
//! [Cray-HPE/hms-xname](https://github.com/Cray-HPE/hms-xname)
//! (`xnametypes/hmstypes.go`, the successor of the `base` package of
//! Cray-HPE/hms-base, which OpenCHAMI's SMD also uses):
//!
//! * every component type with an xname pattern is supported (the wildcards
//!   `all`, `all_comp` and `all_svc` are not component names and are left out);
//! * the numeric ranges are those encoded in the upstream regular expressions,
//!   and are listed in the `TYPES` table of this file (cabinet `0-9999`, chassis
//!   `0-7`, PDU controller `0-3`, NICs `0-3`, ...). Numbers that upstream
//!   leaves unbounded (`[0-9]+`) are limited only by `u32`;
//! * the parent of each type is the upstream `ParentType` (the same relation
//!   the generated `xnames` package uses for `Parent()`): Cabinet and CDU have
//!   the System `s0` as parent; System, Partition and SMSBox have none.
//!   Note that a NodeFpga (`xXcCsSbBfF`) has a NodeEnclosure parent
//!   (`x1c0s0b0f0` -> `x1c0s0e0`), as in the upstream table;
//! * normalization is the upstream `NormalizeHMSCompID`: surrounding white
//!   space is trimmed, letters are lower-cased and leading zeros are removed
//!   from every number (`X0001C00S03` -> `x1c0s3`). Upstream applies the
//!   patterns after normalization, so leading zeros never make a name
//!   invalid. The deprecated `j` spelling of a NodePowerConnector
//!   (`x1c0s0j1`) is accepted and normalized to the current `v` spelling
//!   (`x1c0s0v1`), as the upstream format string does.
//!
//! # Example
//!
//! ```
//! use chami::xname::{Xname, XnameType};
//!
//! let node: Xname = "X1000C0S03B0N1".parse().unwrap();
//! assert_eq!(node.kind(), XnameType::Node);
//! assert_eq!(node.to_string(), "x1000c0s3b0n1");
//! assert_eq!(node.ordinals(), &[1000, 0, 3, 0, 1]);
//! assert_eq!(node.parent().unwrap().to_string(), "x1000c0s3b0");
//! ```

mod error;
mod explain;
mod name;
#[cfg(test)]
mod tests;
mod types;

pub use error::XnameError;
pub use name::{normalize, Xname};
pub use types::XnameType;

// The parts reach each other's crate-private items through these.
use explain::*;
use name::*;
use types::*;
