//! The boot tree as a plan of files in an output folder (`bootgen`, and `build`'s bootgen
//! outputs): every file owned by bootgen in the folder's manifest, with its mode.

use super::{layout, BootError};
use crate::inventory::Inventory;
use crate::outfiles::{self, DesiredFile, OutfilesError, Plan};
use std::path::Path;

/// The manifest of files `bootgen` wrote in its folder.
pub const BOOTGEN_MANIFEST: &str = ".chami-bootgen.json";

/// The owner of every bootgen file in the manifest.
pub const BOOTGEN_OWNER: &str = "bootgen";

/// Why the boot tree cannot be planned.
#[derive(Debug, thiserror::Error)]
pub enum TreePlanError {
    /// The tree cannot be made from this inventory.
    #[error(transparent)]
    Boot(#[from] Box<BootError>),
    /// The folder cannot be read or written.
    #[error("cannot write into {dir}")]
    Folder {
        /// The output folder.
        dir: std::path::PathBuf,
        /// Why.
        #[source]
        source: Box<OutfilesError>,
    },
}

/// The plan of the boot tree in `dir` (with seed URLs carrying tokens when `secret` is
/// given), and the warnings about nodes that cannot network-boot (no boot profile, no boot
/// MAC), one line per reason.
pub fn plan_tree(
    inv: &Inventory,
    dir: &Path,
    secret: Option<super::TokenSecret>,
) -> Result<(Plan, Vec<String>), TreePlanError> {
    let folder = |source| TreePlanError::Folder {
        dir: dir.to_path_buf(),
        source: Box::new(source),
    };
    let comparer = outfiles::Comparer::open(dir, BOOTGEN_MANIFEST).map_err(folder)?;
    // Each file is compared as soon as it is made: only those to write are kept.
    let (compared, warnings) = super::tree::tree_each(inv, secret, &|path, content, mode| {
        comparer.compare(DesiredFile::new(path, content, BOOTGEN_OWNER).with_mode(mode))
    })
    .map_err(Box::new)?;
    let plan = comparer
        .finish(&[BOOTGEN_OWNER.to_string()], compared)
        .map_err(folder)?;
    Ok((plan, warnings))
}

/// The boot folder `dir` when it is still exactly what the stamped build left there
/// (`previous`), with the modes the tree gives (see [`outfiles::Intact::check`]), checked
/// on `threads` threads (0: rayon's pool, shared with the rest of the build).
pub fn intact_tree(
    dir: &Path,
    previous: &outfiles::PreviousFolder,
    threads: usize,
) -> Option<outfiles::Intact> {
    let mode_of = |rel: &str| Some(super::tree::mode_of(false, rel));
    let check = || outfiles::Intact::check(dir, BOOTGEN_OWNER, previous, &mode_of);
    if threads == 0 {
        return check();
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|_| "boot-check".into())
        .build()
        .ok()?
        .install(check)
}

/// What the last stamped build left in a boot folder, and which input files changed
/// since (see [`plan_tree_since`]).
pub struct Since<'a> {
    /// What it left (from its stamp).
    pub previous: &'a outfiles::PreviousFolder,
    /// The folder as already checked (`Some(None)`: not intact), when it was checked
    /// ahead (see [`intact_tree`]); else it is checked now.
    pub intact: Option<Option<outfiles::Intact>>,
    /// Whether the record file at this path (relative to the inventory) is new or changed
    /// since; only node record files may have changed.
    pub changed_file: &'a (dyn Fn(&Path) -> bool + Sync),
}

/// How a plan of the boot tree was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Planned {
    /// Every file made and compared.
    Whole,
    /// As a patch of the folder the stamped build left: the files of `nodes` nodes made
    /// and compared, the others vouched for by the stat index; `unchanged` files in all
    /// are right.
    Patched {
        /// Nodes whose files were made.
        nodes: usize,
        /// Files right as they are.
        unchanged: usize,
    },
}

