//! BMC credentials: one user/password pair, or a secrets file (YAML, outside the
//! repository, mode 0600) that maps BMC names, addresses or credential entry names to
//! pairs, with a `default` entry.
//!
//! ```yaml
//! default:      {username: root, password: changeme}
//! x1000c0s0b0:  {username: admin, password: "s3cret"}   # a BMC name
//! 10.1.0.17:    {username: admin, password: "other"}    # an address
//! gpu-vendor:   {username: ADMIN, password: "…"}        # named by `credentials:` in bmcs/
//! ```

use super::Password;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A user name and password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// User name.
    pub username: String,
    /// Password (never printed).
    pub password: Password,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    username: String,
    password: String,
}

/// A loaded secrets file.
#[derive(Debug, Clone, Default)]
pub struct SecretsFile {
    entries: BTreeMap<String, Credentials>,
}

/// Why a secrets file is refused.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// Cannot read it.
    #[error("cannot read the secrets file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Others may read it.
    #[error("the secrets file {} has mode {mode:04o}: others could read the passwords; run `chmod 600 {}`", path.display(), path.display())]
    Mode {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// It lies inside the inventory repository.
    #[error("the secrets file {} is inside the inventory folder {}: passwords must not be committed; move it out (e.g. /etc/chami/secrets.yaml)", path.display(), inventory.display())]
    InRepository {
        /// The file.
        path: PathBuf,
        /// The inventory folder.
        inventory: PathBuf,
    },
    /// Not the documented YAML.
    #[error("the secrets file {}: {message} (expected `NAME: {{username: U, password: P}}` entries)", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
}

impl SecretsFile {
    /// Loads `path`, refusing a file that group or others may read, or one inside
    /// `inventory` (the git repository).
    pub fn load(path: &Path, inventory: Option<&Path>) -> Result<SecretsFile, SecretsError> {
        use std::os::unix::fs::PermissionsExt;
        let read_err = |source| SecretsError::Read {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(read_err)?;
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            return Err(SecretsError::Mode {
                path: path.to_path_buf(),
                mode,
            });
        }
        if let Some(inv) = inventory {
            if let (Ok(p), Ok(i)) = (path.canonicalize(), inv.canonicalize()) {
                if p.starts_with(&i) {
                    return Err(SecretsError::InRepository {
                        path: path.to_path_buf(),
                        inventory: inv.to_path_buf(),
                    });
                }
            }
        }
        let text = std::fs::read_to_string(path).map_err(read_err)?;
        Self::parse(&text).map_err(|message| SecretsError::Parse {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses the YAML text of a secrets file.
    pub fn parse(text: &str) -> Result<SecretsFile, String> {
        if crate::yaml::is_empty_document(text) {
            return Ok(SecretsFile::default());
        }
        let raw: BTreeMap<String, Entry> =
            crate::yaml::from_str(text).map_err(|e| e.to_string())?;
        let entries = raw
            .into_iter()
            .map(|(k, e)| {
                (
                    k,
                    Credentials {
                        username: e.username,
                        password: Password::new(e.password),
                    },
                )
            })
            .collect();
        Ok(SecretsFile { entries })
    }

    /// The credentials for the first of `keys` that has an entry, else `default`.
    pub fn lookup<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> Option<&Credentials> {
        keys.into_iter()
            .find_map(|k| self.entries.get(k))
            .or_else(|| self.entries.get("default"))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the file has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const TEXT: &str = "default: {username: root, password: d}\nbmc1: {username: admin, password: a}\n10.0.0.9: {username: nine, password: n}\n";

    #[test]
    fn lookup_order_then_default() {
        let s = SecretsFile::parse(TEXT).unwrap();
        assert_eq!(s.lookup(["bmc1", "10.0.0.9"]).unwrap().username, "admin");
        assert_eq!(s.lookup(["nope", "10.0.0.9"]).unwrap().username, "nine");
        assert_eq!(s.lookup(["nope"]).unwrap().username, "root");
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn refuses_group_readable_and_in_repository() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("secrets.yaml");
        std::fs::write(&f, TEXT).unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        let e = SecretsFile::load(&f, None).unwrap_err().to_string();
        assert!(e.contains("mode 0640") && e.contains("chmod 600"), "{e}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(SecretsFile::load(&f, None).unwrap().len(), 3);
        let e = SecretsFile::load(&f, Some(dir.path()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("inside the inventory folder"), "{e}");
    }

    #[test]
    fn unknown_field_is_an_error_without_the_password() {
        let e = SecretsFile::parse("default: {username: root, pasword: hunter2}\n").unwrap_err();
        assert!(e.contains("pasword"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
    }
}
