//! Unified diffs of a plan, as `git diff` shows them: `--- a/PATH` / `+++ b/PATH` headers
//! (`/dev/null` for a creation or removal), hunks with 3 lines of context, and
//! `Binary files a/PATH and b/PATH differ` for content that is not UTF-8 text.

use super::{Change, Plan};
use std::fmt::Write;
use std::time::Duration;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// Longest time spent finding a minimal diff of one file; past it the diff is still
/// correct, only less minimal.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// The content as text, or `None` when it is binary (not UTF-8, or holding a NUL byte).
fn as_text(content: Option<&[u8]>) -> Option<&str> {
    let bytes = content.unwrap_or_default();
    if bytes.contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

impl Change {
    /// The unified diff of this one change.
    pub fn diff(&self) -> String {
        unified_diff(
            &self.path.to_string_lossy(),
            self.old_content(),
            self.new_content(),
        )
    }
}

/// The unified diff of file `path` from `old` to `new` (`None`: the file does not exist).
pub fn unified_diff(path: &str, old: Option<&[u8]>, new: Option<&[u8]>) -> String {
    let a = match old {
        Some(_) => format!("a/{path}"),
        None => "/dev/null".to_string(),
    };
    let b = match new {
        Some(_) => format!("b/{path}"),
        None => "/dev/null".to_string(),
    };
    let (Some(old), Some(new)) = (as_text(old), as_text(new)) else {
        return format!("Binary files {a} and {b} differ\n");
    };
    let mut out = format!("--- {a}\n+++ {b}\n");
    let diff = similar::TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(old, new);
    for hunk in diff.unified_diff().context_radius(CONTEXT).iter_hunks() {
        let _ = write!(out, "{hunk}");
    }
    out
}

impl Plan {
    /// The unified diff of every change, in path order (empty when the plan is clean).
    pub fn diff(&self) -> String {
        use rayon::prelude::*;
        let parts: Vec<String> = self.changes.par_iter().map(Change::diff).collect();
        parts.concat()
    }
}

#[cfg(test)]
mod tests {
    use super::super::ChangeKind;
    use super::*;

    fn change(kind: ChangeKind, old: Option<&[u8]>, new: Option<&[u8]>) -> Change {
        Change {
            path: "etc/hosts".into(),
            kind,
            owner: "hosts".into(),
            old: old.map(<[u8]>::to_vec),
            new: new.map(<[u8]>::to_vec),
            mode: None,
        }
    }

    #[test]
    fn update_has_git_headers_and_three_lines_of_context() {
        let old = b"1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = b"1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        let d = change(ChangeKind::Update, Some(old), Some(new)).diff();
        assert_eq!(
            d,
            "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn create_and_remove_use_dev_null() {
        let d = change(ChangeKind::Create, None, Some(b"a\nb\n")).diff();
        assert_eq!(
            d,
            "--- /dev/null\n+++ b/etc/hosts\n@@ -0,0 +1,2 @@\n+a\n+b\n"
        );
        let d = change(ChangeKind::Remove, Some(b"a\n"), None).diff();
        assert_eq!(d, "--- a/etc/hosts\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n");
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = change(ChangeKind::Update, Some(b"a\n"), Some(b"a\nb")).diff();
        assert_eq!(
            d,
            "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn empty_new_file_shows_only_headers() {
        let d = change(ChangeKind::Create, None, Some(b"")).diff();
        assert_eq!(d, "--- /dev/null\n+++ b/etc/hosts\n");
    }

    #[test]
    fn binary_content_is_not_shown() {
        let d = change(ChangeKind::Update, Some(b"a\n"), Some(&[0xff, 0xfe])).diff();
        assert_eq!(d, "Binary files a/etc/hosts and b/etc/hosts differ\n");
        let d = change(ChangeKind::Create, None, Some(b"x\0y")).diff();
        assert_eq!(d, "Binary files /dev/null and b/etc/hosts differ\n");
        let d = change(ChangeKind::Remove, Some(&[0x80]), None).diff();
        assert_eq!(d, "Binary files a/etc/hosts and /dev/null differ\n");
    }
}
