//! `chami doctor`'s checks: each looks at one thing a working cluster needs (the
//! inventory, the outputs, the boot files, the programs that read the outputs, the
//! servers listening) and says ok, warn or fail, with what to do.

mod boot_files;
mod check;
mod listening;
mod programs;

pub use boot_files::boot_files;
pub use check::{Check, Status};
pub use listening::{boot_servers, dhcp_listener};
pub use programs::consumers;
