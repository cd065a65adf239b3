//! Redfish: the HTTP client (TLS, auth, retries, size cap), discovery (scan, crawl) and
//! fleet actions (power, BIOS, firmware). Async on tokio; knows nothing of the command
//! line or the inventory. Credentials go only to the BMC's own origin, each BMC has a
//! crawl budget, and secrets are masked in everything printed about a BMC.

mod bios;
mod bios_plan;
pub mod bmc_selection;
mod budget;
mod collected;
mod conn;
mod crawl;
mod credentials;
mod endpoint;
mod error;
mod fingerprint;
mod firmware;
mod firmware_plan;
mod fleet;
pub mod json;
mod mask;
pub mod origin;
mod outlet;
pub mod pdu_selection;
mod pinning;
mod power;
mod power_wait;
mod scan;
mod scan_ranges;
mod sealed;
mod secret;
mod secrets_edit;
mod secrets_shape;
mod system;
mod tls;
mod tofu;
mod transport;

pub use bios::{bios_get, bios_set, typed_value, BiosResult};
pub use bios_plan::{bios_apply, bios_plan, BiosApplied, BiosChange, BiosPlan};
pub use budget::{Cut, Limits};
pub use collected::{
    Collected, CollectedChassis, CollectedCpu, CollectedDimm, CollectedFirmware, CollectedGpu,
    CollectedInterface, CollectedManager, CollectedMemory, CollectedStorage, CollectedSystem,
    ServiceInfo,
};
pub use conn::{AuthMode, Conn};
pub use crawl::collect;
pub use credentials::{read_password_file, Credentials, SecretsError, SecretsFile};
pub use endpoint::{Endpoint, EndpointError, Scheme};
pub use error::RedfishError;
pub use fingerprint::{Fingerprint, FingerprintError};
pub use firmware::{firmware_list, firmware_update, FirmwareResult, TaskProgress};
pub use firmware_plan::{
    firmware_apply, firmware_plan, DesiredVersion, FirmwareApplied, FirmwareChange, FirmwarePlan,
};
pub use fleet::run_fleet;
pub use mask::{Masker, MASK};
pub use outlet::{outlet_power, rack_pdus, CollectedPdu, OutletAction, OutletResult};
pub use power::{power, PowerAction, PowerResult};
pub use power_wait::{power_and_wait, PowerFollowUp};
pub use scan::{is_open, probe, scan, ScanOptions, ScanResult};
pub use scan_ranges::{parse_scan_ranges, ScanRangeError};
pub use sealed::{AgeIdentity, AgeRecipient, Sealing};
pub use secret::Password;
pub use system::{find_system, SystemSelector};
pub use tofu::{CertificateChanged, SeenCertificate, TrustPolicy};
pub use transport::{ClientOptions, Transport};
