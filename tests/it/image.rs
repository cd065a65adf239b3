//! `chami image build` with the real mmdebstrap and mksquashfs, from the Debian archive
//! this machine's apt uses: a tiny bookworm image (a base layer with a kernel and
//! live-boot, a leaf layer with a package, files and a command), checked file by file
//! (artifacts, manifest, the files and commands of the recipes inside the squashfs); then
//! the layer cache: an unchanged image is up to date, a rebuild reuses both layers, a
//! change to the leaf rebuilds only the leaf, and `image list`, `prune` and `rm` see and
//! remove the right layers. An unknown package fails with its name and writes nothing;
//! SIGINT leaves no half image, no staging folder, no half layer and no mount.

use crate::harness::{assert_code, chami, interop_program, stderr, TestInventory};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

/// The base layer: a kernel and live-boot, no docs.
const BASE: &str = "base: bookworm
kernel: linux-image-amd64
initramfs: live-boot
exclude: [docs, man, locales]
";

/// The leaf layer, on the base: a package, a file from the inventory, an inline one
/// (`MARKER` is replaced) and a command.
const TINY: &str = "parent: base
packages: [less]
files:
- path: /etc/motd
  source: motd
- path: /etc/chami-marker
  content: \"MARKER\\n\"
  mode: \"0600\"
run:
- echo tiny > /etc/hostname
";

/// The tools, or `None` (skipped with a message) when one is missing.
fn tools(test: &str) -> Option<()> {
    interop_program(test, "mmdebstrap")?;
    interop_program(test, "mksquashfs")?;
    interop_program(test, "unsquashfs")?;
    Some(())
}

fn inventory() -> TestInventory {
    let inv = TestInventory::new();
    inv.write("images/files/motd", "hello\n");
    inv.write("images/base.yaml", BASE);
    inv.write(
        "images/tiny.yaml",
        &TINY.replace("MARKER", "built by chami"),
    );
    inv
}

/// `chami image ARGS… --cache-dir CACHE` (`--out OUT` for a build).
fn image(inv: &TestInventory, args: &[&str], out: &Path, cache: &Path) -> std::process::Output {
    let mut all: Vec<&str> = vec!["image"];
    all.extend(args);
    if args[0] == "build" {
        all.extend(["--out", out.to_str().unwrap()]);
    }
    all.extend(["--cache-dir", cache.to_str().unwrap()]);
    inv.chami(&all)
}

/// Writes a line to the real stderr, so that the run's log shows build times.
fn log(line: String) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{line}\n").as_bytes());
}

