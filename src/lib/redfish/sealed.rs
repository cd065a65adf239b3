//! age encryption of the secrets file: X25519 identities (`AGE-SECRET-KEY-1…` lines of
//! an identity file, as `age-keygen` writes it) open it, recipients (`age1…`) seal it,
//! armored (`-----BEGIN AGE ENCRYPTED FILE-----`) or binary (`age-encryption.org/v1`),
//! as the `age` command line does. Errors name files and lines, never a key or a value.

use super::credentials::{check_private, SecretsError};
use age::armor::{ArmoredReader, ArmoredWriter, Format};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How a secrets file is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sealing {
    /// Plain YAML.
    #[default]
    Plain,
    /// age, ASCII-armored.
    Armored,
    /// age, binary.
    Binary,
}

impl Sealing {
    /// How `bytes` are stored, from their first line.
    pub fn of(bytes: &[u8]) -> Sealing {
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(bytes.len());
        let head = &bytes[start..];
        if head.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----") {
            Sealing::Armored
        } else if bytes.starts_with(b"age-encryption.org/") {
            Sealing::Binary
        } else {
            Sealing::Plain
        }
    }

    /// True for the age forms.
    pub fn is_sealed(self) -> bool {
        self != Sealing::Plain
    }
}

/// The X25519 identities of an identity file.
pub struct AgeIdentity {
    keys: Vec<age::x25519::Identity>,
    path: PathBuf,
}

/// An age recipient (`age1…`).
#[derive(Clone)]
pub struct AgeRecipient(age::x25519::Recipient);

impl FromStr for AgeRecipient {
    type Err = SecretsError;

    fn from_str(s: &str) -> Result<AgeRecipient, SecretsError> {
        age::x25519::Recipient::from_str(s.trim())
            .map(AgeRecipient)
            .map_err(|why| SecretsError::Recipient {
                value: s.to_string(),
                why: why.to_string(),
            })
    }
}

impl std::fmt::Display for AgeRecipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl AgeIdentity {
    /// Reads an identity file (mode 0600 or stricter): `AGE-SECRET-KEY-1…` lines, blank
    /// lines and `#` comments.
    pub fn load(path: &Path) -> Result<AgeIdentity, SecretsError> {
        const WHAT: &str = "the age identity file";
        check_private(path, WHAT)?;
        let text = std::fs::read_to_string(path).map_err(|source| SecretsError::Read {
            what: WHAT,
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Parses the text of an identity file read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<AgeIdentity, SecretsError> {
        let bad = |message: String| SecretsError::Identity {
            path: path.to_path_buf(),
            message,
        };
        let mut keys = vec![];
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            keys.push(age::x25519::Identity::from_str(line).map_err(|_| {
                bad(format!(
                    "line {} is not an X25519 identity (AGE-SECRET-KEY-1…, as age-keygen writes it)",
                    i + 1
                ))
            })?);
        }
        if keys.is_empty() {
            return Err(bad("it holds no identity (AGE-SECRET-KEY-1…)".into()));
        }
        Ok(AgeIdentity {
            keys,
            path: path.to_path_buf(),
        })
    }

    /// The recipients of its keys: a file sealed to them, it opens.
    pub fn recipients(&self) -> Vec<AgeRecipient> {
        self.keys
            .iter()
            .map(|k| AgeRecipient(k.to_public()))
            .collect()
    }

    /// The plaintext of the age file `bytes` (read from `file`).
    pub fn open(&self, bytes: &[u8], file: &Path) -> Result<String, SecretsError> {
        let fail = |why: String| SecretsError::Decrypt {
            path: file.to_path_buf(),
            identity: self.path.clone(),
            why,
        };
        let decryptor =
            age::Decryptor::new(ArmoredReader::new(bytes)).map_err(|e| fail(e.to_string()))?;
        let mut reader = decryptor
            .decrypt(self.keys.iter().map(|k| k as &dyn age::Identity))
            .map_err(|e| fail(e.to_string()))?;
        let mut out = String::new();
        reader
            .read_to_string(&mut out)
            .map_err(|e| fail(e.to_string()))?;
        Ok(out)
    }
}

/// `text` sealed to `recipients`, armored or binary.
pub fn seal(
    text: &str,
    recipients: &[AgeRecipient],
    armored: bool,
) -> Result<Vec<u8>, SecretsError> {
    let fail = |why: String| SecretsError::Encrypt { why };
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| &r.0 as &dyn age::Recipient))
            .map_err(|e| fail(e.to_string()))?;
    let format = if armored {
        Format::AsciiArmor
    } else {
        Format::Binary
    };
    let mut out = vec![];
    let io = |e: std::io::Error| fail(e.to_string());
    let armor = ArmoredWriter::wrap_output(&mut out, format).map_err(io)?;
    let mut w = encryptor.wrap_output(armor).map_err(io)?;
    w.write_all(text.as_bytes()).map_err(io)?;
    w.finish().and_then(ArmoredWriter::finish).map_err(io)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> (AgeIdentity, String) {
        let key = age::x25519::Identity::generate();
        use age::secrecy::ExposeSecret;
        let text = format!("# created: now\n{}\n", key.to_string().expose_secret());
        (
            AgeIdentity::parse(&text, Path::new("key.txt")).unwrap(),
            text,
        )
    }

    #[test]
    fn sealed_armored_or_binary_opens_with_its_identity_only() {
        let (me, _) = identity();
        let (other, _) = identity();
        let text = "default: {username: root, password: hunter2}\n";
        for armored in [true, false] {
            let sealed = seal(text, &me.recipients(), armored).unwrap();
            assert_eq!(
                Sealing::of(&sealed),
                if armored {
                    Sealing::Armored
                } else {
                    Sealing::Binary
                }
            );
            assert!(!String::from_utf8_lossy(&sealed).contains("hunter2"));
            assert_eq!(me.open(&sealed, Path::new("s.age")).unwrap(), text);
            let e = other
                .open(&sealed, Path::new("s.age"))
                .err()
                .unwrap()
                .to_string();
            assert!(e.contains("s.age") && e.contains("key.txt"), "{e}");
            assert!(
                !e.contains("hunter2") && !e.contains("AGE-SECRET-KEY"),
                "{e}"
            );
        }
        assert_eq!(Sealing::of(text.as_bytes()), Sealing::Plain);
    }

    #[test]
    fn a_bad_identity_line_is_named_by_number_not_content() {
        let e = AgeIdentity::parse("# c\nAGE-SECRET-KEY-1NOTAKEY\n", Path::new("k"))
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("line 2") && !e.contains("NOTAKEY"), "{e}");
        let e = "age1nope"
            .parse::<AgeRecipient>()
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("age1nope"), "{e}");
    }
}
