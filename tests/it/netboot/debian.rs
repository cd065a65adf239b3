//! The Debian image the diskless node boots: built from the test inventory's recipe
//! [`RECIPE`] (bookworm, systemd, live-boot, cloud-init) by the real `chami image build`,
//! and kept in `.cache/e2e-image/SHA/` of the repository (git-ignored; `SHA` is the
//! recipe's sha256), so that a rerun skips the build; a changed recipe builds anew and the
//! older builds are removed. Its files are hard-linked (or copied) into the folder
//! `chami serve` hands out, as `images/debian/…`.

use super::super::harness::{chami, TestInventory};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The recipe's name: `images/debian.yaml`, built into `images/debian/`.
pub const NAME: &str = "debian";

/// What the diskless node runs: systemd as init, live-boot's initramfs (it fetches the
/// squashfs root over HTTP), cloud-init with the NoCloud datasource only (`cloud_init:
/// true`), ifupdown and dhclient for the network cloud-init configures, iproute2 for the
/// group's `runcmd`.
pub const RECIPE: &str = "description: the network-boot test's diskless node (systemd, cloud-init, live-boot)
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

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The built image folder for [`RECIPE`] (in the inventory `inv` as `images/debian.yaml`),
/// and how long the build took (`None`: it came from the cache).
pub fn image(inv: &TestInventory) -> (PathBuf, Option<Duration>) {
    let root = cache_root();
    let key = sha256_hex(RECIPE.as_bytes());
    let out = root.join(&key);
    let dir = out.join(NAME);
    // `chami image build` switches a finished folder in whole: a manifest means done.
    if dir.join("manifest.json").is_file() {
        return (dir, None);
    }
    if let Ok(entries) = std::fs::read_dir(&root) {
        for e in entries.flatten().filter(|e| e.file_name() != *key) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    std::fs::create_dir_all(&out).unwrap();
    let started = Instant::now();
    let built = chami()
        .arg("-C")
        .arg(inv.path())
        .args(["image", "build", NAME, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "chami image build {NAME}: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    (dir, Some(started.elapsed()))
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
