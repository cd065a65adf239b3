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
            mode: a.mode.into(),
        }
    }
}
