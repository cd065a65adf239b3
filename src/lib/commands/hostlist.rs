//! `chami hostlist`: expand, fold and count nodesets; `@group` and `key=value` atoms read
//! the inventory.

use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::hostlist::NodeSet;
use crate::inventory::Selector;
use crate::settings::{GlobalSettings, HostlistMode, HostlistSettings};
use anyhow::Context;
use std::io::Read;

/// Runs `chami hostlist`.
pub fn run(s: HostlistSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let exprs = if s.exprs.is_empty() {
        let mut text = String::new();
        std::io::stdin()
            .lock()
            .read_to_string(&mut text)
            .context("cannot read the nodesets on stdin (one a line, UTF-8)")?;
        if !needs_inventory(&text) {
            // One expression a line: plain names take the byte-level path.
            return print(&NodeSet::parse_lines(&text)?, &s);
        }
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        s.exprs.clone()
    };
    if exprs.iter().any(|e| needs_inventory(e)) {
        return super::loading::with_readable(global, |inv| {
            let selector = Selector::new(&inv);
            let mut set = NodeSet::new();
            for e in &exprs {
                set.update(&selector.eval(e)?);
            }
            print(&set, &s)
        });
    }
    let mut set = NodeSet::new();
    for e in &exprs {
        set.update(&NodeSet::parse(e)?);
    }
    print(&set, &s)
}

/// Whether an expression names a group (`@x`) or selects by attribute (`k=v`).
fn needs_inventory(expr: &str) -> bool {
    expr.contains(['@', '='])
}

/// Prints `set` as `s` asks.
fn print(set: &NodeSet, s: &HostlistSettings) -> anyhow::Result<ExitStatus> {
    let out = match s.mode {
        HostlistMode::Fold => set.fold(),
        HostlistMode::FoldSlurm => set.fold_slurm(),
        HostlistMode::Count => set.len().to_string(),
        HostlistMode::Expand => set.to_vec().join(&s.separator),
    };
    write_stdout(&format!("{out}\n"))?;
    Ok(ExitStatus::Success)
}
