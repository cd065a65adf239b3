//! `chami image build`: the image's root tree comes from its layers, then its kernel and
//! initrd are copied out of /boot, the tree is packed by mksquashfs (zstd) and
//! `manifest.json` written in a staging folder beside the output (`DIR/.NAME.chami-gen-ID/`),
//! which is then switched in place of `DIR/NAME` in one step.
//!
//! As root, each layer (one per recipe of the chain) is taken from the layer cache when
//! its id is there, else built: the base by mmdebstrap, a child by a copy of its parent's
//! tree and [`super::chroot`]; then cached. Without root (mmdebstrap's unshare mode, whose
//! trees cannot be reused as they are) the whole chain is one mmdebstrap run, not cached.
//! An image whose `DIR/NAME/manifest.json` already has the same id is up to date and not
//! rebuilt. A failure or SIGINT removes the staging folders (after making sure nothing is
//! mounted inside them), so the old image, if any, stays whole, no half image is ever at
//! `DIR/NAME` and no half layer in the cache.

use super::cache::{CachedLayer, LayerCache};
use super::chroot::{layer_script, unshare_args};
use super::command::{mmdebstrap_args, Mode};
use super::error::{io_err, ImageError};
use super::layer_id::{with_ids, Layer};
use super::manifest::{parse_packages, Artifact, LayerRef, Manifest};
use super::spec::{hex, FileSource, Spec};
use super::tree::{remove_tree, sweep, TempTree};
use crate::fsutil::run_id;
use crate::interrupt::{interrupted, Critical};
use crate::inventory::confine::read_inside;
use crate::inventory::model::IMAGE_ARTIFACTS;
use crate::inventory::Inventory;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// What a build is doing, for progress and messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase<'a> {
    /// A layer is taken from the cache (`size`: bytes of its tree).
    LayerCached {
        /// The recipe.
        recipe: &'a str,
        /// The layer id.
        id: &'a str,
        /// Bytes of its tree.
        size: u64,
    },
    /// mmdebstrap builds a base layer (or, uncached, the whole chain).
    Bootstrap {
        /// The recipe.
        recipe: &'a str,
    },
    /// A child layer: the parent's tree copied, then apt-get, files and commands in it.
    Layer {
        /// The recipe.
        recipe: &'a str,
    },
    /// A layer was built and cached.
    LayerBuilt {
        /// The recipe.
        recipe: &'a str,
        /// The layer id.
        id: &'a str,
        /// Bytes of its tree.
        size: u64,
        /// How long it took.
        seconds: f64,
    },
    /// Kernel and initrd copied out.
    BootFiles,
    /// The tree packed into rootfs.squashfs.
    Squashfs,
    /// Hashes and manifest.json.
    Manifest,
}

impl std::fmt::Display for Phase<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Phase::LayerCached { recipe, id, size } => {
                write!(f, "layer {recipe} {}: cached, {}", short(id), mib(*size))
            }
            Phase::Bootstrap { recipe } => write!(f, "layer {recipe}: bootstrap (mmdebstrap)"),
            Phase::Layer { recipe } => {
                write!(f, "layer {recipe}: packages, files and run (chroot)")
            }
            Phase::LayerBuilt {
                recipe,
                id,
                size,
                seconds,
            } => write!(
                f,
                "layer {recipe} {}: built in {seconds:.0} s, {}",
                short(id),
                mib(*size)
            ),
            Phase::BootFiles => f.write_str("kernel and initrd"),
            Phase::Squashfs => f.write_str("squashfs (mksquashfs, zstd)"),
            Phase::Manifest => f.write_str("manifest"),
        }
    }
}

/// The first 12 digits of an id, as `image list` shows it.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// Bytes in MiB, one decimal.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder that receives NAME/.
    pub out: PathBuf,
    /// The layer cache (`None`: none, every layer is built).
    pub cache_dir: Option<PathBuf>,
    /// Build even when the image in `out` is up to date.
    pub force: bool,
    /// Build every layer again from the archive (and replace the cached ones).
    pub refresh: bool,
}

/// A finished (or up-to-date) image.
#[derive(Debug)]
pub struct Built {
    /// `DIR/NAME`.
    pub dir: PathBuf,
    /// What its manifest.json says.
    pub manifest: Manifest,
    /// True when it was up to date and nothing was done.
    pub up_to_date: bool,
}

