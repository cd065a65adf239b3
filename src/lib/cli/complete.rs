//! Completion of names from the inventory (clap_complete's dynamic completion): node and
//! `@group` names for selection expressions, render target names. The shell calls
//! `chami` with `COMPLETE=bash|zsh|fish` set while completing; the inventory is found as
//! commands find it (`$CHAMI_INVENTORY`, else the current folder and its parents: a
//! `-C DIR` earlier on the line is not seen). Nothing is printed when there is none.

use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use std::ffi::OsStr;
use std::path::PathBuf;

/// The inventory folder a completion reads, if any.
fn root() -> Option<PathBuf> {
    let explicit = std::env::var_os("CHAMI_INVENTORY").map(PathBuf::from);
    let cwd = std::env::current_dir().ok()?;
    crate::inventory::find_root(explicit.as_deref(), &cwd).ok()
}

/// Completes the last part of a selection expression (after `,` `!` `&` `^`) with node
/// names and `@group` names.
pub fn selection() -> ArgValueCompleter {
    ArgValueCompleter::new(complete_selection)
}

fn complete_selection(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let Some(root) = root() else {
        return Vec::new();
    };
    let inv = crate::inventory::load(&root).inventory;
    let cut = current.rfind([',', '!', '&', '^']).map_or(0, |i| i + 1);
    let (head, last) = current.split_at(cut);
    let names = inv
        .nodes
        .iter()
        .map(|n| n.name.clone())
        .chain(inv.groups.iter().map(|g| format!("@{}", g.name)));
    matching(head, last, names)
}

/// Completes render target names (built-in and the inventory's own templates).
pub fn render_target() -> ArgValueCompleter {
    ArgValueCompleter::new(complete_target)
}

fn complete_target(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let site = root()
        .and_then(|r| crate::render::site::load(&r).ok())
        .unwrap_or_default();
    let names: Vec<String> = match crate::render::Engine::new(site) {
        Ok(engine) => engine.targets().iter().map(|t| t.name.clone()).collect(),
        Err(_) => crate::render::builtin::BUILTINS
            .iter()
            .map(|b| b.name.to_string())
            .collect(),
    };
    matching("", current, names.into_iter())
}

/// `head` + each name that starts with `last`, sorted.
fn matching(
    head: &str,
    last: &str,
    names: impl Iterator<Item = String>,
) -> Vec<CompletionCandidate> {
    let mut found: Vec<String> = names.filter(|n| n.starts_with(last)).collect();
    found.sort();
    found.dedup();
    found
        .into_iter()
        .map(|n| CompletionCandidate::new(format!("{head}{n}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_part_of_an_expression_is_completed() {
        let names = ["cn01", "cn02", "gpu01", "@compute"].map(String::from);
        let got: Vec<String> = matching("@gpu,", "cn", names.into_iter())
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect();
        assert_eq!(got, ["@gpu,cn01", "@gpu,cn02"]);
    }
}
