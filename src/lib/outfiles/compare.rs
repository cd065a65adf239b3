//! Comparing desired files with an output folder one at a time, from any thread, as a
//! generator makes them: [`Comparer::compare`] checks a file's path and reads the disk
//! (or trusts the stat index), keeping the content only when the file must be written;
//! [`Comparer::finish`] checks the files against each other, works out the manifest and
//! the removals, and returns the [`Plan`]. A generator of 500,000 files (the boot tree)
//! never holds them all in memory at once. [`super::plan`] is the same for a list.

use super::desired::{self, Listed};
use super::patch::Intact;
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
        let Gathered {
            total,
            mut listed,
            mut changes,
            known,
            refused,
            racy_same,
        } = gather(compared)?;
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
            listed.len(),
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
        add_removals(&self.dir, &mut changes, reconciled.gone)?;
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

    /// The plan for the files compared (the few the generator made again) in a large
    /// folder found [`Intact`]: every other file the folder lists that `keep` says is still
    /// wanted stays as it is (its content is what the stamped build wanted), the others
    /// are removed, and the manifest and the stat index are patched. Fails as
    /// [`Comparer::finish`] does on the files compared.
    pub fn finish_patched(
        self,
        compared: Vec<Vec<Compared>>,
        intact: Intact,
        keep: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Plan, OutfilesError> {
        use rayon::prelude::*;
        let Gathered {
            total,
            mut listed,
            mut changes,
            mut known,
            refused,
            mut racy_same,
        } = gather(compared)?;
        desired::check_listing(&mut listed)?;
        if let Some(l) = listed.iter().find(|l| l.owner != intact.owner) {
            return Err(OutfilesError::Conflict {
                path: l.rel.clone(),
                detail: format!("by {} in a folder of {} only", l.owner, intact.owner),
                first: intact.owner.clone(),
                second: l.owner.clone(),
            });
        }
        if let Some(e) = refused {
            return Err(e);
        }
        let made = |rel: &str| listed.binary_search_by(|l| l.rel.as_str().cmp(rel)).is_ok();
        // Each listed file the generator did not make again: kept or gone.
        let fates: Vec<Option<bool>> = intact
            .files
            .par_iter()
            .map(|f| (!made(&f.rel)).then(|| keep(&f.rel)))
            .collect();
        let mut paths: Vec<&str> = Vec::with_capacity(listed.len() + intact.files.len());
        paths.extend(listed.iter().map(|l| l.rel.as_str()));
        known.reserve(intact.files.len());
        let mut gone = Vec::new();
        let mut kept = 0;
        // A folder that shrank to a few files keeps every file's hash (see `Wanted`).
        let small =
            listed.len() + fates.iter().filter(|f| **f == Some(true)).count() <= super::MAX_WANTED;
        let mut every = Vec::new();
        for (f, fate) in intact.files.iter().zip(&fates) {
            match fate {
                None => {}
                Some(true) => {
                    let (hash, entry) = f.known();
                    if small {
                        every.push(Listed {
                            rel: f.rel.clone(),
                            owner: intact.owner.clone(),
                            content: hash,
                        });
                    }
                    match entry {
                        Some(k) => known.push(k),
                        None if racy_same.len() <= super::MAX_WANTED => {
                            racy_same.push((f.rel.clone(), hash))
                        }
                        None => {}
                    }
                    paths.push(&f.rel);
                    kept += 1;
                }
                Some(false) => gone.push(f.rel.as_str()),
            }
        }
        paths.par_sort_unstable();
        let listing: manifest::Listing = [(intact.owner.as_str(), paths)].into_iter().collect();
        let bytes = manifest::to_bytes(&listing);
        drop(listing);
        let manifest = (bytes != intact.manifest).then_some(bytes);
        every.extend(listed.iter().filter(|_| small).map(|l| Listed {
            rel: l.rel.clone(),
            owner: l.owner.clone(),
            content: l.content,
        }));
        let wanted = Wanted::of(
            listed.len() + kept,
            &every,
            &changes,
            racy_same,
            &self.manifest,
            Some(manifest.as_deref().unwrap_or(&intact.manifest)),
        );
        self.index.save(known);
        let unchanged = total - changes.len() + kept;
        let gone = gone
            .into_iter()
            .map(|rel| (rel.to_string(), intact.owner.clone()))
            .collect();
        add_removals(&self.dir, &mut changes, gone)?;
        Ok(Plan {
            manifest_path: self.dir.join(&self.manifest),
            dir: self.dir,
            changes,
            unchanged,
            manifest,
            single_file: false,
            in_place: false,
            wanted,
        })
    }
}

/// Adds to `changes` the removal of each `(path, owner)` of `gone` from the folder `dir`,
/// then sorts them by path. A removal comes to nothing when the file is already gone or
/// is not a regular file.
fn add_removals(
    dir: &Path,
    changes: &mut Vec<Change>,
    gone: Vec<(String, String)>,
) -> Result<(), OutfilesError> {
    use rayon::prelude::*;
    let removals: Vec<Result<Option<Change>, OutfilesError>> = gone
        .into_par_iter()
        .map(|(rel, owner)| disk::removal(dir, rel, owner))
        .collect();
    for removal in removals {
        changes.extend(removal?);
    }
    changes.sort_by(|a, b| {
        a.path
            .as_os_str()
            .as_encoded_bytes()
            .cmp(b.path.as_os_str().as_encoded_bytes())
    });
    Ok(())
}

/// The files compared, sorted out: every listed one, those to write, what the stat index
/// may say next time, the first refusal, and the right ones too recent to index.
struct Gathered {
    total: usize,
    listed: Vec<Listed>,
    changes: Vec<Change>,
    known: Vec<Known>,
    refused: Option<OutfilesError>,
    racy_same: Vec<(String, u128)>,
}

/// Sorts out the files compared; fails on the first invalid path in the order given.
fn gather(compared: Vec<Vec<Compared>>) -> Result<Gathered, OutfilesError> {
    // Exact sizes: a first build of the boot tree holds 500,000 changes.
    let total: usize = compared.iter().map(Vec::len).sum();
    let to_write = compared
        .iter()
        .flatten()
        .filter(|c| matches!(c.0, Found::Changed(..)))
        .count();
    let mut g = Gathered {
        total,
        listed: Vec::with_capacity(total),
        changes: Vec::with_capacity(to_write),
        known: Vec::with_capacity(total - to_write),
        refused: None,
        racy_same: Vec::new(),
    };
    for Compared(found) in compared.into_iter().flatten() {
        match found {
            Found::Invalid(e) => return Err(*e),
            Found::Same(l, k) => {
                // Right, but changed too recently to be indexed: its hash may vouch
                // for it later (at most one more than a plan keeps).
                if k.is_none() && g.racy_same.len() <= super::MAX_WANTED {
                    g.racy_same.push((l.rel.clone(), l.content));
                }
                g.listed.push(l);
                g.known.extend(k);
            }
            Found::Changed(l, change) => {
                g.listed.push(l);
                g.changes.push(*change);
            }
            Found::Refused(l, e) => {
                g.listed.push(l);
                g.refused.get_or_insert(*e);
            }
        }
    }
    Ok(g)
}
