//! Tests of `chami bootgen` (to be written).
