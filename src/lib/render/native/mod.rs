//! Native generators of the built-in targets: the same output as their templates,
//! written directly from the context.

mod consoles;
mod genders;
mod groups;
mod hosts;
mod opensm;
mod powerman;
mod prometheus;
mod slurm;
mod table;
mod text;
mod warewulf;

#[cfg(test)]
mod differential_tests;

pub use table::{generator, Generator};
pub use text::{Generated, Unsupported};
