//! What can be wrong with cluster.yaml `outputs:`.

/// An `outputs:` entry that cannot be built. `index` counts from 1, as a reader of
/// cluster.yaml counts the list items.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// No outputs are listed.
    #[error(
        "cluster.yaml lists no `outputs:`, so build has nothing to make; add entries such as \
         `- {{kind: render, target: hosts, path: out/etc}}` (see `man chami-build`)"
    )]
    NoOutputs,
    /// An output's `target` does not fit its kind.
    #[error("cluster.yaml outputs[{index}] ({kind}): {problem}")]
    BadTarget {
        /// 1-based position in `outputs:`.
        index: usize,
        /// The output kind.
        kind: &'static str,
        /// What is wrong and what to do.
        problem: String,
    },
    /// An output has an empty path.
    #[error("cluster.yaml outputs[{index}]: `path` is empty; give a folder or file to write")]
    EmptyPath {
        /// 1-based position in `outputs:`.
        index: usize,
    },
    /// Two outputs write to the same place.
    #[error(
        "cluster.yaml outputs[{first}] and outputs[{second}] both write {path}: give each its \
         own path, or list several render targets in one output (`target: hosts, genders`)"
    )]
    SamePath {
        /// The first output.
        first: usize,
        /// The second output.
        second: usize,
        /// The shared path.
        path: String,
    },
}
