//! Node images built from the inventory's recipes (`images/NAME.yaml`): the recipe chain
//! as layer specifications and their ids, the mmdebstrap command line, the chroot step of
//! a child layer, the layer cache, the build itself and its manifest.

pub mod build;
pub mod cache;
pub mod chroot;
pub mod command;
pub mod error;
pub mod layer_id;
pub mod manifest;
pub mod spec;
pub mod tree;
pub mod usage;

pub use build::{build, BuildOptions, Built, Phase};
pub use cache::{CachedLayer, LayerCache};
pub use error::ImageError;
pub use spec::{initramfs_of, FileSource, Spec};
