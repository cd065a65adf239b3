//! Boot profiles (cluster.yaml) and the boot settings of nodes and groups.

use serde::{Deserialize, Serialize};

/// How a profile boots a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BootProfileKind {
    /// Kernel + initrd + a root image fetched over HTTP; nothing on local disk.
    Diskless,
    /// An installer (kickstart, autoinstall or cloud-init), then local boot.
    Diskful,
    /// Exit iPXE and boot the local disk.
    Local,
}

/// The installer of a diskful profile: how its `install` URL is handed to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Installer {
    /// Anaconda (RHEL, Rocky, Alma, Fedora): `inst.ks=URL`; `install` is required.
    Kickstart,
    /// Ubuntu Subiquity: `autoinstall ds=nocloud-net;s=URL/`; without `install`, the
    /// node's own cloud-init seed (its user-data then holds `autoinstall:`).
    Autoinstall,
    /// An installer image driven by cloud-init: `ds=nocloud-net;s=URL/`; without
    /// `install`, the node's own seed.
    CloudInit,
}

/// A named way to boot, referenced by `boot.profile`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BootProfile {
    /// Unique name.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Diskless, diskful or local.
    pub kind: BootProfileKind,
    /// Kernel URL or path under the boot server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel: Option<String>,
    /// Initrd URL or path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initrd: Option<String>,
    /// Root image (squashfs) URL or path, for diskless.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rootfs: Option<String>,
    /// The image recipe (`images/NAME.yaml`) whose built kernel, initrd and root image
    /// this profile boots, in place of `kernel`, `initrd` and `rootfs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Installer configuration (kickstart/autoinstall URL), for diskful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install: Option<String>,
    /// Which installer a diskful profile boots, which decides how `install` reaches it:
    /// `kickstart` (the default: `inst.ks=URL`), `autoinstall` (`autoinstall
    /// ds=nocloud-net;s=URL/`) or `cloud-init` (`ds=nocloud-net;s=URL/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installer: Option<Installer>,
    /// Kernel command-line parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<String>,
}

/// Boot settings on a node, a group or the cluster defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeBoot {
    /// The boot profile by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Values that replace the profile's, field by field.
    #[serde(default, skip_serializing_if = "BootOverrides::is_empty")]
    pub overrides: BootOverrides,
}

/// Per-field replacements of a boot profile's values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BootOverrides {
    /// Replaces the profile's kernel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel: Option<String>,
    /// Replaces the profile's initrd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initrd: Option<String>,
    /// Replaces the profile's root image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rootfs: Option<String>,
    /// Replaces the profile's kernel parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<String>,
}

impl BootOverrides {
    /// True when nothing is overridden.
    pub fn is_empty(&self) -> bool {
        *self == BootOverrides::default()
    }
}

impl NodeBoot {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == NodeBoot::default()
    }
}
