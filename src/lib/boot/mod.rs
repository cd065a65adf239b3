//! Network boot: iPXE scripts per node and profile (diskless, diskful, local), kernel
//! parameters, and cloud-init seeds; the static tree `chami bootgen` writes.

mod error;
pub mod urls;

pub use error::BootError;

use crate::inventory::Inventory;

/// The whole static boot tree for `inv`: (path relative to the tree's root, content),
/// sorted by path.
pub fn tree(inv: &Inventory) -> Result<Vec<(String, String)>, BootError> {
    let _ = inv;
    Err(BootError::NotYet)
}
