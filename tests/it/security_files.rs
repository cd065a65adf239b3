//! Issue 17, the loader's part: chami reads only regular files inside the inventory folder
//! (a link leading outside is an error naming the link, whose target is never printed; a
//! FIFO does not hang it), lint finds the secrets written into records without ever
//! printing them, and the generated files that carry a token get mode 0640, the others
//! 0644 and the folders made for them 0755, whatever the umask.

use crate::harness::{assert_code, chami, node_yaml, run, stderr, stdout, TestInventory};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Output;

/// What a secret file outside the inventory holds; must never appear in any output.
const SHADOW: &str = "root:$6$Zq9SHADOWSALT$SHADOWHASHNEVERPRINTED:19000:0:99999:7:::\n";
const KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaKEYNEVERPRINTED\n-----END OPENSSH PRIVATE KEY-----\n";

/// A folder outside the inventory with `shadow` and `id_ed25519`.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shadow"), SHADOW).unwrap();
    std::fs::write(dir.path().join("id_ed25519"), KEY).unwrap();
    dir
}

/// `inventory lint` in the three formats, with stdout and stderr of each joined.
fn lint_every_format(inv: &TestInventory) -> Vec<(&'static str, Output, String)> {
    ["human", "json", "github"]
        .into_iter()
        .map(|f| {
            let out = inv.chami(&["inventory", "lint", "--format", f]);
            let text = format!("{}\n{}", stdout(&out), stderr(&out));
            (f, out, text)
        })
        .collect()
}

/// Asserts that no output holds any of `secrets`.
fn assert_never_printed(outputs: &[(&str, Output, String)], secrets: &[&str]) {
    for (format, _, text) in outputs {
        for s in secrets {
            assert!(!text.contains(s), "{format} output prints `{s}`:\n{text}");
        }
    }
}

#[test]
fn links_leading_outside_are_errors_naming_the_link_and_never_read() {
    let secret = outside();
    let inv = TestInventory::new();
    inv.write("nodes/a.yaml", &node_yaml("a", 2));
    // A record file, a whole kind's folder, and a link inside that stays inside.
    symlink(
        secret.path().join("shadow"),
        inv.path().join("nodes/evil.yaml"),
    )
    .unwrap();
    symlink(secret.path(), inv.path().join("groups")).unwrap();
    symlink("a.yaml", inv.path().join("nodes/alias.yml")).unwrap();
    let outputs = lint_every_format(&inv);
    for (format, out, text) in &outputs {
        assert_code(out, 1);
        assert!(text.contains("outside-inventory"), "{format}:\n{text}");
        for link in ["nodes/evil.yaml", "groups"] {
            let message = format!("{link} is a symbolic link that leads outside the inventory");
            assert!(text.contains(&message), "{format}: no `{message}`:\n{text}");
        }
        // The link inside the folder is read: `a` is there twice.
        assert!(text.contains("duplicate-name"), "{format}:\n{text}");
    }
    let outside_path = secret.path().display().to_string();
    assert_never_printed(
        &outputs,
        &["SHADOW", "root:", "KEYNEVERPRINTED", &outside_path],
    );
    let (_, json, _) = &outputs[1];
    let report: serde_json::Value = serde_json::from_str(&stdout(json)).unwrap();
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    for rule in rules {
        assert!(
            chami::inventory::lint::RULES
                .iter()
                .any(|(r, _)| *r == rule),
            "undocumented rule {rule}"
        );
    }
}

#[test]
fn the_parse_cache_does_not_bypass_the_check() {
    let secret = outside();
    let cache = tempfile::tempdir().unwrap();
    let inv = TestInventory::new();
    inv.write("nodes/a.yaml", &node_yaml("a", 2));
    symlink(
        secret.path().join("shadow"),
        inv.path().join("nodes/evil.yaml"),
    )
    .unwrap();
    for _ in 0..2 {
        let out = run(chami()
            .env("CHAMI_CACHE", "on")
            .env("XDG_CACHE_HOME", cache.path())
            .arg("-C")
            .arg(inv.path())
            .args(["inventory", "lint"]));
        assert_code(&out, 1);
        let err = stderr(&out);
        assert!(
            err.contains("error[outside-inventory]: nodes/evil.yaml:1:"),
            "{err}"
        );
        assert!(!err.contains("SHADOW"), "{err}");
    }
    // Nothing of the target went into the cache either.
    for f in std::fs::read_dir(cache.path().join("chami")).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        assert!(!text.contains("SHADOW") && !text.contains("evil"), "{text}");
    }
}

