//! Data on stdout. Errors (a closed pipe among them) are returned, never panicked on, so
//! `chami … | head` ends quietly.

use serde::Serialize;
use std::io::Write;

/// Writes text to stdout.
pub fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Writes a value as pretty JSON and a newline.
pub fn write_json<T: Serialize + ?Sized>(value: &T) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    write_stdout(&text)
}

/// Writes a value as YAML.
pub fn write_yaml<T: Serialize + ?Sized>(value: &T) -> std::io::Result<()> {
    let text = crate::yaml::to_string(value).map_err(std::io::Error::other)?;
    write_stdout(&text)
}
