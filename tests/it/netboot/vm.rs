//! One virtual machine under qemu (KVM when /dev/kvm opens, else software emulation),
//! booting from its NIC's iPXE ROM, its serial console read line by line with the time
//! since start, kept in memory for the assertions and in `NAME-serial.log`. Killed by PID
//! on drop.

use super::lab::Lab;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The firmware a VM starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Firmware {
    /// SeaBIOS, qemu's default.
    Bios,
    /// OVMF (UEFI), with a private copy of its variable store.
    Uefi,
}

/// What to start.
pub struct Spec<'a> {
    /// Name, for logs.
    pub name: &'a str,
    /// Firmware.
    pub firmware: Firmware,
    /// qemu NIC model: `virtio-net-pci` or `e1000`.
    pub nic: &'a str,
    /// Its MAC address.
    pub mac: &'a str,
    /// The tap device in the lab.
    pub tap: &'a str,
    /// An empty disk image to attach (virtio-blk), if any.
    pub disk: Option<&'a Path>,
    /// qemu's accelerator: `kvm` or `tcg` (see [`accel`]).
    pub accel: &'a str,
}

/// `kvm` when /dev/kvm opens and a guest really runs under it: `kernel` must print its
/// first console line within [`KVM_PROBE`] (some nested set-ups open /dev/kvm but hang
/// the guest); else `tcg` (software emulation: a Debian boot with systemd then takes
/// minutes, not seconds).
pub fn accel(kernel: &Path) -> &'static str {
    let opens = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/kvm")
        .is_ok();
    if opens && kvm_runs(kernel) {
        "kvm"
    } else {
        "tcg"
    }
}

/// How long the KVM probe waits for the kernel's first line.
const KVM_PROBE: Duration = Duration::from_secs(10);

/// Boots `kernel` alone under KVM (no root: it panics and qemu exits) and waits for its
/// `Linux version` line.
fn kvm_runs(kernel: &Path) -> bool {
    let Ok(mut child) = std::process::Command::new("qemu-system-x86_64")
        .args(["-accel", "kvm", "-cpu", "host", "-m", "256", "-nographic"])
        .args(["-monitor", "none", "-no-reboot", "-kernel"])
        .arg(kernel)
        .args(["-append", "console=ttyS0 panic=-1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut input = std::io::BufReader::new(stdout);
        let mut raw = Vec::new();
        while input.read_until(b'\n', &mut raw).is_ok_and(|n| n > 0) {
            if String::from_utf8_lossy(&raw).contains("Linux version") {
                let _ = tx.send(());
                return;
            }
            raw.clear();
        }
    });
    let ran = rx.recv_timeout(KVM_PROBE).is_ok();
    let _ = child.kill();
    let _ = child.wait();
    ran
}

/// A serial console line and when it arrived, in seconds since qemu started.
pub type Line = (f64, String);

/// A running VM.
pub struct Vm {
    /// Name.
    pub name: String,
    /// Where its serial log goes.
    pub log: PathBuf,
    child: Child,
    lines: Arc<Mutex<Vec<Line>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// Drops terminal escape sequences and carriage returns from a console line.
fn clean(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                // CSI: ESC [ params final-byte
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for d in chars.by_ref() {
                        if d.is_ascii_alphabetic() {
                            break;
                        }
                    }
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

impl Vm {
    /// Starts the VM inside `lab`. `dir` receives the serial log and the UEFI variables.
    pub fn start(lab: &Lab, spec: &Spec, dir: &Path) -> Vm {
        let mut cmd = lab.exec("qemu-system-x86_64");
        // 1 GiB: live-boot's `fetch=` holds the whole squashfs root in RAM.
        cmd.args(["-accel", spec.accel, "-m", "1024", "-smp", "1"]);
        if spec.accel == "kvm" {
            cmd.args(["-cpu", "host"]);
        }
        if spec.firmware == Firmware::Uefi {
            let vars = dir.join(format!("{}-vars.fd", spec.name));
            std::fs::copy("/usr/share/OVMF/OVMF_VARS_4M.fd", &vars).unwrap();
            cmd.args([
                "-drive",
                "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
            ]);
            cmd.arg("-drive").arg(format!(
                "if=pflash,format=raw,unit=1,file={}",
                vars.display()
            ));
        }
        // No romfile=: qemu's default iPXE ROM (ipxe-qemu) gets its PCI IDs patched;
        // SeaBIOS skips a virtio ROM whose IDs do not match.
        cmd.args([
            "-nographic",
            "-monitor",
            "none",
            "-no-reboot",
            "-chardev",
            "stdio,id=s0,signal=off",
            "-serial",
            "chardev:s0",
            "-netdev",
        ])
        .arg(format!(
            "tap,id=n0,ifname={},script=no,downscript=no",
            spec.tap
        ))
        .arg("-device")
        .arg(format!(
            "{},netdev=n0,mac={},bootindex=1",
            spec.nic, spec.mac
        ));
        if let Some(disk) = spec.disk {
            cmd.arg("-drive")
                .arg(format!("file={},format=raw,if=none,id=d0", disk.display()))
                .args(["-device", "virtio-blk-pci,drive=d0"]);
        }
        let log = dir.join(format!("{}-serial.log", spec.name));
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start qemu-system-x86_64");
        let started = Instant::now();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stdout = child.stdout.take().unwrap();
        let (sink, file) = (lines.clone(), std::fs::File::create(&log).unwrap());
        let reader = std::thread::spawn(move || {
            let mut file = std::io::BufWriter::new(file);
            let mut input = std::io::BufReader::new(stdout);
            let mut raw = Vec::new();
            while input.read_until(b'\n', &mut raw).is_ok_and(|n| n > 0) {
                let at = started.elapsed().as_secs_f64();
                let text = clean(&raw);
                let _ = writeln!(file, "{at:7.2} {}", text.trim_end_matches('\n'));
                let _ = file.flush();
                sink.lock().unwrap().push((at, text.trim_end().to_string()));
                raw.clear();
            }
        });
        Vm {
            name: spec.name.to_string(),
            log,
            child,
            lines,
            reader: Some(reader),
        }
    }

    /// Waits for qemu to exit (the guest powers off) until `deadline`; false on timeout.
    pub fn wait(&mut self, deadline: Instant) -> bool {
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                if let Some(r) = self.reader.take() {
                    let _ = r.join();
                }
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until a console line contains `needle` (true), or qemu exits or `deadline`
    /// passes (false).
    pub fn wait_for(&mut self, needle: &str, deadline: Instant) -> bool {
        let seen = |vm: &Vm| vm.lines().iter().any(|(_, l)| l.contains(needle));
        loop {
            if seen(self) {
                return true;
            }
            if let Ok(Some(_)) = self.child.try_wait() {
                // What the reader still had in the pipe.
                if let Some(r) = self.reader.take() {
                    let _ = r.join();
                }
                return seen(self);
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills qemu (SIGKILL, by PID) and reads the rest of its console.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }

    /// The console lines so far.
    pub fn lines(&self) -> Vec<Line> {
        self.lines.lock().unwrap().clone()
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        self.kill();
    }
}