#[test]
fn cluster_yaml_and_templates_are_checked_too() {
    let secret = outside();
    let inv = TestInventory::new();
    inv.write("nodes/a.yaml", &node_yaml("a", 2));
    std::fs::create_dir(inv.path().join("templates")).unwrap();
    symlink(
        secret.path().join("id_ed25519"),
        inv.path().join("templates/key.j2"),
    )
    .unwrap();
    let out_dir = inv.path().join("out").display().to_string();
    let out = inv.chami(&["render", "-o", &out_dir]);
    assert!(!out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("templates/key.j2 is a symbolic link that leads outside the inventory folder"),
        "{err}"
    );
    assert!(!err.contains("KEYNEVERPRINTED") && !stdout(&out).contains("KEYNEVERPRINTED"));
    assert!(!inv.path().join("out/key").exists());

    let cluster = inv.path().join("cluster.yaml");
    std::fs::remove_file(&cluster).unwrap();
    symlink(secret.path().join("shadow"), &cluster).unwrap();
    let outputs = lint_every_format(&inv);
    for (format, out, text) in &outputs {
        assert_code(out, 1);
        assert!(
            text.contains("cluster.yaml is a symbolic link that leads outside"),
            "{format}:\n{text}"
        );
    }
    assert_never_printed(&outputs, &["SHADOW", "root:"]);
}

/// Makes a FIFO at `path`.
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {path:?}"
    );
}

#[test]
fn a_fifo_is_an_error_and_does_not_hang() {
    let inv = TestInventory::new();
    inv.write("nodes/a.yaml", &node_yaml("a", 2));
    mkfifo(&inv.path().join("nodes/pipe.yaml"));
    let out = lint_or_kill(&inv);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "error[not-a-file]: nodes/pipe.yaml:1: nodes/pipe.yaml is a FIFO, not a regular file"
        ),
        "{err}"
    );
}

