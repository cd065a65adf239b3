//! Control characters: what no single-line field may hold, and comments that show them
//! escaped instead of letting them end the line.

use std::borrow::Cow;

/// Whether `c` ends or corrupts a line in some consumer: C0 (NUL, TAB, LF, CR …), DEL,
/// C1 (U+0080–U+009F, incl. NEL) and the Unicode line and paragraph separators.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The first control character of `s`, if any.
pub fn first_control(s: &str) -> Option<char> {
    s.chars().find(|&c| is_control(c))
}

/// `s` for a comment line: as is, or with its control characters written as Rust escapes
/// (`\n`, `\u{2028}`), so a comment never spills onto the next line.
pub fn comment(s: &str) -> Cow<'_, str> {
    if first_control(s).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_include_c1_and_line_separators() {
        for c in [
            '\0', '\t', '\n', '\r', '\u{7f}', '\u{85}', '\u{9f}', '\u{2028}', '\u{2029}',
        ] {
            assert!(is_control(c), "{c:?}");
        }
        for c in [' ', 'a', 'é', '#', '\u{a0}'] {
            assert!(!is_control(c), "{c:?}");
        }
        assert_eq!(first_control("ab\rc"), Some('\r'));
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("plain"), "plain");
        assert_eq!(comment("a\ndhcp-boot=x"), "a\\ndhcp-boot=x");
        assert_eq!(comment("a\u{2028}b"), "a\\u{2028}b");
        assert!(!comment("x\r\n\0").contains(is_control));
    }
}
