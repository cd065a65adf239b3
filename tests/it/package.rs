//! The Debian package: cargo-deb builds it from the binaries the tests already built
//! (`--no-build --profile dev`: no release build in CI), `dpkg-deb -x` unpacks it into a
//! scratch root (no root needed), and the installed files are used as a user would: the
//! installed `chami --version`, `man` finding the pages, bash loading the completion, and
//! `systemd-analyze verify` on the units (pointed at the unpacked binary).

use crate::harness::{interop_program, run, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The unit files the package installs, under `usr/lib/systemd/system/`.
const UNITS: [&str; 3] = [
    "chami-serve.service",
    "chami-build.service",
    "chami-build.timer",
];

/// Builds the package into `out` and returns the path of the .deb.
fn build_deb(cargo_deb: &Path, out: &Path) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    // target/debug/chami → target and the dev profile (target/release: the release one):
    // cargo-deb takes the binaries the tests run.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_chami")).parent().unwrap();
    let target_dir = bin_dir.parent().unwrap();
    let profile = match bin_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => "dev",
        Some(other) => other,
        None => "release",
    };
    let built = run(Command::new(cargo_deb)
        .args([
            "deb",
            "--no-build",
            "--profile",
            profile,
            "--fast",
            "--quiet",
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--output")
        .arg(out)
        .env("CARGO_TARGET_DIR", target_dir));
    assert!(
        built.status.success(),
        "cargo deb: {}\n{}",
        stdout(&built),
        stderr(&built)
    );
    let deb: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "deb"))
        .collect();
    assert_eq!(deb.len(), 1, "one .deb in {}: {deb:?}", out.display());
    deb[0].clone()
}

/// Runs `systemd-analyze verify` on copies of the package's units whose paths point into
/// `root`; returns (success, stderr).
fn verify_units(analyze: &Path, root: &Path, dir: &Path) -> (bool, String) {
    let units = root.join("usr/lib/systemd/system");
    let mut cmd = Command::new(analyze);
    cmd.args(["verify", "--man=no"]);
    for unit in UNITS {
        let text = std::fs::read_to_string(units.join(unit)).unwrap();
        let rooted = text
            .replace(
                "/usr/bin/chami",
                &format!("{}/usr/bin/chami", root.display()),
            )
            .replace(
                "=/etc/default/chami",
                &format!("={}/etc/default/chami", root.display()),
            );
        let path = dir.join(unit);
        std::fs::write(&path, rooted).unwrap();
        cmd.arg(path);
    }
    let out = run(&mut cmd);
    (out.status.success(), stderr(&out))
}

#[test]
fn debian_package_installs_programs_man_pages_completions_and_units() {
    let test = "package::debian_package_installs_programs_man_pages_completions_and_units";
    let (Some(cargo_deb), Some(dpkg_deb), Some(analyze), Some(man)) = (
        interop_program(test, "cargo-deb"),
        interop_program(test, "dpkg-deb"),
        interop_program(test, "systemd-analyze"),
        interop_program(test, "man"),
    ) else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let deb = build_deb(&cargo_deb, scratch.path());
    let root = scratch.path().join("root");
    let unpacked = run(Command::new(&dpkg_deb).arg("-x").arg(&deb).arg(&root));
    assert!(
        unpacked.status.success(),
        "dpkg-deb -x: {}",
        stderr(&unpacked)
    );

    // Both programs, runnable.
    let version = run(Command::new(root.join("usr/bin/chami")).arg("--version"));
    assert_eq!(
        stdout(&version).trim(),
        format!("chami {}", env!("CARGO_PKG_VERSION"))
    );
    assert!(root.join("usr/bin/chami-ansible-inventory").is_file());

    // Man pages, gzipped, where man looks for them.
    let manpath = root.join("usr/share/man");
    for (section, page) in [
        ("1", "chami-build"),
        ("1", "chami"),
        ("5", "chami-inventory"),
    ] {
        let found = run(Command::new(&man)
            .arg("-M")
            .arg(&manpath)
            .args(["-w", section, page]));
        assert_eq!(
            stdout(&found).trim(),
            format!("{}/man{section}/{page}.{section}.gz", manpath.display()),
            "man -w {section} {page}: {}",
            stderr(&found)
        );
    }
    let shown = run(Command::new(&man)
        .arg("-M")
        .arg(&manpath)
        .args(["-P", "cat", "1", "chami-build"])
        .env("MANWIDTH", "80"));
    assert!(stdout(&shown).contains("chami-build"), "{}", stderr(&shown));

    // Completions in the folders bash-completion, zsh and fish search; bash loads its one.
    for f in [
        "usr/share/bash-completion/completions/chami",
        "usr/share/zsh/vendor-completions/_chami",
        "usr/share/fish/vendor_completions.d/chami.fish",
    ] {
        assert!(root.join(f).is_file(), "{f} is in the package");
    }
    let bash = run(Command::new("bash").arg("-c").arg(format!(
        "source {}/usr/share/bash-completion/completions/chami && complete -p chami",
        root.display()
    )));
    assert!(
        stdout(&bash).starts_with("complete ") && stdout(&bash).trim_end().ends_with(" chami"),
        "complete -p chami: {}{}",
        stdout(&bash),
        stderr(&bash)
    );

    // The default settings file, a conffile.
    let default = std::fs::read_to_string(root.join("etc/default/chami")).unwrap();
    assert!(default.contains("\nCHAMI_INVENTORY="), "{default}");
    let control = scratch.path().join("control");
    assert!(
        run(Command::new(&dpkg_deb).arg("-e").arg(&deb).arg(&control))
            .status
            .success()
    );
    let conffiles = std::fs::read_to_string(control.join("conffiles")).unwrap();
    assert_eq!(conffiles.trim(), "/etc/default/chami");

    // The units verify against the unpacked binary, and verify does check it: without
    // the binary they fail.
    let units = tempfile::tempdir().unwrap();
    let (ok, err) = verify_units(&analyze, &root, units.path());
    assert!(ok && err.trim().is_empty(), "systemd-analyze verify: {err}");
    let serve = std::fs::read_to_string(units.path().join("chami-serve.service")).unwrap();
    for line in [
        "EnvironmentFile=",
        "StateDirectory=chami",
        "Environment=CHAMI_STATE_DIR=%S/chami",
        "AmbientCapabilities=CAP_NET_BIND_SERVICE",
        "ExecReload=/bin/kill -HUP $MAINPID",
    ] {
        assert!(serve.contains(line), "{line} in chami-serve.service");
    }
    std::fs::rename(root.join("usr/bin/chami"), root.join("usr/bin/chami.moved")).unwrap();
    let (ok, err) = verify_units(&analyze, &root, units.path());
    assert!(
        !ok && err.contains("usr/bin/chami is not executable"),
        "verify without the binary: {err}"
    );
}
