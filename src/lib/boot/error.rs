//! What can go wrong making boot scripts and seeds.

/// A boot tree that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum BootError {
    /// Placeholder until the generator exists.
    #[error("bootgen is not built yet")]
    NotYet,
}
