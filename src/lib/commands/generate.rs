//! `chami generate man|completions`: write the man pages and shell completions from the
//! clap definitions (checked in under man/ and completions/; a test keeps them current).

use crate::cli::Cli;
use crate::exit::ExitStatus;
use crate::fsutil::write_if_changed;
use crate::settings::{GenerateSettings, Generated, GlobalSettings};
use clap::CommandFactory;

/// Writes the pages or completions into `out`.
pub fn run(s: GenerateSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let out = &s.out;
    let cmd = Cli::command();
    let mut files = Vec::new();
    match s.what {
        Generated::Man => {
            // `chami help` exists, but has no page of its own: not listed as one.
            let cmd = cmd.disable_help_subcommand(true);
            man_pages(&cmd, "", &mut files)?;
            files.push(("chami-inventory.5".into(), format_page().into_bytes()));
        }
        Generated::Completions => {
            // Dynamic: each script asks `chami` itself (COMPLETE=SHELL) while completing,
            // so node, group and target names come from the inventory of the moment.
            use clap_complete::env::{Bash, EnvCompleter, Fish, Zsh};
            let shells: [(&dyn EnvCompleter, &str); 3] = [
                (&Bash, "chami.bash"),
                (&Zsh, "_chami"),
                (&Fish, "chami.fish"),
            ];
            for (shell, name) in shells {
                let mut buf = Vec::new();
                shell.write_registration("COMPLETE", "chami", "chami", "chami", &mut buf)?;
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

/// `chami-inventory(5)`: the inventory format (the text `chami inventory --help` ends with),
/// as a section-5 page.
fn format_page() -> String {
    let mut page = format!(
        ".TH CHAMI-INVENTORY 5 \"\" \"chami {}\" \"File Formats\"\n\
         .SH NAME\nchami-inventory \\- the chami inventory folder: cluster.yaml and the records\n\
         .SH DESCRIPTION\n\
         An inventory is a folder under git; chami reads it with every command. This page is\n\
         the reference of its files and fields; \\fBchami inventory lint\\fR checks them.\n\
         .sp\n.nf\n",
        env!("CARGO_PKG_VERSION")
    );
    for line in include_str!("../cli/inventory_format.txt").lines() {
        // roff: a backslash is written \e; a line starting with . or ' would be a request.
        let line = line.replace('\\', "\\e");
        if line.starts_with('.') || line.starts_with('\'') {
            page.push_str("\\&");
        }
        page.push_str(&line);
        page.push('\n');
    }
    page.push_str(
        ".fi\n.SH SEE ALSO\nchami(1), chami-inventory(1), chami-build(1), chami-image(1)\n",
    );
    page
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_format_page_is_roff_with_every_line_of_the_text() {
        let page = super::format_page();
        assert!(page.starts_with(".TH CHAMI-INVENTORY 5 "), "{page}");
        assert!(
            page.contains("\ncluster.yaml  format (1)")
                || page.contains("  cluster.yaml  format (1)")
        );
        for line in include_str!("../cli/inventory_format.txt").lines() {
            assert!(page.contains(&line.replace('\\', "\\e")), "{line}");
        }
        // man accepts it: `man -l` renders it without a warning, when man is installed.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chami-inventory.5");
        std::fs::write(&path, &page).unwrap();
        if let Ok(out) = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .output()
        {
            assert!(
                out.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
