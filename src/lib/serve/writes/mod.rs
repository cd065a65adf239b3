//! serve's writes: BSS's `PUT`/`PATCH`/`POST /boot/v1/bootparameters` and SMD's
//! `POST /hsm/v2/Inventory/RedfishEndpoints`, made as inventory edits through the same
//! path as the CLI's (lock, lint before write, journaled commit), each accepted only with
//! a bearer token that grants the write scope.

mod bss;
mod git;
mod redfish;
mod routes;
mod writer;

pub use routes::routes;
pub use writer::Writer;
