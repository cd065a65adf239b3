//! Generated files: compare with what is on disk, write only what changed (atomically),
//! remove what a generator no longer produces, and show the difference.
