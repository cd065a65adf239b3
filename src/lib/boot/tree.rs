//! The whole static boot tree `chami bootgen` writes (see [`super::layout`]), made in
//! parallel, one node per task.
//!
//! Which nodes get what:
//! - a disabled node gets nothing: its MACs fall to `unknown.ipxe`;
//! - an enabled node gets its seed; with a boot profile also `nodes/<name>.ipxe` and one
//!   `ipxe/<mac>.ipxe` per boot MAC (the name script is the script of its first boot MAC,
//!   or, without any, one that takes the MAC from iPXE at boot time);
//! - an enabled node without a profile, or with a profile but no boot MAC, is reported in
//!   [`Tree::warnings`] (the tree is still made).
//!
//! With a token secret, every per-node file (scripts carry the node's token in the seed
//! URL, and the seeds are what the token guards) is written [`PRIVATE_MODE`]; the rest, and
//! everything without a secret, [`PUBLIC_MODE`]: explicit modes, not the umask's.

use super::{layout, script, seed, BootContext, BootError};
use crate::inventory::Inventory;
use rayon::prelude::*;

/// The mode of the files that carry a token or what it guards: owner and group read.
pub const PRIVATE_MODE: u32 = 0o640;

/// The mode of the other files: everyone reads.
pub const PUBLIC_MODE: u32 = 0o644;

/// The boot tree: files and the reasons some nodes cannot network-boot.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// (path relative to the tree's root, content), sorted by path.
    pub files: Vec<(String, String)>,
    /// One line per reason, naming the nodes (folded) and what to do.
    pub warnings: Vec<String>,
    /// Whether the per-node files carry a token (a token secret was given).
    pub tokens: bool,
}

impl Tree {
    /// The mode to write the file at `path` (one of [`Tree::files`]) with.
    pub fn mode_of(&self, path: &str) -> u32 {
        mode_of(self.tokens, path)
    }
}

/// The mode of the file at `path`, in a tree whose per-node files carry tokens or not.
pub(super) fn mode_of(tokens: bool, path: &str) -> u32 {
    let shared = path == layout::DEFAULT_SCRIPT || path == layout::UNKNOWN_SCRIPT;
    if tokens && !shared {
        PRIVATE_MODE
    } else {
        PUBLIC_MODE
    }
}

/// What became of one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Disabled,
    NoProfile,
    NoMac,
    Booting,
}

/// The whole static boot tree for `inv`.
pub fn tree(inv: &Inventory) -> Result<Tree, BootError> {
    tree_with_secret(inv, None)
}

/// The tree, with seed URLs carrying each node's token when `secret` is given.
pub fn tree_with_secret(
    inv: &Inventory,
    secret: Option<super::TokenSecret>,
) -> Result<Tree, BootError> {
    let tokens = secret.is_some();
    let (batches, warnings) = tree_each(inv, secret, &|path, content, _| (path, content))?;
    let mut files: Vec<(String, String)> = batches.into_iter().flatten().collect();
    files.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(Tree {
        files,
        warnings,
        tokens,
    })
}

/// Every file of the tree (path, content, mode) handed to `each` as soon as it is made,
/// on the thread that made it, and what `each` returns, in batches (the shared scripts,
/// then one per node), in no particular order; and the warnings of [`Tree::warnings`]. A
/// caller that compares files with the disk keeps only what differs, instead of the
/// whole tree.
pub fn tree_each<T: Send>(
    inv: &Inventory,
    secret: Option<super::TokenSecret>,
    each: &(dyn Fn(String, String, u32) -> T + Sync),
) -> Result<(Vec<Vec<T>>, Vec<String>), BootError> {
    let tokens = secret.is_some();
    let cx = BootContext::new(inv)?.with_token_secret(secret);
    tree_each_of(&cx, tokens, None, each)
}

