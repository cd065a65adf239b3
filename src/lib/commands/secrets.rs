//! `chami secrets set|get|list|rm`: edit the BMC secrets file, plain or age-encrypted,
//! without a password ever being an argument or printed (except by `get`).

use super::password_input::read_password;
use crate::console::{render_table, table, write_json, write_stdout};
use crate::exit::ExitStatus;
use crate::redfish::{AgeIdentity, AgeRecipient, Credentials, Password, Sealing, SecretsFile};
use crate::settings::{GlobalSettings, SecretsAction, SecretsSettings};
use anyhow::{bail, Context};

/// Runs a `secrets` command.
pub fn run(s: SecretsSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let inventory = global.root().ok();
    let inventory = inventory.as_deref();
    let path = &s.file;
    let exists = path.exists();
    let mut file = if exists {
        SecretsFile::load(path, inventory, s.identity.as_deref())?
    } else if matches!(s.action, SecretsAction::Set { .. }) {
        SecretsFile::default()
    } else {
        bail!(
            "there is no secrets file {}: create it with `chami secrets set NAME --username USER --secrets {}`",
            path.display(),
            path.display()
        );
    };
    match &s.action {
        SecretsAction::Get(name) => {
            let c = entry(&file, name, &s)?;
            write_stdout(&format!("{}\n", c.password.expose()))?;
            return Ok(ExitStatus::Success);
        }
        SecretsAction::List { json } => {
            list(&file, *json)?;
            return Ok(ExitStatus::Success);
        }
        SecretsAction::Set { name, username } => {
            check_name(name)?;
            let password = read_password(&format!("password for {name} ({username}): "))?;
            file.set(
                name,
                Credentials {
                    username: username.clone(),
                    password: Password::new(password),
                },
            );
        }
        SecretsAction::Rm(name) => {
            entry(&file, name, &s)?;
            file.remove(name);
        }
    }
    let (sealing, recipients) = sealing(&file, exists, &s)?;
    file.save(path, inventory, sealing, &recipients)?;
    let what = match &s.action {
        SecretsAction::Set { name, .. } => format!("set {name}"),
        SecretsAction::Rm(name) => format!("removed {name}"),
        _ => unreachable!("get and list return above"),
    };
    global.printer.info(format!(
        "{what} in {}{}",
        path.display(),
        match sealing {
            Sealing::Plain => String::new(),
            _ => format!(
                " (age-encrypted to {} recipient{})",
                recipients.len(),
                if recipients.len() == 1 { "" } else { "s" }
            ),
        }
    ));
    Ok(ExitStatus::Success)
}

fn entry<'a>(
    file: &'a SecretsFile,
    name: &str,
    s: &SecretsSettings,
) -> anyhow::Result<&'a Credentials> {
    file.get(name).with_context(|| {
        format!(
            "no entry `{name}` in {} (`chami secrets list` shows them)",
            s.file.display()
        )
    })
}

fn list(file: &SecretsFile, json: bool) -> anyhow::Result<()> {
    if json {
        let rows: Vec<serde_json::Value> = file
            .entries()
            .map(|(n, c)| serde_json::json!({"name": n, "username": c.username}))
            .collect();
        write_json(&rows)?;
        return Ok(());
    }
    let mut t = table(&["NAME", "USERNAME"]);
    for (n, c) in file.entries() {
        t.add_row(vec![n.to_string(), c.username.clone()]);
    }
    write_stdout(&render_table(&mut t))?;
    Ok(())
}

/// How the file is written and to whom: encrypted when it was, or (a new file) when an
/// identity or a recipient is given; to the identity's own keys and each --recipient.
fn sealing(
    file: &SecretsFile,
    existed: bool,
    s: &SecretsSettings,
) -> anyhow::Result<(Sealing, Vec<AgeRecipient>)> {
    let mut recipients = match &s.identity {
        Some(p) => AgeIdentity::load(p)?.recipients(),
        None => vec![],
    };
    for r in &s.recipients {
        recipients.push(r.parse::<AgeRecipient>()?);
    }
    let sealing = if existed {
        file.sealing
    } else if recipients.is_empty() {
        Sealing::Plain
    } else {
        Sealing::Armored
    };
    if sealing == Sealing::Plain && !s.recipients.is_empty() {
        bail!(
            "{} is plain YAML: --recipient applies to an age-encrypted file (encrypt it with `age -r … -a -o FILE.age {}`, or start a new file)",
            s.file.display(),
            s.file.display()
        );
    }
    Ok((sealing, recipients))
}

/// An entry name is a YAML key of one line.
fn check_name(name: &str) -> anyhow::Result<()> {
    if name.trim().is_empty() || name.chars().any(char::is_control) {
        bail!("`{}` cannot be a secrets entry name: give a BMC name, address, a `credentials:` name or `default`", name.escape_debug());
    }
    Ok(())
}
