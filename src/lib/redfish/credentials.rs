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
//!
//! The file may be age-encrypted (see [`super::sealed`]): it is then opened with the
//! identity given by `--identity` or `$CHAMI_AGE_IDENTITY`. A `--password-file` and the
//! identity file are held to the same mode rule. No file's values ever appear in an
//! error message.

use super::sealed::{AgeIdentity, Sealing};
use super::Password;
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

/// A loaded secrets file.
#[derive(Debug, Clone, Default)]
pub struct SecretsFile {
    pub(super) entries: BTreeMap<String, Credentials>,
    /// How it was stored.
    pub sealing: Sealing,
}

/// Why a secrets file is refused.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// Cannot read it.
    #[error("cannot read {what} {}: {source}", path.display())]
    Read {
        /// "the secrets file" or "the password file".
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Others may read it.
    #[error("{what} {} has mode {mode:04o}: its group or others could read the password; run `chmod 600 {}`", path.display(), path.display())]
    Mode {
        /// "the secrets file" or "the password file".
        what: &'static str,
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
    /// Encrypted, and no identity given.
    #[error("the secrets file {} is age-encrypted: give --identity FILE (or set CHAMI_AGE_IDENTITY) with a key it was encrypted to", path.display())]
    NoIdentity {
        /// The file.
        path: PathBuf,
    },
    /// The identity does not open it.
    #[error("cannot decrypt the secrets file {} with the identity in {}: {why} (is that key one of its recipients?)", path.display(), identity.display())]
    Decrypt {
        /// The file.
        path: PathBuf,
        /// The identity file.
        identity: PathBuf,
        /// age's reason.
        why: String,
    },
    /// The identity file is not one.
    #[error("the age identity file {}: {message}", path.display())]
    Identity {
        /// The identity file.
        path: PathBuf,
        /// What is wrong (a line number, never its content).
        message: String,
    },
    /// A `--recipient` that is not one.
    #[error("`{value}` is not an age recipient: {why} (give the age1… public key, as `age-keygen -y KEYFILE` prints it)")]
    Recipient {
        /// What was given (a public key).
        value: String,
        /// age's reason.
        why: String,
    },
    /// Encryption failed.
    #[error("cannot encrypt the secrets file: {why}")]
    Encrypt {
        /// Why.
        why: String,
    },
    /// An encrypted file is to be written, and there is no one to encrypt it to.
    #[error("the secrets file {} is age-encrypted: give --identity FILE or --recipient age1… to encrypt it to", path.display())]
    NoRecipient {
        /// The file.
        path: PathBuf,
    },
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] crate::fsutil::FsError),
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
    /// `inventory` (the git repository). An age-encrypted file is opened with the
    /// identity file `identity`.
    pub fn load(
        path: &Path,
        inventory: Option<&Path>,
        identity: Option<&Path>,
    ) -> Result<SecretsFile, SecretsError> {
        const WHAT: &str = "the secrets file";
        check_private(path, WHAT)?;
        outside_inventory(path, inventory)?;
        let bytes = std::fs::read(path).map_err(|source| SecretsError::Read {
            what: WHAT,
            path: path.to_path_buf(),
            source,
        })?;
        let sealing = Sealing::of(&bytes);
        let text = if sealing.is_sealed() {
            let Some(identity) = identity else {
                return Err(SecretsError::NoIdentity {
                    path: path.to_path_buf(),
                });
            };
            AgeIdentity::load(identity)?.open(&bytes, path)?
        } else {
            String::from_utf8(bytes).map_err(|_| SecretsError::Parse {
                path: path.to_path_buf(),
                message: "it is neither UTF-8 text nor an age file".into(),
            })?
        };
        let mut file = Self::parse(&text).map_err(|message| SecretsError::Parse {
            path: path.to_path_buf(),
            message,
        })?;
        file.sealing = sealing;
        Ok(file)
    }

    /// Parses the YAML text of a secrets file. The message of a refusal names the entry
    /// and its line, never a value.
    pub fn parse(text: &str) -> Result<SecretsFile, String> {
        let entries = super::secrets_shape::parse_entries(text)?;
        Ok(SecretsFile {
            entries,
            sealing: Sealing::Plain,
        })
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

/// The password in the first line of `path`, a file that group and others may not read.
pub fn read_password_file(path: &Path) -> Result<Password, SecretsError> {
    const WHAT: &str = "the password file";
    check_private(path, WHAT)?;
    let text = read(path, WHAT)?;
    Ok(Password::new(text.lines().next().unwrap_or("")))
}

/// Refuses a secrets file inside `inventory` (the git repository), or to be created
/// there.
pub(super) fn outside_inventory(path: &Path, inventory: Option<&Path>) -> Result<(), SecretsError> {
    let Some(inv) = inventory else {
        return Ok(());
    };
    let p = path.canonicalize().or_else(|_| {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        parent
            .unwrap_or(Path::new("."))
            .canonicalize()
            .map(|d| d.join(path.file_name().unwrap_or_default()))
    });
    if let (Ok(p), Ok(i)) = (p, inv.canonicalize()) {
        if p.starts_with(&i) {
            return Err(SecretsError::InRepository {
                path: path.to_path_buf(),
                inventory: inv.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Refuses a file that its group or others may read (or write).
pub(super) fn check_private(path: &Path, what: &'static str) -> Result<(), SecretsError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|source| SecretsError::Read {
        what,
        path: path.to_path_buf(),
        source,
    })?;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(SecretsError::Mode {
            what,
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

fn read(path: &Path, what: &'static str) -> Result<String, SecretsError> {
    std::fs::read_to_string(path).map_err(|source| SecretsError::Read {
        what,
        path: path.to_path_buf(),
        source,
    })
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
        let e = SecretsFile::load(&f, None, None).unwrap_err().to_string();
        assert!(e.contains("mode 0640") && e.contains("chmod 600"), "{e}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(SecretsFile::load(&f, None, None).unwrap().len(), 3);
        let e = SecretsFile::load(&f, Some(dir.path()), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("inside the inventory folder"), "{e}");
    }

    #[test]
    fn a_readable_password_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("pw");
        std::fs::write(&f, "hunter2\nignored\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = read_password_file(&f).unwrap_err().to_string();
        assert!(
            e.contains("the password file") && e.contains("mode 0644") && e.contains("chmod 600"),
            "{e}"
        );
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_password_file(&f).unwrap().expose(), "hunter2");
    }

    #[test]
    fn unknown_field_is_an_error_without_the_password() {
        let e = SecretsFile::parse("default: {username: root, pasword: hunter2}\n").unwrap_err();
        assert!(e.contains("pasword"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
    }
}
