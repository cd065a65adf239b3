//! A small harness for the integration tests: runs the real `chami` binary against
//! temporary inventories, and decides what to do when an interop program is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A `Command` for the built `chami` binary, with a clean environment for chami's own
/// variables so that the developer's shell cannot leak into a test.
pub fn chami() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chami"));
    cmd.env_remove("CHAMI_INVENTORY")
        .env_remove("CHAMI_BMC_PASSWORD")
        .env_remove("CHAMI_SECRETS")
        .env_remove("CHAMI_AGE_IDENTITY")
        .env_remove("CHAMI_STATE_DIR")
        .env_remove("CHAMI_STATE_MAX_BYTES")
        // Node state (serve, bmc power status) never goes to the developer's home, and
        // each run of chami has its own: tests run in parallel with the same node names,
        // and one test's recorded boots must not show in another's answers. Tests of
        // state pass --state-dir.
        .env("XDG_STATE_HOME", {
            static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            format!(
                "{}/xdg-state/{}-{n}",
                env!("CARGO_TARGET_TMPDIR"),
                std::process::id()
            )
        })
        // Tests that exercise the parse cache set it up themselves.
        .env("CHAMI_CACHE", "off")
        .env("NO_COLOR", "1");
    cmd
}

/// True when `CHAMI_REQUIRE_INTEROP=1`: a missing interop program then fails the run.
pub fn interop_required() -> bool {
    std::env::var("CHAMI_REQUIRE_INTEROP").is_ok_and(|v| v == "1")
}

/// Call when an interop check cannot run. Returns `false` (so the caller returns early)
/// after printing why on stderr, or panics when interop is required.
pub fn skip_or_fail(test: &str, why: &str) -> bool {
    if interop_required() {
        panic!("{test}: {why} (CHAMI_REQUIRE_INTEROP=1, so a missing tool fails the run)");
    }
    // Written to the real stderr (not eprintln!, which the test harness captures and
    // hides for passing tests), so that plain `cargo test` shows what it skipped.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED interop test {test}: {why}; `bash scripts/test-all.sh` installs it"
    );
    false
}

/// Finds `program` on PATH (or as an absolute path). When it is missing, returns `None`
/// through [`skip_or_fail`].
pub fn interop_program(test: &str, program: &str) -> Option<PathBuf> {
    if let Some(found) = which(program) {
        return Some(found);
    }
    skip_or_fail(test, &format!("`{program}` is not installed"));
    None
}

/// Looks a program up on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    let p = Path::new(program);
    if p.is_absolute() {
        return p.is_file().then(|| p.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Runs a command and returns its output, panicking with the command line if it cannot start.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// stdout as a String.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr as a String.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A cluster.yaml that lints clean: networks `mgmt` 10.0.0.0/24 (gateway .1, dynamic range
/// .200-.250, DHCP) and `bmc` 10.1.0.0/24, boot profiles `diskless` and `local`.
pub const CLUSTER_YAML: &str = "\
format: 1
name: test
domain: test.local
networks:
- name: mgmt
  cidr: 10.0.0.0/24
  gateway: 10.0.0.1
  dns:
  - 10.0.0.1
  dynamic_range:
    start: 10.0.0.200
    end: 10.0.0.250
  dhcp: true
- name: bmc
  cidr: 10.1.0.0/24
  gateway: 10.1.0.1
boot_server:
  address: 10.0.0.1
  http_port: 8080
boot_profiles:
- name: diskless
  kind: diskless
  kernel: images/vmlinuz
  initrd: images/initrd.img
  rootfs: images/rootfs.squashfs
- name: local
  kind: local
defaults:
  role: Compute
  boot:
    profile: diskless
";

/// A node record that lints clean against [`CLUSTER_YAML`]: boot interface eth0 on mgmt
/// at 10.0.0.`n` with MAC 02:00:00:00:00:`n` (hex).
pub fn node_yaml(name: &str, n: u8) -> String {
    format!(
        "name: {name}\nnid: {n}\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:00:{n:02x}\n  network: mgmt\n  ip: 10.0.0.{n}\n  boot: true\n"
    )
}

/// A temporary inventory folder, removed when dropped.
pub struct TestInventory {
    dir: tempfile::TempDir,
}

impl TestInventory {
    /// An inventory with [`CLUSTER_YAML`] and no records.
    pub fn new() -> TestInventory {
        let inv = TestInventory::empty();
        inv.write("cluster.yaml", CLUSTER_YAML);
        inv
    }

    /// An empty folder.
    pub fn empty() -> TestInventory {
        TestInventory {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (relative path), creating folders.
    pub fn write(&self, rel: &str, content: &str) -> &TestInventory {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    /// Reads a file (relative path).
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// Whether a file exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.dir.path().join(rel).exists()
    }

    /// Runs `chami -C DIR ARGS…`.
    pub fn chami(&self, args: &[&str]) -> Output {
        run(chami().arg("-C").arg(self.path()).args(args))
    }

    /// Runs `chami -C DIR ARGS…` with `input` on stdin.
    pub fn chami_stdin(&self, args: &[&str], input: &str) -> Output {
        run_stdin(chami().arg("-C").arg(self.path()).args(args), input)
    }

    /// Every file below the folder with its content, to prove a command changed nothing.
    pub fn snapshot(&self) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
        files_below(self.path())
            .into_iter()
            .map(|p| {
                let content = std::fs::read(&p).unwrap();
                (p.strip_prefix(self.path()).unwrap().to_path_buf(), content)
            })
            .collect()
    }
}

/// Asserts the exit code, showing stdout and stderr when it differs.
pub fn assert_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status {:?}, wanted {code}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        stdout(out),
        stderr(out)
    );
}

/// `text` (one record) as an item of a YAML list.
pub fn list_item(text: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("- {l}\n")
            } else {
                format!("  {l}\n")
            }
        })
        .collect()
}