/// zstd level of the root image. mksquashfs's default (15) took 3.5 min for a 225 MB tree
/// here; 3 took 6 s for a file 20 % larger.
const ZSTD_LEVEL: u32 = 3;

/// The artifacts of an image folder, in manifest order.
pub const ARTIFACTS: [&str; 3] = IMAGE_ARTIFACTS.all();

/// Builds image `name` of `inv` into `opts.out/name`, reporting each phase to `on_phase`.
pub fn build(
    inv: &Inventory,
    name: &str,
    opts: &BuildOptions,
    on_phase: &dyn Fn(Phase<'_>),
) -> Result<Built, ImageError> {
    let started = Instant::now();
    let texts = recipe_texts(inv, name)?;
    let specs = Spec::layers(inv, name)?;
    let merged = Spec::merged(name, specs.clone(), &texts);
    let layers = with_ids(specs, &inv.root)?;
    let image_id = layers.last().map(|l| l.id.clone()).unwrap_or_default();
    let out = &opts.out;
    std::fs::create_dir_all(out).map_err(io_err("create", out))?;
    let out = std::fs::canonicalize(out).map_err(io_err("resolve", out))?;
    let dir = out.join(name);
    if !opts.force && !opts.refresh {
        if let Some(manifest) = up_to_date(&dir, &image_id) {
            return Ok(Built {
                dir,
                manifest,
                up_to_date: true,
            });
        }
    }
    let _critical = Critical::enter();
    sweep(&out, &format!(".{name}.chami-gen-"))?;
    let staged = TempTree(out.join(format!(".{name}.chami-gen-{}", run_id())));
    std::fs::create_dir_all(&staged.0).map_err(io_err("create", &staged.0))?;
    let log = staged.0.join(".log");
    let cache = match (&opts.cache_dir, Mode::current()) {
        (Some(dir), Mode::Root) => Some(LayerCache::open(dir, || {})?),
        _ => None,
    };
    // The tree to pack: the top layer in the cache, or one built whole in the staging folder.
    let root = match &cache {
        Some(cache) => cached_tree(cache, &layers, opts.refresh, on_phase)?,
        None => {
            let root = staged.0.join("root");
            on_phase(Phase::Bootstrap { recipe: name });
            let inline = write_inline(&merged, &staged.0)?;
            let args = mmdebstrap_args(&merged, Mode::current(), &inline, &root);
            run("mmdebstrap", &args, &log).map_err(|e| unknown_package(e, &log))?;
            remove_tree(&inline)?;
            root
        }
    };
    on_phase(Phase::BootFiles);
    for (prefix, artifact) in [
        ("vmlinuz-", IMAGE_ARTIFACTS.kernel),
        ("initrd.img-", IMAGE_ARTIFACTS.initrd),
    ] {
        let src = newest(&root.join("boot"), prefix).ok_or(ImageError::NoBootFile(artifact))?;
        let dst = staged.0.join(artifact);
        std::fs::copy(&src, &dst).map_err(io_err("copy", &src))?;
    }
    let packages = installed_packages(&root)?;
    on_phase(Phase::Squashfs);
    let squash = staged.0.join(IMAGE_ARTIFACTS.rootfs);
    let squash_args: Vec<String> = vec![
        root.to_string_lossy().into_owned(),
        squash.to_string_lossy().into_owned(),
        "-comp".into(),
        "zstd".into(),
        "-Xcompression-level".into(),
        ZSTD_LEVEL.to_string(),
        "-noappend".into(),
        "-no-progress".into(),
        // The kernel and initrd are artifacts of their own: not twice in the root image.
        "-wildcards".into(),
        "-e".into(),
        "boot/vmlinuz-*".into(),
        "boot/initrd.img-*".into(),
    ];
    run("mksquashfs", &squash_args, &log)?;
    if cache.is_none() {
        remove_tree(&root)?;
    }
    on_phase(Phase::Manifest);
    let artifacts = ARTIFACTS
        .iter()
        .map(|a| artifact(&staged.0.join(a), a))
        .collect::<Result<Vec<_>, _>>()?;
    let manifest = Manifest {
        name: name.to_string(),
        id: image_id,
        layers: layers
            .iter()
            .map(|l| LayerRef {
                recipe: l.spec.name.clone(),
                id: l.id.clone(),
            })
            .collect(),
        recipe_sha256: merged.recipe_sha256.clone(),
        parent: merged.parent.clone(),
        suite: merged.suite.clone(),
        artifacts,
        packages,
        built_at: now(),
        build_seconds: started.elapsed().as_secs_f64(),
        chami_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let mpath = staged.0.join("manifest.json");
    let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    std::fs::write(&mpath, json).map_err(io_err("write", &mpath))?;
    let _ = std::fs::remove_file(&log);
    for a in ARTIFACTS.iter().chain(&["manifest.json"]) {
        let p = staged.0.join(a);
        let f = std::fs::File::open(&p).map_err(io_err("open", &p))?;
        f.sync_all().map_err(io_err("flush", &p))?;
    }
    if interrupted() {
        return Err(ImageError::Interrupted);
    }
    crate::outfiles::switch_in(&staged.0, &dir).map_err(|e| ImageError::Io {
        action: "switch in",
        path: e.path,
        source: e.source,
    })?;
    // The staged name now holds the old version (or nothing): removed with the guard's
    // own care for mounts.
    drop(staged);
    Ok(Built {
        dir,
        manifest,
        up_to_date: false,
    })
}

/// The root tree of the top layer: each layer from the cache, or built on its parent's
/// and cached (all built again with `refresh`).
fn cached_tree(
    cache: &LayerCache,
    layers: &[Layer],
    refresh: bool,
    on_phase: &dyn Fn(Phase<'_>),
) -> Result<PathBuf, ImageError> {
    let mut below: Option<PathBuf> = None;
    for layer in layers {
        let recipe = layer.spec.name.as_str();
        if let Some(root) = cache.root_of(&layer.id).filter(|_| !refresh) {
            let size = cache.meta(&layer.id).map_or(0, |m| m.size);
            on_phase(Phase::LayerCached {
                recipe,
                id: &layer.id,
                size,
            });
            below = Some(root);
            continue;
        }
        let started = Instant::now();
        let staged = cache.stage(&layer.id)?;
        let root = staged.0.join("root");
        let log = staged.0.join(".log");
        let inline = write_inline(&layer.spec, &staged.0)?;
        match &below {
            None => {
                on_phase(Phase::Bootstrap { recipe });
                let args = mmdebstrap_args(&layer.spec, Mode::Root, &inline, &root);
                run("mmdebstrap", &args, &log).map_err(|e| unknown_package(e, &log))?;
            }
            Some(parent) => {
                on_phase(Phase::Layer { recipe });
                let copy = [
                    "-a".to_string(),
                    "--reflink=auto".into(),
                    parent.to_string_lossy().into_owned(),
                    root.to_string_lossy().into_owned(),
                ];
                run("cp", &copy, &log)?;
                let script = layer_script(&layer.spec, &inline, short(&layer.id));
                run("unshare", &unshare_args(&script, &root), &log)
                    .map_err(|e| unknown_package(e, &log))?;
            }
        }
        remove_tree(&inline)?;
        let _ = std::fs::remove_file(&log);
        if interrupted() {
            return Err(ImageError::Interrupted);
        }
        let meta = CachedLayer {
            id: layer.id.clone(),
            recipe: recipe.to_string(),
            parent: layer.parent_id.clone(),
            suite: layer.spec.suite.clone(),
            built_at: now(),
            build_seconds: started.elapsed().as_secs_f64(),
            size: 0,
        };
        let (root, size) = cache.commit(staged, meta)?;
        on_phase(Phase::LayerBuilt {
            recipe,
            id: &layer.id,
            size,
            seconds: started.elapsed().as_secs_f64(),
        });
        below = Some(root);
    }
    below.ok_or_else(|| ImageError::BadChain {
        name: String::new(),
        why: "no layers".into(),
    })
}

/// The manifest of the image at `dir` when it has id `id` and its artifacts are all
/// there with the sizes it lists.
fn up_to_date(dir: &Path, id: &str) -> Option<Manifest> {
    let text = std::fs::read(dir.join("manifest.json")).ok()?;
    let m: Manifest = serde_json::from_slice(&text).ok()?;
    let whole = m.id == id
        && ARTIFACTS.iter().all(|name| {
            let size = std::fs::metadata(dir.join(name)).map(|md| md.len()).ok();
            m.artifacts
                .iter()
                .any(|a| a.name == *name && Some(a.size) == size)
        });
    whole.then_some(m)
}

/// Writes the inline files of `spec` into `dir/.inline/INDEX` and returns that folder.
fn write_inline(spec: &Spec, dir: &Path) -> Result<PathBuf, ImageError> {
    let inline = dir.join(".inline");
    std::fs::create_dir_all(&inline).map_err(io_err("create", &inline))?;
    for (i, f) in spec.files.iter().enumerate() {
        if let FileSource::Inline(text) = &f.source {
            let p = inline.join(i.to_string());
            std::fs::write(&p, text).map_err(io_err("write", &p))?;
        }
    }
    Ok(inline)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The bytes of each recipe file of the chain, base first.
fn recipe_texts(inv: &Inventory, name: &str) -> Result<Vec<Vec<u8>>, ImageError> {
    super::spec::chain(inv, name)?
        .iter()
        .map(|r| {
            let path = inv.root.join(&r.origin.file);
            read_inside(&inv.root, &path)
                .map(String::into_bytes)
                .map_err(|e| io_err("read", &path)(e.into_io()))
        })
        .collect()
}

/// Runs `tool` with `args`, its output appended to `log`; polls for SIGINT, which stops it.
fn run(tool: &'static str, args: &[String], log: &Path) -> Result<(), ImageError> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(io_err("create", log))?;
    let err_file = file.try_clone().map_err(io_err("open", log))?;
    // Its own process group: SIGINT goes to chami, which hands it to every process of
    // the tool (mmdebstrap, apt, dpkg), as a terminal's Ctrl-C would.
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err_file)
        .process_group(0)
        .spawn()
        .map_err(|e| ImageError::Spawn(tool, e))?;
    let status = loop {
        if interrupted() {
            stop(&mut child);
            return Err(ImageError::Interrupted);
        }
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(ImageError::Spawn(tool, e)),
        }
    };
    if status.success() {
        return Ok(());
    }
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    Err(ImageError::Tool {
        tool,
        status: status.to_string(),
        tail: lines[lines.len().saturating_sub(20)..].join("\n"),
    })
}

/// Stops the tool's process group: SIGINT (mmdebstrap then unmounts and cleans up), and
/// SIGKILL when it has not ended after [`STOP_GRACE`].
fn stop(child: &mut std::process::Child) {
    let group = child.id() as libc::pid_t;
    // SAFETY: signalling the process group of our own child, not yet waited for.
    unsafe { libc::kill(-group, libc::SIGINT) };
    let deadline = Instant::now() + STOP_GRACE;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // SAFETY: as above.
    unsafe { libc::kill(-group, libc::SIGKILL) };
    let _ = child.wait();
}

/// How long a tool may take to end after SIGINT.
const STOP_GRACE: Duration = Duration::from_secs(30);

/// An mmdebstrap failure that says a package does not exist, as [`ImageError::UnknownPackage`].
fn unknown_package(e: ImageError, log: &Path) -> ImageError {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    match find_unknown_package(&text) {
        Some(p) if matches!(e, ImageError::Tool { .. }) => ImageError::UnknownPackage(p),
        _ => e,
    }
}

/// The package apt could not find, from its output.
pub fn find_unknown_package(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let rest = l.split("Unable to locate package ").nth(1)?;
        Some(rest.trim().to_string())
    })
}

/// The newest (by name) file of `dir` whose name starts with `prefix`.
fn newest(dir: &Path, prefix: &str) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found.pop()
}

fn installed_packages(root: &Path) -> Result<Vec<super::manifest::Package>, ImageError> {
    let admin = root.join("var/lib/dpkg");
    let out = Command::new("dpkg-query")
        .arg(format!("--admindir={}", admin.display()))
        .args(["-W", "-f", "${Package}\t${Version}\n"])
        .output()
        .map_err(|e| ImageError::Spawn("dpkg-query", e))?;
    Ok(parse_packages(&String::from_utf8_lossy(&out.stdout)))
}

fn artifact(path: &Path, name: &str) -> Result<Artifact, ImageError> {
    let mut f = std::fs::File::open(path).map_err(io_err("open", path))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(io_err("read", path))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        size += n as u64;
    }
    Ok(Artifact {
        name: name.to_string(),
        sha256: hex(&h.finalize()),
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apt_s_unknown_package_is_named() {
        let log = "I: running apt-get update...\nE: Unable to locate package no-such-pkg\nE: apt-get failed";
        assert_eq!(find_unknown_package(log).as_deref(), Some("no-such-pkg"));
        assert_eq!(find_unknown_package("E: other"), None);
    }
}
