//! The kernel command line of a node, in this order:
//!
//! ```text
//! initrd=<initrd file name>                    the initrd by its iPXE image name (UEFI)
//! root=live:<rootfs URL>                       diskless (dracut dmsquash-live/livenet)
//!   | boot=live fetch=<rootfs URL>               diskless, image with `initramfs: live-boot`
//! inst.ks=<install URL> | autoinstall          diskful, by installer
//! chami.node=<name> [xname=<xname>] [nid=<nid>]  the node's identity (xname, nid as BSS)
//! BOOTIF=01-<aa-bb-cc-dd-ee-ff>                the interface it booted from
//! ds=nocloud-net;s=<base>/cloud-init/<name>/   its cloud-init seed (or the install URL)
//! <params>                                     the profile's (or an override's), last
//! ```
//!
//! iPXE splits a line into words at white space (there is no quoting), reads a word that
//! starts with `#` as the start of a comment and a word that is `||`, `&&` or `;` as the
//! end of the command; `;` inside a word (as in `ds=nocloud-net;s=…`) is plain text. So
//! locations must not contain white space, and no word may start with `#` or be one of
//! those operators. `${…}` is expanded by iPXE on purpose (e.g. `${net0/ip}`).

use super::resolve::{EffectiveBoot, Value};
use super::{layout, urls, BootError};
use crate::inventory::model::{BootProfileKind, Initramfs, Installer, MacAddr, Node};
use std::fmt::Write;

/// The iPXE name of an initrd: the last segment of its path, without query or fragment.
pub fn initrd_name(location: &str) -> &str {
    let path = location.split(['?', '#']).next().unwrap_or(location);
    path.rsplit('/').next().unwrap_or(path)
}

/// A location (kernel, initrd …) as a URL, checked for what would break the script.
pub(super) fn location(
    node: &Node,
    base: &str,
    what: &'static str,
    v: Value<'_>,
) -> Result<String, BootError> {
    let value = v.location();
    check_word(node, what, v, &value)?;
    if value.chars().any(char::is_whitespace) {
        return Err(bad(
            node,
            what,
            v,
            &value,
            "contains white space",
            "iPXE splits words at white space: percent-encode it (%20)",
        ));
    }
    Ok(urls::file_url(base, &value))
}

fn check_word(node: &Node, what: &'static str, v: Value<'_>, word: &str) -> Result<(), BootError> {
    if crate::escape::first_control(word).is_some() {
        return Err(bad(
            node,
            what,
            v,
            word,
            "has a control character",
            "iPXE would end the line or pass the byte to the kernel: remove it",
        ));
    }
    if word.starts_with('#') {
        return Err(bad(
            node,
            what,
            v,
            word,
            "has a word starting with `#`",
            "iPXE reads the rest of the line as a comment: percent-encode it (%23) or drop it",
        ));
    }
    if word.matches("${").count() != word.matches('}').count() {
        return Err(bad(
            node,
            what,
            v,
            word,
            "has an unbalanced `${…}`",
            "iPXE expands `${name}`: close it, or drop the stray brace",
        ));
    }
    if matches!(word, "||" | "&&" | ";") {
        return Err(bad(
            node,
            what,
            v,
            word,
            "has an iPXE command separator as a word",
            "iPXE would end the command there: remove it",
        ));
    }
    Ok(())
}

fn bad(
    node: &Node,
    what: &'static str,
    v: Value<'_>,
    value: &str,
    problem: &'static str,
    help: &'static str,
) -> BootError {
    BootError::BadValue {
        node: node.name.clone(),
        what,
        from: v.from.to_string(),
        value: value.to_string(),
        problem,
        help,
    }
}

fn missing(node: &Node, eff: &EffectiveBoot<'_>, kind: &str, field: &'static str) -> BootError {
    BootError::Missing {
        node: node.name.clone(),
        profile: eff.profile.name.clone(),
        kind: kind.to_string(),
        field,
    }
}

/// The kernel and initrd URLs of a diskless or diskful node, checked.
pub(super) struct Files {
    pub kernel: String,
    pub initrd: String,
}

/// Checks and returns the kernel and initrd URLs.
pub(super) fn files(node: &Node, base: &str, eff: &EffectiveBoot<'_>) -> Result<Files, BootError> {
    let kind = kind_name(eff);
    let kernel = eff
        .kernel
        .ok_or_else(|| missing(node, eff, &kind, "kernel"))?;
    let initrd = eff
        .initrd
        .ok_or_else(|| missing(node, eff, &kind, "initrd"))?;
    let files = Files {
        kernel: location(node, base, "kernel", kernel)?,
        initrd: location(node, base, "initrd", initrd)?,
    };
    if initrd_name(&files.initrd).is_empty() {
        return Err(bad(
            node,
            "initrd",
            initrd,
            initrd.value,
            "has no file name",
            "iPXE names an initrd by the last part of its path: end it with a file name",
        ));
    }
    Ok(files)
}

