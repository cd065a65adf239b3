//! Virtual machines: a node's `vm:` shape (where it runs, CPUs, memory, disks, NICs,
//! firmware, boot order) and a hypervisor node's `hypervisor:` capacity.

use super::{MacAddr, Node};
use serde::{Deserialize, Serialize};

/// A node that is a virtual machine on a hypervisor node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vm {
    /// The hypervisor: a node with a `hypervisor:` section.
    pub host: String,
    /// Virtual CPUs.
    pub vcpus: u32,
    /// Memory in MiB.
    pub memory_mib: u64,
    /// Firmware: `bios` (SeaBIOS, the default) or `uefi` (OVMF).
    #[serde(default, skip_serializing_if = "Firmware::is_bios")]
    pub firmware: Firmware,
    /// Boot order (default: network, then disk: PXE first, like bare metal).
    #[serde(default = "default_boot", skip_serializing_if = "is_default_boot")]
    pub boot: Vec<BootDevice>,
    /// Disks, in order (`vda`, `vdb` … on virtio).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disks: Vec<VmDisk>,
    /// NICs, in order: each one of the node's interfaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nics: Vec<VmNic>,
    /// `kvm` (the default) or `tcg` (emulation, for hosts without KVM and tests).
    #[serde(default, skip_serializing_if = "Accel::is_kvm")]
    pub accel: Accel,
}

/// A VM disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmDisk {
    /// Size in GiB (for `qemu-img create`).
    pub size_gib: u64,
    /// Bus: virtio (default), scsi, sata or ide.
    #[serde(default, skip_serializing_if = "DiskBus::is_virtio")]
    pub bus: DiskBus,
    /// Image file on the hypervisor (default `/var/lib/libvirt/images/NODE-N.qcow2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// A VM NIC: one of the node's interfaces (its network, address and MAC), the device
/// model, and where it plugs in on the hypervisor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmNic {
    /// The node's interface this NIC is (by name). Without a `mac:` there, the MAC is
    /// derived: see [`derived_mac`].
    pub interface: String,
    /// Device model: virtio (default), e1000, e1000e or rtl8139.
    #[serde(default, skip_serializing_if = "NicModel::is_virtio")]
    pub model: NicModel,
    /// A bridge on the hypervisor (`br-mgmt`); without it, the libvirt network named
    /// `libvirt_network`, else the libvirt network named like the interface's network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge: Option<String>,
    /// A libvirt network on the hypervisor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libvirt_network: Option<String>,
}

/// A hypervisor node's capacity: what its VMs may add up to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hypervisor {
    /// Virtual CPUs it gives its VMs in all.
    pub vcpus: u32,
    /// Memory in MiB it gives its VMs in all.
    pub memory_mib: u64,
    /// libvirt connection URI for its VMs (`qemu+ssh://root@hv01/system`); default
    /// `qemu+ssh://root@HOST/system` with the node's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident { $default:ident => $dw:literal $(, $v:ident => $w:literal)* } $is:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            #[doc = $dw]
            #[default]
            $default,
            $(#[doc = $w] $v,)*
        }

        impl $name {
            /// The word as written in the inventory and libvirt's XML.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $name::$default => $dw,
                    $($name::$v => $w,)*
                }
            }

            /// True for the default.
            pub fn $is(&self) -> bool {
                *self == $name::$default
            }
        }
    };
}

word_enum!(
    /// VM firmware.
    Firmware { Bios => "bios", Uefi => "uefi" } is_bios
);
word_enum!(
    /// A boot device.
    BootDevice { Network => "network", Disk => "disk" } is_network
);
word_enum!(
    /// A disk bus.
    DiskBus { Virtio => "virtio", Scsi => "scsi", Sata => "sata", Ide => "ide" } is_virtio
);
word_enum!(
    /// A NIC device model.
    NicModel { Virtio => "virtio", E1000 => "e1000", E1000e => "e1000e", Rtl8139 => "rtl8139" } is_virtio
);
word_enum!(
    /// CPU acceleration.
    Accel { Kvm => "kvm", Tcg => "tcg" } is_kvm
);

fn default_boot() -> Vec<BootDevice> {
    vec![BootDevice::Network, BootDevice::Disk]
}