/// Finds `program` in the repository's Python venv (`.venv/bin`, which
/// `scripts/test-all.sh` makes), then on PATH. When it is missing, returns `None` through
/// [`skip_or_fail`].
pub fn venv_program(test: &str, program: &str) -> Option<PathBuf> {
    let in_venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".venv/bin")
        .join(program);
    if in_venv.is_file() {
        return Some(in_venv);
    }
    interop_program(test, program)
}

/// The real `ansible-inventory` (from the venv, else PATH), or `None` through
/// [`skip_or_fail`]. Run it with [`ansible_command`].
pub fn ansible_inventory_program(test: &str) -> Option<PathBuf> {
    venv_program(test, "ansible-inventory")
}

/// A `Command` for an Ansible program that cannot pass a broken inventory off as a
/// warning (`ANSIBLE_INVENTORY_UNPARSED_FAILED`), keeps its state out of `$HOME`, prints
/// no color, and runs with the UTF-8 locale Ansible requires. chami's own variables are
/// removed (add `CHAMI_INVENTORY` for the inventory script) and its parse cache is off.
pub fn ansible_command(program: &Path) -> Command {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ansible-home");
    let _ = std::fs::create_dir_all(&home);
    let mut cmd = Command::new(program);
    cmd.env("ANSIBLE_INVENTORY_UNPARSED_FAILED", "True")
        .env("ANSIBLE_HOME", &home)
        .env("ANSIBLE_LOCAL_TEMP", home.join("tmp"))
        .env("ANSIBLE_NOCOLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("ANSIBLE_CONFIG")
        .env_remove("CHAMI_INVENTORY")
        .env("CHAMI_CACHE", "off")
        .env("NO_COLOR", "1");
    cmd
}

/// Every file below `dir` (not folders), sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A free TCP and UDP port on 127.0.0.1, never the same twice in this test run.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<std::collections::BTreeSet<u16>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    for _ in 0..100 {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = tcp.local_addr().unwrap().port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok()
            && GIVEN.lock().unwrap().insert(port)
        {
            return port;
        }
    }
    panic!("no free port on 127.0.0.1");
}

/// Runs `cmd` with `input` on stdin, stdout and stderr captured.
pub fn run_stdin(cmd: &mut Command, input: &str) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the program");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `ip ARGS` (iproute2), failing the test with its stderr when it fails.
pub fn ip(args: &[&str]) {
    let out = Command::new("ip").args(args).output().expect("run ip");
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Sets the mtime of the file or folder `f` (the ctime moves to now: it cannot be set).
pub fn set_mtime(f: &Path, t: std::time::SystemTime) {
    let open = if f.is_dir() {
        std::fs::File::open(f)
    } else {
        std::fs::File::options().write(true).open(f)
    };
    open.unwrap().set_modified(t).unwrap();
}
