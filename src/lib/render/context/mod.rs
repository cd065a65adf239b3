//! The template context: everything a template sees, built once from the inventory.
//!
//! Every field is always present (`null` when unknown), so that strict undefined catches
//! typos in templates, never missing data. `chami render --context` prints this as JSON;
//! docs/rendering.md documents it. Nodes carry their resolved values (defaults < groups < node).
//! Disabled nodes are left out of `nodes` (they must not appear in configs) and listed
//! in `disabled_nodes`.
//!
//! [`shapes`] holds what templates see (one struct per object); [`build`] makes it.

pub mod build;
mod partitions;
pub mod shapes;
mod vm;

pub use build::inventory_prefix;
pub use shapes::*;
