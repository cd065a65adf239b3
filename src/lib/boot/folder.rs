//! The boot tree as a plan of files in an output folder (`bootgen`, and `build`'s bootgen
//! outputs): every file owned by bootgen in the folder's manifest, with its mode.

use super::BootError;
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
}
