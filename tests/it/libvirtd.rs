//! A session-mode libvirtd (QEMU driver) that a test starts itself under a temporary
//! runtime folder, with `virsh` and other clients pointed at it. Shared by the VM tests.

use super::harness::run;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The daemon, run as `nobody` when the test runs as root; it and the VMs it runs are
/// killed by PID on drop.
pub struct Libvirtd {
    child: Child,
    dir: tempfile::TempDir,
}

impl Libvirtd {
    /// Starts `program` (libvirtd) and waits for its socket.
    pub fn start(program: &Path) -> Libvirtd {
        use std::os::unix::process::CommandExt;
        let dir = tempfile::tempdir().unwrap();
        if as_root() {
            std::os::unix::fs::chown(dir.path(), Some(65534), Some(65534)).unwrap();
        }
        let mut cmd = Command::new(program);
        Libvirtd::env(&mut cmd, dir.path());
        cmd.args(["--timeout", "300"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if as_root() {
            cmd.uid(65534).gid(65534);
        }
        let child = cmd.spawn().expect("libvirtd starts");
        let daemon = Libvirtd { child, dir };
        let started = Instant::now();
        while !daemon.socket().exists() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "libvirtd made no socket"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        daemon
    }

    fn env(cmd: &mut Command, dir: &Path) {
        cmd.env("HOME", dir)
            .env("XDG_RUNTIME_DIR", dir)
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_CACHE_HOME", dir.join("cache"));
    }

    fn socket(&self) -> PathBuf {
        self.dir.path().join("libvirt/libvirt-sock")
    }

    /// A URI that reaches this daemon from any process of the test's user (root reaches
    /// the `nobody` daemon's socket too): `qemu+unix:///session?socket=…`.
    pub fn uri(&self) -> String {
        format!("qemu+unix:///session?socket={}", self.socket().display())
    }

    /// `virsh -c qemu:///session ARGS` as the daemon's user.
    pub fn virsh(&self, virsh: &Path, args: &[&str]) -> Output {
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(virsh);
        Libvirtd::env(&mut cmd, self.dir.path());
        cmd.args(["-c", "qemu:///session"]).args(args);
        if as_root() {
            cmd.uid(65534).gid(65534);
        }
        run(&mut cmd)
    }

    /// `virsh define` of the domain XML `text`, written to `name` in the daemon's folder
    /// (where its user can read it); panics with virsh's message when it fails.
    pub fn define(&self, virsh: &Path, name: &str, text: &str) {
        let copy = self.dir.path().join(name);
        std::fs::write(&copy, text).unwrap();
        let d = self.virsh(virsh, &["define", copy.to_str().unwrap()]);
        assert!(
            d.status.success(),
            "virsh define {name}: {}",
            super::harness::stderr(&d)
        );
    }
}

fn as_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

impl Drop for Libvirtd {
    /// The domains it started first (their qemu outlives a session daemon), by the PIDs
    /// in its pid files, then the daemon.
    fn drop(&mut self) {
        let run = self.dir.path().join("libvirt/qemu/run");
        for entry in std::fs::read_dir(run).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "pid") && !path.ends_with("driver.pid") {
                let pid = std::fs::read_to_string(&path).unwrap_or_default();
                if let Ok(pid) = pid.trim().parse::<i32>() {
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                }
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
