//! `chami hostlist`: expand, fold and count nodesets; `@group` and `key=value` atoms read
//! the inventory.

use crate::exit::ExitStatus;
use crate::hostlist::NodeSet;
use crate::inventory::Selector;
use crate::output::write_stdout;
use crate::settings::{GlobalSettings, HostlistMode, HostlistSettings};
use std::io::BufRead;

/// Runs `chami hostlist`.
pub fn run(s: HostlistSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let exprs = if s.exprs.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map(|l| l.map(|l| l.trim().to_string()))
            .filter(|l| !matches!(l, Ok(t) if t.is_empty()))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        s.exprs.clone()
    };
    let needs_inventory = exprs.iter().any(|e| e.contains('@') || e.contains('='));
    if needs_inventory {
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
