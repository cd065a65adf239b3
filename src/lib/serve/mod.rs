//! `chami serve`: the boot-time HTTP server. From a snapshot of the inventory held in
//! memory it answers BSS-compatible boot scripts and parameters (with
//! a node's cloud-init token for that node only), the bootgen tree's paths, cloud-init
//! NoCloud seeds (to the requesting node only), boot files with Range and ETag, and
//! OpenCHAMI SMD's read API (`/hsm/v2`) from the inventory; BSS's and SMD's writes become
//! inventory edits, accepted with a bearer JWT only.
//! Knows nothing of the command line.

mod accept;
pub mod auth;
mod boot_routes;
mod bss_params;
mod bss_service;
mod cloud_init;
mod cloud_init_admin;
mod fast_path;
pub mod files;
mod head_limit;
pub mod identity;
mod metrics;
mod node_access;
mod progress;
mod redact;
mod reload;
mod router;
mod send_deadline;
mod server;
pub mod smd;
mod snapshot;
mod state;
mod writes;

pub use crate::boot::{node_token, TokenSecret};
pub use metrics::Metrics;
pub use reload::{Loader, ReloadOptions};
pub use server::{serve, ServeOptions};
pub use snapshot::Snapshot;
