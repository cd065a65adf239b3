//! `chami generate man|completions`: write the man pages and shell completions from the
//! clap definitions (checked in under man/ and completions/; a test keeps them current).

use crate::cli::{Cli, GenerateWhat};
use crate::exit::ExitStatus;
use crate::fsutil::write_if_changed;
use crate::settings::GlobalSettings;
use clap::CommandFactory;
use std::path::Path;

/// Writes the pages or completions into `out`.
pub fn run(what: GenerateWhat, out: &Path, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let cmd = Cli::command();
    let mut files = Vec::new();
    match what {
        GenerateWhat::Man => man_pages(&cmd, "", &mut files)?,
        GenerateWhat::Completions => {
            use clap_complete::{generate, Shell};
            for (shell, name) in [
                (Shell::Bash, "chami.bash"),
                (Shell::Zsh, "_chami"),
                (Shell::Fish, "chami.fish"),
            ] {
                let mut buf = Vec::new();
                generate(shell, &mut cmd.clone(), "chami", &mut buf);
                files.push((name.to_string(), buf));
            }
        }
    }
    let mut written = 0;
    for (name, content) in &files {
        if write_if_changed(&out.join(name), content)? {
            written += 1;
        }
    }
    global.printer.info(format!(
        "{} files in {}, {written} changed",
        files.len(),
        out.display()
    ));
    Ok(ExitStatus::Success)
}

fn man_pages(
    cmd: &clap::Command,
    prefix: &str,
    files: &mut Vec<(String, Vec<u8>)>,
) -> anyhow::Result<()> {
    let name = if prefix.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{prefix}-{}", cmd.get_name())
    };
    let page_cmd = cmd
        .clone()
        .name(Box::leak(name.clone().into_boxed_str()) as &'static str);
    let mut buf = Vec::new();
    clap_mangen::Man::new(page_cmd).render(&mut buf)?;
    files.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, &name, files)?;
    }
    Ok(())
}
