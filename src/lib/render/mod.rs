//! Rendering: the minijinja environment, its filters, the template context, built-in
//! and site targets.

pub mod builtin;
pub mod context;
pub mod engine;
pub mod error;
pub mod escape_filters;
pub mod filters;
pub mod folder;
pub mod native;
pub mod objects;
pub mod pairs;
pub mod power_devices;
pub mod produce;
pub mod site;
pub mod target;

pub use context::Context;
pub use engine::Engine;
pub use error::RenderError;
pub use folder::{choose, plan_dir, RENDER_MANIFEST};
pub use produce::{render_targets, render_targets_then, Rendered};
pub use target::{FanOut, Target};