/// `diskless`, `diskful (kickstart)` …, for messages.
fn kind_name(eff: &EffectiveBoot<'_>) -> String {
    match eff.profile.kind {
        BootProfileKind::Diskless => "diskless".into(),
        BootProfileKind::Local => "local".into(),
        BootProfileKind::Diskful => {
            let i = eff.profile.installer.unwrap_or(Installer::Kickstart);
            format!("diskful ({})", installer_name(i))
        }
    }
}

/// `kickstart`, `autoinstall` or `cloud-init`.
pub fn installer_name(i: Installer) -> &'static str {
    match i {
        Installer::Kickstart => "kickstart",
        Installer::Autoinstall => "autoinstall",
        Installer::CloudInit => "cloud-init",
    }
}

/// Appends the kernel arguments (everything after the kernel URL) of node `node` booting
/// from `mac` (`None`: iPXE's `${mac:hexhyp}` at boot time) to `out`.
pub(super) fn kernel_args(
    out: &mut String,
    node: &Node,
    base: &str,
    eff: &EffectiveBoot<'_>,
    files: &Files,
    mac: Option<MacAddr>,
    token: Option<&str>,
) -> Result<(), BootError> {
    out.push_str("initrd=");
    out.push_str(initrd_name(&files.initrd));
    // The seed the node (or its installer) reads: its own unless an installer says.
    let mut seed: Option<String> = None;
    match eff.profile.kind {
        BootProfileKind::Diskless => {
            let kind = kind_name(eff);
            let rootfs = eff
                .rootfs
                .ok_or_else(|| missing(node, eff, &kind, "rootfs"))?;
            out.push_str(match eff.initramfs {
                Some(Initramfs::LiveBoot) => " boot=live fetch=",
                Some(Initramfs::Dracut) | None => " root=live:",
            });
            out.push_str(&location(node, base, "rootfs", rootfs)?);
        }
        BootProfileKind::Diskful => {
            let installer = eff.profile.installer.unwrap_or(Installer::Kickstart);
            let install = eff.profile.install.as_deref().map(|value| Value {
                value,
                from: super::resolve::Layer::Profile(&eff.profile.name),
            });
            let install = install
                .map(|v| location(node, base, "install", v))
                .transpose()?;
            match (installer, install) {
                (Installer::Kickstart, Some(url)) => {
                    out.push_str(" inst.ks=");
                    out.push_str(&url);
                }
                (Installer::Kickstart, None) => {
                    return Err(missing(node, eff, &kind_name(eff), "install"));
                }
                (Installer::Autoinstall, url) => {
                    out.push_str(" autoinstall");
                    seed = url;
                }
                (Installer::CloudInit, url) => seed = url,
            }
        }
        BootProfileKind::Local => {}
    }
    out.push_str(" chami.node=");
    out.push_str(&node.name);
    if let Some(x) = &node.xname {
        out.push_str(" xname=");
        out.push_str(x);
    }
    if let Some(nid) = node.nid {
        let _ = write!(out, " nid={nid}");
    }
    out.push_str(" BOOTIF=01-");
    match mac {
        Some(m) => layout::push_hexhyp(out, m),
        None => out.push_str("${mac:hexhyp}"),
    }
    out.push_str(" ds=nocloud-net;s=");
    match seed {
        Some(url) => {
            out.push_str(&url);
            if !url.ends_with('/') {
                out.push('/');
            }
        }
        None => {
            out.push_str(base);
            out.push('/');
            out.push_str(&layout::seed_dir(&node.name));
            if let Some(t) = token {
                out.push_str(t);
                out.push('/');
            }
        }
    }
    if let Some(p) = eff.params {
        for word in p.value.split_whitespace() {
            check_word(node, "kernel parameters", p, word)?;
            out.push(' ');
            out.push_str(word);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initrd_names_are_the_last_path_segment() {
        assert_eq!(initrd_name("http://h/a/initrd.img"), "initrd.img");
        assert_eq!(initrd_name("http://h/a/initrd.img?v=2#x"), "initrd.img");
        assert_eq!(initrd_name("initrd"), "initrd");
        assert_eq!(initrd_name("http://h/a/"), "");
    }
}
