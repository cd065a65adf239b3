//! `chami image build` with the real mmdebstrap and mksquashfs, from the Debian archive
//! this machine's apt uses: a tiny bookworm image with a kernel and live-boot, checked
//! file by file (artifacts, manifest, the files and commands of the recipe inside the
//! squashfs); an unknown package fails with its name and writes nothing; SIGINT leaves no
//! half image, no staging folder and no mount.

use crate::harness::{assert_code, chami, interop_program, stderr, TestInventory};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

const TINY: &str = "base: bookworm
kernel: linux-image-amd64
initramfs: live-boot
exclude: [docs, man, locales]
files:
- path: /etc/motd
  source: motd
- path: /etc/chami-marker
  content: \"built by chami\\n\"
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
    inv.write("images/tiny.yaml", TINY);
    inv
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
    let started = std::time::Instant::now();
    let out = inv.chami(&[
        "image",
        "build",
        "tiny",
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    let took = started.elapsed();
    assert_code(&out, 0);
    // Written to the real stderr so that the run's log shows the build time.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "image::a_tiny_image_is_built: built in {:.0} s\n",
            took.as_secs_f64()
        )
        .as_bytes(),
    );
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
    assert!(m["parent"].is_null(), "{m:#}");
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
    for p in ["linux-image-amd64", "live-boot", "initramfs-tools", "dpkg"] {
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
        "man pages were not excluded"
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
    let out = inv.chami(&[
        "image",
        "build",
        "bad",
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
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
    let child = chami()
        .arg("-C")
        .arg(inv.path())
        .args(["image", "build", "tiny", "--out"])
        .arg(out_dir.path())
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
}
