//! The refusal of a value a format cannot carry.

/// A value that cannot be written into a format without changing its structure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value} cannot be written into {format}: {why}")]
pub struct Unsafe {
    /// The output format (`ssh_config`, `conman.conf` …).
    pub format: &'static str,
    /// The value, quoted with its control characters escaped and cut at 80 characters.
    pub value: String,
    /// What is wrong and what is allowed.
    pub why: String,
}

impl Unsafe {
    /// A refusal of `value` in `format`.
    pub fn new(format: &'static str, value: &str, why: impl Into<String>) -> Unsafe {
        Unsafe {
            format,
            value: shown(value),
            why: why.into(),
        }
    }
}

/// `value` quoted for a message: control characters escaped, at most 80 characters.
pub fn shown(value: &str) -> String {
    let cut: String = value.chars().take(80).collect();
    let more = if cut.len() < value.len() { "…" } else { "" };
    format!("{:?}{more}", cut)
}
