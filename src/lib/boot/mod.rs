//! Network boot: iPXE scripts per node and profile (diskless, diskful, local), kernel
//! parameters, and cloud-init seeds; the static tree `chami bootgen` writes, and the
//! per-node functions `chami serve` answers requests with.
//!
//! [`BootContext::new`] does the shared work once per inventory; then
//! [`script::node_script`] and [`seed::node_seed`] make one node's script and seed, and
//! [`tree`] makes every file of the tree.

mod context;
mod error;
#[cfg(test)]
mod failover_tests;
mod folder;
pub mod ipxe_syntax;
pub mod layout;
mod merge;
mod network_config;
mod params;
mod resolve;
#[cfg(test)]
mod scale;
pub mod script;
#[cfg(test)]
mod script_tests;
pub mod seed;
#[cfg(test)]
mod test_support;
pub mod token;
mod tree;
pub mod urls;

pub use context::BootContext;
pub use error::BootError;
pub use folder::{
    intact_tree, plan_tree, plan_tree_since, Planned, Since, TreePlanError, BOOTGEN_MANIFEST,
    BOOTGEN_OWNER,
};
pub use network_config::network_config;
pub use params::initrd_name;
pub use resolve::{effective_boot, EffectiveBoot, Layer, Value};
pub use script::{boot_parameters, default_script, node_script, unknown_script, BootParameters};
pub use seed::{node_seed, Seed};
pub use token::{node_token, token_matches, TokenSecret};
pub use tree::{tree, tree_with_secret, Tree};
pub use urls::parse_base_url;
