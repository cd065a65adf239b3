//! Splitting one node name into its ClusterShell pattern (`"nid%s"`) and one index per
//! digit group (ClusterShell's `_scan_string_single`).

use super::int::{max_index, Int};
use super::key::Key;
use super::pystr::{digit_value, PY_MAX_STR_DIGITS};

/// Reusable buffers for [`scan_single`].
#[derive(Default)]
pub(super) struct ScanBuf {
    /// The ClusterShell pattern of the name (`"nid%s"`).
    pub(super) pat: String,
    /// One index per digit group.
    pub(super) keys: Vec<Key>,
    digits: Vec<u8>,
}

thread_local! {
    pub(super) static SCAN_BUF: std::cell::RefCell<ScanBuf> = const {
        std::cell::RefCell::new(ScanBuf {
            pat: String::new(),
            keys: Vec::new(),
            digits: Vec::new(),
        })
    };
}

/// Appends literal text to a pattern, escaping `%` as ClusterShell does.
fn push_literal(pat: &mut String, text: &str) {
    if text.contains('%') {
        pat.push_str(&text.replace('%', "%%"));
    } else {
        pat.push_str(text);
    }
}

impl ScanBuf {
    /// Adds the index of one digit group: `digits` are its ASCII values, `nchars` its
    /// length in characters and `lead_zero` whether it starts with an ASCII `0`.
    fn push_index(&mut self, nchars: usize, lead_zero: bool) -> Result<(), String> {
        if nchars > PY_MAX_STR_DIGITS {
            return Err(format!("index of {nchars} digits is too long"));
        }
        let val = Int::from_decimal(false, &self.digits);
        self.digits.clear();
        // ClusterShell: the index keeps its length when it starts with "0" (or is "00...")
        let pad = if (!val.is_zero() && lead_zero) || (val.is_zero() && nchars > 1) {
            nchars as u32
        } else {
            0
        };
        if let Int::B(_) = val {
            if val > *max_index() {
                return Err("index is larger than 1e100".into());
            }
        }
        self.pat.push_str("%s");
        self.keys.push(Key::from_int_pad(val, pad));
        Ok(())
    }

    /// Splits one node name into its ClusterShell pattern and indexes (ClusterShell's
    /// `_scan_string_single`): digit groups become indexes, everything else is literal.
    pub(super) fn scan(&mut self, text: &str) -> Result<(), String> {
        self.pat.clear();
        self.keys.clear();
        self.digits.clear();
        if text.is_empty() {
            return Err("empty node name".into());
        }
        if text.is_ascii() {
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let start = i;
                if bytes[i].is_ascii_digit() {
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    self.digits.extend_from_slice(&bytes[start..i]);
                    self.push_index(i - start, bytes[start] == b'0')?;
                } else {
                    while i < bytes.len() && !bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    push_literal(&mut self.pat, &text[start..i]);
                }
            }
            return Ok(());
        }
        // Any Unicode decimal digit counts, as Python's `\d`.
        let mut nchars = 0usize;
        let mut lead_zero = false;
        let mut lit_start: Option<usize> = None;
        for (i, c) in text.char_indices() {
            match digit_value(c) {
                Some(d) => {
                    if let Some(ls) = lit_start.take() {
                        push_literal(&mut self.pat, &text[ls..i]);
                    }
                    if nchars == 0 {
                        lead_zero = c == '0';
                    }
                    self.digits.push(b'0' + d);
                    nchars += 1;
                }
                None => {
                    if nchars > 0 {
                        self.push_index(nchars, lead_zero)?;
                        nchars = 0;
                    }
                    lit_start.get_or_insert(i);
                }
            }
        }
        if let Some(ls) = lit_start {
            push_literal(&mut self.pat, &text[ls..]);
        }
        if nchars > 0 {
            self.push_index(nchars, lead_zero)?;
        }
        Ok(())
    }
}

/// [`ScanBuf::scan`] into fresh buffers.
pub(super) fn scan_single(text: &str) -> Result<(String, Vec<Key>), String> {
    let mut b = ScanBuf::default();
    b.scan(text)?;
    Ok((b.pat, b.keys))
}
