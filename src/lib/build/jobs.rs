//! From cluster.yaml `outputs:` to build jobs: kind and target checked, paths made
//! absolute (relative paths are relative to the inventory folder), no two jobs writing
//! the same place.

use super::BuildError;
use crate::dhcp::DhcpFormat;
use crate::inventory::model::{Output, OutputKind};
use std::path::{Path, PathBuf};

/// What one output produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    /// Render targets into a folder; empty means every target.
    Render(Vec<String>),
    /// A DHCP server's configuration file.
    DhcpExport(DhcpFormat),
    /// The static boot tree, into a folder.
    Bootgen,
}

/// One output of `chami build`, ready to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// 1-based position in `outputs:`.
    pub index: usize,
    /// What it produces.
    pub kind: JobKind,
    /// The folder (render, bootgen) or file (dhcp-export) to write.
    pub path: PathBuf,
    /// Shell command to run when the output changed.
    pub reload: Option<String>,
    /// dhcp-export: which boot-server replica the config is for (`None`: the first).
    pub boot_server: Option<String>,
    /// Write the folder in place instead of switching it whole.
    pub in_place: bool,
}

impl Job {
    /// A short name for tables and messages: `render hosts,genders`, `dhcp-export kea`,
    /// `bootgen`.
    pub fn label(&self) -> String {
        match &self.kind {
            JobKind::Render(t) if t.is_empty() => "render (all)".to_string(),
            JobKind::Render(t) => format!("render {}", t.join(",")),
            JobKind::DhcpExport(f) => format!("dhcp-export {}", f.as_str()),
            JobKind::Bootgen => BOOTGEN_LABEL.to_string(),
        }
    }
}

/// The [`Job::label`] of a bootgen output.
pub const BOOTGEN_LABEL: &str = "bootgen";

/// Checks `outputs` and resolves their paths against the inventory folder `root`.
pub fn jobs(outputs: &[Output], root: &Path) -> Result<Vec<Job>, BuildError> {
    if outputs.is_empty() {
        return Err(BuildError::NoOutputs);
    }
    let mut jobs: Vec<Job> = Vec::with_capacity(outputs.len());
    for (i, o) in outputs.iter().enumerate() {
        let index = i + 1;
        if o.path.trim().is_empty() {
            return Err(BuildError::EmptyPath { index });
        }
        let path = normalize(&root.join(&o.path));
        if let Some(other) = jobs.iter().find(|j| j.path == path) {
            return Err(BuildError::SamePath {
                first: other.index,
                second: index,
                path: path.display().to_string(),
            });
        }
        jobs.push(Job {
            index,
            kind: kind(o, index)?,
            path,
            reload: o.reload.clone().filter(|r| !r.trim().is_empty()),
            boot_server: o.boot_server.clone(),
            in_place: o.in_place,
        });
    }
    Ok(jobs)
}

fn kind(o: &Output, index: usize) -> Result<JobKind, BuildError> {
    let bad = |kind: &'static str, problem: String| BuildError::BadTarget {
        index,
        kind,
        problem,
    };
    let target = o.target.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if o.boot_server.is_some() && o.kind != OutputKind::DhcpExport {
        let kind = if o.kind == OutputKind::Render {
            "render"
        } else {
            "bootgen"
        };
        return Err(bad(
            kind,
            "`boot_server` chooses the replica of a dhcp-export output only; remove it".into(),
        ));
    }
    Ok(match o.kind {
        OutputKind::Render => JobKind::Render(
            target
                .map(|t| {
                    t.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
        ),
        OutputKind::DhcpExport => {
            let names = DhcpFormat::ALL.map(DhcpFormat::as_str).join(", ");
            let t = target.ok_or_else(|| {
                bad(
                    "dhcp-export",
                    format!("`target` names the DHCP server: one of {names}"),
                )
            })?;
            JobKind::DhcpExport(DhcpFormat::from_name(t).ok_or_else(|| {
                bad(
                    "dhcp-export",
                    format!("unknown DHCP server `{t}`; use one of {names}"),
                )
            })?)
        }
        OutputKind::Bootgen => {
            if let Some(t) = target {
                return Err(bad(
                    "bootgen",
                    format!("bootgen takes no `target` (got `{t}`); remove it"),
                ));
            }
            JobKind::Bootgen
        }
    })
}

/// `a/./b/../c` → `a/c`, without touching the disk, so that two spellings of one path
/// are seen as the same.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(kind: OutputKind, target: Option<&str>, path: &str) -> Output {
        Output {
            kind,
            target: target.map(String::from),
            path: path.into(),
            reload: None,
            boot_server: None,
            in_place: false,
        }
    }

    #[test]
    fn resolves_kinds_targets_and_paths() {
        let got = jobs(
            &[
                output(OutputKind::Render, Some("hosts, genders"), "out/etc"),
                output(
                    OutputKind::DhcpExport,
                    Some("kea"),
                    "/etc/kea/kea-dhcp4.json",
                ),
                output(OutputKind::Bootgen, None, "./srv/../boot"),
                output(OutputKind::Render, None, "all"),
            ],
            Path::new("/inv"),
        )
        .unwrap();
        assert_eq!(
            got[0].kind,
            JobKind::Render(vec!["hosts".into(), "genders".into()])
        );
        assert_eq!(got[0].path, Path::new("/inv/out/etc"));
        assert_eq!(got[1].kind, JobKind::DhcpExport(DhcpFormat::Kea));
        assert_eq!(got[1].path, Path::new("/etc/kea/kea-dhcp4.json"));
        assert_eq!(got[2].path, Path::new("/inv/boot"));
        assert_eq!(got[2].label(), "bootgen");
        assert_eq!(got[3].label(), "render (all)");
        assert_eq!(got[0].label(), "render hosts,genders");
    }

    #[test]
    fn refuses_what_cannot_be_built() {
        let root = Path::new("/inv");
        assert!(matches!(jobs(&[], root), Err(BuildError::NoOutputs)));
        let e = jobs(&[output(OutputKind::DhcpExport, None, "d")], root).unwrap_err();
        assert!(e.to_string().contains("outputs[1] (dhcp-export)"), "{e}");
        let e = jobs(&[output(OutputKind::DhcpExport, Some("bind"), "d")], root).unwrap_err();
        assert!(e.to_string().contains("unknown DHCP server `bind`"), "{e}");
        let e = jobs(&[output(OutputKind::Bootgen, Some("x"), "d")], root).unwrap_err();
        assert!(e.to_string().contains("takes no `target`"), "{e}");
        let mut replica = output(OutputKind::Bootgen, None, "d");
        replica.boot_server = Some("2".into());
        let e = jobs(&[replica], root).unwrap_err();
        assert!(e.to_string().contains("dhcp-export output only"), "{e}");
        let e = jobs(
            &[
                output(OutputKind::Render, Some("hosts"), "out"),
                output(OutputKind::Render, Some("genders"), "./out/"),
            ],
            root,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("outputs[1] and outputs[2] both write /inv/out"),
            "{e}"
        );
        let e = jobs(&[output(OutputKind::Bootgen, None, " ")], root).unwrap_err();
        assert!(matches!(e, BuildError::EmptyPath { index: 1 }));
    }
}
