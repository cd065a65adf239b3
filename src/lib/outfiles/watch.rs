//! What an output holds once written, to be watched for changes made behind chami's back:
//! the output folder itself, its manifest and every file the manifest lists (or, for a
//! single-file output, that file). `chami build` keeps their stat digest to skip a build
//! in which nothing changed (see [`crate::build::BuildStamp`]).

use super::manifest::{read_raw, Manifest};
use super::{OutfilesError, Plan, Wanted};
use std::path::{Path, PathBuf};

/// Where one output's files are; taken from its [`Plan`] before it is applied.
#[derive(Debug, Clone)]
pub struct Watch {
    dir: PathBuf,
    manifest_path: PathBuf,
    single_file: bool,
    wanted: Wanted,
    /// Set by [`Watch::applied`]: the files applying did not write kept their inode and
    /// ctime (written in place, or nothing written).
    kept_in_place: bool,
}

impl Plan {
    /// Where this plan's output is, to list its files once it is applied.
    pub fn watch(&self) -> Watch {
        Watch {
            dir: self.dir.clone(),
            manifest_path: self.manifest_path.clone(),
            single_file: self.single_file,
            wanted: self.wanted.clone(),
            kept_in_place: false,
        }
    }
}

impl Watch {
    /// The folder the paths of [`Watch::files`] are relative to.
    pub fn base(&self) -> &Path {
        &self.dir
    }

    /// The content hashes of the files applying the plan may leave racily clean.
    pub fn wanted(&self) -> &Wanted {
        &self.wanted
    }

    /// Says how the plan was applied: `summary` is what applying it returned.
    pub fn applied(mut self, summary: &super::Summary) -> Watch {
        let untouched = summary.written == 0 && summary.removed == 0 && !summary.manifest_written;
        self.kept_in_place = summary.in_place.is_some() || untouched;
        self
    }

    /// The folder's stat index, its manifest's name and the files written, when they can
    /// vouch for the whole folder without a stat of every file now: a large folder written
    /// in place (or not at all) with every write's hash kept, and an index saved.
    pub fn indexed(&self) -> Option<(PathBuf, String)> {
        if self.single_file || !self.kept_in_place || !self.wanted.large_with_every_write() {
            return None;
        }
        let name = self.manifest_path.file_name()?.to_str()?.to_string();
        let index = super::stat_index::index_path(&self.dir, &name)?;
        index.is_file().then_some((index, name))
    }

    /// The output's paths as they are on disk now, relative to [`Watch::base`], sorted:
    /// `.` (the folder), the manifest and every file it lists; or the one file.
    pub fn files(&self) -> Result<Vec<String>, OutfilesError> {
        let name = self
            .manifest_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if self.single_file {
            return Ok(vec![name]);
        }
        let mut out = vec![".".to_string(), name.clone()];
        if let Some(bytes) = read_raw(&self.manifest_path)? {
            let manifest = Manifest::parse(&bytes, &self.manifest_path, &name)?;
            out.extend(manifest.owners.into_values().flatten());
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}

/// Removes what killed runs left beside the output at `path` (staged versions of it), as
/// applying a plan does first; `folder`: the output is a folder (a symlink to one is
/// followed). For a build that applies no plan. Returns how many were removed.
pub fn sweep_beside(path: &Path, folder: bool) -> Result<usize, crate::fsutil::FsError> {
    if folder {
        super::switch::sweep(&super::switch::resolve(path))
    } else {
        super::switch::sweep(path)
    }
}

#[cfg(test)]
mod tests {
    use crate::outfiles::{plan, plan_file, DesiredFile};

    #[test]
    fn lists_the_folder_its_manifest_and_its_files_or_the_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let files = vec![
            DesiredFile::new("b/x", "x\n", "t"),
            DesiredFile::new("a", "a\n", "u"),
        ];
        let p = plan(&out, ".m.json", &["t".into(), "u".into()], files).unwrap();
        let watch = p.watch();
        p.apply().unwrap();
        assert_eq!(watch.base(), out);
        assert_eq!(watch.files().unwrap(), [".", ".m.json", "a", "b/x"]);
        let f = plan_file(&dir.path().join("dhcpd.conf"), "x\n", "isc").unwrap();
        assert_eq!(f.watch().files().unwrap(), ["dhcpd.conf"]);
    }
}
