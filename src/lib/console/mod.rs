//! Printing: data to stdout, messages and progress to stderr.

mod messages;
mod progress;
mod stdout;
mod table;

pub use messages::Printer;
pub use progress::{bar, spinner};
pub use stdout::{write_json, write_stdout, write_yaml};
pub use table::{render_table, table};
