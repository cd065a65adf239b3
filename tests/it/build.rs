//! Tests of `chami build` (to be written).