/// [`tree_each`] in the context `cx` (whose per-node files carry tokens or not), making
/// the files of the nodes `made` marks only (every node when `None`) and the shared
/// scripts; of the other nodes only what became of them is worked out (for the
/// warnings).
pub(super) fn tree_each_of<T: Send>(
    cx: &BootContext<&Inventory>,
    tokens: bool,
    made: Option<&[bool]>,
    each: &(dyn Fn(String, String, u32) -> T + Sync),
) -> Result<(Vec<Vec<T>>, Vec<String>), BootError> {
    let inv = cx.inventory();
    let per_node: Vec<(Outcome, Vec<T>)> = (0..inv.nodes.len())
        .into_par_iter()
        .map(|ni| {
            if made.is_some_and(|m| !m[ni]) {
                return Ok((outcome(cx, ni)?, Vec::new()));
            }
            let (outcome, files) = node_files(cx, ni)?;
            let done = files
                .into_iter()
                .map(|(path, content)| {
                    let mode = mode_of(tokens, &path);
                    each(path, content, mode)
                })
                .collect();
            Ok((outcome, done))
        })
        .collect::<Result<_, BootError>>()?;
    let mut batches = Vec::with_capacity(per_node.len() + 1);
    batches.push(
        [
            (layout::DEFAULT_SCRIPT, script::default_script(cx)),
            (layout::UNKNOWN_SCRIPT, script::unknown_script(cx)),
        ]
        .into_iter()
        .map(|(path, content)| each(path.to_string(), content, mode_of(tokens, path)))
        .collect(),
    );
    let (mut no_profile, mut no_mac) = (Vec::new(), Vec::new());
    for (ni, (outcome, node_files)) in per_node.into_iter().enumerate() {
        match outcome {
            Outcome::NoProfile => no_profile.push(inv.nodes[ni].name.as_str()),
            Outcome::NoMac => no_mac.push(inv.nodes[ni].name.as_str()),
            Outcome::Disabled | Outcome::Booting => {}
        }
        batches.push(node_files);
    }
    let mut warnings = Vec::new();
    if !no_profile.is_empty() {
        warnings.push(format!(
            "{} node(s) have no boot profile, so no boot script: {} (set `boot.profile` on the \
             node, one of its groups or `defaults:` in cluster.yaml)",
            no_profile.len(),
            crate::hostlist::fold(&no_profile)
        ));
    }
    if !no_mac.is_empty() {
        warnings.push(format!(
            "{} node(s) have no boot interface with a MAC, so no ipxe/<mac>.ipxe script and \
             DHCP-booted iPXE cannot find them: {} (add `mac:` to the `boot: true` interface, \
             or let `discover collect --write` fill it)",
            no_mac.len(),
            crate::hostlist::fold(&no_mac)
        ));
    }
    Ok((batches, warnings))
}

/// What becomes of node `ni` (as [`node_files`] says), without making its files.
fn outcome(cx: &BootContext<&Inventory>, ni: usize) -> Result<Outcome, BootError> {
    let inv = cx.inventory();
    if !inv.nodes[ni].is_enabled() {
        return Ok(Outcome::Disabled);
    }
    if super::effective_boot(inv, cx.groups_of(ni), ni)?.is_none() {
        return Ok(Outcome::NoProfile);
    }
    Ok(if cx.boot_macs(ni).is_empty() {
        Outcome::NoMac
    } else {
        Outcome::Booting
    })
}

fn node_files(
    cx: &BootContext<&Inventory>,
    ni: usize,
) -> Result<(Outcome, Vec<(String, String)>), BootError> {
    let Some(seed) = seed::node_seed(cx, ni) else {
        return Ok((Outcome::Disabled, Vec::new()));
    };
    let name = &cx.inventory().nodes[ni].name;
    let dir = layout::seed_dir(name);
    let mut files = Vec::with_capacity(4 + 1);
    let [m, u, v] = layout::SEED_FILES;
    files.push((format!("{dir}{m}"), seed.meta_data));
    files.push((format!("{dir}{u}"), seed.user_data));
    files.push((format!("{dir}{v}"), seed.vendor_data));
    let macs = cx.boot_macs(ni);
    let Some(first) = script::node_script(cx, ni, macs.first().copied())? else {
        return Ok((Outcome::NoProfile, files));
    };
    for &mac in macs.iter().skip(1) {
        if let Some(s) = script::node_script(cx, ni, Some(mac))? {
            files.push((layout::mac_script(mac), s));
        }
    }
    let outcome = match macs.first() {
        Some(&mac) => {
            files.push((layout::mac_script(mac), first.clone()));
            Outcome::Booting
        }
        None => Outcome::NoMac,
    };
    files.push((layout::node_script(name), first));
    Ok((outcome, files))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::inventory;
    use super::*;

    #[test]
    fn the_outcome_without_the_files_is_the_one_making_them_gives() {
        let profile = "boot_profiles:\n- {name: dl, kind: diskless, kernel: vmlinuz, initrd: initrd.img, rootfs: rootfs.squashfs}\n";
        let nodes = [
            "name: n1\nboot: {profile: dl}\ninterfaces:\n- {name: eth0, mac: '02:00:00:00:00:01', boot: true}\n",
            "name: n2\nboot: {profile: dl}\n",
            "name: n3\ninterfaces:\n- {name: eth0, mac: '02:00:00:00:00:03', boot: true}\n",
            "name: n4\nenabled: false\nboot: {profile: dl}\ninterfaces:\n- {name: eth0, mac: '02:00:00:00:00:04', boot: true}\n",
        ];
        let inv = inventory(profile, &[], &nodes);
        let cx = BootContext::new(&inv).unwrap();
        let got: Vec<Outcome> = (0..4).map(|ni| outcome(&cx, ni).unwrap()).collect();
        let made: Vec<Outcome> = (0..4).map(|ni| node_files(&cx, ni).unwrap().0).collect();
        assert_eq!(got, made);
        assert_eq!(
            got,
            [
                Outcome::Booting,
                Outcome::NoMac,
                Outcome::NoProfile,
                Outcome::Disabled
            ]
        );
    }
}
