//! Nodes: anything that boots.

use super::{BiosAttributes, DesiredFirmware, Fabric, Guid, Labels, MacAddr, NodeBoot, Vars};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// A node record (one file in nodes/, or one item of a list there).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique host name.
    pub name: String,
    /// Cray/HPE component name, validated and unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xname: Option<String>,
    /// Node id number, unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nid: Option<u64>,
    /// Role (Compute, Service, Management, Storage …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Subrole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subrole: Option<String>,
    /// CPU architecture (x86_64, aarch64 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arch: Option<String>,
    /// A disabled node is kept in the inventory but left out of DHCP, boot and configs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Groups the node is a member of (besides groups that select it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Labels for selectors.
    #[serde(
        default,
        skip_serializing_if = "Labels::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub labels: Labels,
    /// Variables for templates and Ansible.
    #[serde(
        default,
        skip_serializing_if = "Vars::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub vars: Vars,
    /// The BMC record that manages this node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bmc: Option<String>,
    /// Network interfaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<Interface>,
    /// Boot settings.
    #[serde(default, skip_serializing_if = "NodeBoot::is_empty")]
    pub boot: NodeBoot,
    /// What discovery found (written by `discover collect --write`).
    #[serde(default, skip_serializing_if = "Hardware::is_empty")]
    pub hardware: Hardware,
    /// Desired BIOS attributes (`bmc bios plan|apply`).
    #[serde(
        default,
        skip_serializing_if = "BiosAttributes::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub bios: BiosAttributes,
    /// Desired firmware versions (`bmc firmware plan|apply`).
    #[serde(
        default,
        skip_serializing_if = "DesiredFirmware::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub firmware: DesiredFirmware,
    /// The node is a virtual machine: where it runs and its shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vm: Option<Box<super::Vm>>,
    /// The node is a hypervisor: the capacity its VMs share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hypervisor: Option<Box<super::Hypervisor>>,
}

impl Interface {
    /// Its fabric: its own `fabric:`, else its network's, else Ethernet.
    pub fn fabric_on(&self, networks: &[super::Network]) -> Fabric {
        self.fabric.unwrap_or_else(|| {
            self.network
                .as_deref()
                .and_then(|n| networks.iter().find(|x| x.name == n))
                .map_or(Fabric::Ethernet, |n| n.fabric)
        })
    }

    /// The interface a VLAN interface sits on: `link`, else the name before the last `.`.
    pub fn vlan_link(&self) -> Option<&str> {
        self.vlan?;
        self.link
            .as_deref()
            .or_else(|| self.name.rsplit_once('.').map(|(l, _)| l))
    }
}

impl Node {
    /// The enabled flag, defaulting to true.
    pub fn is_enabled(&self) -> bool {
        self.enabled.unwrap_or(true)
    }

    /// Interfaces marked `boot: true`.
    pub fn boot_interfaces(&self) -> impl Iterator<Item = &Interface> {
        self.interfaces.iter().filter(|i| i.boot)
    }
}

/// One network interface of a node.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interface {
    /// Interface name on the node (eth0, ib0 …).
    pub name: String,
    /// Hardware address in use (what DHCP sees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<MacAddr>,
    /// The NIC's burned-in address, when its address in use (`mac`) was changed;
    /// recorded by discovery, informational (DHCP and boot use `mac`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permanent_mac: Option<MacAddr>,
    /// The network (by name) this interface is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Its address on that network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// Link kind, when it differs from the network's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fabric: Option<Fabric>,
    /// InfiniBand port GUID (`0x0002c903000e0b71`): how OpenSM's partitions name the port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<Guid>,
    /// 802.1Q VLAN id: this is a VLAN interface on `link` (its network's `vlan` is only
    /// informational, e.g. an access port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<u16>,
    /// The interface a VLAN interface sits on; default: its name before the last `.`
    /// (`eth0` for `eth0.100`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Link MTU, when it differs from the network's (65520 for IPoIB connected mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u32>,
    /// Slingshot (CXI) NIC address, 20 bits (`0x0a1b2`): the fabric address libfabric
    /// uses; unique on the fabric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nic_address: Option<super::NicAddress>,
    /// NVLink domain (clique) the GPUs behind this interface belong to: nodes sharing one
    /// talk over NVLink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nvlink_domain: Option<String>,
    /// The node network-boots from this interface.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub boot: bool,
    /// `mac` was derived for a VM NIC at load time (not written back).
    #[serde(skip)]
    pub mac_derived: bool,
}

/// Hardware facts found by discovery.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hardware {
    /// System manufacturer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    /// System model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Serial number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// System UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// BIOS/UEFI firmware version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bios_version: Option<String>,
    /// CPU model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_model: Option<String>,
    /// CPU sockets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sockets: Option<u32>,
    /// Cores per socket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cores_per_socket: Option<u32>,
    /// Hardware threads per core.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads_per_core: Option<u32>,
    /// Memory in MiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mib: Option<u64>,
    /// GPUs by model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gpus: Vec<Gpu>,
}

impl Hardware {
    /// True when nothing was discovered.
    pub fn is_empty(&self) -> bool {
        *self == Hardware::default()
    }
}

/// GPUs of one model in a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gpu {
    /// Model name.
    pub model: String,
    /// How many.
    pub count: u32,
}
