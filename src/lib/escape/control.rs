//! Control characters and noncharacters: what no single-line field may hold, why, and
//! comments that show them escaped instead of letting them end the line.

use std::borrow::Cow;

/// Whether no single-line field may hold `c`: a control character, which ends or corrupts
/// a line in some consumer (C0: NUL, TAB, LF, CR …; DEL; C1, U+0080–U+009F incl. NEL; the
/// Unicode line and paragraph separators), or a Unicode noncharacter (see
/// [`is_noncharacter`]), which makes YAML readers refuse the whole file.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_noncharacter(c)
}

/// Whether `c` is one of Unicode's 66 noncharacters: U+FDD0–U+FDEF and the last two code
/// points of every plane (U+FFFE, U+FFFF, U+1FFFE … U+10FFFF). YAML's printable set leaves
/// out U+FFFE and U+FFFF, so PyYAML, libyaml and Go's yaml ports refuse a file holding one
/// raw; the others are refused with them, as no text needs them.
pub fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// The first control character or noncharacter of `s`, if any.
pub fn first_control(s: &str) -> Option<char> {
    s.chars().find(|&c| is_control(c))
}

/// What is wrong with a value holding `c` (one [`is_control`] refuses), for messages.
pub fn why_refused(c: char) -> String {
    let u = c as u32;
    if matches!(u, 0xFFFE | 0xFFFF) {
        format!(
            "holds the Unicode noncharacter U+{u:04X}, which YAML readers refuse (the whole \
             file would no longer load)"
        )
    } else if is_noncharacter(c) {
        format!(
            "holds the Unicode noncharacter U+{u:04X}, which is not meant for text and some \
             readers refuse"
        )
    } else {
        format!("holds the control character {c:?}, which would start a new line or record")
    }
}

/// `s` for a comment line: as is, or with its control characters written as Rust escapes
/// (`\n`, `\u{2028}`), so a comment never spills onto the next line.
pub fn comment(s: &str) -> Cow<'_, str> {
    escaped(s, false)
}

/// `s` with each control character (but LF, when `keep_line_breaks`) written as a Rust
/// escape.
pub fn escaped(s: &str, keep_line_breaks: bool) -> Cow<'_, str> {
    let escape = |c: char| is_control(c) && !(keep_line_breaks && c == '\n');
    if !s.contains(escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escape(c) {
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
    fn noncharacters_are_refused_with_their_own_reason() {
        for c in [
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(is_noncharacter(c) && is_control(c), "{c:?}");
        }
        for c in [
            '\u{fdcf}',
            '\u{fdf0}',
            '\u{fffd}',
            '\u{feff}',
            '\u{1fffd}',
            '😀',
        ] {
            assert!(!is_noncharacter(c) && !is_control(c), "{c:?}");
        }
        assert_eq!(first_control("GPU nodes\u{fffe}"), Some('\u{fffe}'));
        assert!(why_refused('\u{ffff}').contains("noncharacter U+FFFF"));
        assert!(why_refused('\n').contains("control character '\\n'"));
        assert_eq!(comment("a\u{fffe}"), "a\\u{fffe}");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("plain"), "plain");
        assert_eq!(comment("a\ndhcp-boot=x"), "a\\ndhcp-boot=x");
        assert_eq!(comment("a\u{2028}b"), "a\\u{2028}b");
        assert!(!comment("x\r\n\0").contains(is_control));
    }
}
