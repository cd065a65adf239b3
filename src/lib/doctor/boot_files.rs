//! Whether the kernels, initrds and root images that enabled nodes boot from are present
//! in the folder `chami serve --files` answers from. A profile naming a file that is not
//! there boots nothing, and nothing else says so before a node tries.

use super::{Check, Status};
use crate::boot::effective_boot;
use crate::inventory::{membership, Inventory, Selector};
use std::collections::BTreeMap;
use std::path::Path;

/// How many missing files the detail names.
const SHOWN: usize = 10;

/// The check of every relative boot file location of the enabled nodes against `files`
/// (none: skipped). Absolute URLs (`http://…`) are another server's business.
pub fn boot_files(inv: &Inventory, files: Option<&Path>) -> Check {
    const NAME: &str = "boot files";
    let Some(dir) = files else {
        return Check::not_ok(
            Status::Skip,
            NAME,
            "no files folder given",
            "give --files DIR (the folder chami serve --files answers from) to check that every kernel, initrd and root image is there",
        );
    };
    // Location → the profiles that use it.
    let mut wanted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let groups_of = membership::compute(inv, &Selector::new(inv)).groups_of;
    let mut errors = 0usize;
    for (ni, node) in inv.nodes.iter().enumerate() {
        if !node.is_enabled() {
            continue;
        }
        let eff = match effective_boot(inv, &groups_of[ni], ni) {
            Ok(Some(eff)) => eff,
            Ok(None) => continue,
            Err(_) => {
                errors += 1;
                continue;
            }
        };
        for v in [eff.kernel, eff.initrd, eff.rootfs].into_iter().flatten() {
            let loc = v.location();
            if loc.contains("://") {
                continue;
            }
            let users = wanted
                .entry(loc.trim_start_matches('/').to_string())
                .or_default();
            if !users.contains(&eff.profile.name) {
                users.push(eff.profile.name.clone());
            }
        }
    }
    let missing: Vec<String> = wanted
        .iter()
        .filter(|(loc, _)| !dir.join(loc).is_file())
        .map(|(loc, users)| format!("{loc} (profile {})", users.join(", ")))
        .collect();
    let mut detail = format!(
        "{} file(s) referenced by enabled nodes, {} missing under {}",
        wanted.len(),
        missing.len(),
        dir.display()
    );
    if errors > 0 {
        detail.push_str(&format!(
            "; {errors} node(s) whose boot values cannot be resolved (see chami inventory lint)"
        ));
    }
    if missing.is_empty() && errors == 0 {
        return Check::ok(NAME, detail);
    }
    if !missing.is_empty() {
        detail.push_str(": ");
        detail.push_str(&missing[..missing.len().min(SHOWN)].join("; "));
        if missing.len() > SHOWN {
            detail.push_str(&format!("; … and {} more", missing.len() - SHOWN));
        }
    }
    Check::not_ok(
        Status::Fail,
        NAME,
        detail,
        "build the images (chami image build) or copy the files there; a node whose kernel is missing does not boot",
    )
}
