//! cluster.yaml's `dhcp:` settings: how the generated DHCP server itself runs (Kea's
//! control socket and logging). Which networks it serves is on each network (`dhcp:`,
//! `dhcp_interface:`).

use serde::{Deserialize, Serialize};

/// The `dhcp:` section of cluster.yaml. Used by `dhcp-export --format kea`; dnsmasq and
/// ISC dhcpd take these from their own command line or service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DhcpSettings {
    /// Kea's UNIX control socket (`control-socket`), for `kea-shell` and the control
    /// agent, e.g. `/run/kea/kea4-ctrl-socket`; none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_socket: Option<String>,
    /// Where Kea logs (`loggers`): a file path, `syslog`, `syslog:NAME`, `stdout` or
    /// `stderr`; Kea's built-in default (stdout) when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_output: Option<String>,
    /// Kea's log severity with `log_output` (default `INFO`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_severity: Option<LogSeverity>,
}

impl DhcpSettings {
    /// True when nothing is set (cluster.yaml then has no `dhcp:` section).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Kea's log severities, least to most verbose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum LogSeverity {
    /// Fatal errors only.
    Fatal,
    /// Errors.
    Error,
    /// Warnings.
    Warn,
    /// The default.
    Info,
    /// Everything (Kea's debug level 99).
    Debug,
}
