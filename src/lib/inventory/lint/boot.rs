//! Boot readiness: every enabled node has a boot interface with a MAC, and every boot
//! profile has what its kind needs.

use super::context::LintContext;
use crate::inventory::model::BootProfileKind;
use std::collections::HashMap;

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    for n in inv.nodes.iter().filter(|n| n.is_enabled()) {
        let boot: Vec<_> = n.boot_interfaces().collect();
        if boot.is_empty() {
            cx.error(
                "no-boot-interface",
                n,
                Some("interfaces:"),
                "no interface is marked `boot: true`".to_string(),
                "mark the interface the node network-boots from with `boot: true`, or set `enabled: false`",
            );
        }
        for i in boot.into_iter().filter(|i| i.mac.is_none()) {
            // Normal before discovery has found the MAC; the node cannot boot until then.
            cx.report(
                crate::inventory::Severity::Warning,
                "no-boot-interface",
                n,
                Some(&format!("name: {}", i.name)),
                format!("boot interface {} has no MAC address yet: the node cannot network-boot", i.name),
                "DHCP and the boot scripts find a node by its MAC: add `mac:` (or let `discover collect --write` fill it)",
            );
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for p in &inv.cluster.boot_profiles {
        let name_line = format!("name: {}", p.name);
        let count = seen.entry(p.name.as_str()).or_insert(0);
        *count += 1;
        // The `name: X` line of this profile: networks come first in cluster.yaml and may
        // share the name, so skip theirs and the earlier profiles'.
        let nth = inv
            .cluster
            .networks
            .iter()
            .filter(|n| n.name == p.name)
            .count()
            + *count
            - 1;
        if *count > 1 {
            cx.cluster_error_nth(
                "duplicate-name",
                &name_line,
                nth,
                format!("boot profile `{}` is declared twice", p.name),
                "every boot profile needs its own name",
            );
        }
        let mut missing = Vec::new();
        // A profile that names an image gets kernel, initrd and rootfs from it.
        let need_kernel = p.image.is_none()
            && matches!(p.kind, BootProfileKind::Diskless | BootProfileKind::Diskful);
        if need_kernel && p.kernel.is_none() {
            missing.push("kernel");
        }
        if need_kernel && p.initrd.is_none() {
            missing.push("initrd");
        }
        if need_kernel && p.kind == BootProfileKind::Diskless && p.rootfs.is_none() {
            missing.push("rootfs");
        }
        if !missing.is_empty() {
            cx.cluster_error_nth(
                "profile-incomplete",
                &name_line,
                nth,
                format!(
                    "boot profile `{}` ({:?}) has no {}",
                    p.name,
                    p.kind,
                    missing.join(", ")
                )
                .to_lowercase(),
                "diskless profiles need kernel, initrd and rootfs (or `image:`); diskful need kernel and initrd",
            );
        }
    }
}
