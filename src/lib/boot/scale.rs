//! Timing of [`super::tree`] on 100,000 nodes held in memory (diskless, two groups with
//! cloud-init fragments): the library alone, without loading, lint or writing. Ignored by
//! default; run with
//!
//! ```text
//! cargo test --release --lib boot::scale -- --ignored --nocapture
//! ```
//!
//! `CHAMI_SCALE_NODES` changes the number of nodes.

use super::test_support::inventory;
use crate::inventory::model::{Interface, MacAddr, Node};
use crate::inventory::{Origin, Record};
use std::time::Instant;

#[test]
#[ignore = "timing; run by hand with --release"]
fn tree_of_100k_nodes() {
    let n: usize = std::env::var("CHAMI_SCALE_NODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut inv = inventory(
        "boot_profiles:\n- {name: dl, kind: diskless, kernel: vmlinuz, initrd: initrd.img, rootfs: rootfs.squashfs, params: 'console=ttyS0,115200'}\ndefaults: {boot: {profile: dl}}\n",
        &[
            &format!("name: compute\nmembers: nid[000001-{n:06}]\ncloud_init: {{user_data: {{packages: [slurm-slurmd]}}, vendor_data: {{ntp: {{enabled: true}}}}}}\n"),
            &format!("name: gpu\npriority: 10\nmembers: nid[000001-{:06}]\ncloud_init: {{user_data: {{packages: [nvidia-driver]}}}}\n", n / 10),
        ],
        &[],
    );
    inv.nodes = (1..=n)
        .map(|i| Record {
            value: Node {
                name: format!("nid{i:06}"),
                nid: Some(i as u64),
                interfaces: vec![Interface {
                    name: "eth0".into(),
                    mac: MacAddr::from_u64(0x0200_0000_0000 + i as u64),
                    boot: true,
                    ..Interface::default()
                }],
                ..Node::default()
            },
            origin: Origin::new_file(format!("nodes/nid{i:06}.yaml").into()),
        })
        .collect();
    for round in 1..=3 {
        let t = Instant::now();
        let tree = super::tree(&inv).unwrap();
        let elapsed = t.elapsed();
        let bytes: usize = tree.files.iter().map(|(p, c)| p.len() + c.len()).sum();
        eprintln!(
            "round {round}: tree() of {n} nodes: {:.0} ms, {} files, {:.1} MB, {} threads",
            elapsed.as_secs_f64() * 1e3,
            tree.files.len(),
            bytes as f64 / 1e6,
            rayon::current_num_threads()
        );
        assert_eq!(tree.files.len(), 2 + 5 * n);
    }
}
