//! OpenCHAMI SMD's read API (`/hsm/v2`), answered from the inventory: components and
//! their state, Ethernet interfaces, Redfish and component endpoints, hardware, groups,
//! partitions (chami tenants) and memberships. Nodes without an xname are not SMD
//! components and are left out.

mod clock;
mod components;
mod endpoints;
mod ethernet;
mod groups;
mod hardware;
mod problem;
mod query;
mod routes;
mod service;
mod state;
mod view;

pub use components::{component, Component};
pub use problem::{problem, Problem};
pub use query::nid;
pub use routes::routes;
pub use state::{histories, smd_state, Flag, Histories, State};
pub use view::{view, View};
