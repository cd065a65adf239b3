//! Tests of `chami dhcp` (to be written).
