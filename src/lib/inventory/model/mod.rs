//! The inventory's record types, as they are written in the YAML files.

mod bmc;
mod boot;
mod cluster;
mod desired;
mod dhcp;
mod group;
mod guid;
mod image;
mod mac;
mod network;
mod nic_address;
mod node;
mod pdu;
mod pkey;
mod serde_text;
mod strict;
mod tenant;
mod vm;
mod vm_uuid;

pub use bmc::{Bmc, BmcKind};
pub use boot::{BootOverrides, BootProfile, BootProfileKind, Installer, NodeBoot};
pub use cluster::{BootServer, Cluster, Defaults, Output, OutputKind, FORMAT_VERSION};
pub use desired::{BiosAttributes, DesiredFirmware, FirmwareWant};
pub use dhcp::{DhcpSettings, LogSeverity};
pub use group::{CloudInit, Group};
pub use guid::{Guid, GuidError};
pub use image::{
    exclude_globs, image_location, is_package_name, Image, ImageArtifacts, ImageFile, Initramfs,
    FILES_DIR, IMAGE_ARTIFACTS,
};
pub use mac::{MacAddr, MacError};
pub use network::{Fabric, IpRange, Network};
pub use nic_address::NicAddress;
pub use node::{Gpu, Hardware, Interface, Node};
pub use pdu::{Pdu, DEFAULT_PDU_PATH};
pub use pkey::{Pkey, DEFAULT_PKEY};
pub use tenant::Tenant;
pub use vm::{
    derived_mac, fill_derived_macs, without_derived_macs, Accel, BootDevice, DiskBus, Firmware,
    Hypervisor, NicModel, Vm, VmDisk, VmNic, DERIVED_MAC_PREFIX,
};
pub use vm_uuid::{derived_uuid, is_uuid, system_uuid};

/// Free-form variables for templates and Ansible: any YAML value under a string key.
pub type Vars = std::collections::BTreeMap<String, serde_json::Value>;

/// Labels: string key/value pairs that selectors can match (`labels.rack=r7`).
pub type Labels = std::collections::BTreeMap<String, String>;

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

pub(crate) fn is_zero(n: &i32) -> bool {
    *n == 0
}
