//! Planning every output of a build: each job's files compared with what is on disk,
//! nothing written. Render jobs share one template engine and one context.

use super::{Job, JobKind};
use crate::boot::TreePlanError;
use crate::dhcp::DhcpError;
use crate::inventory::Inventory;
use crate::outfiles::{self, OutfilesError, Plan};
use crate::render::{self, Context as RenderContext, Engine, RenderError};
use std::path::Path;

/// Why an output cannot be planned; names the output as cluster.yaml lists it.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The site templates do not load.
    #[error("output {index} ({label}): cannot load the templates")]
    Templates {
        /// 1-based position in `outputs:`.
        index: usize,
        /// What the output makes.
        label: String,
        /// Why.
        #[source]
        source: Box<RenderError>,
    },
    /// A render target fails.
    #[error("output {index} ({label}): nothing was written")]
    Render {
        /// 1-based position in `outputs:`.
        index: usize,
        /// What the output makes.
        label: String,
        /// Why.
        #[source]
        source: Box<RenderError>,
    },
    /// The DHCP config cannot be made.
    #[error("output {index} ({label})")]
    Dhcp {
        /// 1-based position in `outputs:`.
        index: usize,
        /// What the output makes.
        label: String,
        /// Why.
        #[source]
        source: Box<DhcpError>,
    },
    /// The boot tree cannot be made.
    #[error("output {index} ({label})")]
    Boot {
        /// 1-based position in `outputs:`.
        index: usize,
        /// What the output makes.
        label: String,
        /// Why.
        #[source]
        source: Box<TreePlanError>,
    },
    /// The output's folder or file cannot be read or written.
    #[error("output {index} ({label}): cannot write {path}")]
    Folder {
        /// 1-based position in `outputs:`.
        index: usize,
        /// What the output makes.
        label: String,
        /// The output path.
        path: String,
        /// Why.
        #[source]
        source: Box<OutfilesError>,
    },
}

/// What planning every output gives: one plan per job, and warnings (nodes that cannot
/// network-boot), each naming its output.
#[derive(Debug)]
pub struct Planned {
    /// One plan per job, in order.
    pub plans: Vec<Plan>,
    /// Warnings to show.
    pub warnings: Vec<String>,
    /// How each boot tree was planned: (the job's 1-based position, how).
    pub boot_trees: Vec<(usize, crate::boot::Planned)>,
}

/// Produces every job's plan; nothing is written. `started` is called as each job
/// begins (for a progress message) and `rendered` as each render target is done.
pub fn plan_all(
    jobs: &[Job],
    inv: &Inventory,
    root: &Path,
    since: Option<&super::Since>,
    started: &dyn Fn(&Job),
    rendered: &(dyn Fn(&render::Rendered) + Sync),
) -> Result<Planned, PlanError> {
    let mut renderer: Option<(Engine, RenderContext)> = None;
    let mut plans = Vec::with_capacity(jobs.len());
    let mut warnings = Vec::new();
    let mut boot_trees = Vec::new();
    for (at, job) in jobs.iter().enumerate() {
        started(job);
        let (index, label) = (job.index, job.label());
        let folder = |source: OutfilesError| PlanError::Folder {
            index,
            label: label.clone(),
            path: job.path.display().to_string(),
            source: Box::new(source),
        };
        let plan = match &job.kind {
            JobKind::Render(names) => {
                if renderer.is_none() {
                    let templates = |source| PlanError::Templates {
                        index,
                        label: label.clone(),
                        source: Box::new(source),
                    };
                    let site = render::site::load(root).map_err(templates)?;
                    let engine = Engine::new(site).map_err(templates)?;
                    let ctx = RenderContext::build(inv, &render::context::inventory_prefix(root));
                    renderer = Some((engine, ctx));
                }
                let (engine, ctx) = renderer.as_ref().expect("set above");
                let failed = |source| PlanError::Render {
                    index,
                    label: label.clone(),
                    source: Box::new(source),
                };
                let targets = render::choose(engine, names).map_err(failed)?;
                let files = render::render_targets_then(engine, inv, ctx, &targets, rendered)
                    .map_err(failed)?;
                let plan = render::plan_dir(&job.path, &targets, files, names.is_empty())
                    .map_err(folder)?;
                // The context holds a copy of every node: freed as soon as no later output
                // renders, so the boot tree reuses its memory (fresh memory is slow here).
                if !jobs[at + 1..]
                    .iter()
                    .any(|j| matches!(j.kind, JobKind::Render(_)))
                {
                    renderer = None;
                }
                plan
            }
            JobKind::DhcpExport(format) => {
                let dhcp = |source| PlanError::Dhcp {
                    index,
                    label: label.clone(),
                    source: Box::new(source),
                };
                let server = match &job.boot_server {
                    Some(choice) => {
                        crate::dhcp::boot_server_index(&inv.cluster, choice).map_err(dhcp)?
                    }
                    None => 0,
                };
                let config = crate::dhcp::export_for(inv, *format, server).map_err(dhcp)?;
                outfiles::plan_file(&job.path, config, format.as_str()).map_err(folder)?
            }
            JobKind::Bootgen => {
                // Only node records changed since the stamped build: redo only their files.
                let changed_file = |f: &Path| since.is_none_or(|s| s.changed_file(f));
                let tree_since = since.and_then(|s| {
                    Some(crate::boot::Since {
                        previous: s.folder(&job.path)?,
                        intact: s.intact_ahead(&job.path),
                        changed_file: &changed_file,
                    })
                });
                let (plan, tree_warnings, how) =
                    crate::boot::plan_tree_since(inv, &job.path, tree_since).map_err(|source| {
                        PlanError::Boot {
                            index,
                            label: label.clone(),
                            source: Box::new(source),
                        }
                    })?;
                boot_trees.push((index, how));
                warnings.extend(
                    tree_warnings
                        .into_iter()
                        .map(|w| format!("output {index}: {w}")),
                );
                plan
            }
        };
        plans.push(if job.in_place { plan.in_place() } else { plan });
    }
    Ok(Planned {
        plans,
        warnings,
        boot_trees,
    })
}
