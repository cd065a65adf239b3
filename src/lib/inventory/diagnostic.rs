//! Findings about an inventory (parse errors, lint errors, warnings) and how they print.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: lint fails, commands refuse to write.
    Error,
    /// Worth a look; does not fail lint.
    Warning,
}

/// One finding, with the file, line and record it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The rule that found it (`duplicate-ip`, `parse` …).
    pub rule: &'static str,
    /// The file, relative to the inventory root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The record, as `kind name` (`node nid0001`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error found by `rule`.
    pub fn error(rule: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            rule,
            file: None,
            line: None,
            column: None,
            record: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning found by `rule`.
    pub fn warning(rule: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, message)
        }
    }

    /// Sets the file and line.
    pub fn at(mut self, file: impl Into<PathBuf>, line: usize) -> Diagnostic {
        self.file = Some(file.into());
        self.line = Some(line);
        self
    }

    /// Sets the column.
    pub fn column(mut self, column: Option<usize>) -> Diagnostic {
        self.column = column;
        self
    }

    /// Sets the record.
    pub fn record(mut self, kind: impl std::fmt::Display, name: &str) -> Diagnostic {
        self.record = Some(format!("{kind} {name}"));
        self
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// True for an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as far as known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        let mut s = file.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(s, ":{line}");
            if let Some(col) = self.column {
                let _ = write!(s, ":{col}");
            }
        }
        Some(s)
    }

    /// The human form: `error[rule]: file:line: record: message` and an indented help line.
    pub fn to_human(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut s = format!("{sev}[{}]: ", self.rule);
        if let Some(loc) = self.location() {
            let _ = write!(s, "{loc}: ");
        }
        if let Some(rec) = &self.record {
            let _ = write!(s, "{rec}: ");
        }
        s.push_str(&self.message);
        if let Some(help) = &self.help {
            let _ = write!(s, "\n  help: {help}");
        }
        s
    }

    /// A GitHub Actions workflow command (`::error file=…,line=…::message`).
    pub fn to_github(&self) -> String {
        let cmd = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(f) = &self.file {
            props.push(format!(
                "file={}",
                gh_escape_property(&f.display().to_string())
            ));
        }
        if let Some(l) = self.line {
            props.push(format!("line={l}"));
        }
        if let Some(c) = self.column {
            props.push(format!("col={c}"));
        }
        props.push(format!("title=chami lint {}", self.rule));
        let mut msg = match &self.record {
            Some(r) => format!("{r}: {}", self.message),
            None => self.message.clone(),
        };
        if let Some(h) = &self.help {
            let _ = write!(msg, "\n{h}");
        }
        format!("::{cmd} {}::{}", props.join(","), gh_escape_data(&msg))
    }
}

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Sorts findings by file, line, then message, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_and_github_forms() {
        let d = Diagnostic::error("duplicate-ip", "IP 10.0.0.1 is also used by node b")
            .at("nodes/a.yaml", 7)
            .record("node", "a")
            .help("give each interface its own address");
        assert_eq!(
            d.to_human(),
            "error[duplicate-ip]: nodes/a.yaml:7: node a: IP 10.0.0.1 is also used by node b\n  help: give each interface its own address"
        );
        assert_eq!(
            d.to_github(),
            "::error file=nodes/a.yaml,line=7,title=chami lint duplicate-ip::node a: IP 10.0.0.1 is also used by node b%0Agive each interface its own address"
        );
    }
}
