//! Whether the programs that read chami's outputs are installed: a DHCP config nobody
//! reads, or a powerman.conf without powermand, is a cluster that does not work.

use super::{Check, Status};
use crate::inventory::model::{Output, OutputKind};
use std::path::{Path, PathBuf};

/// (output, program, Debian package) for the outputs that have a reader.
const READERS: &[(&str, &str, &str)] = &[
    ("dnsmasq", "dnsmasq", "dnsmasq"),
    ("kea", "kea-dhcp4", "kea-dhcp4-server"),
    ("isc", "dhcpd", "isc-dhcp-server"),
    ("powerman", "powermand", "powerman"),
    ("conman", "conmand", "conman"),
    ("genders", "nodeattr", "genders"),
    ("clustershell", "nodeset", "clustershell"),
    ("slurm", "slurmctld", "slurmctld"),
];

/// `program` on `PATH` or in the sbin folders (which a user's `PATH` may lack).
pub fn find_program(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from))
        .map(|d| d.join(program))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// One check per reader of the outputs of cluster.yaml `outputs:`.
pub fn consumers(outputs: &[Output]) -> Vec<Check> {
    let mut wanted: Vec<&str> = Vec::new();
    for o in outputs {
        match o.kind {
            OutputKind::DhcpExport => wanted.extend(o.target.as_deref()),
            OutputKind::Render => match o.target.as_deref() {
                None => {}
                Some(list) => wanted.extend(list.split(',').map(str::trim)),
            },
            OutputKind::Bootgen => {}
        }
    }
    let mut checks = Vec::new();
    for (output, program, package) in READERS {
        if !wanted.contains(output) {
            continue;
        }
        let name = format!("program {program}");
        checks.push(match find_program(program) {
            Some(p) => Check::ok(name, format!("{} reads the {output} output", p.display())),
            None => Check::not_ok(
                Status::Warn,
                name,
                format!("an output is written for {program}, which is not installed here"),
                format!("apt install {package} (or ignore this on a host that only builds)"),
            ),
        });
    }
    checks
}
