//! The Debian image the diskless node boots: built from the test inventory's recipe
//! [`RECIPE`] (bookworm, systemd, live-boot, cloud-init) by the real `chami image build`
//! into `.cache/e2e-image/` of the repository (git-ignored), its layer cache beside it, so
//! that a rerun finds it up to date and skips the build (chami's own check: the manifest's
//! id); a changed recipe builds anew. Its files are hard-linked (or copied) into the
//! folder `chami serve` hands out, as `images/debian/…`.

use super::super::harness::{chami, TestInventory};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The recipe's name: `images/debian.yaml`, built into `images/debian/`.
pub const NAME: &str = "debian";

/// What the diskless node runs: systemd as init, live-boot's initramfs (it fetches the
/// squashfs root over HTTP), cloud-init with the NoCloud datasource only (`cloud_init:
/// true`), ifupdown and dhclient for the network cloud-init configures, iproute2 for the
/// group's `runcmd`.
pub const RECIPE: &str =
    "description: the network-boot test's diskless node (systemd, cloud-init, live-boot)
base: bookworm
packages: [systemd-sysv, iproute2, ifupdown, isc-dhcp-client]
kernel: linux-image-amd64
initramfs: live-boot
cloud_init: true
exclude: [docs, man, locales]
";

/// The artifacts `chami serve` needs (the manifest stays in the cache).
const ARTIFACTS: [&str; 3] = ["vmlinuz", "initrd.img", "rootfs.squashfs"];

/// The cache folder: `$CHAMI_E2E_IMAGE_CACHE`, or `.cache/e2e-image` in the repository.
fn cache_root() -> PathBuf {
    std::env::var_os("CHAMI_E2E_IMAGE_CACHE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/e2e-image"),
        PathBuf::from,
    )
}

/// The built image folder for [`RECIPE`] (in the inventory `inv` as `images/debian.yaml`),
/// and how long the build took (`None`: chami found it up to date).
pub fn image(inv: &TestInventory) -> (PathBuf, Option<Duration>) {
    let root = cache_root();
    let started = Instant::now();
    let built = chami()
        .arg("-C")
        .arg(inv.path())
        .args(["image", "build", NAME, "--out"])
        .arg(&root)
        .arg("--cache-dir")
        .arg(root.join("layers"))
        .output()
        .unwrap();
    let took = started.elapsed();
    let err = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "chami image build {NAME}: {err}");
    let dir = root.join(NAME);
    (dir, (!err.contains("is up to date")).then_some(took))
}

/// Puts the image's artifacts into `dest` (hard links when on the same file system).
pub fn install(image: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).unwrap();
    for a in ARTIFACTS {
        let (from, to) = (image.join(a), dest.join(a));
        // Never copy onto a link to the cached file itself: that would empty it.
        let _ = std::fs::remove_file(&to);
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        }
    }
}
