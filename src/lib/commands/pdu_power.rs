//! `chami pdu power ACTION EXPR`: the outlets that feed the selected nodes, switched or
//! read through each PDU's Redfish service; one JSON line per node and PDU as each
//! finishes, a summary on stderr, exit 1 when any failed. `--dry-run` lists the outlets;
//! off and cycle on several nodes ask first on a terminal.

use super::bmc::reported;
use super::fleet_tally::{host_line, status, Tally};
use super::redfish_setup::{raise_fd_limit, runtime, transport, CredentialSource};
use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::redfish::pdu_selection::{resolve_outlets, OutletTarget};
use crate::redfish::{outlet_power, run_fleet, Conn, OutletAction, RedfishError};
use crate::settings::{GlobalSettings, PduPowerSettings};
use serde_json::{json, Map, Value};

/// Runs `pdu power`.
pub fn run(s: PduPowerSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let inv = super::loading::load_valid(global)?;
    let targets = resolve_outlets(&inv, &s.fleet.expr, s.fleet.conn.scheme)?;
    let action = json!(s.action);
    if s.dry_run {
        let mut out = String::new();
        let mut unreachable = 0;
        for t in &targets {
            let r = t
                .endpoint
                .as_ref()
                .map(|_| json!({"dry_run": true, "action": action}));
            unreachable += usize::from(r.is_err());
            out.push_str(&line_for(t, &r.map_err(String::clone)));
        }
        write_stdout(&out)?;
        global.printer.info(format!(
            "dry run: pdu power {} on {} node(s); nothing sent",
            action.as_str().unwrap_or_default(),
            targets.len()
        ));
        return Ok(status(unreachable == 0));
    }
    let names: Vec<&str> = targets.iter().map(|t| t.node.as_str()).collect();
    let mut unique = names.clone();
    unique.dedup();
    let what = format!("pdu power {}", action.as_str().unwrap_or_default());
    super::bmc_preflight::ask(&unique, &what, s.action.is_destructive(), s.yes)?;
    let creds = CredentialSource::new(&s.fleet.conn, Some(&inv.root))?;
    raise_fd_limit();
    let rt = runtime()?;
    let transport = {
        let _g = rt.enter();
        transport(&s.fleet.conn)?
    };
    let bar = crate::console::bar(&global.printer, targets.len() as u64, "outlets");
    let mut tally = Tally::new(what, targets.len());
    rt.block_on(run_fleet(
        targets,
        s.fleet.conn.client.concurrency,
        |t| {
            let c = creds.for_bmc(t.keys.iter().map(String::as_str));
            let transport = transport.clone();
            async move {
                let result = match &t.endpoint {
                    Ok(ep) => {
                        let conn = Conn::new(transport, ep.clone(), c, s.fleet.conn.auth);
                        let r = switch(&conn, &t, s.action).await;
                        reported(&conn, r)
                    }
                    Err(why) => Err(why.clone()),
                };
                (t, result)
            }
        },
        |(t, result)| {
            bar.inc(1);
            tally.record(&t.node, &result, &line_for(&t, &result));
        },
    ));
    bar.finish_and_clear();
    Ok(status(tally.finish(global)?))
}

/// Runs the action on each outlet of one target (session opened and closed around it);
/// the first outlet that fails stops the others, and the error names it.
async fn switch(
    conn: &Conn,
    t: &OutletTarget,
    action: OutletAction,
) -> Result<Value, RedfishError> {
    conn.login().await?;
    let mut done = vec![];
    let mut failure = None;
    for (id, path) in &t.outlets {
        match outlet_power(conn, path, action).await {
            Ok(r) => done.push(r),
            Err(e) => {
                let before: Vec<&str> = done.iter().map(|d| d.outlet.as_str()).collect();
                failure = Some(RedfishError::Invalid(format!(
                    "outlet {id}: {e}{}",
                    if before.is_empty() {
                        String::new()
                    } else {
                        format!(" (outlets already done: {})", before.join(", "))
                    }
                )));
                break;
            }
        }
    }
    let logout = conn.logout().await;
    if let Some(e) = failure {
        return Err(e);
    }
    logout?;
    Ok(json!({ "outlets": done }))
}

/// The JSON line of one target: node, PDU, address, ok, then the result or the error.
fn line_for(t: &OutletTarget, result: &Result<Value, String>) -> String {
    let mut m = Map::new();
    m.insert("node".into(), json!(t.node));
    m.insert("pdu".into(), json!(t.pdu));
    let address = t.endpoint.as_ref().ok().map(|e| e.base());
    let mut m = host_line(m, address, result);
    if !result.as_ref().is_ok_and(|v| v.get("outlets").is_some()) {
        let ids: Vec<&str> = t.outlets.iter().map(|(id, _)| id.as_str()).collect();
        m.insert("outlets".into(), json!(ids));
    }
    serde_json::to_string(&m).unwrap_or_default() + "\n"
}
