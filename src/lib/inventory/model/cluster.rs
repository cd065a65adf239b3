//! cluster.yaml: the cluster's name, networks, boot server, boot profiles, defaults and
//! outputs.

use super::{BootProfile, DhcpSettings, Labels, Network, NodeBoot, Vars};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The inventory format version this chami reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The contents of cluster.yaml.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// Inventory format version; must be [`FORMAT_VERSION`].
    pub format: u32,
    /// The cluster's name.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// DNS domain of the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Networks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<Network>,
    /// Where nodes fetch boot scripts, kernels and images (one server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boot_server: Option<BootServer>,
    /// Several boot servers serving the same files, in order of preference: iPXE scripts
    /// fall over to the next when one does not answer. Instead of `boot_server`, not with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boot_servers: Vec<BootServer>,
    /// Named ways to boot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boot_profiles: Vec<BootProfile>,
    /// Values every node gets unless a group or the node says otherwise.
    #[serde(default, skip_serializing_if = "Defaults::is_empty")]
    pub defaults: Defaults,
    /// What `chami build` produces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<Output>,
    /// How the generated DHCP server runs (Kea's control socket and logging).
    #[serde(default, skip_serializing_if = "DhcpSettings::is_empty")]
    pub dhcp: DhcpSettings,
}

impl Cluster {
    /// The boot servers in order of preference: `boot_server` alone, else `boot_servers`
    /// (lint refuses both at once). Empty when cluster.yaml names none.
    pub fn boot_servers(&self) -> &[BootServer] {
        match &self.boot_server {
            Some(s) => std::slice::from_ref(s),
            None => &self.boot_servers,
        }
    }

    /// The preferred boot server: where only one makes sense (the port `chami serve`
    /// listens on by default, BSS boot parameters, DHCP's default next-server).
    pub fn first_boot_server(&self) -> Option<&BootServer> {
        self.boot_servers().first()
    }
}

/// A boot server nodes reach over TFTP and HTTP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BootServer {
    /// Its address on the boot network.
    pub address: IpAddr,
    /// HTTP port of `chami serve` or the web server holding the bootgen tree.
    #[serde(default = "default_http_port")]
    pub http_port: u16,
    /// iPXE for legacy BIOS PXE clients (DHCP option 93 arch 0), on this server's TFTP
    /// (default `undionly.kpxe`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bios_file: Option<String>,
    /// iPXE for UEFI x86-64 clients (arch 7 and 9); `snponly.efi` uses the firmware's
    /// network driver instead of iPXE's own (default `ipxe.efi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efi_file: Option<String>,
    /// iPXE for UEFI ARM64 clients (arch 11; default `ipxe-arm64.efi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arm64_file: Option<String>,
}

fn default_http_port() -> u16 {
    80
}

impl BootServer {
    /// The TFTP file for legacy BIOS clients.
    pub fn bios_file(&self) -> &str {
        self.bios_file.as_deref().unwrap_or("undionly.kpxe")
    }

    /// The TFTP file for UEFI x86-64 clients.
    pub fn efi_file(&self) -> &str {
        self.efi_file.as_deref().unwrap_or("ipxe.efi")
    }

    /// The TFTP file for UEFI ARM64 clients.
    pub fn arm64_file(&self) -> &str {
        self.arm64_file.as_deref().unwrap_or("ipxe-arm64.efi")
    }
}

/// The lowest layer of node values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Default role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Default subrole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subrole: Option<String>,
    /// Default CPU architecture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arch: Option<String>,
    /// Default labels.
    #[serde(
        default,
        skip_serializing_if = "Labels::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub labels: Labels,
    /// Default variables.
    #[serde(
        default,
        skip_serializing_if = "Vars::is_empty",
        deserialize_with = "super::strict::map"
    )]
    pub vars: Vars,
    /// Default boot settings.
    #[serde(default, skip_serializing_if = "NodeBoot::is_empty")]
    pub boot: NodeBoot,
}

impl Defaults {
    /// True when no default is set.
    pub fn is_empty(&self) -> bool {
        *self == Defaults::default()
    }
}

/// What kind of output a `chami build` entry produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputKind {
    /// A render target.
    Render,
    /// A DHCP server configuration.
    DhcpExport,
    /// The static boot tree.
    Bootgen,
}

/// One output of `chami build`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// Which generator.
    pub kind: OutputKind,
    /// render: the targets, comma-separated (default: every target); dhcp-export: the
    /// server (dnsmasq, kea or isc); bootgen: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Where to write, relative to the inventory folder or absolute: a folder for render
    /// and bootgen, a file for dhcp-export.
    pub path: String,
    /// Shell command (`sh -c`, in the inventory folder, `$CHAMI_OUTPUT` set to the path)
    /// run only when this output changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reload: Option<String>,
    /// dhcp-export only: the boot-server replica this DHCP server sits beside (its number
    /// in `boot_servers`, from 1, or its address); its config names that replica first
    /// (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boot_server: Option<String>,
    /// Write the folder in place, file by file under the journal, instead of switching
    /// a whole new version in (for a folder whose inode or SELinux label must stay, or
    /// that a daemon watches with inotify).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_place: bool,
}
