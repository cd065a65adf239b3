//! Messages on stderr: notes, warnings and errors, colored when asked, silenced by `-q`.
//! A message may quote what a BMC, a client or a tenant wrote: its control characters
//! (escape sequences, carriage returns, C1, line separators) are shown escaped, so that
//! no message can move the cursor, erase a line or fake another message. Line breaks
//! stay: a value that must not start a line of its own is escaped where it is quoted.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

/// `msg` with every control character but the line break written as an escape.
fn shown(msg: &str) -> Cow<'_, str> {
    crate::escape::escaped(msg, true)
}

/// Where and how messages are printed.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    /// `-q`: only errors.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
    /// Color escape codes on.
    pub color: bool,
    /// stderr is a terminal (progress bars are shown only then).
    pub tty: bool,
}

impl Printer {
    /// A printer for the given flags; `color` is already resolved.
    pub fn new(quiet: bool, verbose: u8, color: bool) -> Printer {
        Printer {
            quiet,
            verbose,
            color,
            tty: std::io::stderr().is_terminal(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A plain line (summaries); hidden by `-q`.
    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{}", shown(msg.as_ref()));
        }
    }

    /// A line shown only with `-v`.
    pub fn debug(&self, msg: impl AsRef<str>) {
        if self.verbose > 0 && !self.quiet {
            let _ = writeln!(std::io::stderr(), "{}", shown(msg.as_ref()));
        }
    }

    /// A warning; hidden by `-q`.
    pub fn warn(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            let _ = writeln!(
                std::io::stderr(),
                "{} {}",
                self.paint("1;33", "warning:"),
                shown(msg.as_ref())
            );
        }
    }

    /// A warning shown even with `-q` (for lost text).
    pub fn warn_always(&self, msg: impl AsRef<str>) {
        let _ = writeln!(
            std::io::stderr(),
            "{} {}",
            self.paint("1;33", "warning:"),
            shown(msg.as_ref())
        );
    }

    /// An error line, always shown.
    pub fn error(&self, msg: impl AsRef<str>) {
        let _ = writeln!(
            std::io::stderr(),
            "{} {}",
            self.paint("1;31", "error:"),
            shown(msg.as_ref())
        );
    }

    /// A multi-line text as is (lint reports), always shown; `error[`/`warning[` prefixes
    /// are colored.
    pub fn raw(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        for line in text.lines() {
            let line = if let Some(rest) = line.strip_prefix("error[") {
                format!("{}{rest}", self.paint("1;31", "error["))
            } else if let Some(rest) = line.strip_prefix("warning[") {
                format!("{}{rest}", self.paint("1;33", "warning["))
            } else {
                line.to_string()
            };
            let _ = writeln!(err, "{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn messages_show_control_characters_escaped_but_keep_line_breaks() {
        assert_eq!(shown("plain"), "plain");
        assert_eq!(
            shown("S9\x1b[2K\rdone\u{85}x\u{2028}y"),
            "S9\\u{1b}[2K\\rdone\\u{85}x\\u{2028}y"
        );
        assert_eq!(shown("two\nlines"), "two\nlines");
    }
}