/// `inventory lint`, killed (and the test failed) when it takes over 20 s.
fn lint_or_kill(inv: &TestInventory) -> Output {
    let mut child = chami()
        .arg("-C")
        .arg(inv.path())
        .args(["inventory", "lint"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("lint hangs on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn every_secret_pattern_is_flagged_and_never_printed() {
    let inv = TestInventory::new();
    let node = format!(
        "{}boot:\n  overrides:\n    kernel: https://boot:Pw1URLKERNEL@images.example/vmlinuz\nvars:\n  ipmi_pass: Pw2IPMIPASS\n  root_pw: Pw3ROOTPW\n  ldap_bind_password_2: Pw4PASSWORD\n  smtp_passwd: Pw5PASSWD\n  credentials: Pw6CREDENTIALS\n  repo: https://u:Pw7REPOURL@repo.example/el9/\n  fine_hash: $6$salt$hash\n  fine_ref: '{{{{ vault_pw }}}}'\n  fine_env: env:ROOT_PW\n  fine_url: https://repo.example/el9/\n",
        node_yaml("a", 2)
    );
    let group = "name: g\nmembers: a\ncloud_init:\n  user_data:\n    chpasswd:\n      expire: false\n      list: |\n        root:Pw8CHPASSWDLIST\n        bob:RANDOM\n      users:\n      - {name: eve, password: Pw9CHPASSWDUSER, type: text}\n      - {name: joe, password: $6$s$h, type: hash}\n";
    let cluster = crate::harness::CLUSTER_YAML.replace(
        "  kernel: images/vmlinuz\n",
        "  kernel: http://k:Pw10CLUSTERURL@images.example/vmlinuz\n",
    );
    inv.write("nodes/a.yaml", &node)
        .write("groups/g.yaml", group)
        .write("cluster.yaml", &cluster);
    let outputs = lint_every_format(&inv);
    let (_, human, text) = &outputs[0];
    assert_code(human, 1);
    for (place, path) in [
        (
            "nodes/a.yaml:11:",
            "`boot.overrides.kernel` holds a URL with a password",
        ),
        ("nodes/a.yaml:13:", "`vars.ipmi_pass` holds a secret"),
        ("nodes/a.yaml:14:", "`vars.root_pw` holds a secret"),
        (
            "nodes/a.yaml:15:",
            "`vars.ldap_bind_password_2` holds a secret",
        ),
        ("nodes/a.yaml:16:", "`vars.smtp_passwd` holds a secret"),
        ("nodes/a.yaml:17:", "`vars.credentials` holds a secret"),
        (
            "nodes/a.yaml:18:",
            "`vars.repo` holds a URL with a password",
        ),
        (
            "groups/g.yaml:7:",
            "`cloud_init.user_data.chpasswd.list` sets a clear-text password",
        ),
        (
            "groups/g.yaml:11:",
            "`cloud_init.user_data.chpasswd.users[0].password` holds a secret",
        ),
        (
            "cluster.yaml:",
            "`boot_profiles[0].kernel` holds a URL with a password",
        ),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("error[secret-in-inventory]: ")
                    && l.contains(place)
                    && l.contains(path)),
            "no finding {place} {path}:\n{text}"
        );
    }
    let count = text
        .lines()
        .filter(|l| l.starts_with("error[secret-in-inventory]"))
        .count();
    assert_eq!(
        count, 10,
        "hashes, references and plain URLs are fine:\n{text}"
    );
    // The whole values: a two-letter fragment such as `Pw` can turn up in a
    // temporary folder's random name.
    assert_never_printed(
        &outputs,
        &[
            "Pw1URLKERNEL",
            "Pw2IPMIPASS",
            "Pw3ROOTPW",
            "Pw4PASSWORD",
            "Pw5PASSWD",
            "Pw6CREDENTIALS",
            "Pw7REPOURL",
            "Pw8CHPASSWDLIST",
            "Pw9CHPASSWDUSER",
            "Pw10CLUSTERURL",
        ],
    );
}

#[test]
fn parse_errors_do_not_print_secret_values() {
    let inv = TestInventory::new();
    let node = node_yaml("a", 2).replace(
        "mac: 02:00:00:00:00:02",
        "mac: https://admin:Pw11MACURL@bmc.example/",
    );
    inv.write("nodes/a.yaml", &node).write(
        "nodes/b.yaml",
        &format!("{}bmc_password: Pw12FIELD\n", node_yaml("b", 3)),
    );
    let outputs = lint_every_format(&inv);
    let (_, human, text) = &outputs[0];
    assert_code(human, 1);
    assert!(
        text.contains("error[mac-malformed]: nodes/a.yaml:5"),
        "{text}"
    );
    assert!(text.contains("`***` is not a MAC address"), "{text}");
    assert!(text.contains("nodes/b.yaml:9"), "{text}");
    assert_never_printed(&outputs, &["Pw11MACURL", "Pw12FIELD"]);
}

/// Runs `chami -C inv bootgen -o out [--token-secret secret]` under `umask`.
fn bootgen_under_umask(inv: &TestInventory, out: &Path, secret: Option<&Path>, umask: u32) {
    use std::os::unix::process::CommandExt;
    let mut cmd = chami();
    cmd.arg("-C")
        .arg(inv.path())
        .arg("bootgen")
        .arg("-o")
        .arg(out);
    if let Some(s) = secret {
        cmd.arg("--token-secret").arg(s);
    }
    // SAFETY: umask(2) is async-signal-safe and cannot fail.
    unsafe {
        cmd.pre_exec(move || {
            libc::umask(umask as libc::mode_t);
            Ok(())
        });
    }
    let result = run(&mut cmd);
    assert_code(&result, 0);
}

/// The modes of the folders below `dir`.
fn folder_modes_below(dir: &Path) -> Vec<(String, u32)> {
    use std::os::unix::fs::MetadataExt;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                let mode = e.metadata().unwrap().mode() & 0o7777;
                out.push((
                    e.path().strip_prefix(dir).unwrap().display().to_string(),
                    mode,
                ));
                stack.push(e.path());
            }
        }
    }
    out
}

/// (path relative to `dir`, mode, gid) of every file below `dir` but the manifest.
fn modes_below(dir: &Path) -> Vec<(String, u32, u32)> {
    use std::os::unix::fs::MetadataExt;
    crate::harness::files_below(dir)
        .into_iter()
        .map(|p| {
            let m = std::fs::metadata(&p).unwrap();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            (rel, m.mode() & 0o7777, m.gid())
        })
        .filter(|(rel, ..)| !rel.starts_with(".chami-"))
        .collect()
}