/// [`plan_tree`] (no token secret) for a build whose stamp says what the last build left
/// in `dir` and only node record files changed since: when the folder is intact (see
/// [`outfiles::Intact`]), only the files of the nodes whose record file changed are made
/// and compared, with the shared scripts; every other file the folder lists stays as it
/// is when it belongs to a node whose record file did not change, and is removed when it
/// belongs to no node now (removed, renamed, or no longer booting from that MAC) or to a
/// changed node that no longer makes it.
///
/// Why a kept file is right: a node's boot files are made from its own record, the
/// records outside nodes/ (cluster.yaml, groups, images, templates: unchanged, or the
/// caller would not ask) and nothing else (no other node's record: two nodes that share
/// a name or a boot MAC are an error before any file is made). A record file whose stat
/// did not change holds what it held, so the node's files are what the stamped build
/// made, and the intact check says they are still on disk as it left them.
pub fn plan_tree_since(
    inv: &Inventory,
    dir: &Path,
    since: Option<Since<'_>>,
) -> Result<(Plan, Vec<String>, Planned), TreePlanError> {
    let Some(since) = since else {
        let (plan, warnings) = plan_tree(inv, dir, None)?;
        return Ok((plan, warnings, Planned::Whole));
    };
    let folder = |source| TreePlanError::Folder {
        dir: dir.to_path_buf(),
        source: Box::new(source),
    };
    // The context first, so that an inventory that cannot make a tree fails as a
    // whole plan does.
    let cx = super::BootContext::new(inv).map_err(Box::new)?;
    let intact = match since.intact {
        Some(checked) => checked,
        None => intact_tree(dir, since.previous, 0),
    };
    let Some(intact) = intact else {
        let (plan, warnings) = plan_tree(inv, dir, None)?;
        return Ok((plan, warnings, Planned::Whole));
    };
    use rayon::prelude::*;
    let changed: Vec<bool> = inv
        .nodes
        .par_iter()
        .map(|n| (since.changed_file)(&n.origin.file))
        .collect();
    let comparer = outfiles::Comparer::open(dir, BOOTGEN_MANIFEST).map_err(folder)?;
    let (compared, warnings) =
        super::tree::tree_each_of(&cx, false, Some(&changed), &|path, content, mode| {
            comparer.compare(DesiredFile::new(path, content, BOOTGEN_OWNER).with_mode(mode))
        })
        .map_err(Box::new)?;
    let keep = |rel: &str| node_of_path(&cx, rel).is_some_and(|ni| !changed[ni]);
    let plan = comparer
        .finish_patched(compared, intact, &keep)
        .map_err(folder)?;
    let nodes = changed.iter().filter(|c| **c).count();
    let unchanged = plan.unchanged();
    Ok((plan, warnings, Planned::Patched { nodes, unchanged }))
}

