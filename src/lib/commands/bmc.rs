//! `chami bmc power|bios|firmware`: one async job per BMC across the fleet, one JSON
//! line per target as each finishes (a text line per difference for `plan`), a progress
//! bar and a summary on stderr, exit 1 when any host failed or, for `plan`, differs.

use super::bmc_desired;
use super::fleet_tally::{host_line, status, Tally};
use super::redfish_setup::{raise_fd_limit, runtime, transport, transport_for, CredentialSource};
use crate::exit::ExitStatus;
use crate::redfish::bmc_selection::{resolve, Target};
use crate::redfish::{
    bios_get, bios_set, find_system, firmware_list, firmware_update, power_and_wait, run_fleet,
    Conn, PowerAction, RedfishError,
};
use crate::settings::{BmcAction, BmcSettings, GlobalSettings};
use crate::state::{Event, Kind};
use anyhow::Context;
use serde_json::{json, Map, Value};

/// Runs a `bmc` command.
pub fn run(mut s: BmcSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let inv = super::loading::load_valid(global)?;
    let targets = resolve(&inv, &s.fleet.expr, s.fleet.conn.scheme)?;
    if let BmcAction::Power(action, then) = &s.action {
        if s.dry_run {
            return super::bmc_preflight::dry_run(&targets, *action, then, global);
        }
        super::bmc_preflight::confirm(&targets, *action, s.yes)?;
    }
    if s.action.is_apply() {
        match bmc_desired::dry_run_of(&s.action) {
            Some(plan) if s.dry_run => s.action = plan,
            _ => {
                let names: Vec<&str> = targets.iter().map(super::bmc_preflight::who).collect();
                super::bmc_preflight::ask(&names, bmc_desired::question(&s.action), true, s.yes)?
            }
        }
    }
    let desired = if s.action.is_plan() || s.action.is_apply() {
        bmc_desired::desired_of(&inv, &targets)
    } else {
        Default::default()
    };
    let creds = CredentialSource::new(&s.fleet.conn, Some(&inv.root))?;
    raise_fd_limit();
    let rt = runtime()?;
    let transport = {
        let _g = rt.enter();
        transport(&s.fleet.conn)?
    };
    let what = match &s.action {
        BmcAction::Power(..) => "power",
        BmcAction::BiosGet(_) | BmcAction::BiosSet(_) | BmcAction::BiosPlan => "bios",
        BmcAction::BiosApply => "bios apply",
        BmcAction::FirmwareList | BmcAction::FirmwarePlan => "firmware",
        BmcAction::FirmwareUpdate { .. } | BmcAction::FirmwareApply { .. } => "updating",
    };
    // `power status` readings go to the node state folder.
    let state = match s.action {
        BmcAction::Power(PowerAction::Status, _) => {
            super::state_folder::journal(global, &inv.root)?
        }
        _ => None,
    };
    let mut readings = vec![];
    let bar = crate::console::bar(&global.printer, targets.len() as u64, what);
    let total = targets.len();
    let mut tally = Tally::new(what, total);
    let mut differ = 0usize;
    rt.block_on(run_fleet(
        targets,
        s.fleet.conn.client.concurrency,
        |t| {
            let c = creds.for_bmc(t.keys.iter().map(String::as_str));
            let (transport, action, bar) = (transport.clone(), &s.action, bar.clone());
            let conn_settings = &s.fleet.conn;
            let desired = t.node.as_ref().and_then(|n| desired.get(n));
            async move {
                let own = t.endpoint.as_ref().map_err(Clone::clone).and_then(|ep| {
                    transport_for(
                        &transport,
                        conn_settings,
                        ep,
                        t.bmc.as_deref(),
                        t.tls_fingerprint.as_deref(),
                        false,
                    )
                    .map(|(t, _)| (ep, t))
                });
                let result = match own {
                    Ok((ep, transport)) => {
                        let mut limits = transport.options().limits;
                        match action {
                            BmcAction::FirmwareUpdate { wait, .. } => limits.deadline += *wait,
                            BmcAction::FirmwareApply { wait, .. } => {
                                let n = desired.map_or(1, |d| d.firmware.len().max(1));
                                limits.deadline += *wait * n as u32;
                            }
                            BmcAction::Power(_, then) => limits.deadline += then.longest(),
                            _ => {}
                        }
                        let conn = Conn::new(transport, ep.clone(), c, conn_settings.auth)
                            .with_limits(limits);
                        let result = act(&conn, &t, action, desired, &bar).await;
                        reported(&conn, result)
                    }
                    Err(why) => Err(why),
                };
                (t, result)
            }
        },
        |(t, result)| {
            bar.inc(1);
            let who = t.node.as_deref().or(t.bmc.as_deref()).unwrap_or("?");
            let line = if s.table {
                bmc_desired::plan_text(who, &result)
            } else {
                line_for(&t, &result) + "\n"
            };
            if let (true, Ok(v)) = (s.action.is_plan(), &result) {
                differ += usize::from(bmc_desired::differs(v));
            }
            if state.is_some() {
                readings.extend(power_reading(&t, &result));
            }
            tally.record(who, &result, &line);
        },
    ));
    bar.finish_and_clear();
    if let Some(j) = &state {
        j.append(&readings)
            .with_context(|| format!("cannot record the power states in {}", j.path().display()))?;
    }
    let all_ok = tally.finish(global)?;
    if s.action.is_plan() {
        global.printer.info(format!(
            "plan: {differ} of {total} hosts differ from the inventory{}",
            if s.dry_run {
                " (dry run: nothing was changed)"
            } else {
                ""
            }
        ));
    }
    Ok(status(all_ok && differ == 0))
}

