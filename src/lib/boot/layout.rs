//! The layout of the boot tree: where each script and seed file sits, relative to the
//! document root of the boot server (see [`super::urls`]). `chami serve` answers the same
//! paths, so a script's own URL is the same from either.
//!
//! ```text
//! default.ipxe                      every iPXE client starts here (the DHCP boot file)
//! unknown.ipxe                      for a MAC no enabled node boots from: print it, retry
//! ipxe/<aa-bb-cc-dd-ee-ff>.ipxe     one per boot MAC of an enabled node with a profile
//! nodes/<name>.ipxe                 the same script by node name
//! cloud-init/<name>/meta-data       NoCloud seed of every enabled node
//! cloud-init/<name>/user-data
//! cloud-init/<name>/vendor-data
//! ```

use crate::inventory::model::MacAddr;
use std::fmt::Write;

pub use super::urls::DEFAULT_SCRIPT;

/// The script for MAC addresses no enabled node boots from.
pub const UNKNOWN_SCRIPT: &str = "unknown.ipxe";

/// Folder of the per-MAC scripts.
pub const MAC_DIR: &str = "ipxe";

/// Folder of the per-name scripts.
pub const NODE_DIR: &str = "nodes";

/// Folder of the per-node cloud-init seeds.
pub const SEED_DIR: &str = "cloud-init";

/// The three files of a NoCloud seed, in the order they are written.
pub const SEED_FILES: [&str; 3] = ["meta-data", "user-data", "vendor-data"];

/// Appends `mac` as iPXE's `${mac:hexhyp}` writes it: `aa-bb-cc-dd-ee-ff`, lower case.
pub fn push_hexhyp(out: &mut String, mac: MacAddr) {
    for (i, b) in mac.0.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        let _ = write!(out, "{b:02x}");
    }
}

/// `ipxe/aa-bb-cc-dd-ee-ff.ipxe`.
pub fn mac_script(mac: MacAddr) -> String {
    let mut p = String::with_capacity(MAC_DIR.len() + 24);
    p.push_str(MAC_DIR);
    p.push('/');
    push_hexhyp(&mut p, mac);
    p.push_str(".ipxe");
    p
}

/// `nodes/<name>.ipxe`.
pub fn node_script(name: &str) -> String {
    format!("{NODE_DIR}/{name}.ipxe")
}

/// `cloud-init/<name>/` (with the trailing `/` NoCloud needs).
pub fn seed_dir(name: &str) -> String {
    format!("{SEED_DIR}/{name}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_paths_match_ipxe_hexhyp() {
        let mac: MacAddr = "02:AB:00:0c:01:FF".parse().unwrap();
        assert_eq!(mac_script(mac), "ipxe/02-ab-00-0c-01-ff.ipxe");
        assert_eq!(node_script("nid01"), "nodes/nid01.ipxe");
        assert_eq!(seed_dir("nid01"), "cloud-init/nid01/");
    }
}
