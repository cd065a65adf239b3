//! Changing the secrets file (`chami secrets set|rm`): entries set and removed, listed
//! without their passwords, and the file written back atomically with mode 0600,
//! encrypted again when it was (to the identity's own key and the recipients given).

use super::credentials::outside_inventory;
use super::sealed::{seal, AgeRecipient, Sealing};
use super::{Credentials, SecretsError, SecretsFile};
use crate::fsutil::{write_atomic_with_mode, FileMode};
use std::collections::BTreeMap;
use std::path::Path;

impl SecretsFile {
    /// The entry `name` (no fallback to `default`).
    pub fn get(&self, name: &str) -> Option<&Credentials> {
        self.entries.get(name)
    }

    /// Entry names with their credentials, by name.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Credentials)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Adds or replaces the entry `name`.
    pub fn set(&mut self, name: &str, credentials: Credentials) {
        self.entries.insert(name.to_string(), credentials);
    }

    /// Removes the entry `name`; false when there was none.
    pub fn remove(&mut self, name: &str) -> bool {
        self.entries.remove(name).is_some()
    }

    /// The YAML text: `NAME: {username, password}` entries, by name.
    pub fn to_yaml(&self) -> String {
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            username: &'a str,
            password: &'a str,
        }
        let map: BTreeMap<&str, Entry<'_>> = self
            .entries
            .iter()
            .map(|(k, c)| {
                (
                    k.as_str(),
                    Entry {
                        username: &c.username,
                        password: c.password.expose(),
                    },
                )
            })
            .collect();
        if map.is_empty() {
            return "{}\n".into();
        }
        serde_yaml::to_string(&map).unwrap_or_default()
    }

    /// Writes the file to `path` (outside `inventory`), atomically and mode 0600: plain
    /// YAML, or encrypted to `recipients`.
    pub fn save(
        &self,
        path: &Path,
        inventory: Option<&Path>,
        sealing: Sealing,
        recipients: &[AgeRecipient],
    ) -> Result<(), SecretsError> {
        outside_inventory(path, inventory)?;
        let text = self.to_yaml();
        let bytes = match sealing {
            Sealing::Plain => text.into_bytes(),
            _ if recipients.is_empty() => {
                return Err(SecretsError::NoRecipient {
                    path: path.to_path_buf(),
                })
            }
            armored => seal(&text, recipients, armored == Sealing::Armored)?,
        };
        let mode = FileMode {
            mode: 0o600,
            gid: None,
        };
        write_atomic_with_mode(path, &bytes, mode, 0o700)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redfish::Password;

    #[test]
    fn set_remove_and_the_yaml_reads_back() {
        let mut f = SecretsFile::parse("default: {username: root, password: d}\n").unwrap();
        f.set(
            "10.0.0.9",
            Credentials {
                username: "admin".into(),
                password: Password::new("0123: \"quoted\" #x"),
            },
        );
        let back = SecretsFile::parse(&f.to_yaml()).unwrap();
        assert_eq!(
            back.get("10.0.0.9").unwrap().password.expose(),
            "0123: \"quoted\" #x"
        );
        assert_eq!(back.len(), 2);
        f.remove("default");
        assert!(!f.remove("default"));
        assert_eq!(SecretsFile::parse(&f.to_yaml()).unwrap().len(), 1);
    }

    #[test]
    fn saved_mode_0600_and_sealed_needs_a_recipient() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.yaml");
        let f = SecretsFile::parse("a: {username: u, password: p}\n").unwrap();
        f.save(&p, None, Sealing::Plain, &[]).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(f.save(&p, None, Sealing::Armored, &[]).is_err());
        let e = f
            .save(&p, Some(dir.path()), Sealing::Plain, &[])
            .unwrap_err();
        assert!(e.to_string().contains("inside the inventory folder"), "{e}");
    }
}
