//! A private link for real DHCP exchanges: two network namespaces joined by a veth pair,
//! a server started in one (killed by PID on drop) and busybox `udhcpc` in the other,
//! whose hook script records what the server handed out. Everything is removed on drop,
//! also when the test panics.

use super::harness::ip;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// What a client got.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lease {
    /// Its address.
    pub ip: String,
    /// Option 12.
    pub hostname: String,
    /// The BOOTP file field (or option 67).
    pub boot_file: String,
    /// The next server (siaddr).
    pub siaddr: String,
}

/// Two namespaces and a veth pair; the server side has `server_ip/prefix`.
pub struct Link {
    /// Server namespace.
    pub server_ns: String,
    /// Client namespace.
    pub client_ns: String,
    /// Interface in the server namespace.
    pub server_if: String,
    /// Interface in the client namespace.
    pub client_if: String,
    /// Scratch folder (configs, leases, hook output).
    pub dir: tempfile::TempDir,
    servers: Vec<Child>,
}

impl Link {
    /// Creates the namespaces and the link; the server side gets `server_cidr`
    /// (e.g. `10.0.0.1/24`).
    pub fn new(server_cidr: &str) -> Link {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let id = format!("{}x{n}", std::process::id());
        let link = Link {
            server_ns: format!("chami-{id}-s"),
            client_ns: format!("chami-{id}-c"),
            server_if: format!("s{id}"),
            client_if: format!("c{id}"),
            dir: tempfile::tempdir().unwrap(),
            servers: Vec::new(),
        };
        // From here on, Drop cleans up whatever was made.
        ip(&["netns", "add", &link.server_ns]);
        ip(&["netns", "add", &link.client_ns]);
        ip(&[
            "link",
            "add",
            &link.server_if,
            "type",
            "veth",
            "peer",
            "name",
            &link.client_if,
        ]);
        ip(&["link", "set", &link.server_if, "netns", &link.server_ns]);
        ip(&["link", "set", &link.client_if, "netns", &link.client_ns]);
        ip(&[
            "-n",
            &link.server_ns,
            "addr",
            "add",
            server_cidr,
            "dev",
            &link.server_if,
        ]);
        for (ns, dev) in [
            (&link.server_ns, &link.server_if),
            (&link.client_ns, &link.client_if),
        ] {
            ip(&["-n", ns, "link", "set", "lo", "up"]);
            ip(&["-n", ns, "link", "set", dev, "up"]);
        }
        link
    }

    /// A file in the scratch folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Starts `program args…` in the server namespace (output in `NAME.log`), with extra
    /// environment. It is killed by PID when the link is dropped.
    pub fn start_server(
        &mut self,
        name: &str,
        program: &Path,
        args: &[&str],
        env: &[(&str, &Path)],
    ) {
        let log = std::fs::File::create(self.path(&format!("{name}.log"))).unwrap();
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.server_ns])
            .arg(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        for (k, v) in env {
            cmd.env(k, v);
        }
        self.servers.push(cmd.spawn().expect("start the server"));
    }

    /// The server's log so far.
    pub fn server_log(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(&format!("{name}.log"))).unwrap_or_default()
    }

    /// Runs busybox udhcpc in the client namespace with hardware address `mac` and extra
    /// options (`-x OPT:VAL` …); `None` when no lease was obtained after `tries` discovers
    /// one second apart.
    pub fn dhcp(&self, busybox: &Path, mac: &str, extra: &[&str], tries: u32) -> Option<Lease> {
        ip(&[
            "-n",
            &self.client_ns,
            "link",
            "set",
            &self.client_if,
            "down",
        ]);
        ip(&[
            "-n",
            &self.client_ns,
            "link",
            "set",
            &self.client_if,
            "address",
            mac,
        ]);
        ip(&["-n", &self.client_ns, "link", "set", &self.client_if, "up"]);
        let out = self.path("lease.env");
        let _ = std::fs::remove_file(&out);
        let hook = self.path("hook.sh");
        std::fs::write(
            &hook,
            "#!/bin/sh\n[ \"$1\" = bound ] || exit 0\n{ echo \"ip=$ip\"; echo \"hostname=$hostname\"; \
             echo \"boot_file=$boot_file\"; echo \"siaddr=$siaddr\"; } > \"$LEASE_OUT\"\n",
        )
        .unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let tries = tries.to_string();
        let status = Command::new("ip")
            .args(["netns", "exec", &self.client_ns])
            .arg(busybox)
            .args([
                "udhcpc",
                "-i",
                &self.client_if,
                "-f",
                "-q",
                "-n",
                "-t",
                &tries,
                "-T",
                "1",
                "-A",
                "1",
            ])
            .arg("-s")
            .arg(&hook)
            .args(extra)
            .env("LEASE_OUT", &out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run udhcpc");
        let text = std::fs::read_to_string(&out).ok()?;
        assert!(status.success(), "udhcpc failed after a lease: {text}");
        let mut lease = Lease::default();
        for line in text.lines() {
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            let v = v.to_string();
            match k {
                "ip" => lease.ip = v,
                "hostname" => lease.hostname = v,
                "boot_file" => lease.boot_file = v,
                "siaddr" => lease.siaddr = v,
                _ => {}
            }
        }
        Some(lease)
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        for child in &mut self.servers {
            // SAFETY: kill(2) on the PID of a child we started and have not reaped.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        }
        for child in &mut self.servers {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
            loop {
                match child.try_wait() {
                    Ok(Some(_)) | Err(_) => break,
                    Ok(None) if std::time::Instant::now() > deadline => {
                        let _ = child.kill();
                        let _ = child.wait();
                        break;
                    }
                    Ok(None) => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        }
        // Deleting a namespace deletes its end of the veth pair, and so the pair.
        for ns in [&self.server_ns, &self.client_ns] {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
    }
}
