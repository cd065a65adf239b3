//! The shapes of the template context: one struct per object a template sees, every
//! field always present (`null` when unknown). docs/rendering.md documents them.

use crate::inventory::model::{BootProfile, Gpu};
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;

/// Text shared by many nodes (a network's netmask, a fabric, a kind): one allocation,
/// counted references, rather than a copy per node.
pub type Text = Arc<str>;

/// The whole context.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// cluster.yaml's own values.
    pub cluster: ClusterCtx,
    /// Networks, with their derived addresses.
    pub networks: Vec<NetworkCtx>,
    /// Enabled nodes, sorted by name, with resolved values.
    pub nodes: Vec<Arc<NodeCtx>>,
    /// Names of disabled nodes.
    pub disabled_nodes: Vec<String>,
    /// BMCs, sorted by name.
    pub bmcs: Vec<Arc<BmcCtx>>,
    /// Groups, in layering order, with their enabled members.
    pub groups: Vec<GroupCtx>,
    /// Tenants, with the nodes they own.
    pub tenants: Vec<TenantCtx>,
    /// Inventory files and the tenant owners of the records in them (for CODEOWNERS).
    pub files: Vec<FileCtx>,
    /// InfiniBand partitions: one per group or tenant with a `pkey`, by key.
    pub partitions: Vec<PartitionCtx>,
}

/// cluster.yaml.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterCtx {
    /// Cluster name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// DNS domain.
    pub domain: Option<String>,
    /// The (first) boot server, with its base URL.
    pub boot_server: Option<BootServerCtx>,
    /// Every boot server in order of preference (`boot_server` alone, or the
    /// `boot_servers` list).
    pub boot_servers: Vec<BootServerCtx>,
    /// Boot profiles as written.
    pub boot_profiles: Vec<BootProfile>,
    /// Path of the inventory folder inside its git work tree (`""` at the top or outside
    /// git), to prefix paths in CODEOWNERS.
    pub inventory_prefix: String,
}

/// The boot server.
#[derive(Debug, Clone, Serialize)]
pub struct BootServerCtx {
    /// Address.
    pub address: IpAddr,
    /// HTTP port.
    pub http_port: u16,
    /// `http://address:port`.
    pub url: String,
}

/// A network.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkCtx {
    /// Name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// `10.0.0.0/24`.
    pub cidr: String,
    /// Network address.
    pub address: IpAddr,
    /// Prefix length.
    pub prefix: u8,
    /// Netmask (dotted for IPv4).
    pub netmask: IpAddr,
    /// Broadcast address (IPv4 only).
    pub broadcast: Option<IpAddr>,
    /// Router.
    pub gateway: Option<IpAddr>,
    /// DNS servers.
    pub dns: Vec<IpAddr>,
    /// The network's domain, else the cluster's.
    pub domain: Option<String>,
    /// Dynamic range start.
    pub dynamic_start: Option<IpAddr>,
    /// Dynamic range end.
    pub dynamic_end: Option<IpAddr>,
    /// MTU.
    pub mtu: Option<u32>,
    /// VLAN id.
    pub vlan: Option<u16>,
    /// Fabric, lowercase.
    pub fabric: String,
    /// Served by chami's DHCP exports.
    pub dhcp: bool,
}

/// A node with resolved values.
#[derive(Debug, Clone, Serialize)]
pub struct NodeCtx {
    /// Host name.
    pub name: String,
    /// `name.domain` (the primary interface's network domain, else the cluster's), else
    /// the name.
    pub fqdn: String,
    /// xname.
    pub xname: Option<String>,
    /// Node id.
    pub nid: Option<u64>,
    /// Role.
    pub role: Option<String>,
    /// Subrole.
    pub subrole: Option<String>,
    /// Architecture.
    pub arch: Option<String>,
    /// Groups, in layering order.
    pub groups: Vec<String>,
    /// Owning tenant.
    pub tenant: Option<String>,
    /// Resolved labels.
    pub labels: BTreeMap<String, String>,
    /// Resolved variables.
    pub vars: BTreeMap<String, serde_json::Value>,
    /// Management address (see `addressing::primary_ip`).
    pub ip: Option<String>,
    /// MAC of the primary interface.
    pub mac: Option<String>,
    /// Name of the primary interface.
    pub interface: Option<String>,
    /// Every interface.
    pub interfaces: Vec<Arc<InterfaceCtx>>,
    /// The fabrics other than Ethernet its interfaces are on, sorted (`infiniband`).
    pub fabrics: Vec<Text>,
    /// The node's BMC.
    pub bmc: Option<Arc<BmcCtx>>,
    /// How powerman switches it (`null` without a BMC or `power_plug` var).
    pub power: Option<Arc<PowerCtx>>,
    /// Resolved boot settings.
    pub boot: Arc<BootCtx>,
    /// Discovered hardware.
    pub hardware: Arc<HardwareCtx>,
    /// For a VM, its shape (`null` otherwise).
    pub vm: Option<VmCtx>,
    /// The inventory file of the record, relative to the inventory.
    pub file: String,
}

