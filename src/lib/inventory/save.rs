//! Writing records back: only the files holding changed records are rewritten, in the
//! canonical layout (fields in a fixed order, maps sorted); a file's leading comment block
//! is kept, and so are the comment lines inside a file that was in canonical layout (see
//! `keep_comments`). Other comments inside a rewritten record are lost and reported. Every write
//! goes through one [`Transaction`], so a failure leaves every file as it was.

use super::records::{Inventory, InventoryRecords, Record, CLUSTER_FILE};
use crate::fsutil::Transaction;
use crate::yaml::{self, YamlError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A planned set of file changes.
#[derive(Default)]
pub struct Changes {
    /// The writes and removals.
    pub tx: Transaction,
    /// Files (relative) that will be written.
    pub written: Vec<PathBuf>,
    /// Files (relative) that will be removed.
    pub removed: Vec<PathBuf>,
    /// Files whose inner comments will be lost, with the number of comment lines.
    pub dropped_comments: Vec<(PathBuf, usize)>,
}

/// The leading block of comment and blank lines of a file, kept on rewrite.
pub fn header_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with('#') || t.is_empty() {
            out.push_str(line);
            out.push('\n');
        } else {
            break;
        }
    }
    // Keep the blank line that separates a header from the content, but no more.
    while out.ends_with("\n\n\n") {
        out.pop();
    }
    out
}

/// Comment lines after the header (lost when the file is rewritten).
pub fn inner_comment_lines(text: &str) -> usize {
    let header = header_comments(text).lines().count();
    text.lines()
        .skip(header)
        .filter(|l| l.trim_start().starts_with('#') || l.contains(" #"))
        .count()
}

/// Renders a record file: header, then one record or a list.
pub fn render_records<T: Serialize>(
    header: &str,
    records: &[&T],
    as_list: bool,
) -> Result<String, YamlError> {
    let body = if as_list {
        yaml::to_string(records)?
    } else {
        yaml::to_string(records[0])?
    };
    Ok(format!("{header}{body}"))
}

/// Renders cluster.yaml, keeping the header of `old`.
pub fn render_cluster(inv: &Inventory, old: &str) -> Result<String, YamlError> {
    Ok(format!(
        "{}{}",
        header_comments(old),
        yaml::to_string(&inv.cluster)?
    ))
}

impl Changes {
    /// Plans the rewrite of `files` (relative paths) from the records of kind `T` now in
    /// `inv`: a file with records left is rendered (and written when it differs), a file
    /// with none is removed.
    pub fn plan<T: InventoryRecords>(
        &mut self,
        inv: &Inventory,
        files: &BTreeSet<PathBuf>,
    ) -> Result<(), YamlError> {
        if files.is_empty() {
            return Ok(());
        }
        let mut by_file: BTreeMap<&Path, Vec<&Record<T>>> = BTreeMap::new();
        for r in inv.records::<T>() {
            if files.contains(&r.origin.file) {
                by_file.entry(r.origin.file.as_path()).or_default().push(r);
            }
        }
        for file in files {
            let abs = inv.path(file);
            let old = std::fs::read_to_string(&abs).ok();
            match by_file.get_mut(file.as_path()) {
                None => {
                    if old.is_some() {
                        self.tx.remove(abs);
                        self.removed.push(file.clone());
                    }
                }
                Some(recs) => {
                    recs.sort_by_key(|r| r.origin.index);
                    let as_list = recs.len() > 1 || recs.iter().any(|r| r.origin.in_list);
                    let written: Vec<_> = recs.iter().map(|r| r.value.as_written()).collect();
                    let values: Vec<&T> = written.iter().map(|w| w.as_ref()).collect();
                    let old_text = old.as_deref().unwrap_or("");
                    let header = header_comments(old_text);
                    let text = render_records(&header, &values, as_list)?;
                    // The old file as chami would have written it, to keep its comments.
                    let canonical = yaml::from_str_one_or_many::<T>(old_text)
                        .ok()
                        .and_then(|v| {
                            let refs: Vec<&T> = v.iter().collect();
                            let list = yaml::is_top_level_list(old_text);
                            (!refs.is_empty())
                                .then(|| render_records(&header, &refs, list).ok())
                                .flatten()
                        });
                    self.stage(file, abs, old.as_deref(), canonical, text);
                }
            }
        }
        Ok(())
    }

    /// Plans a rewrite of cluster.yaml.
    pub fn plan_cluster(&mut self, inv: &Inventory) -> Result<(), YamlError> {
        let abs = inv.path(Path::new(CLUSTER_FILE));
        let old = std::fs::read_to_string(&abs).ok();
        let old_text = old.as_deref().unwrap_or("");
        let text = render_cluster(inv, old_text)?;
        let canonical = yaml::from_str::<super::model::Cluster>(old_text)
            .ok()
            .and_then(|c| yaml::to_string(&c).ok())
            .map(|body| format!("{}{body}", header_comments(old_text)));
        self.stage(
            Path::new(CLUSTER_FILE),
            abs,
            old.as_deref(),
            canonical,
            text,
        );
        Ok(())
    }

    /// Stages `text` for `rel`; `canonical` is the old file in canonical layout, when it
    /// parses, so that comment lines inside the old file can be kept.
    fn stage(
        &mut self,
        rel: &Path,
        abs: PathBuf,
        old: Option<&str>,
        canonical: Option<String>,
        mut text: String,
    ) {
        if let Some(old) = old {
            let lost = inner_comment_lines(old);
            let kept = canonical
                .filter(|_| lost > 0)
                .and_then(|c| super::keep_comments::merge(old, &c, &text));
            match kept {
                Some(merged) => text = merged,
                None if lost > 0 && old != text => {
                    self.dropped_comments.push((rel.to_path_buf(), lost))
                }
                None => {}
            }
        }
        if old == Some(text.as_str()) {
            return;
        }
        self.tx.write(abs, text);
        self.written.push(rel.to_path_buf());
    }

    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self.tx.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_kept_inner_comments_counted() {
        let text = "# rack 7\n# owner: ops\n\nname: a # the first\n# trailing\nnid: 1\n";
        assert_eq!(header_comments(text), "# rack 7\n# owner: ops\n\n");
        assert_eq!(inner_comment_lines(text), 2);
        assert_eq!(header_comments("name: a\n"), "");
        assert_eq!(header_comments("# a\n\n\n\nname: a\n"), "# a\n\n");
    }
}
