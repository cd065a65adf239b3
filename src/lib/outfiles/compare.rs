//! Comparing desired files with an output folder one at a time, from any thread, as a
//! generator makes them: [`Comparer::compare`] checks a file's path and reads the disk
//! (or trusts the stat index), keeping the content only when the file must be written;
//! [`Comparer::finish`] checks the files against each other, works out the manifest and
//! the removals, and returns the [`Plan`]. A generator of 500,000 files (the boot tree)
//! never holds them all in memory at once. [`super::plan`] is the same for a list.

use super::desired::{self, Listed};
use super::stat_index::{content_hash, Known, StatIndex};
use super::{disk, manifest, ownership};
use super::{Change, DesiredFile, OutfilesError, Plan, Wanted};
use crate::fsutil::FileMode;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One output folder being compared with the files wanted in it.
pub struct Comparer {
    dir: PathBuf,
    manifest: String,
    /// Whether the folder exists (nothing to read when it does not).
    exists: bool,
    /// The folder's group: a file others may not read gets it.
    dir_gid: Option<u32>,
    index: StatIndex,
    /// The folder opened to look files up from (`None`: by whole path).
    base: Option<std::fs::File>,
}

/// One desired file after [`Comparer::compare`]: its path, and the change it needs when
/// it is not right on disk. Small (the rare cases are boxed): a generator may hold
/// 500,000 of them.
#[derive(Debug)]
pub struct Compared(Found);

#[derive(Debug)]
enum Found {
    /// The path is not one chami may write.
    Invalid(Box<OutfilesError>),
    /// Right on disk; what the next stat index may say of it.
    Same(Listed, Option<Known>),
    /// To be written.
    Changed(Listed, Box<Change>),
    /// The disk refused it (a folder in the way, an unreadable file).
    Refused(Listed, Box<OutfilesError>),
}

impl Comparer {
    /// Starts comparing files with the folder `dir` (which need not exist), whose
    /// manifest is the file `manifest` in it.
    pub fn open(dir: &Path, manifest: &str) -> Result<Comparer, OutfilesError> {
        desired::check_manifest_name(manifest)?;
        let (exists, dir_gid) = match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => (true, Some(std::os::unix::fs::MetadataExt::gid(&m))),
            Ok(_) => {
                return Err(OutfilesError::NotAFolder {
                    dir: dir.to_path_buf(),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (false, None),
            Err(source) => return Err(disk::fs_error("cannot read", dir, source)),
        };
        Ok(Comparer {
            dir: dir.to_path_buf(),
            manifest: manifest.to_string(),
            exists,
            dir_gid,
            index: StatIndex::open(dir, manifest),
            base: exists.then(|| crate::fsutil::open_folder(dir)).flatten(),
        })
    }

    /// Compares one file with the disk. Reads nothing when its path is not one chami
    /// may write; an error is kept for [`Comparer::finish`] to report in order.
    pub fn compare(&self, file: DesiredFile) -> Compared {
        let rel = match desired::check_one(&file, &self.manifest) {
            Ok(rel) => rel,
            Err(e) => return Compared(Found::Invalid(Box::new(e))),
        };
        let hash = content_hash(&file.content);
        let listed = Listed {
            rel: rel.clone(),
            owner: file.owner.clone(),
            content: hash,
        };
        // A file others may not read gets the folder's group (a new folder gets the
        // process's).
        let mode = file.mode.map(|mode| FileMode {
            mode,
            gid: self.dir_gid.filter(|_| mode & 0o004 == 0),
        });
        let checked = desired::Checked {
            rel,
            content: file.content,
            owner: file.owner,
            mode,
        };
        Compared(
            match disk::compare_indexed(&self.dir, self.exists, checked, Some(self.indexed(hash))) {
                Ok((None, known)) => Found::Same(listed, known),
                Ok((Some(change), _)) => Found::Changed(listed, Box::new(change)),
                Err(e) => Found::Refused(listed, Box::new(e)),
            },
        )
    }

    fn indexed(&self, content: u128) -> disk::Indexed<'_> {
        disk::Indexed {
            index: &self.index,
            base: self.base.as_ref(),
            content,
        }
    }

    /// The plan for the files compared (all of them, in batches, in the order given: a
    /// generator may keep one batch per task instead of copying them into one list).
    /// `owners` are the owners that ran (see [`super::plan`]).
    ///
    /// Fails, before anything is written, on the first invalid path in the order given,
    /// then on two files with one path or a file where another needs a folder, then on a
    /// corrupt manifest, then on a file the disk refused (a folder in the way, an
    /// unreadable file).
    pub fn finish(
        self,
        owners: &[String],
        compared: Vec<Vec<Compared>>,
    ) -> Result<Plan, OutfilesError> {
        use rayon::prelude::*;
        // Exact sizes: a first build of the boot tree holds 500,000 changes.
        let total: usize = compared.iter().map(Vec::len).sum();
        let to_write = compared
            .iter()
            .flatten()
            .filter(|c| matches!(c.0, Found::Changed(..)))
            .count();
        let mut listed = Vec::with_capacity(total);
        let mut changes = Vec::with_capacity(to_write);
        let mut known = Vec::with_capacity(total - to_write);
        let mut refused = None;
        let mut racy_same = Vec::new();
        for Compared(found) in compared.into_iter().flatten() {
            match found {
                Found::Invalid(e) => return Err(*e),
                Found::Same(l, k) => {
                    // Right, but changed too recently to be indexed: its hash may vouch
                    // for it later (at most one more than a plan keeps).
                    if k.is_none() && racy_same.len() <= super::MAX_WANTED {
                        racy_same.push((l.rel.clone(), l.content));
                    }
                    listed.push(l);
                    known.extend(k);
                }
                Found::Changed(l, change) => {
                    listed.push(l);
                    changes.push(*change);
                }
                Found::Refused(l, e) => {
                    listed.push(l);
                    refused.get_or_insert(*e);
                }
            }
        }
        desired::check_listing(&mut listed)?;
        let manifest_path = self.dir.join(&self.manifest);
        let old = if self.exists {
            manifest::read_raw(&manifest_path)?
        } else {
            None
        };
        let ran: BTreeSet<&str> = owners
            .iter()
            .map(String::as_str)
            .chain(listed.iter().map(|c| c.owner.as_str()))
            .collect();
        let reconciled = ownership::reconcile(
            &listed,
            &ran,
            old.as_deref(),
            &manifest_path,
            &self.manifest,
        )?;
        drop(ran);
        let wanted = Wanted::of(
            &listed,
            &changes,
            racy_same,
            &self.manifest,
            reconciled.manifest.as_deref().or(old.as_deref()),
        );
        drop(listed);
        if let Some(e) = refused {
            return Err(e);
        }
        self.index.save(known);
        let unchanged = total - changes.len();
        let removals: Vec<Result<Change, OutfilesError>> = reconciled
            .gone
            .into_par_iter()
            .filter_map(|(rel, owner)| disk::removal(&self.dir, rel, owner).transpose())
            .collect();
        // A removal comes to nothing when the file is already gone or is not a regular file.
        for removal in removals {
            changes.push(removal?);
        }
        changes.sort_by(|a, b| {
            a.path
                .as_os_str()
                .as_encoded_bytes()
                .cmp(b.path.as_os_str().as_encoded_bytes())
        });
        Ok(Plan {
            dir: self.dir,
            manifest_path,
            changes,
            unchanged,
            manifest: reconciled.manifest,
            single_file: false,
            in_place: false,
            wanted,
        })
    }
}