/// `image list -o json` as (recipe, id, used_by) triples.
fn cached_layers(inv: &TestInventory, cache: &Path) -> Vec<(String, String, Vec<String>)> {
    let out = image(inv, &["list", "-o", "json"], Path::new(""), cache);
    assert_code(&out, 0);
    let v: serde_json::Value = serde_json::from_str(&crate::harness::stdout(&out)).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["recipe"].as_str().unwrap().to_string(),
                l["id"].as_str().unwrap().to_string(),
                l["used_by"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn sha256_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What `unsquashfs -cat` prints for `file` of the image.
fn cat(squash: &Path, file: &str) -> String {
    let out = Command::new("unsquashfs")
        .arg("-cat")
        .arg(squash)
        .arg(file)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Entries of `dir` (names), empty when it does not exist.
fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn mounts_below(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    text.lines()
        .filter_map(|l| l.split(' ').nth(4))
        .filter(|p| Path::new(p).starts_with(dir))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_tiny_image_is_built_with_its_artifacts_and_manifest() {
    let Some(()) = tools("image::a_tiny_image_is_built") else {
        return;
    };
    let inv = inventory();
    let out_dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let out = image(&inv, &["build", "tiny"], out_dir.path(), cache.path());
    assert_code(&out, 0);
    log(format!(
        "image::a_tiny_image_is_built: built in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    let err = stderr(&out);
    for layer in ["layer base ", "layer tiny "] {
        assert!(
            err.lines()
                .any(|l| l.contains(layer) && l.contains(": built in ")),
            "{layer}: {err}"
        );
    }
    assert_eq!(
        entries(out_dir.path()),
        ["tiny"],
        "no staging folder is left"
    );
    let dir = out_dir.path().join("tiny");
    let mut names = entries(&dir);
    names.sort();
    assert_eq!(
        names,
        ["initrd.img", "manifest.json", "rootfs.squashfs", "vmlinuz"]
    );

    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["name"], "tiny");
    assert_eq!(m["suite"], "bookworm");
    assert_eq!(m["parent"], "base", "{m:#}");
    let layer_ids: Vec<&str> = m["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(layer_ids.len(), 2, "{m:#}");
    assert_eq!(m["id"], layer_ids[1], "the image is its top layer");
    assert_eq!(m["recipe_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m["chami_version"], env!("CARGO_PKG_VERSION"));
    for a in m["artifacts"].as_array().unwrap() {
        let path = dir.join(a["name"].as_str().unwrap());
        assert_eq!(a["sha256"], sha256_of(&path), "{a}");
        assert_eq!(a["size"], std::fs::metadata(&path).unwrap().len(), "{a}");
    }
    let packages = m["packages"].as_array().unwrap();
    let version_of = |name: &str| {
        packages
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["version"].as_str())
            .map(str::to_string)
    };
    for p in [
        "linux-image-amd64",
        "live-boot",
        "initramfs-tools",
        "dpkg",
        "less",
    ] {
        assert!(
            version_of(p).is_some_and(|v| !v.is_empty()),
            "{p} not in {m:#}"
        );
    }

    // The kernel is a bzImage; the initrd has live-boot's network fetch in it.
    let kernel = std::fs::read(dir.join("vmlinuz")).unwrap();
    assert_eq!(
        &kernel[0x202..0x206],
        b"HdrS",
        "vmlinuz is not a Linux kernel image"
    );
    if let Some(lsinitramfs) = crate::harness::which("lsinitramfs") {
        let listed = Command::new(lsinitramfs)
            .arg(dir.join("initrd.img"))
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&listed.stdout);
        assert!(
            listed.contains("scripts/live"),
            "no live-boot in the initrd"
        );
    }

    // The recipe's files, modes and commands are in the root image; docs are excluded.
    let squash = dir.join("rootfs.squashfs");
    assert_eq!(cat(&squash, "etc/motd"), "hello\n");
    assert_eq!(cat(&squash, "etc/chami-marker"), "built by chami\n");
    assert_eq!(cat(&squash, "etc/hostname"), "tiny\n");
    let listing = Command::new("unsquashfs")
        .args(["-lls", "-d", ""])
        .arg(&squash)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    let marker = listing
        .lines()
        .find(|l| l.ends_with("/etc/chami-marker"))
        .unwrap();
    assert!(marker.starts_with("-rw------- root/root"), "{marker}");
    assert!(
        listing.contains("/usr/bin/dpkg"),
        "the root is not a Debian tree"
    );
    assert!(
        !listing.contains("/usr/share/doc/bash/"),
        "docs were not excluded"
    );
    assert!(
        !listing.contains("/usr/share/man/man1/"),
        "man pages were not excluded by the base layer's exclude"
    );
    the_layer_cache_reuses_what_did_not_change(&inv, out_dir.path(), cache.path(), &m);
}

/// Continues the test above on its image: up to date, rebuilt from the cache, a changed
/// leaf rebuilt alone, and the cache listed, pruned and emptied.
fn the_layer_cache_reuses_what_did_not_change(
    inv: &TestInventory,
    out_dir: &Path,
    cache: &Path,
    first: &serde_json::Value,
) {
    let dir = out_dir.join("tiny");
    let manifest = || -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
    };
    // Nothing changed: nothing is done.
    let again = image(inv, &["build", "tiny"], out_dir, cache);
    assert_code(&again, 0);
    assert!(
        stderr(&again).contains("is up to date"),
        "{}",
        stderr(&again)
    );
    assert_eq!(manifest()["built_at"], first["built_at"]);

    // --force: both layers come from the cache, only the squashfs is made again.
    let started = std::time::Instant::now();
    let forced = image(inv, &["build", "tiny", "--force"], out_dir, cache);
    assert_code(&forced, 0);
    log(format!(
        "image::a_tiny_image_is_built: rebuilt from cached layers in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    let err = stderr(&forced);
    for layer in ["layer base ", "layer tiny "] {
        assert!(
            err.lines()
                .any(|l| l.contains(layer) && l.contains(": cached, ")),
            "{layer}: {err}"
        );
    }
    assert!(!err.contains(": built in "), "{err}");
    assert_eq!(manifest()["id"], first["id"]);

    // A change to the leaf rebuilds the leaf on the cached base.
    inv.write(
        "images/tiny.yaml",
        &TINY.replace("MARKER", "second version"),
    );
    let started = std::time::Instant::now();
    let changed = image(inv, &["build", "tiny"], out_dir, cache);
    assert_code(&changed, 0);
    log(format!(
        "image::a_tiny_image_is_built: leaf layer changed, rebuilt in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    let err = stderr(&changed);
    assert!(
        err.lines()
            .any(|l| l.contains("layer base ") && l.contains(": cached, ")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("layer tiny ") && l.contains(": built in ")),
        "{err}"
    );
    let m = manifest();
    assert_ne!(m["id"], first["id"]);
    assert_eq!(m["layers"][0], first["layers"][0], "the same base");
    let squash = dir.join("rootfs.squashfs");
    assert_eq!(cat(&squash, "etc/chami-marker"), "second version\n");
    assert_eq!(cat(&squash, "etc/hostname"), "tiny\n");

    // The cache: base (used by both images), the new leaf, the old leaf (stale).
    let layers = cached_layers(inv, cache);
    assert_eq!(layers.len(), 3, "{layers:?}");
    let by_id = |id: &serde_json::Value| {
        layers
            .iter()
            .find(|l| l.1 == id.as_str().unwrap())
            .unwrap_or_else(|| panic!("{id} not listed: {layers:?}"))
            .clone()
    };
    assert_eq!(by_id(&m["layers"][0]["id"]).2, ["image base", "image tiny"]);
    assert_eq!(by_id(&m["id"]).2, ["image tiny"]);
    assert!(by_id(&first["id"]).2.is_empty(), "the old leaf is stale");
    let pruned = image(inv, &["prune"], out_dir, cache);
    assert_code(&pruned, 0);
    assert!(
        stderr(&pruned).contains("1 layer(s) removed"),
        "{}",
        stderr(&pruned)
    );
    let ids: Vec<String> = cached_layers(inv, cache).into_iter().map(|l| l.1).collect();
    assert_eq!(ids.len(), 2);
    assert!(!ids.contains(&first["id"].as_str().unwrap().to_string()));
    let removed = image(inv, &["rm", "tiny"], out_dir, cache);
    assert_code(&removed, 0);
    let left = cached_layers(inv, cache);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].0, "base");
    let unknown = image(inv, &["rm", "nosuchlayer"], out_dir, cache);
    assert_code(&unknown, 2);
    assert!(
        stderr(&unknown).contains("no cached layer `nosuchlayer`"),
        "{}",
        stderr(&unknown)
    );
    assert_eq!(
        entries(&cache.join("layers")).len(),
        1,
        "no staging folder is left in the cache"
    );
}

#[test]
fn an_unknown_package_fails_with_its_name_and_writes_nothing() {
    let Some(()) = tools("image::an_unknown_package_fails") else {
        return;
    };
    let inv = inventory();
    inv.write(
        "images/bad.yaml",
        "base: bookworm\npackages: [no-such-package-chami]\n",
    );
    let out_dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let out = image(&inv, &["build", "bad"], out_dir.path(), cache.path());
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("package `no-such-package-chami` is not in the Debian archive"),
        "{err}"
    );
    assert!(
        entries(out_dir.path()).is_empty(),
        "{:?}",
        entries(out_dir.path())
    );
}

#[test]
fn sigint_during_a_build_leaves_no_image_no_staging_and_no_mount() {
    let Some(()) = tools("image::sigint_during_a_build") else {
        return;
    };
    let inv = inventory();
    let out_dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let child = chami()
        .arg("-C")
        .arg(inv.path())
        .args(["image", "build", "tiny", "--out"])
        .arg(out_dir.path())
        .arg("--cache-dir")
        .arg(cache.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Well inside mmdebstrap (apt is downloading or unpacking by then).
    std::thread::sleep(std::time::Duration::from_secs(8));
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let signalled = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    // apt and dpkg get the signal too: the build stops now, not when mmdebstrap is done.
    assert!(
        signalled.elapsed().as_secs() < 40,
        "took {:?}",
        signalled.elapsed()
    );
    assert_code(&out, 130);
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(
        entries(out_dir.path()).is_empty(),
        "{:?}",
        entries(out_dir.path())
    );
    assert!(mounts_below(out_dir.path()).is_empty());
    assert!(
        entries(&cache.path().join("layers")).is_empty(),
        "no half layer: {:?}",
        entries(&cache.path().join("layers"))
    );
    assert!(mounts_below(cache.path()).is_empty());
}
