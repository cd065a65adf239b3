//! `chami init`: a new inventory folder with a commented starter cluster.yaml that lints
//! clean, the record folders, and a .gitignore.

use crate::exit::ExitStatus;
use crate::fsutil::write_atomic;
use crate::inventory::{self, CLUSTER_FILE};
use crate::settings::{GlobalSettings, InitSettings};
use anyhow::{bail, Context};

const STARTER: &str = include_str!("init_cluster.yaml");

const GITIGNORE: &str = "\
# Secrets never go in the inventory: keep the secrets file (mode 0600) outside the
# repository, or at least out of git.
secrets.yaml
*.secret
# Generated outputs (chami build writes them; regenerate instead of committing)
/out/
# What a killed build or edit leaves for the next run to finish (docs/outputs.md)
/.chami-journal.json
/.chami-stage-*/
";

/// The example group of a new inventory.
const STARTER_GROUP: &str = "\
# A group: its members get its labels, vars, boot settings and cloud-init, layered over
# the cluster defaults (`chami inventory show NODE --resolved` shows the result).
# Members by nodeset (`members: 'node[01-04]'`) or by selector, as here.
name: compute
description: every node whose role is Compute (the default role)
selector: role=Compute
labels:
  partition: batch
cloud_init:
  user_data:
    runcmd:
    - echo booted by chami > /etc/motd
";

/// Creates the inventory in `dir`.
pub fn run(s: InitSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let InitSettings { dir, name } = s;
    let cluster = dir.join(CLUSTER_FILE);
    if cluster.exists() {
        bail!(
            "{} already exists: {} is an inventory already",
            cluster.display(),
            dir.display()
        );
    }
    let name = match name {
        Some(n) => n,
        None => std::fs::canonicalize(&dir)
            .ok()
            .or_else(|| std::env::current_dir().ok().map(|c| c.join(&dir)))
            .and_then(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "cluster".to_string()),
    };
    if !inventory::lint::is_group_name(&name) {
        bail!("`{name}` cannot be a cluster name: use letters, digits, '_', '-' and '.' (pass --name)");
    }
    let text = STARTER.replace("{name}", &name);
    for sub in ["nodes", "bmcs", "groups", "tenants", "templates"] {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d).with_context(|| format!("cannot create {}", d.display()))?;
        write_atomic(&d.join(".gitkeep"), b"")?;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        write_atomic(&ignore, GITIGNORE.as_bytes())?;
    }
    let group = dir.join("groups/compute.yaml");
    if !group.exists() {
        write_atomic(&group, STARTER_GROUP.as_bytes())?;
    }
    write_atomic(&cluster, text.as_bytes())?;
    global.printer.info(format!(
        "created inventory `{name}` in {}; next: chami -C {} inventory add 'node[01-04]' --ip 10.0.0.11+ --mac 02:00:00:00:00:01+, then chami -C {} build",
        dir.display(),
        dir.display(),
        dir.display()
    ));
    Ok(ExitStatus::Success)
}
