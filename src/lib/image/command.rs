//! The mmdebstrap command line of a [`Spec`]: minbase variant, the packages included, dpkg
//! path excludes, and customize hooks that put the files in and run the commands in the
//! image root (`$1` in a hook is the root).

use super::spec::{FileSource, Spec};
use std::path::Path;

/// How mmdebstrap gets the rights to build a root tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// As root (chami runs as root).
    Root,
    /// In a user namespace (chami runs as another user; needs subuids).
    Unshare,
}

impl Mode {
    /// Root when this process's effective uid is 0.
    pub fn current() -> Mode {
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } == 0 {
            Mode::Root
        } else {
            Mode::Unshare
        }
    }
}

/// `s` quoted for sh: one word, whatever it holds.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The arguments of mmdebstrap (after the program name) that build `spec` into the folder
/// `target`. Inline file `i` of `spec.files` must be at `inline_dir/i`.
pub fn mmdebstrap_args(spec: &Spec, mode: Mode, inline_dir: &Path, target: &Path) -> Vec<String> {
    let mut args = vec![
        match mode {
            Mode::Root => "--mode=root",
            Mode::Unshare => "--mode=unshare",
        }
        .to_string(),
        "--variant=minbase".to_string(),
        "--format=directory".to_string(),
    ];
    if !spec.packages.is_empty() {
        args.push(format!("--include={}", spec.packages.join(",")));
    }
    for glob in &spec.excludes {
        args.push(format!("--dpkgopt=path-exclude={glob}"));
    }
    for c in customize_commands(spec, inline_dir) {
        args.push(format!("--customize-hook={c}"));
    }
    args.push(spec.suite.clone());
    args.push(target.to_string_lossy().into_owned());
    args
}

/// The sh commands that put the files of `spec` in the image root `"$1"` and run its
/// commands there, in order. Inline file `i` of `spec.files` must be at `inline_dir/i`.
pub fn customize_commands(spec: &Spec, inline_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (i, f) in spec.files.iter().enumerate() {
        let src = match &f.source {
            FileSource::Inventory(p) => p.clone(),
            FileSource::Inline(_) => inline_dir.join(i.to_string()),
        };
        out.push(format!(
            "install -D -m {:04o} {} \"$1\"{}",
            f.mode,
            sh_quote(&src.to_string_lossy()),
            sh_quote(&f.path)
        ));
        out.push(format!(
            "chroot \"$1\" chown {} {}",
            sh_quote(&f.owner),
            sh_quote(&f.path)
        ));
    }
    for cmd in &spec.run {
        out.push(format!("chroot \"$1\" /bin/sh -ec {}", sh_quote(cmd)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::spec::tests::with_recipes;

    fn args_of(recipe: &str, mode: Mode) -> Vec<String> {
        let inv = with_recipes(&[("c", recipe)]);
        let spec = Spec::of(&inv, "c", &[]).unwrap();
        mmdebstrap_args(&spec, mode, Path::new("/st/inline"), Path::new("/st/root"))
    }

    #[test]
    fn a_recipe_becomes_one_mmdebstrap_command() {
        let a = args_of(
            "base: bookworm\npackages: [systemd, openssh-server]\nkernel: linux-image-amd64\nexclude: [docs, /usr/share/lintian/*]\nfiles:\n- path: /etc/motd\n  content: hi\n  mode: '0600'\n  owner: 'root:adm'\nrun: ['echo ''hi'' > /etc/x']\n",
            Mode::Root,
        );
        assert_eq!(
            a,
            [
                "--mode=root",
                "--variant=minbase",
                "--format=directory",
                "--include=systemd,openssh-server,linux-image-amd64",
                "--dpkgopt=path-exclude=/usr/share/doc/*",
                "--dpkgopt=path-exclude=/usr/share/lintian/*",
                "--customize-hook=install -D -m 0600 '/st/inline/0' \"$1\"'/etc/motd'",
                "--customize-hook=chroot \"$1\" chown 'root:adm' '/etc/motd'",
                "--customize-hook=chroot \"$1\" /bin/sh -ec 'echo '\\''hi'\\'' > /etc/x'",
                "bookworm",
                "/st/root",
            ]
        );
    }

    #[test]
    fn unshare_mode_without_root_and_files_from_the_inventory() {
        let a = args_of(
            "base: trixie\nfiles:\n- path: /etc/a b\n  source: sub/a\n",
            Mode::Unshare,
        );
        assert_eq!(a[0], "--mode=unshare");
        assert!(!a.iter().any(|x| x.starts_with("--include")), "{a:?}");
        assert!(
            a.contains(
                &"--customize-hook=install -D -m 0644 '/inv/images/files/sub/a' \"$1\"'/etc/a b'"
                    .to_string()
            ),
            "{a:?}"
        );
        assert_eq!(a[a.len() - 2], "trixie");
    }

    #[test]
    fn quoting_survives_the_shell() {
        let nasty = "a'b \"$HOME\" `x` $(y);\nz";
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", sh_quote(nasty)))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), nasty);
    }
}
