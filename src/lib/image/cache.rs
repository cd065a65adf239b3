//! The layer cache: one finished root tree per layer id, `DIR/layers/ID/{root/,
//! layer.json}`, written under `DIR/layers/.tmp-ID-RUN/` and renamed into place when the
//! layer is complete (a killed build leaves only a `.tmp-` folder, swept by the next run).
//! A flock on `DIR` makes builds, `rm` and `prune` of one cache take turns.

use super::error::{io_err, ImageError};
use super::tree::{remove_tree, sweep, tree_size, TempTree};
use crate::fsutil::{lock_dir, run_id, DirLock};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What `layer.json` says about a cached layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedLayer {
    /// Its id (content address).
    pub id: String,
    /// The recipe it was built from.
    pub recipe: String,
    /// The layer below (`None` for a base).
    pub parent: Option<String>,
    /// The Debian suite.
    pub suite: String,
    /// When it was built (seconds since the epoch).
    pub built_at: u64,
    /// How long it took, in seconds.
    pub build_seconds: f64,
    /// Bytes of its root tree.
    pub size: u64,
}

/// An open layer cache, locked for this process.
pub struct LayerCache {
    dir: PathBuf,
    _lock: DirLock,
}

const LAYERS: &str = "layers";
const TMP: &str = ".tmp-";
const META: &str = "layer.json";

impl LayerCache {
    /// Opens (creating) the cache at `dir`, waits for its lock (`waiting` is called once
    /// if another chami holds it) and removes what killed runs left.
    pub fn open(dir: &Path, waiting: impl FnOnce()) -> Result<LayerCache, ImageError> {
        let layers = dir.join(LAYERS);
        std::fs::create_dir_all(&layers).map_err(io_err("create", &layers))?;
        let lock = lock_dir(dir, waiting).map_err(|e| ImageError::Io {
            action: "lock",
            path: dir.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        sweep(&layers, TMP)?;
        Ok(LayerCache {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn layer_dir(&self, id: &str) -> PathBuf {
        self.dir.join(LAYERS).join(id)
    }

    /// The root tree of layer `id`, when it is cached whole.
    pub fn root_of(&self, id: &str) -> Option<PathBuf> {
        let dir = self.layer_dir(id);
        (dir.join(META).is_file() && dir.join("root").is_dir()).then(|| dir.join("root"))
    }

    /// What `layer.json` of layer `id` says, when it is cached and the file is whole.
    pub fn meta(&self, id: &str) -> Option<CachedLayer> {
        let text = std::fs::read(self.layer_dir(id).join(META)).ok()?;
        serde_json::from_slice::<CachedLayer>(&text)
            .ok()
            .filter(|m| m.id == id)
    }

    /// A new, empty staging folder for layer `id` (its tree goes in `root/` below it).
    pub fn stage(&self, id: &str) -> Result<TempTree, ImageError> {
        let dir = self
            .dir
            .join(LAYERS)
            .join(format!("{TMP}{id}-{}", run_id()));
        std::fs::create_dir_all(&dir).map_err(io_err("create", &dir))?;
        Ok(TempTree(dir))
    }

    /// Puts the staged layer in the cache as `meta.id` (replacing a cached one) and
    /// returns its root tree and its size in bytes (`meta.size` is filled in here).
    pub fn commit(
        &self,
        staged: TempTree,
        mut meta: CachedLayer,
    ) -> Result<(PathBuf, u64), ImageError> {
        meta.size = tree_size(&staged.0.join("root"));
        let json = serde_json::to_vec_pretty(&meta).unwrap_or_default();
        let mpath = staged.0.join(META);
        std::fs::write(&mpath, json).map_err(io_err("write", &mpath))?;
        let dest = self.layer_dir(&meta.id);
        if dest.exists() {
            self.remove(&meta.id)?;
        }
        std::fs::rename(&staged.0, &dest).map_err(io_err("rename", &staged.0))?;
        staged.keep();
        Ok((dest.join("root"), meta.size))
    }

    /// Every cached layer, oldest first.
    pub fn list(&self) -> Result<Vec<CachedLayer>, ImageError> {
        let layers = self.dir.join(LAYERS);
        let mut out = Vec::new();
        for e in std::fs::read_dir(&layers)
            .map_err(io_err("read", &layers))?
            .flatten()
        {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if let Some(m) = e.file_name().to_str().and_then(|id| self.meta(id)) {
                out.push(m);
            }
        }
        out.sort_by(|a, b| (a.built_at, &a.id).cmp(&(b.built_at, &b.id)));
        Ok(out)
    }

    /// Removes layer `id` (renamed aside first, so that it is never seen half removed).
    pub fn remove(&self, id: &str) -> Result<(), ImageError> {
        let dir = self.layer_dir(id);
        let aside = self
            .dir
            .join(LAYERS)
            .join(format!("{TMP}rm-{id}-{}", run_id()));
        match std::fs::rename(&dir, &aside) {
            Ok(()) => remove_tree(&aside),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err("remove", &dir)(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, at: u64) -> CachedLayer {
        CachedLayer {
            id: id.into(),
            recipe: "base".into(),
            parent: None,
            suite: "bookworm".into(),
            built_at: at,
            build_seconds: 1.0,
            size: 0,
        }
    }

    #[test]
    fn layers_are_committed_whole_listed_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = LayerCache::open(dir.path(), || {}).unwrap();
        assert!(cache.root_of("aa").is_none());
        let staged = cache.stage("aa").unwrap();
        std::fs::create_dir_all(staged.0.join("root/etc")).unwrap();
        std::fs::write(staged.0.join("root/etc/x"), "12345").unwrap();
        let (root, size) = cache.commit(staged, meta("aa", 2)).unwrap();
        assert_eq!(size, 5);
        assert_eq!(cache.root_of("aa"), Some(root.clone()));
        assert_eq!(cache.meta("aa").map(|m| m.size), Some(5));
        assert_eq!(
            std::fs::read_to_string(root.join("etc/x")).unwrap(),
            "12345"
        );
        // A killed build's staging folder is not a layer, and the next open sweeps it.
        let killed = cache.stage("bb").unwrap();
        std::fs::create_dir_all(killed.0.join("root")).unwrap();
        let killed_path = killed.0.clone();
        killed.keep();
        let staged = cache.stage("cc").unwrap();
        std::fs::create_dir_all(staged.0.join("root")).unwrap();
        cache.commit(staged, meta("cc", 1)).unwrap();
        let listed = cache.list().unwrap();
        assert_eq!(
            listed.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["cc", "aa"]
        );
        assert_eq!(listed[1].size, 5);
        drop(cache);
        let cache = LayerCache::open(dir.path(), || {}).unwrap();
        assert!(!killed_path.exists());
        cache.remove("aa").unwrap();
        cache.remove("aa").unwrap();
        assert!(cache.root_of("aa").is_none());
        assert_eq!(cache.list().unwrap().len(), 1);
    }
}