/// The node whose file `rel` is (see [`super::layout`]): `cloud-init/<name>/<seed file>`
/// and `nodes/<name>.ipxe` by name, `ipxe/<mac>.ipxe` by boot MAC; `None` for the shared
/// scripts, a path of no such shape, and a name or MAC no node (enabled, for a MAC) has.
fn node_of_path(cx: &super::BootContext<&Inventory>, rel: &str) -> Option<usize> {
    if let Some(rest) = rel
        .strip_prefix(layout::SEED_DIR)
        .and_then(|r| r.strip_prefix('/'))
    {
        let (name, file) = rest.split_once('/')?;
        return layout::SEED_FILES
            .contains(&file)
            .then(|| cx.node_by_name(name))
            .flatten();
    }
    if let Some(rest) = rel
        .strip_prefix(layout::NODE_DIR)
        .and_then(|r| r.strip_prefix('/'))
    {
        let name = rest.strip_suffix(".ipxe")?;
        return (!name.contains('/'))
            .then(|| cx.node_by_name(name))
            .flatten();
    }
    let hex = rel
        .strip_prefix(layout::MAC_DIR)?
        .strip_prefix('/')?
        .strip_suffix(".ipxe")?;
    let mut mac = [0u8; 6];
    let mut parts = hex.split('-');
    for b in &mut mac {
        *b = u8::from_str_radix(parts.next()?, 16).ok()?;
    }
    let mac = crate::inventory::model::MacAddr(mac);
    // Only the spelling the tree uses.
    if parts.next().is_some() || layout::mac_script(mac) != rel {
        return None;
    }
    cx.node_by_mac(mac)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::inventory;
    use super::*;

    /// Four nodes, one with two boot MACs, one with none, one disabled.
    fn four_nodes() -> Inventory {
        inventory(
            "boot_profiles:\n- {name: dl, kind: diskless, kernel: vmlinuz, initrd: initrd.img, rootfs: rootfs.squashfs}\ndefaults: {boot: {profile: dl}}\n",
            &[],
            &[
                "name: n1\ninterfaces:\n- {name: eth0, mac: '02:00:00:00:00:01', boot: true}\n",
                "name: n2\ninterfaces:\n- {name: eth0, mac: '02:00:00:00:00:02', boot: true}\n- {name: eth1, mac: '02:00:00:00:00:12', boot: true}\n",
                "name: n3\n",
                "name: n4\nenabled: false\ninterfaces:\n- {name: eth0, mac: '02:00:00:00:00:04', boot: true}\n",
            ],
        )
    }

    #[test]
    fn the_streamed_plan_writes_exactly_the_tree_and_then_finds_nothing_to_do() {
        let inv = four_nodes();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("boot");
        let (plan, warnings) = plan_tree(&inv, &out, None).unwrap();
        assert_eq!(warnings, super::super::tree(&inv).unwrap().warnings);
        assert!(warnings.iter().any(|w| w.contains("n3")), "{warnings:?}");
        let want = super::super::tree(&inv).unwrap().files;
        let planned: Vec<(String, String)> = plan
            .changes()
            .iter()
            .map(|c| {
                let content = String::from_utf8(c.new_content().unwrap().to_vec()).unwrap();
                (c.path.to_str().unwrap().to_string(), content)
            })
            .collect();
        assert_eq!(planned, want, "the changes are the tree, sorted by path");
        plan.apply().unwrap();
        for (path, content) in &want {
            assert_eq!(&std::fs::read_to_string(out.join(path)).unwrap(), content);
        }
        let (again, _) = plan_tree(&inv, &out, None).unwrap();
        assert!(again.is_clean() && !again.manifest_changed());
        assert_eq!(again.unchanged(), want.len());
        // A hand edit of one file is the one change.
        std::fs::write(out.join("nodes/n1.ipxe"), "#!ipxe\nexit\n").unwrap();
        let (edited, _) = plan_tree(&inv, &out, None).unwrap();
        let changed: Vec<&str> = edited
            .changes()
            .iter()
            .map(|c| c.path.to_str().unwrap())
            .collect();
        assert_eq!(changed, ["nodes/n1.ipxe"]);
        assert_eq!(edited.unchanged(), want.len() - 1);
    }

    #[test]
    fn two_nodes_with_one_mac_are_refused_before_anything_is_written() {
        let mut inv = four_nodes();
        inv.nodes[2] = inv.nodes[0].clone();
        inv.nodes[2].value.name = "n3".into();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("boot");
        let e = plan_tree(&inv, &out, None).unwrap_err();
        let chain = format!("{:#}", anyhow::Error::new(e));
        assert!(
            chain.contains("MAC 02:00:00:00:00:01 is a boot MAC of node n1 and of node n3"),
            "{chain}"
        );
        assert!(!out.exists());
    }

    #[test]
    fn each_file_of_the_tree_names_its_node_and_nothing_else_does() {
        let inv = four_nodes();
        let cx = super::super::BootContext::new(&inv).unwrap();
        let of = |rel: &str| node_of_path(&cx, rel);
        // Every file of the tree: the shared scripts name no node, the others theirs.
        for (path, _) in super::super::tree(&inv).unwrap().files {
            let want = match path.as_str() {
                "default.ipxe" | "unknown.ipxe" => None,
                p if p.contains("n1") || p.contains("-01.ipxe") => Some(0),
                p if p.contains("n2") || p.contains("-02.ipxe") || p.contains("-12.ipxe") => {
                    Some(1)
                }
                p if p.contains("n3") => Some(2),
                p => panic!("unexpected file {p}"),
            };
            assert_eq!(of(&path), want, "{path}");
        }
        // A disabled node boots from no MAC; other shapes and spellings are no node's.
        for rel in [
            "ipxe/02-00-00-00-00-04.ipxe",
            "ipxe/02-00-00-00-00-0.ipxe",
            "ipxe/02-00-00-00-00-01-ff.ipxe",
            "ipxe/02-00-00-00-00-1.ipxe",
            "ipxe/02:00:00:00:00:01.ipxe",
            "ipxe/02-00-00-00-00-01",
            "cloud-init/n1/other-data",
            "cloud-init/n1/meta-data/x",
            "cloud-init/n9/meta-data",
            "nodes/n9.ipxe",
            "nodes/x/n1.ipxe",
            "n1.ipxe",
        ] {
            assert_eq!(of(rel), None, "{rel}");
        }
    }
}