/// Runs the action on one BMC (session opened and closed around it).
async fn act(
    conn: &Conn,
    t: &Target,
    action: &BmcAction,
    desired: Option<&bmc_desired::Desired>,
    bar: &indicatif::ProgressBar,
) -> Result<Value, RedfishError> {
    conn.login().await?;
    let result = async {
        Ok(match action {
            BmcAction::BiosPlan
            | BmcAction::BiosApply
            | BmcAction::FirmwarePlan
            | BmcAction::FirmwareApply { .. } => {
                return bmc_desired::act(conn, t, action, desired).await;
            }
            BmcAction::Power(a, then) => {
                serde_json::to_value(power_and_wait(conn, &t.system, *a, then).await?)
            }
            BmcAction::BiosGet(keys) => {
                serde_json::to_value(bios_get(conn, &t.system, keys).await?)
            }
            BmcAction::BiosSet(changes) => {
                serde_json::to_value(bios_set(conn, &t.system, changes).await?)
            }
            BmcAction::FirmwareList => Ok(json!({ "firmware": firmware_list(conn).await? })),
            BmcAction::FirmwareUpdate {
                image_uri,
                targets,
                wait,
                poll,
            } => {
                let who = t.node.clone().or(t.bmc.clone()).unwrap_or_default();
                let mut resolved = Vec::with_capacity(targets.len());
                for target in targets {
                    if target == "system" {
                        let sys = find_system(conn, &t.system).await?;
                        resolved.push(sys["@odata.id"].as_str().unwrap_or_default().to_string());
                    } else {
                        resolved.push(target.clone());
                    }
                }
                let r = firmware_update(conn, image_uri, &resolved, *poll, *wait, |p| {
                    bar.set_message(format!(
                        "updating ({who}: {} {}%)",
                        p.state,
                        p.percent.unwrap_or(0)
                    ));
                })
                .await?;
                serde_json::to_value(r)
            }
        }
        .unwrap_or(Value::Null))
    }
    .await;
    let logout = conn.logout().await;
    let v = result?;
    logout?;
    Ok(v)
}

/// The outcome as printed: the BMC's warnings and budget cuts added to a result, and
/// its secrets masked in the result or the error.
pub(super) fn reported(conn: &Conn, result: Result<Value, RedfishError>) -> Result<Value, String> {
    match result {
        Ok(mut v) => {
            let warnings = conn.warnings();
            if let (false, Value::Object(fields)) = (warnings.is_empty(), &mut v) {
                fields.insert("warnings".into(), json!(warnings));
                fields.insert("cut".into(), json!(conn.cuts()));
            }
            conn.mask_json(&mut v);
            Ok(v)
        }
        Err(e) => Err(conn.mask(&e.to_string())),
    }
}

/// The node state event of a `power status` result: the node's power state, from its
/// BMC's address (a target without a node, or a failed one, records nothing).
fn power_reading(t: &Target, result: &Result<Value, String>) -> Option<Event> {
    let node = t.node.as_deref()?;
    let power = result.as_ref().ok()?.get("power_state")?.as_str()?;
    let from = t.endpoint.as_ref().ok().and_then(|e| e.host.parse().ok());
    Some(Event::now(node, Kind::Power, from, Some(power.to_string())))
}

/// The JSON line of one target: who, ok, then the result's fields or the error.
pub(super) fn line_for(t: &Target, result: &Result<Value, String>) -> String {
    let mut m = Map::new();
    if let Some(n) = &t.node {
        m.insert("node".into(), json!(n));
    }
    m.insert("bmc".into(), json!(t.bmc));
    let address = t.endpoint.as_ref().ok().map(|e| e.base());
    serde_json::to_string(&host_line(m, address, result)).unwrap_or_default()
}
