//! Python string helpers: whitespace and digits follow Python 3 (`str.strip`, `\d`, `int`).

use super::int::Int;

/// `str.isspace()` in Python.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

pub(super) fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

pub(super) fn py_lstrip(s: &str) -> &str {
    s.trim_start_matches(is_py_space)
}

pub(super) fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// Code points of the zero digit of every Unicode decimal digit block (category Nd), as
/// known to Python 3.11 (Unicode 14): Python's `\d` and `int()` accept all of them.
const ND_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The value of a decimal digit (any Unicode Nd character), as Python's `\d` sees it.
pub(super) fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    let cp = c as u32;
    if cp < 0x660 {
        return None;
    }
    let i = ND_ZEROS.partition_point(|&z| z <= cp);
    let zero = ND_ZEROS[i - 1];
    (cp - zero < 10).then(|| (cp - zero) as u8)
}

/// Python refuses to convert strings of more than 4300 digits to integers.
pub(super) const PY_MAX_STR_DIGITS: usize = 4300;

/// Python's `int(s)` for base 10: surrounding whitespace, an optional sign, digits (any
/// Unicode decimal digit) with single underscores between them.
pub(super) fn py_int(s: &str) -> Option<Int> {
    let s = s.trim_matches(char::is_whitespace);
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut digits = Vec::with_capacity(body.len());
    let mut prev_digit = false;
    for c in body.chars() {
        if c == '_' {
            if !prev_digit {
                return None;
            }
            prev_digit = false;
        } else {
            digits.push(b'0' + digit_value(c)?);
            prev_digit = true;
        }
    }
    if !prev_digit || digits.len() > PY_MAX_STR_DIGITS {
        return None;
    }
    Some(Int::from_decimal(neg, &digits))
}