/// One interface with its network's values.
#[derive(Debug, Clone, Serialize)]
pub struct InterfaceCtx {
    /// Name on the node.
    pub name: String,
    /// MAC, colon form, lowercase.
    pub mac: Option<String>,
    /// Address.
    pub ip: Option<String>,
    /// Network name.
    pub network: Option<Text>,
    /// Network CIDR.
    pub cidr: Option<Text>,
    /// Prefix length.
    pub prefix: Option<u8>,
    /// Netmask.
    pub netmask: Option<Text>,
    /// Router.
    pub gateway: Option<Text>,
    /// MTU: the interface's, else its network's.
    pub mtu: Option<u32>,
    /// VLAN: the interface's, else its network's.
    pub vlan: Option<u16>,
    /// For a VLAN interface (one with its own `vlan`), the interface it sits on.
    pub link: Option<String>,
    /// Fabric, lowercase: the interface's, else its network's.
    pub fabric: Text,
    /// InfiniBand port GUID (`0x0002c903000e0b71`).
    pub guid: Option<String>,
    /// Slingshot NIC address (`0x0a1b2`).
    pub nic_address: Option<String>,
    /// NVLink domain.
    pub nvlink_domain: Option<String>,
    /// Network boot interface.
    pub boot: bool,
    /// The primary (management) interface.
    pub primary: bool,
}

/// A BMC.
#[derive(Debug, Clone, Serialize)]
pub struct BmcCtx {
    /// Name.
    pub name: String,
    /// xname.
    pub xname: Option<String>,
    /// `redfish` or `ipmi`.
    pub kind: Text,
    /// Address.
    pub ip: Option<String>,
    /// DNS name.
    pub fqdn: Option<String>,
    /// Where to reach it: the IP, else the fqdn, else the name.
    pub address: String,
    /// MAC.
    pub mac: Option<String>,
    /// Network.
    pub network: Option<String>,
    /// Netmask of its network.
    pub netmask: Option<Text>,
    /// Gateway of its network.
    pub gateway: Option<Text>,
    /// Port.
    pub port: Option<u16>,
    /// Credentials entry name (never the secret).
    pub credentials: Option<String>,
    /// Vendor.
    pub vendor: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Firmware.
    pub firmware: Option<String>,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Enabled nodes it manages.
    pub nodes: Vec<String>,
}

/// How a node's power is switched: a powerman device script and the plug.
///
/// Defaults come from the BMC ([`crate::render::power_devices`]): `ipmipower` for IPMI BMCs,
/// `redfish-supermicro` through httppower for Redfish BMCs (both in Debian 12's
/// powerman), the plug being the BMC address. The resolved vars `power_device`,
/// `power_command` and `power_plug` replace them (e.g. a PDU outlet).
#[derive(Debug, Clone, Serialize)]
pub struct PowerCtx {
    /// powerman device specification (`/etc/powerman/<device>.dev`).
    pub device: String,
    /// The device command: `power_command`, else for a `redfish-*` script the httppower
    /// command of its BMC (one device each); else `null` and the template builds one.
    pub command: Option<String>,
    /// Plug name.
    pub plug: String,
}

/// Resolved boot settings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BootCtx {
    /// Profile name.
    pub profile: Option<String>,
    /// `diskless`, `diskful` or `local`.
    pub kind: Option<Text>,
    /// Kernel.
    pub kernel: Option<String>,
    /// Initrd.
    pub initrd: Option<String>,
    /// Root image.
    pub rootfs: Option<String>,
    /// Kernel parameters.
    pub params: Option<String>,
}

