//! A Redfish test fleet of the project's own: serves the DMTF mockup bundles in
//! ../shared/redfish-mockups/ on many loopback addresses at once, over HTTP or HTTPS,
//! with latency, basic auth and sessions, writable power/BIOS/firmware state, and
//! injected faults (hostile ones too: links elsewhere, thousands of systems, echoed
//! secrets), and a recorder listener that keeps every request's headers. Self-contained (std and the crate's dependencies only), so that a
//! bench target can include it with `#[path]`.

mod bundle;
mod fleet;
mod handler;
mod recorder;
mod secrets;
mod tls;

pub use bundle::mockups_dir;
pub use fleet::{free_port, loopback_addrs, Fault, Fleet, FleetConfig, Foreign, Member, Pki};
pub use recorder::Recorder;
pub use secrets::private_file;