#[test]
fn bootgen_files_with_a_token_are_0640_the_rest_0644_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let inv = TestInventory::new();
    inv.write("nodes/a.yaml", &node_yaml("a", 2));
    inv.write("nodes/b.yaml", &node_yaml("b", 3));
    let keys = tempfile::tempdir().unwrap();
    let secret = keys.path().join("token-secret");
    std::fs::write(&secret, "0123456789abcdef0123456789abcdef\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    // As root, the output folder gets a group of its own: the private files must take it.
    let root = unsafe { libc::geteuid() } == 0;
    for umask in [0o000, 0o077] {
        let out = tempfile::tempdir().unwrap();
        let folder_gid = 4242;
        if root {
            std::os::unix::fs::chown(out.path(), None, Some(folder_gid)).unwrap();
        }
        // Without a token everything is public; then the same tree with tokens: the seeds
        // keep their content but not their mode.
        bootgen_under_umask(&inv, out.path(), None, umask);
        let public = modes_below(out.path());
        assert!(public.len() >= 10, "{public:?}");
        for (rel, mode, _) in &public {
            assert_eq!(*mode, 0o644, "umask {umask:03o}, no token: {rel}");
        }
        bootgen_under_umask(&inv, out.path(), Some(&secret), umask);
        let with_token = modes_below(out.path());
        assert_eq!(with_token.len(), public.len(), "{with_token:?}");
        for (rel, mode, gid) in &with_token {
            let shared = rel == "default.ipxe" || rel == "unknown.ipxe";
            let want = if shared { 0o644 } else { 0o640 };
            assert_eq!(*mode, want, "umask {umask:03o}, token: {rel}");
            if root && !shared {
                assert_eq!(*gid, folder_gid, "{rel} takes the folder's group");
            }
        }
        let folders = folder_modes_below(out.path());
        assert!(folders.len() >= 3, "{folders:?}");
        for (rel, mode) in folders {
            assert_eq!(mode, 0o755, "umask {umask:03o}: folder {rel}");
        }
        assert!(with_token
            .iter()
            .any(|(r, m, _)| r.contains("meta-data") && *m == 0o640));
        assert!(with_token
            .iter()
            .any(|(r, m, _)| r.starts_with("nodes/") && *m == 0o640));
    }
}

/// `inventory lint -v` with the parse cache in `cache`, under `umask`; returns how many
/// record files came from the cache.
fn lint_cached_under_umask(inv: &TestInventory, cache: &Path, umask: u32) -> String {
    use std::os::unix::process::CommandExt;
    let mut cmd = chami();
    cmd.env("CHAMI_CACHE", "on")
        .env("XDG_CACHE_HOME", cache)
        .args(["-v", "-C"])
        .arg(inv.path())
        .args(["inventory", "lint", "--fresh"]);
    // SAFETY: umask(2) is async-signal-safe and cannot fail.
    unsafe {
        cmd.pre_exec(move || {
            libc::umask(umask as libc::mode_t);
            Ok(())
        });
    }
    let out = run(&mut cmd);
    assert_code(&out, 0);
    let err = stderr(&out);
    let figures = err
        .split(" record files from the parse cache")
        .next()
        .unwrap();
    let hits = figures.rsplit('(').next().unwrap();
    hits.split(" of ").next().unwrap().to_string()
}

#[test]
fn the_parse_cache_is_private_and_a_writable_one_is_ignored() {
    use std::os::unix::fs::PermissionsExt;
    let cache = tempfile::tempdir().unwrap();
    let inv = TestInventory::new();
    inv.write("nodes/a.yaml", &node_yaml("a", 2));
    // Files changed in the last 2 seconds are not cached (racy).
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(lint_cached_under_umask(&inv, cache.path(), 0o000), "0");
    let dir = cache.path().join("chami");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&files[0]), 0o600);
    assert_eq!(lint_cached_under_umask(&inv, cache.path(), 0o000), "1");
    // A cache others may write could answer for files it never saw: it is not used.
    std::fs::set_permissions(&files[0], std::fs::Permissions::from_mode(0o666)).unwrap();
    assert_eq!(lint_cached_under_umask(&inv, cache.path(), 0o000), "0");
    assert_eq!(
        mode(&files[0]),
        0o600,
        "and it is replaced by a private one"
    );
}

#[test]
fn a_cluster_yaml_that_is_a_fifo_is_named_not_waited_on() {
    let inv = TestInventory::new();
    std::fs::remove_file(inv.path().join("cluster.yaml")).unwrap();
    mkfifo(&inv.path().join("cluster.yaml"));
    let out = lint_or_kill(&inv);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "error[not-a-file]: cluster.yaml:1: cluster.yaml is a FIFO, not a regular file"
        ),
        "{err}"
    );
}
