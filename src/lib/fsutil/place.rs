//! Where a path resolves against a folder it must stay in: the one rule the inventory
//! loader's walk, the input scan's walk and the confined reader share.

use std::path::{Path, PathBuf};

/// Where a path resolves, against a folder whose resolved path is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// Inside the folder, at this resolved path.
    Inside(PathBuf),
    /// Outside the folder, or it cannot be resolved (through links, a path longer than
    /// PATH_MAX, though the kernel still follows it): not shown to be inside, so treated
    /// as outside.
    Outside,
    /// Nothing is there (or a link to nothing).
    Missing,
}

/// Where `path` resolves against the folder whose resolved path is `real_base`.
pub fn place_within(real_base: &Path, path: &Path) -> Placed {
    match std::fs::canonicalize(path) {
        Ok(real) if real.starts_with(real_base) => Placed::Inside(real),
        Ok(_) => Placed::Outside,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Placed::Missing,
        Err(_) => Placed::Outside,
    }
}