/// Discovered hardware, with the figures Slurm wants.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HardwareCtx {
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Serial.
    pub serial: Option<String>,
    /// UUID.
    pub uuid: Option<String>,
    /// BIOS version.
    pub bios_version: Option<String>,
    /// CPU model.
    pub cpu_model: Option<String>,
    /// Sockets.
    pub sockets: Option<u32>,
    /// Cores per socket.
    pub cores_per_socket: Option<u32>,
    /// Threads per core.
    pub threads_per_core: Option<u32>,
    /// Logical CPUs (sockets × cores × threads), when all three are known.
    pub cpus: Option<u32>,
    /// Memory in MiB.
    pub memory_mib: Option<u64>,
    /// GPUs by model.
    pub gpus: Vec<Gpu>,
    /// Total GPUs.
    pub gpu_count: u32,
}

/// A group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupCtx {
    /// Name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Layering priority.
    pub priority: i32,
    /// Owning tenant.
    pub tenant: Option<String>,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Variables.
    pub vars: BTreeMap<String, serde_json::Value>,
    /// Enabled members, sorted.
    pub members: Vec<String>,
    /// Folded members.
    pub nodeset: String,
    /// InfiniBand partition key (`0x0012`).
    pub pkey: Option<String>,
    /// The group's file.
    pub file: String,
}

/// A tenant.
#[derive(Debug, Clone, Serialize)]
pub struct TenantCtx {
    /// Name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Owners.
    pub owners: Vec<String>,
    /// Enabled nodes it owns, sorted.
    pub nodes: Vec<String>,
    /// Folded nodes.
    pub nodeset: String,
    /// InfiniBand partition key (`0x0012`).
    pub pkey: Option<String>,
    /// The tenant's file.
    pub file: String,
}

/// An inventory file holding records owned by tenants.
#[derive(Debug, Clone, Serialize)]
pub struct FileCtx {
    /// Path relative to the inventory.
    pub path: String,
    /// Owners of every tenant owning a record in it, in order of first appearance.
    pub owners: Vec<String>,
}

/// An InfiniBand partition: a group or tenant with a partition key, and the ports of its
/// nodes.
#[derive(Debug, Clone, Serialize)]
pub struct PartitionCtx {
    /// The group's or tenant's name.
    pub name: String,
    /// `group` or `tenant`.
    pub kind: &'static str,
    /// Partition key, `0x0012`.
    pub pkey: String,
    /// Its enabled nodes, sorted.
    pub nodes: Vec<String>,
    /// The InfiniBand port GUIDs of those nodes, in node order.
    pub guids: Vec<String>,
}

/// A VM's shape, in libvirt's words.
#[derive(Debug, Clone, Serialize)]
pub struct VmCtx {
    /// The hypervisor node.
    pub host: String,
    /// System UUID: `hardware.uuid`, else derived from the name (the Redfish system id
    /// sushy-tools' libvirt driver reports).
    pub uuid: String,
    /// Virtual CPUs.
    pub vcpus: u32,
    /// Memory in MiB.
    pub memory_mib: u64,
    /// `bios` or `uefi`.
    pub firmware: &'static str,
    /// True for UEFI firmware.
    pub uefi: bool,
    /// libvirt domain type: `kvm`, or `qemu` for TCG.
    pub domain_type: &'static str,
    /// Boot devices in order, as libvirt names them (`network`, `hd`).
    pub boot: Vec<&'static str>,
    /// Disks.
    pub disks: Vec<VmDiskCtx>,
    /// NICs.
    pub nics: Vec<VmNicCtx>,
}

/// A VM disk.
#[derive(Debug, Clone, Serialize)]
pub struct VmDiskCtx {
    /// Target device (`vda`, `sda` …).
    pub dev: String,
    /// Bus.
    pub bus: &'static str,
    /// Size in GiB.
    pub size_gib: u64,
    /// Image file on the hypervisor.
    pub path: String,
}

/// A VM NIC.
#[derive(Debug, Clone, Serialize)]
pub struct VmNicCtx {
    /// The node's interface.
    pub interface: String,
    /// MAC (given or derived).
    pub mac: Option<String>,
    /// Device model.
    pub model: &'static str,
    /// `bridge` or `network`.
    pub source_type: &'static str,
    /// The bridge or libvirt network.
    pub source: String,
}
