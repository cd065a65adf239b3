//! Finding the inventory folder: `-C DIR`, then `$CHAMI_INVENTORY`, then the first folder
//! holding cluster.yaml walking up from the current directory (as git finds `.git`).

use super::records::CLUSTER_FILE;
use std::path::{Path, PathBuf};

/// Why no inventory folder was found.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FindError {
    /// A named folder has no cluster.yaml.
    #[error(
        "{0} is not a chami inventory: it has no cluster.yaml (create one with `chami init {0}`)"
    )]
    NotAnInventory(String),
    /// Walking up found nothing.
    #[error("no chami inventory here: no cluster.yaml in {0} or any folder above it; pass -C DIR, set CHAMI_INVENTORY, or create one with `chami init`")]
    NotFound(String),
}

/// Resolves the inventory folder. `explicit` is `-C` (or `$CHAMI_INVENTORY`, which clap
/// folds into the same flag); otherwise walk up from `cwd`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, FindError> {
    if let Some(dir) = explicit {
        // Components drop `.` segments, so `-C .` shows as the folder itself.
        let dir: PathBuf = if dir.is_absolute() {
            dir.components().collect()
        } else {
            cwd.join(dir).components().collect()
        };
        if has_cluster_file(&dir) {
            return Ok(dir);
        }
        return Err(FindError::NotAnInventory(dir.display().to_string()));
    }
    cwd.ancestors()
        .find(|d| has_cluster_file(d))
        .map(Path::to_path_buf)
        .ok_or_else(|| FindError::NotFound(cwd.display().to_string()))
}

/// Whether `dir` holds a cluster.yaml entry. Any kind counts (a link, a FIFO): the loader
/// then says what is wrong with it, without following or opening it here.
fn has_cluster_file(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(CLUSTER_FILE)).is_ok_and(|m| !m.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_up_and_honours_explicit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CLUSTER_FILE), "format: 1\nname: t\n").unwrap();
        let deep = dir.path().join("nodes/rack1");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_root(None, &deep).unwrap(), dir.path());
        assert_eq!(find_root(Some(dir.path()), &deep).unwrap(), dir.path());
        let err = find_root(Some(&deep), dir.path()).unwrap_err();
        assert!(err.to_string().contains("chami init"), "{err}");
    }
}
