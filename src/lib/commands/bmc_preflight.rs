//! What `bmc power` does before it touches a BMC: with --dry-run, list the targets and
//! the action (one JSON line each) and stop; before off, shutdown, cycle or reset on
//! several hosts (or `bios|firmware apply`), ask on a terminal (scripts, whose stdin is
//! not one, are not asked).

use super::bmc::line_for;
use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::redfish::bmc_selection::Target;
use crate::redfish::{PowerAction, PowerFollowUp};
use crate::settings::GlobalSettings;
use serde_json::{json, Value};
use std::io::{BufRead, IsTerminal, Write};

/// `--dry-run`: one line per target with the action that would be sent, a summary on
/// stderr; exit 1 when a target cannot be reached (no bmc, no address).
pub fn dry_run(
    targets: &[Target],
    action: PowerAction,
    then: &PowerFollowUp,
    global: &GlobalSettings,
) -> anyhow::Result<ExitStatus> {
    let mut plan = json!({ "dry_run": true, "action": action_name(action) });
    if let Some(w) = then.wait {
        plan["wait_s"] = json!(w.as_secs_f64());
    }
    if let Some(g) = then.grace {
        plan["escalate_after_s"] = json!(g.as_secs_f64());
    }
    let mut out = String::new();
    let mut unreachable = 0;
    for t in targets {
        let result: Result<Value, String> = match &t.endpoint {
            Ok(_) => Ok(plan.clone()),
            Err(why) => {
                unreachable += 1;
                global.printer.warn(format!("{}: {why}", who(t)));
                Err(why.clone())
            }
        };
        out.push_str(&line_for(t, &result));
        out.push('\n');
    }
    write_stdout(&out)?;
    global.printer.info(format!(
        "dry run: power {} on {} ({}); nothing sent",
        action_name(action),
        hosts(targets.len()),
        crate::hostlist::fold(targets.iter().map(who))
    ));
    Ok(if unreachable == 0 {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}

/// Asks before a destructive power action on several hosts when stdin is a terminal
/// and `--yes` was not given; an answer other than y or yes stops the command.
pub fn confirm(targets: &[Target], action: PowerAction, yes: bool) -> anyhow::Result<()> {
    let what = format!("power {}", action_name(action));
    let names: Vec<&str> = targets.iter().map(who).collect();
    ask(&names, &what, action.is_destructive(), yes)
}

/// Asks before `what` (`power off`, `apply the desired BIOS settings to` …) several
/// hosts, when it is destructive, stdin is a terminal and `--yes` was not given.
pub fn ask(names: &[&str], what: &str, destructive: bool, yes: bool) -> anyhow::Result<()> {
    let n = names.len();
    if !must_ask(destructive, n, yes, std::io::stdin().is_terminal()) {
        return Ok(());
    }
    let folded = crate::hostlist::fold(names.iter().copied());
    let mut err = std::io::stderr().lock();
    write!(err, "{what} {} ({folded})? [y/N] ", hosts(n))?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        return Ok(());
    }
    anyhow::bail!(
        "not confirmed: nothing was sent to the {n} hosts (--yes skips the question; --dry-run lists the targets)"
    )
}

/// True when the question is asked: a destructive action, more than one host, no
/// --yes, and someone at a terminal to answer.
fn must_ask(destructive: bool, hosts: usize, yes: bool, terminal: bool) -> bool {
    destructive && hosts > 1 && !yes && terminal
}

/// `off`, `reset-types` … as on the command line.
fn action_name(action: PowerAction) -> String {
    serde_json::to_value(action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(super) fn who(t: &Target) -> &str {
    t.node.as_deref().or(t.bmc.as_deref()).unwrap_or("?")
}

fn hosts(n: usize) -> String {
    format!("{n} host{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_destructive_action_on_several_hosts_at_a_terminal_asks() {
        let asks = |a: PowerAction, hosts, yes, terminal| {
            must_ask(a.is_destructive(), hosts, yes, terminal)
        };
        assert!(asks(PowerAction::Off, 2, false, true));
        assert!(asks(PowerAction::Reset, 2, false, true));
        assert!(!asks(PowerAction::Off, 1, false, true), "one host");
        assert!(!asks(PowerAction::Off, 2, true, true), "--yes");
        assert!(!asks(PowerAction::Off, 2, false, false), "a script");
        assert!(!asks(PowerAction::On, 2, false, true), "not destructive");
        assert!(!asks(PowerAction::ResetTypes, 2, false, true));
        assert_eq!(action_name(PowerAction::ResetTypes), "reset-types");
    }
}
