//! A VM's system UUID: the one chami writes into its libvirt domain (`<uuid>`), which
//! sushy-tools' libvirt driver reports as the Redfish system's `UUID` and uses as its
//! system id. `bmc` commands pick the VM's system by it on an emulator that serves every
//! VM of a hypervisor, before any discovery has run.

use super::Node;
use sha2::{Digest, Sha256};

/// The UUID of VM `node` when its record has no `hardware.uuid`: the first 16 bytes of
/// SHA-256 of `chami-vm/NODE`, stamped as an RFC 9562 version 8 (custom) UUID. Stable
/// across runs and chami versions, like [`super::derived_mac`].
pub fn derived_uuid(node: &str) -> String {
    let digest = Sha256::digest(format!("chami-vm/{node}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The system UUID of `node`: its `hardware.uuid` (given, or found by discovery), else
/// for a VM the derived one; `None` for a machine whose UUID nobody recorded.
pub fn system_uuid(node: &Node) -> Option<String> {
    node.hardware
        .uuid
        .clone()
        .or_else(|| node.vm.as_ref().map(|_| derived_uuid(&node.name)))
}

/// True for what libvirt's `<uuid>` takes: 32 hex digits, dashed 8-4-4-4-12 or not.
pub fn is_uuid(s: &str) -> bool {
    let dashed = s.len() == 36
        && s.char_indices()
            .all(|(i, c)| matches!(i, 8 | 13 | 18 | 23) == (c == '-'));
    let plain = s.len() == 32;
    (dashed || plain)
        && s.chars()
            .filter(|c| *c != '-')
            .all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_uuids_are_stable_version_8_and_per_node() {
        let u = derived_uuid("vm01");
        assert_eq!(u, derived_uuid("vm01"));
        assert_ne!(u, derived_uuid("vm02"));
        // Pinned: a change would give every defined VM a new system id.
        assert_eq!(u, PINNED_VM01);
        assert_eq!(&u[14..15], "8", "version 8: {u}");
        assert!("89ab".contains(&u[19..20]), "RFC 9562 variant: {u}");
        assert!(is_uuid(&u));
    }

    #[test]
    fn uuid_shapes_libvirt_takes() {
        assert!(is_uuid("29821411-540b-47cc-8ccd-9b1a686618f2"));
        assert!(is_uuid("29821411540b47cc8ccd9b1a686618f2"));
        assert!(!is_uuid("29821411-540b-47cc-8ccd-9b1a686618f"));
        assert!(!is_uuid("2982141-1540b-47cc-8ccd-9b1a686618f2"));
        assert!(!is_uuid("29821411-540b-47cc-8ccd-9b1a686618g2"));
        assert!(!is_uuid("</uuid><x>-540b-47cc-8ccd-9b1a686618"));
    }

    /// `printf chami-vm/vm01 | sha256sum` is b8cad286d04c2392bcb707f1…: its first 16 bytes
    /// with the version nibble (2 → 8) and variant bits (bc stays bc) set by hand.
    const PINNED_VM01: &str = "b8cad286-d04c-8392-bcb7-07f1dacf94a2";

    #[test]
    fn recorded_uuid_wins_and_metal_has_none() {
        let mut n: Node = crate::yaml::from_str(
            "name: vm01\nvm:\n  host: hv01\n  vcpus: 2\n  memory_mib: 2048\n",
        )
        .unwrap();
        assert_eq!(system_uuid(&n), Some(derived_uuid("vm01")));
        n.hardware.uuid = Some("29821411-540b-47cc-8ccd-9b1a686618f2".into());
        assert_eq!(system_uuid(&n).as_deref(), n.hardware.uuid.as_deref());
        n.vm = None;
        n.hardware.uuid = None;
        assert_eq!(system_uuid(&n), None);
    }
}
