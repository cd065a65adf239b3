//! Settings of `chami dhcp-export`.

use super::OutputMode;
use crate::cli::{DhcpExportArgs, DhcpFormatArg};
use crate::dhcp::DhcpFormat;
use std::path::PathBuf;

/// Resolved `dhcp-export` settings.
#[derive(Debug, Clone)]
pub struct DhcpExportSettings {
    /// Which server's configuration.
    pub format: DhcpFormat,
    /// The file to write; `None` for stdout.
    pub out: Option<PathBuf>,
    /// `--boot-server`: which boot server the config names (number or address); `None`
    /// for the first.
    pub boot_server: Option<String>,
    /// Write, check or show.
    pub mode: OutputMode,
}

impl From<DhcpExportArgs> for DhcpExportSettings {
    fn from(a: DhcpExportArgs) -> Self {
        let format = match a.format {
            DhcpFormatArg::Dnsmasq => DhcpFormat::Dnsmasq,
            DhcpFormatArg::Kea => DhcpFormat::Kea,
            DhcpFormatArg::Isc => DhcpFormat::Isc,
        };
        DhcpExportSettings {
            format,
            out: a.out.filter(|p| p.as_os_str() != "-"),
            boot_server: a.boot_server,
            mode: a.mode.into(),
        }
    }
}
