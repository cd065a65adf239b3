//! Tests of `chami dhcp_interop` (to be written).
