//! The manifest: a JSON file inside the output folder listing, per owner, the files chami
//! wrote there, so that a file an owner no longer produces can be removed and a file chami
//! never wrote never is.
//!
//! ```json
//! {
//!   "format": 1,
//!   "owners": {
//!     "hosts": [
//!       "hosts"
//!     ]
//!   }
//! }
//! ```
//!
//! Owners and paths are sorted, so the same set of files always gives the same bytes.

use super::desired::path_problem;
use super::OutfilesError;
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest format this code reads and writes.
const FORMAT: u32 = 1;

/// The manifest as read.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    format: u32,
    owners: BTreeMap<String, Vec<String>>,
}

/// The manifest as written, borrowing the owner and path names.
#[derive(serde::Serialize)]
struct StoredRef<'a> {
    format: u32,
    owners: &'a Listing<'a>,
}

/// Which files each owner wrote into the folder, as read from disk (paths relative to it).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Manifest {
    pub owners: BTreeMap<String, Vec<String>>,
}

/// A manifest to write: owner → paths, each list sorted and without duplicates, no
/// owner without paths.
pub(super) type Listing<'a> = BTreeMap<&'a str, Vec<&'a str>>;

/// The bytes of the manifest at `path`, or `None` when there is none yet.
pub(super) fn read_raw(path: &Path) -> Result<Option<Vec<u8>>, OutfilesError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(crate::fsutil::FsError {
            action: "cannot read",
            path: path.to_path_buf(),
            source,
        }
        .into()),
    }
}

/// The owners listed in the manifest `name` of folder `dir` (none when it has no
/// manifest yet). A generator that runs all of its owners passes the listed ones it no
/// longer has (a deleted site template) to [`plan`](super::plan), so that their files go.
pub fn listed_owners(dir: &Path, name: &str) -> Result<Vec<String>, OutfilesError> {
    let path = dir.join(name);
    Ok(match read_raw(&path)? {
        Some(bytes) => Manifest::parse(&bytes, &path, name)?
            .owners
            .into_keys()
            .collect(),
        None => Vec::new(),
    })
}

/// The stored form of `listing`: pretty JSON ending with a newline.
pub(super) fn to_bytes(listing: &Listing) -> Vec<u8> {
    let stored = StoredRef {
        format: FORMAT,
        owners: listing,
    };
    let mut bytes = serde_json::to_vec_pretty(&stored).expect("a manifest always serializes");
    bytes.push(b'\n');
    bytes
}

impl Manifest {
    /// Parses `bytes`, read from `path`, the manifest of a folder whose manifest file is
    /// called `name`. Every path is checked: a path that leaves the folder must never
    /// reach a removal.
    pub fn parse(bytes: &[u8], path: &Path, name: &str) -> Result<Manifest, OutfilesError> {
        let corrupt = |reason: String| OutfilesError::CorruptManifest {
            path: path.to_path_buf(),
            reason,
        };
        let stored: Stored = serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
        if stored.format != FORMAT {
            return Err(corrupt(format!(
                "format {} is not supported, only format {FORMAT}",
                stored.format
            )));
        }
        for (owner, paths) in &stored.owners {
            for p in paths {
                if let Some(reason) = path_problem(p) {
                    return Err(corrupt(format!("owner `{owner}`, path `{p}`: {reason}")));
                }
                if p == name {
                    return Err(corrupt(format!(
                        "owner `{owner}` lists the manifest itself"
                    )));
                }
            }
        }
        Ok(Manifest {
            owners: stored.owners,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Manifest, OutfilesError> {
        Manifest::parse(text.as_bytes(), Path::new("/out/.m.json"), ".m.json")
    }

    #[test]
    fn written_form_is_sorted_pretty_json_and_reads_back() {
        let mut listing = Listing::new();
        listing.insert("b", vec!["a/y", "z"]);
        listing.insert("a", vec!["x"]);
        let bytes = to_bytes(&listing);
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "{\n  \"format\": 1,\n  \"owners\": {\n    \"a\": [\n      \"x\"\n    ],\n    \"b\": [\n      \"a/y\",\n      \"z\"\n    ]\n  }\n}\n"
        );
        let back = parse_text(&text).unwrap();
        assert_eq!(back.owners["b"], ["a/y", "z"]);
        assert_eq!(back.owners["a"], ["x"]);
    }

    #[test]
    fn missing_manifest_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_raw(&dir.path().join("nope.json")).unwrap().is_none());
    }

    #[test]
    fn corrupt_manifest_names_the_file_and_says_to_delete_it() {
        for text in [
            "{not json",
            "",
            r#"{"format": 2, "owners": {}}"#,
            r#"{"format": 1, "owners": {}, "extra": 1}"#,
            r#"{"format": 1, "owners": {"a": ["../etc/passwd"]}}"#,
            r#"{"format": 1, "owners": {"a": ["/etc/passwd"]}}"#,
            r#"{"format": 1, "owners": {"a": [".m.json"]}}"#,
        ] {
            let err = parse_text(text).unwrap_err();
            assert!(
                matches!(err, OutfilesError::CorruptManifest { .. }),
                "{text}"
            );
            let msg = err.to_string();
            assert!(msg.contains("/out/.m.json"), "{msg}");
            assert!(msg.contains("Delete it"), "{msg}");
        }
    }
}
