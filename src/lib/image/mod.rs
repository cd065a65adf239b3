//! Node images built from the inventory's recipes (`images/NAME.yaml`): the recipe chain
//! merged into one specification, the mmdebstrap command line, the build itself and its
//! manifest.

pub mod build;
pub mod command;
pub mod error;
pub mod manifest;
pub mod spec;

pub use build::{build, Built, Phase};
pub use error::ImageError;
pub use spec::{initramfs_of, FileSource, Spec};