fn is_default_boot(b: &Vec<BootDevice>) -> bool {
    *b == default_boot()
}

/// The prefix of derived VM MACs: 52:54:00, the locally administered range QEMU and
/// libvirt use for their own.
pub const DERIVED_MAC_PREFIX: [u8; 3] = [0x52, 0x54, 0x00];

/// The MAC of NIC `index` (0-based, in `vm.nics` order) of VM `node` when its interface
/// gives none: 52:54:00 and the first three bytes of the 64-bit FNV-1a hash of
/// `NODE/INDEX` (`vm01/0`). Stable across runs and chami versions; lint's `duplicate-mac`
/// catches the rare collision (then write a `mac:`).
pub fn derived_mac(node: &str, index: usize) -> MacAddr {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{node}/{index}").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let b = h.to_be_bytes();
    let p = DERIVED_MAC_PREFIX;
    MacAddr([p[0], p[1], p[2], b[0], b[1], b[2]])
}

/// Gives each VM NIC's interface without a MAC its derived one, marked so that writing
/// the record leaves it out (it stays derived).
pub fn fill_derived_macs(node: &mut Node) {
    let Some(vm) = &node.vm else {
        return;
    };
    let wanted: Vec<(usize, String)> = vm
        .nics
        .iter()
        .enumerate()
        .map(|(k, n)| (k, n.interface.clone()))
        .collect();
    for (k, name) in wanted {
        let mac = derived_mac(&node.name, k);
        if let Some(i) = node
            .interfaces
            .iter_mut()
            .find(|i| i.name == name && i.mac.is_none())
        {
            i.mac = Some(mac);
            i.mac_derived = true;
        }
    }
}

/// The node as written to its file: derived MACs left out (one changed since, by `set`
/// or discovery, is kept).
pub fn without_derived_macs(node: &Node) -> std::borrow::Cow<'_, Node> {
    let derived = |i: &super::Interface| {
        i.mac_derived
            && node.vm.as_ref().is_some_and(|vm| {
                vm.nics
                    .iter()
                    .position(|n| n.interface == i.name)
                    .is_some_and(|k| i.mac == Some(derived_mac(&node.name, k)))
            })
    };
    if !node.interfaces.iter().any(derived) {
        return std::borrow::Cow::Borrowed(node);
    }
    let mut out = node.clone();
    for i in out.interfaces.iter_mut() {
        if derived(i) {
            i.mac = None;
            i.mac_derived = false;
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_macs_are_stable_and_in_the_prefix() {
        let a = derived_mac("vm01", 0);
        assert_eq!(a, derived_mac("vm01", 0));
        assert_eq!(a.0[..3], DERIVED_MAC_PREFIX);
        assert!(!a.is_multicast());
        assert_ne!(a, derived_mac("vm01", 1));
        assert_ne!(a, derived_mac("vm02", 0));
        // Pinned: a change of the hash would move every VM's DHCP reservation.
        assert_eq!(derived_mac("vm01", 0).to_string(), PINNED_VM01_0);
    }

    /// FNV-1a 64 of `vm01/0` is 0x90e5fe…, computed independently.
    const PINNED_VM01_0: &str = "52:54:00:90:e5:fe";

    #[test]
    fn derived_macs_fill_in_and_stay_out_of_the_file() {
        let mut n: Node = crate::yaml::from_str(
            "name: vm01\nvm:\n  host: hv01\n  vcpus: 2\n  memory_mib: 2048\n  nics:\n  - interface: eth0\ninterfaces:\n- name: eth0\n  boot: true\n",
        )
        .unwrap();
        let written = crate::yaml::to_string(&n).unwrap();
        fill_derived_macs(&mut n);
        assert_eq!(n.interfaces[0].mac, Some(derived_mac("vm01", 0)));
        assert_eq!(
            crate::yaml::to_string(&*without_derived_macs(&n)).unwrap(),
            written
        );
        // A MAC set since is the node's own and is written.
        n.interfaces[0].mac = Some("02:00:00:00:00:09".parse().unwrap());
        assert!(crate::yaml::to_string(&*without_derived_macs(&n))
            .unwrap()
            .contains("02:00:00:00:00:09"));
    }
}
