//! What `discover collect` reports for one BMC: a serde record, one JSON line each.
//! Errors are records too (`ok: false` and the reason), so a fleet run never stops at a
//! bad BMC and the output says which ones failed.

use super::{Cut, Scheme};
use serde::{Deserialize, Serialize};

/// One BMC's hardware inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collected {
    /// The address it was reached at.
    pub address: String,
    /// TCP port.
    pub port: u16,
    /// http or https.
    pub scheme: Scheme,
    /// False when the crawl failed; `error` says why.
    pub ok: bool,
    /// Why the crawl failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The service root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceInfo>,
    /// BMCs (Managers).
    #[serde(default)]
    pub managers: Vec<CollectedManager>,
    /// Computer systems (nodes).
    #[serde(default)]
    pub systems: Vec<CollectedSystem>,
    /// Chassis.
    #[serde(default)]
    pub chassis: Vec<CollectedChassis>,
    /// Firmware inventory.
    #[serde(default)]
    pub firmware: Vec<CollectedFirmware>,
    /// Parts the service advertised but failed to serve, links off the BMC that were
    /// not followed, budget cuts (the rest was collected).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The budget limits that cut the crawl short: what is listed was read in full, the
    /// rest of the BMC was not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cut: Vec<Cut>,
    /// The SHA-256 fingerprint of the certificate it showed (HTTPS), for `--write` to
    /// pin in its record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_fingerprint: Option<String>,
}

/// The service root's identity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceInfo {
    /// Service UUID.
    pub uuid: Option<String>,
    /// RedfishVersion.
    pub redfish_version: Option<String>,
    /// Vendor.
    pub vendor: Option<String>,
    /// Product.
    pub product: Option<String>,
}

/// A Manager (the BMC itself).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedManager {
    /// Redfish Id.
    pub id: String,
    /// Its path.
    pub path: String,
    /// ManagerType (BMC, EnclosureManager …).
    pub manager_type: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Firmware version.
    pub firmware_version: Option<String>,
    /// UUID.
    pub uuid: Option<String>,
    /// MACs of its network interfaces.
    pub macs: Vec<String>,
}

/// A ComputerSystem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedSystem {
    /// Redfish Id.
    pub id: String,
    /// Its path (the target of power actions).
    pub path: String,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
    /// UUID.
    pub uuid: Option<String>,
    /// SKU.
    pub sku: Option<String>,
    /// BIOS version.
    pub bios_version: Option<String>,
    /// On, Off …
    pub power_state: Option<String>,
    /// HostName as the BMC knows it.
    pub hostname: Option<String>,
    /// CPUs (ProcessorType CPU), present ones only.
    pub cpus: Vec<CollectedCpu>,
    /// Memory.
    pub memory: CollectedMemory,
    /// Network interfaces with a MAC.
    pub interfaces: Vec<CollectedInterface>,
    /// Drives.
    pub storage: CollectedStorage,
    /// GPUs (ProcessorType GPU).
    pub gpus: Vec<CollectedGpu>,
}

/// One CPU socket.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedCpu {
    /// Redfish Id.
    pub id: String,
    /// Model.
    pub model: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// TotalCores.
    pub cores: Option<u64>,
    /// TotalThreads.
    pub threads: Option<u64>,
    /// MaxSpeedMHz.
    pub max_speed_mhz: Option<u64>,
}

/// Memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedMemory {
    /// Total in MiB: the sum of the DIMMs when they are listed, else the summary.
    pub total_mib: Option<u64>,
    /// Present DIMMs.
    pub dimms: Vec<CollectedDimm>,
}

/// One DIMM.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedDimm {
    /// Redfish Id.
    pub id: String,
    /// CapacityMiB.
    pub capacity_mib: Option<u64>,
    /// MemoryDeviceType (DDR4 …).
    pub device_type: Option<String>,
    /// OperatingSpeedMhz.
    pub speed_mhz: Option<u64>,
}

/// One network interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedInterface {
    /// Redfish Id.
    pub id: String,
    /// The MAC in use (Redfish `MACAddress`, what DHCP sees), lower-case colon form.
    pub mac: String,
    /// The burned-in `PermanentMACAddress`, when it differs from `mac`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permanent_mac: Option<String>,
    /// SpeedMbps.
    pub speed_mbps: Option<u64>,
    /// LinkUp, LinkDown …
    pub link_status: Option<String>,
}

/// Drives, summed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedStorage {
    /// Number of drives.
    pub drives: u64,
    /// Their capacity, in bytes.
    pub capacity_bytes: u64,
}

/// One GPU.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedGpu {
    /// Redfish Id.
    pub id: String,
    /// Model.
    pub model: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
}

/// A Chassis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedChassis {
    /// Redfish Id.
    pub id: String,
    /// ChassisType.
    pub chassis_type: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
}

/// One FirmwareInventory entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectedFirmware {
    /// Redfish Id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Updateable.
    pub updateable: Option<bool>,
}

impl CollectedFirmware {
    /// What a FirmwareInventory member says of itself.
    pub fn from_json(f: &serde_json::Value) -> CollectedFirmware {
        use super::json::text;
        CollectedFirmware {
            id: text(f, "Id").unwrap_or_default(),
            name: text(f, "Name"),
            version: text(f, "Version"),
            updateable: f.get("Updateable").and_then(serde_json::Value::as_bool),
        }
    }
}

impl Collected {
    /// A failure record.
    pub fn failed(address: String, port: u16, scheme: Scheme, error: String) -> Collected {
        Collected {
            address,
            port,
            scheme,
            ok: false,
            error: Some(error),
            service: None,
            managers: vec![],
            systems: vec![],
            chassis: vec![],
            firmware: vec![],
            warnings: vec![],
            cut: vec![],
            tls_fingerprint: None,
        }
    }
}
