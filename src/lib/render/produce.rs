//! Rendering targets into files: once, per group or per node, in parallel.

use super::context::Context;
use super::engine::Engine;
use super::error::RenderError;
use super::target::{FanOut, Origin, Target};
use crate::hostlist::NodeSet;
use crate::inventory::{Inventory, Selector};
use minijinja::value::Value;
use rayon::prelude::*;

/// The files one target produced: (path relative to the output folder, content).
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Target name.
    pub target: String,
    /// Its files, in fan-out order.
    pub files: Vec<(String, String)>,
}

/// Renders `targets` with `ctx`; on errors, the first target's in `targets` order is
/// returned. Nothing is written here.
pub fn render_targets(
    engine: &Engine,
    inv: &Inventory,
    ctx: &Context,
    targets: &[&Target],
) -> Result<Vec<Rendered>, RenderError> {
    render_targets_then(engine, inv, ctx, targets, &|_| {})
}

/// [`render_targets`], handing each target's result to `done` as soon as it is rendered
/// (while the other targets still render), e.g. to start writing its files.
pub fn render_targets_then(
    engine: &Engine,
    inv: &Inventory,
    ctx: &Context,
    targets: &[&Target],
    done: &(dyn Fn(&Rendered) + Sync),
) -> Result<Vec<Rendered>, RenderError> {
    // The template context is made only when a target needs the template engine.
    let root = std::sync::OnceLock::new();
    let results: Vec<std::sync::OnceLock<Result<Rendered, RenderError>>> =
        targets.iter().map(|_| std::sync::OnceLock::new()).collect();
    // Longest first, each thread taking the next when it is free: the last target to
    // finish is then a short one, and the biggest files go to disk early.
    let mut order: Vec<usize> = (0..targets.len()).collect();
    order.sort_by_key(|&i| expected_rank(targets[i]));
    rayon::scope_fifo(|s| {
        for &i in &order {
            let (t, slot, root) = (targets[i], &results[i], &root);
            s.spawn_fifo(move |_| {
                let r = match native(ctx, t) {
                    Some(r) => Ok(r),
                    None => render_target(engine, inv, root.get_or_init(|| ctx.to_value()), t),
                };
                if let Ok(r) = &r {
                    done(r);
                }
                let _ = slot.set(r);
            });
        }
    });
    results
        .into_iter()
        .map(|slot| slot.into_inner().expect("every target ran"))
        .collect()
}

/// Where a target goes in the rendering order: site templates first (a fan-out may be
/// long), then the built-ins from the longest to the shortest as measured at 100,000
/// nodes (powerman folds every plug address; warewulf writes 49 MB).
fn expected_rank(t: &Target) -> usize {
    const LONGEST_FIRST: [&str; 8] = [
        "powerman",
        "warewulf",
        "dnsmasq-dns",
        "hosts",
        "slurm",
        "genders",
        "prometheus",
        "prometheus-bmc",
    ];
    if t.origin != Origin::Builtin {
        return 0;
    }
    1 + LONGEST_FIRST
        .iter()
        .position(|n| *n == t.name)
        .unwrap_or(LONGEST_FIRST.len())
}

/// A built-in target written by its native generator; `None` when it has none, a site
/// template replaces it, or the generator meets a value it does not reproduce exactly.
fn native(ctx: &Context, t: &Target) -> Option<Rendered> {
    if t.origin != Origin::Builtin || t.fan_out != FanOut::Once {
        return None;
    }
    let text = super::native::generator(&t.name)?(ctx).ok()?;
    Some(Rendered {
        target: t.name.clone(),
        files: vec![(t.output.clone(), text)],
    })
}

fn render_target(
    engine: &Engine,
    inv: &Inventory,
    root: &Value,
    t: &Target,
) -> Result<Rendered, RenderError> {
    let items: Vec<Value> =
        match t.fan_out {
            FanOut::Once => vec![root.clone()],
            FanOut::Node | FanOut::Vm => {
                let chosen =
                    match &t.select {
                        Some(expr) => Some(Selector::new(inv).eval(expr).map_err(|e| {
                            RenderError::Select {
                                target: t.name.clone(),
                                select: expr.clone(),
                                message: e.to_string(),
                            }
                        })?),
                        None => None,
                    };
                each(root, "nodes", chosen.as_ref())
                    .into_iter()
                    .filter(|n| {
                        t.fan_out != FanOut::Vm
                            || n.get_attr("vm")
                                .is_ok_and(|v| !v.is_none() && !v.is_undefined())
                    })
                    .map(|n| minijinja::context! { node => n, ..root.clone() })
                    .collect()
            }
            FanOut::Group => {
                let chosen = match &t.select {
                    Some(expr) => Some(NodeSet::parse(expr).map_err(|e| RenderError::Select {
                        target: t.name.clone(),
                        select: expr.clone(),
                        message: e.to_string(),
                    })?),
                    None => None,
                };
                each(root, "groups", chosen.as_ref())
                    .into_iter()
                    .map(|g| minijinja::context! { group => g, ..root.clone() })
                    .collect()
            }
        };
    let files = items
        .par_iter()
        .map(|ctx| {
            let path = engine.render_output(t, ctx)?.trim().to_string();
            if path.is_empty() {
                return Err(RenderError::OutputPath {
                    target: t.name.clone(),
                    path,
                    why: "is empty",
                });
            }
            Ok((path, engine.render(t, ctx)?))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Rendered {
        target: t.name.clone(),
        files,
    })
}

/// The items of `root[key]` whose `name` is in `chosen` (all when `None`).
fn each(root: &Value, key: &str, chosen: Option<&NodeSet>) -> Vec<Value> {
    let Ok(list) = root.get_attr(key) else {
        return Vec::new();
    };
    let Ok(iter) = list.try_iter() else {
        return Vec::new();
    };
    iter.filter(|item| match chosen {
        None => true,
        Some(set) => item
            .get_attr("name")
            .ok()
            .and_then(|n| n.as_str().map(|s| set.contains(s)))
            .unwrap_or(false),
    })
    .collect()
}
