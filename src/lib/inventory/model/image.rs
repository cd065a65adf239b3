//! Image recipes (`images/NAME.yaml`): what `chami image build` puts in a node image. A
//! recipe starts from a Debian suite (`base`) or from another recipe (`parent`) and adds
//! packages, files and commands.

use serde::{Deserialize, Serialize};

/// One image recipe. Its name is the file's name without `.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The recipe's name: the file name without extension (set by the loader).
    #[serde(skip)]
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The Debian suite to start from (`bookworm`); exclusive with `parent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The recipe this one adds to; exclusive with `base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Debian packages to install.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
    /// Files to put in the image.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<ImageFile>,
    /// Shell commands run in the image root (chroot) after packages and files, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub run: Vec<String>,
    /// The kernel package (`linux-image-amd64`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel: Option<String>,
    /// How the initramfs finds the root image on the network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initramfs: Option<Initramfs>,
    /// Install cloud-init with the NoCloud datasource (the `ds=` URL chami puts on the
    /// kernel command line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_init: Option<bool>,
    /// What dpkg leaves out: `docs`, `man`, `locales`, or an absolute path glob.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

/// A file put in the image: copied from `images/files/…` in the inventory, or inline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageFile {
    /// Absolute path in the image.
    pub path: String,
    /// A file under `images/files/` (relative to it); exclusive with `content`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The file's text; exclusive with `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Octal permissions (`"0644"`, the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `user:group` (`root:root`, the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// The initramfs flavour: both fetch `rootfs.squashfs` over HTTP at boot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Initramfs {
    /// Debian's live-boot (`boot=live fetch=URL`).
    LiveBoot,
    /// dracut with dmsquash-live (`root=live:URL`).
    Dracut,
}

/// The files of a built image, in `images/NAME/` under the boot server: kernel, initrd,
/// root image (what a boot profile's `image:` points at, and `chami image build` writes).
pub const IMAGE_ARTIFACTS: ImageArtifacts = ImageArtifacts {
    kernel: "vmlinuz",
    initrd: "initrd.img",
    rootfs: "rootfs.squashfs",
};

/// The file names of a built image's artifacts.
#[derive(Debug, Clone, Copy)]
pub struct ImageArtifacts {
    /// The kernel.
    pub kernel: &'static str,
    /// The initrd.
    pub initrd: &'static str,
    /// The squashfs root image.
    pub rootfs: &'static str,
}

impl ImageArtifacts {
    /// The three names, kernel first.
    pub const fn all(&self) -> [&'static str; 3] {
        [self.kernel, self.initrd, self.rootfs]
    }
}

/// Where the artifact `file` of image `image` is under the boot server.
pub fn image_location(image: &str, file: &str) -> String {
    format!("images/{image}/{file}")
}

/// The folder under `images/` that holds the files recipes copy.
pub const FILES_DIR: &str = "files";

/// The dpkg path globs of an `exclude` keyword; `None` when it is not one.
pub fn exclude_globs(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "docs" => &["/usr/share/doc/*"],
        "man" => &["/usr/share/man/*", "/usr/share/info/*"],
        "locales" => &["/usr/share/locale/*"],
        _ => return None,
    })
}

impl ImageFile {
    /// The mode as a number, when it is valid octal up to 07777.
    pub fn mode_bits(&self) -> Option<u32> {
        let m = self.mode.as_deref().unwrap_or("0644");
        u32::from_str_radix(m, 8).ok().filter(|b| *b <= 0o7777)
    }
}

/// Whether `name` is a valid Debian package name (policy 5.6.1: lower-case letters,
/// digits, `+ - .`, at least two characters, starting with a letter or digit).
pub fn is_package_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_lowercase() | b[0].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"+-.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipe_parses_and_rejects_unknown_fields() {
        let r: Image = crate::yaml::from_str(
            "base: bookworm\npackages: [systemd]\nfiles:\n  - path: /etc/motd\n    content: hi\n    mode: \"0600\"\ninitramfs: live-boot\ncloud_init: true\nexclude: [docs]\n",
        )
        .unwrap();
        assert_eq!(r.base.as_deref(), Some("bookworm"));
        assert_eq!(r.initramfs, Some(Initramfs::LiveBoot));
        assert_eq!(r.files[0].mode_bits(), Some(0o600));
        assert!(crate::yaml::from_str::<Image>("base: bookworm\npackage: [x]\n").is_err());
        assert!(crate::yaml::from_str::<Image>("initramfs: mkinitcpio\n").is_err());
    }

    #[test]
    fn package_names_follow_debian_policy() {
        for ok in [
            "systemd",
            "g++",
            "libc6",
            "linux-image-6.1.0-13-amd64",
            "0ad",
        ] {
            assert!(is_package_name(ok), "{ok}");
        }
        for bad in ["", "a", "Systemd", "-x", "foo bar", "foo;rm", "foo_bar"] {
            assert!(!is_package_name(bad), "{bad}");
        }
    }

    #[test]
    fn modes_are_octal() {
        let f = |m: &str| ImageFile {
            mode: Some(m.into()),
            ..Default::default()
        };
        assert_eq!(f("755").mode_bits(), Some(0o755));
        assert_eq!(f("0888").mode_bits(), None);
        assert_eq!(f("17777").mode_bits(), None);
    }
}
