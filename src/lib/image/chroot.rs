//! A layer on top of its parent's tree: the script that installs the layer's packages
//! (apt-get in a chroot), puts its files in and runs its commands, and the command line
//! that runs it in a private mount and PID namespace (`unshare --mount --pid --fork
//! --kill-child`), so that /proc, /sys and /dev, mounted in the tree for apt and the
//! maintainer scripts, vanish with the namespace whatever happens to chami, and no
//! process started in the tree outlives it.

use super::command::{customize_commands, sh_quote};
use super::spec::Spec;
use std::path::Path;

/// The script (for `sh -ec SCRIPT chami-layer ROOT`: the tree is `$1`) that applies the
/// layer `spec` to the copy of its parent's tree. `tag` names its dpkg exclude file.
pub fn layer_script(spec: &Spec, inline_dir: &Path, tag: &str) -> String {
    let mut s = String::from(
        r#"R="$1"
mount -t proc proc "$R/proc"
mount -t sysfs sysfs "$R/sys"
mount --bind /dev "$R/dev"
saved="$R/etc/resolv.conf.chami-saved"
if [ -e "$R/etc/resolv.conf" ] || [ -L "$R/etc/resolv.conf" ]; then mv "$R/etc/resolv.conf" "$saved"; fi
cp /etc/resolv.conf "$R/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"
chmod 755 "$R/usr/sbin/policy-rc.d"
export DEBIAN_FRONTEND=noninteractive
"#,
    );
    if !spec.excludes.is_empty() {
        let lines: Vec<String> = spec
            .excludes
            .iter()
            .map(|g| sh_quote(&format!("path-exclude={g}")))
            .collect();
        s.push_str(&format!(
            "printf '%s\\n' {} > \"$R/etc/dpkg/dpkg.cfg.d/90chami-{tag}\"\n",
            lines.join(" ")
        ));
    }
    if !spec.packages.is_empty() {
        let packages: Vec<String> = spec.packages.iter().map(|p| sh_quote(p)).collect();
        s.push_str("chroot \"$R\" apt-get update -q\n");
        s.push_str(&format!(
            "chroot \"$R\" apt-get install -y -q --no-install-recommends {}\n",
            packages.join(" ")
        ));
        s.push_str("chroot \"$R\" apt-get clean\nrm -rf \"$R\"/var/lib/apt/lists/*\n");
    }
    for c in customize_commands(spec, inline_dir) {
        s.push_str(&c);
        s.push('\n');
    }
    s.push_str(
        r#"rm -f "$R/usr/sbin/policy-rc.d" "$R/etc/resolv.conf"
if [ -e "$saved" ] || [ -L "$saved" ]; then mv "$saved" "$R/etc/resolv.conf"; fi
umount "$R/dev" "$R/sys" "$R/proc"
"#,
    );
    s
}

/// The arguments of `unshare` (after the program name) that run `script` on `root`.
pub fn unshare_args(script: &str, root: &Path) -> Vec<String> {
    [
        "--mount",
        "--propagation",
        "private",
        "--pid",
        "--fork",
        "--kill-child",
        "sh",
        "-ec",
        script,
        "chami-layer",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(std::iter::once(root.to_string_lossy().into_owned()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::spec::tests::with_recipes;

    #[test]
    fn a_layer_installs_its_packages_then_files_then_commands() {
        let inv = with_recipes(&[
            ("base", "base: bookworm\n"),
            (
                "leaf",
                "parent: base\npackages: [openssh-server]\nexclude: [man]\nfiles: [{path: /etc/motd, content: hi}]\nrun: [\"echo 'x' > /etc/y\"]\n",
            ),
        ]);
        let layers = Spec::layers(&inv, "leaf").unwrap();
        let s = layer_script(&layers[1], Path::new("/st/inline"), "abc");
        let at = |needle: &str| {
            s.find(needle)
                .unwrap_or_else(|| panic!("no `{needle}` in\n{s}"))
        };
        assert!(at("mount -t proc") < at("path-exclude=/usr/share/man/*"));
        assert!(at("90chami-abc") < at("apt-get update"));
        assert!(at("apt-get update") < at("--no-install-recommends 'openssh-server'"));
        assert!(at("'openssh-server'") < at("install -D -m 0644 '/st/inline/0' \"$1\"'/etc/motd'"));
        assert!(at("/etc/motd") < at("/bin/sh -ec 'echo '\\''x'\\'' > /etc/y'"));
        assert!(at("/etc/y") < at("umount"));
        // A layer without packages does not touch apt.
        let s = layer_script(&layers[0], Path::new("/st/inline"), "abc");
        assert!(!s.contains("apt-get"), "{s}");
        let args = unshare_args("true", Path::new("/c/root"));
        assert_eq!(args.last().unwrap(), "/c/root");
        assert!(args.contains(&"--kill-child".to_string()));
    }

    #[test]
    fn the_script_runs_in_sh_with_the_tree_as_its_argument() {
        // The generated shell is valid: `sh -n` parses it.
        let inv = with_recipes(&[("base", "base: bookworm\npackages: [a1]\nrun: ['x; y']\n")]);
        let layers = Spec::layers(&inv, "base").unwrap();
        let script = layer_script(&layers[0], Path::new("/i"), "t");
        let out = std::process::Command::new("sh")
            .args(["-n", "-c", &script])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
