//! Desired BMC state on groups and nodes: `bios:` (attribute → value) and `firmware:`
//! (component → version and image), which `bmc bios plan|apply` and `bmc firmware
//! plan|apply` compare with what each BMC reports.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// BIOS attributes as the BMC names them (case-sensitive), with scalar values: a
/// string, a number or true/false.
pub type BiosAttributes = BTreeMap<String, serde_json::Value>;

/// Firmware components (FirmwareInventory `Id` or `Name`) and the version each should run.
pub type DesiredFirmware = BTreeMap<String, FirmwareWant>;

/// The version one firmware component should run, and where its image is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmwareWant {
    /// The Version the component should report.
    pub version: String,
    /// The image the BMC fetches to install it (http://, https://, tftp:// …);
    /// `apply` needs it, `plan` does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}
