//! Rendering into an output folder: which targets a list of names means, and the plan of
//! writing their files (owned per target in the folder's manifest, so a target's old
//! files go when it stops producing them).

use super::{Engine, RenderError, Rendered, Target};
use crate::outfiles::{self, DesiredFile, OutfilesError, Plan};
use std::path::Path;

/// The manifest of files `render` wrote in an output folder.
pub const RENDER_MANIFEST: &str = ".chami-render.json";

/// The targets `names` asks for (none: every target), or the names no target has.
pub fn choose<'e>(engine: &'e Engine, names: &[String]) -> Result<Vec<&'e Target>, RenderError> {
    if names.is_empty() {
        return Ok(engine.targets().iter().collect());
    }
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| !engine.targets().iter().any(|t| &t.name == *n))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(RenderError::UnknownTarget {
            names: unknown.join(", "),
        });
    }
    Ok(engine
        .targets()
        .iter()
        .filter(|t| names.contains(&t.name))
        .collect())
}

/// The plan of writing `rendered` into `dir`. `all`: every target ran, so the files of
/// targets that are gone (a deleted site template) are removed too.
pub fn plan_dir(
    dir: &Path,
    targets: &[&Target],
    rendered: Vec<Rendered>,
    all: bool,
) -> Result<Plan, OutfilesError> {
    let mut owners: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
    if all {
        owners.extend(outfiles::listed_owners(dir, RENDER_MANIFEST)?);
    }
    let files: Vec<DesiredFile> = rendered
        .into_iter()
        .flat_map(|r| {
            let owner = r.target;
            r.files
                .into_iter()
                .map(move |(path, content)| DesiredFile::new(path, content, owner.clone()))
        })
        .collect();
    outfiles::plan(dir, RENDER_MANIFEST, &owners, files)
}
