//! Keeping the comment lines inside a record file that a change rewrites (cluster.yaml's
//! notes above `outputs:`, a `# rack 7` between the items of a list file). This works when
//! the file, without its comment and blank lines, is exactly the canonical layout that
//! chami writes: the old and new canonical texts are then compared line by line, and each
//! comment goes back before the line it stood before (or before the next line kept, when
//! that one is removed). Any other file (fields out of order, a comment at the end of a
//! value line) is left to the caller, which rewrites it without its inner comments.

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A comment or blank line: what the canonical layout never holds (but in the header).
fn is_decor(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// The content lines of `text`, each with the comment and blank lines just before it, and
/// the comment lines after the last.
fn split(text: &str) -> (Vec<&str>, Vec<Vec<&str>>, Vec<&str>) {
    let (mut content, mut before, mut pending) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines() {
        if is_decor(line) {
            pending.push(line);
        } else {
            content.push(line);
            before.push(std::mem::take(&mut pending));
        }
    }
    (content, before, pending)
}

/// `new` with the comment lines of `old` put back, when `old` is `old_canonical` plus
/// comment and blank lines (`old_canonical` and `new` are whole files as chami renders
/// them, header included). `None` when `old` is laid out otherwise.
pub fn merge(old: &str, old_canonical: &str, new: &str) -> Option<String> {
    let (old_lines, decor, tail) = split(old);
    let (canonical, _, _) = split(old_canonical);
    if old_lines != canonical {
        return None;
    }
    let (new_lines, _, _) = split(new);
    let mut out = String::with_capacity(new.len() + old.len() / 4);
    let mut pending: Vec<&str> = Vec::new();
    let emit = |out: &mut String, pending: &mut Vec<&str>, line: &str| {
        for c in pending.drain(..) {
            out.push_str(c);
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    };
    for op in capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    pending.extend(&decor[old_index + k]);
                    emit(&mut out, &mut pending, new_lines[new_index + k]);
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for d in &decor[old_index..old_index + old_len] {
                    pending.extend(d);
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for line in &new_lines[new_index..new_index + new_len] {
                    emit(&mut out, &mut pending, line);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for d in &decor[old_index..old_index + old_len] {
                    pending.extend(d);
                }
                for line in &new_lines[new_index..new_index + new_len] {
                    emit(&mut out, &mut pending, line);
                }
            }
        }
    }
    for c in pending.into_iter().chain(tail) {
        out.push_str(c);
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD_CANONICAL: &str = "# head\n\nname: t\nnetworks:\n- name: a\n  cidr: 10.0.0.0/24\noutputs:\n- kind: bootgen\n  path: out\n";

    #[test]
    fn comments_stay_before_their_lines() {
        let old = "# head\n\nname: t\nnetworks:\n- name: a\n  cidr: 10.0.0.0/24\n\n# what build writes\noutputs:\n- kind: bootgen\n  path: out\n# end\n";
        let new = "# head\n\nname: t\nnetworks:\n- name: a\n  cidr: 10.0.0.0/24\n- name: b\n  cidr: 10.1.0.0/24\noutputs:\n- kind: bootgen\n  path: /srv\n";
        assert_eq!(
            merge(old, OLD_CANONICAL, new).unwrap(),
            "# head\n\nname: t\nnetworks:\n- name: a\n  cidr: 10.0.0.0/24\n- name: b\n  cidr: 10.1.0.0/24\n\n# what build writes\noutputs:\n- kind: bootgen\n  path: /srv\n# end\n"
        );
    }

    #[test]
    fn a_removed_line_hands_its_comment_to_the_next() {
        let old = "# head\n\nname: t\n# the networks\nnetworks:\n- name: a\n  cidr: 10.0.0.0/24\noutputs:\n- kind: bootgen\n  path: out\n";
        let new = "# head\n\nname: t\noutputs:\n- kind: bootgen\n  path: out\n";
        assert_eq!(
            merge(old, OLD_CANONICAL, new).unwrap(),
            "# head\n\nname: t\n# the networks\noutputs:\n- kind: bootgen\n  path: out\n"
        );
    }

    #[test]
    fn other_layouts_are_left_to_the_caller() {
        let trailing = OLD_CANONICAL.replace("name: t\n", "name: t # the name\n");
        assert_eq!(merge(&trailing, OLD_CANONICAL, OLD_CANONICAL), None);
        let reordered = "# head\nnetworks:\n- name: a\n  cidr: 10.0.0.0/24\nname: t\noutputs:\n- kind: bootgen\n  path: out\n";
        assert_eq!(merge(reordered, OLD_CANONICAL, OLD_CANONICAL), None);
    }
}
