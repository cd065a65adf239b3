//! The boot network: one network namespace of the test's own with a bridge (the boot
//! server's address on it) and a tap device per VM, nothing on the host's interfaces.
//! Servers started in it are killed by PID, and the namespace deleted, on drop, also
//! when the test panics.

use super::super::harness::ip;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The namespace, its scratch folder and the servers running in it.
pub struct Lab {
    /// Namespace name.
    pub ns: String,
    /// Scratch folder: server configs and logs.
    pub dir: tempfile::TempDir,
    servers: Vec<(String, Child)>,
}

impl Lab {
    /// Makes the namespace with bridge `br0` holding `server_cidr` (and an IPv6 ULA so
    /// that dnsmasq can send router advertisements) and the tap devices `taps`.
    pub fn new(server_cidr: &str, taps: &[&str]) -> Lab {
        let lab = Lab {
            ns: format!("chami-e2e-{}", std::process::id()),
            dir: tempfile::tempdir().unwrap(),
            servers: Vec::new(),
        };
        ip(&["netns", "add", &lab.ns]);
        // From here on, Drop removes the namespace.
        let n = ["-n", lab.ns.as_str()];
        let sysctl = lab
            .exec("sysctl")
            .args([
                "-qw",
                "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0",
            ])
            .status();
        assert!(sysctl.is_ok_and(|s| s.success()), "sysctl in the namespace");
        ip(&[n[0], n[1], "link", "set", "lo", "up"]);
        ip(&[
            n[0],
            n[1],
            "link",
            "add",
            "br0",
            "type",
            "bridge",
            "forward_delay",
            "0",
            "stp_state",
            "0",
        ]);
        for tap in taps {
            ip(&[n[0], n[1], "tuntap", "add", "dev", tap, "mode", "tap"]);
            ip(&[n[0], n[1], "link", "set", tap, "master", "br0"]);
            ip(&[n[0], n[1], "link", "set", tap, "up"]);
        }
        ip(&[n[0], n[1], "addr", "add", server_cidr, "dev", "br0"]);
        ip(&[n[0], n[1], "addr", "add", "fd77::1/64", "dev", "br0"]);
        ip(&[n[0], n[1], "link", "set", "br0", "up"]);
        lab
    }

    /// Adds another address (`10.77.0.2/24`) to the bridge, for a second server.
    pub fn add_address(&self, cidr: &str) {
        ip(&["-n", &self.ns, "addr", "add", cidr, "dev", "br0"]);
    }

    /// Kills server `name` (SIGKILL, by PID), as a crash would, and reaps it.
    pub fn kill(&mut self, name: &str) {
        let at = self
            .servers
            .iter()
            .position(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no server {name}"));
        let (_, mut child) = self.servers.remove(at);
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// A command that runs `program` inside the namespace.
    pub fn exec(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.ns]).arg(program);
        cmd
    }

    /// A path in the scratch folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Starts `cmd` (from [`Lab::exec`]) with stdout and stderr in `NAME.log`; it is
    /// killed by PID when the lab is dropped.
    pub fn start(&mut self, name: &str, mut cmd: Command) {
        let log = std::fs::File::create(self.path(&format!("{name}.log"))).unwrap();
        cmd.stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        let child = cmd.spawn().unwrap_or_else(|e| panic!("start {name}: {e}"));
        self.servers.push((name.to_string(), child));
    }

    /// A server's log so far (or any other file in the scratch folder).
    pub fn log(&self, name: &str) -> String {
        read(&self.path(name))
    }

    /// Waits until `url` answers inside the namespace; panics with `NAME.log` if it does
    /// not within 20 s.
    pub fn wait_http(&self, url: &str, name: &str) {
        let started = std::time::Instant::now();
        loop {
            let ok = self
                .exec("curl")
                .args(["-sf", "-o", "/dev/null", url])
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return;
            }
            assert!(
                started.elapsed().as_secs() < 20,
                "{name} does not answer {url}:\n{}",
                self.log(&format!("{name}.log"))
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

/// A file's text, or an empty string.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

impl Drop for Lab {
    fn drop(&mut self) {
        for (_, child) in &mut self.servers {
            // SIGTERM first, so that servers end cleanly; then SIGKILL.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        for (_, child) in &mut self.servers {
            while matches!(child.try_wait(), Ok(None)) && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = Command::new("ip").args(["netns", "del", &self.ns]).status();
    }
}
