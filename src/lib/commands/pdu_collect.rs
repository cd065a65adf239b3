//! `chami pdu collect ADDR…`: read each PDU service's rack PDUs and their outlets, print
//! one JSON line per PDU, and with --write create or update pdus/ records through the
//! usual lint-checked write: discovered fields (vendor, model, serial, firmware) are
//! refreshed, new outlets added unmapped, and the outlet → node mappings a person or
//! `inventory set` wrote are kept.

use super::bmc::reported;
use super::redfish_setup::{raise_fd_limit, runtime, transport, CredentialSource};
use super::write_flow::finish;
use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::inventory::model::{Pdu, DEFAULT_PDU_PATH};
use crate::inventory::records::{Origin, Record};
use crate::inventory::save::Changes;
use crate::inventory::Inventory;
use crate::redfish::{rack_pdus, run_fleet, CollectedPdu, Conn, Endpoint, RedfishError};
use crate::settings::{GlobalSettings, PduCollectSettings};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Runs `pdu collect`.
pub fn run(s: PduCollectSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let (inv, _lock) = if s.write {
        let (inv, lock) = super::loading::load_for_write(global)?;
        (Some(inv), Some(lock))
    } else {
        (super::loading::load_valid(global).ok(), None)
    };
    let creds = CredentialSource::new(&s.conn, inv.as_ref().map(|i| i.root.as_path()))?;
    raise_fd_limit();
    let rt = runtime()?;
    let transport = {
        let _g = rt.enter();
        transport(&s.conn)?
    };
    let mut found: Vec<(Endpoint, Vec<CollectedPdu>)> = vec![];
    let mut failed = 0usize;
    let mut print_error = None;
    rt.block_on(run_fleet(
        s.endpoints.clone(),
        s.conn.client.concurrency,
        |ep| {
            let host = ep.host.clone();
            let c = creds.for_bmc([host.as_str()]);
            let conn = Conn::new(transport.clone(), ep.clone(), c, s.conn.auth);
            async move {
                let r = read(&conn).await;
                let shown = match &r {
                    Ok(p) => reported(&conn, Ok(json!(p))),
                    Err(e) => Err(conn.mask(&e.to_string())),
                };
                (ep, r.ok(), shown)
            }
        },
        |(ep, pdus, shown)| {
            let mut line = json!({ "address": ep.base(), "ok": shown.is_ok() });
            match shown {
                Ok(v) => line["pdus"] = v,
                Err(e) => line["error"] = json!(e),
            }
            if print_error.is_none() {
                print_error = write_stdout(&format!("{line}\n")).err();
            }
            match pdus {
                Some(p) => found.push((ep, p)),
                None => failed += 1,
            }
        },
    ));
    if let Some(e) = print_error {
        return Err(e.into());
    }
    global.printer.info(format!(
        "collected {} PDU service(s), {failed} failed",
        found.len()
    ));
    let status = if failed == 0 {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    };
    let Some(inv) = inv.filter(|_| s.write) else {
        return Ok(status);
    };
    found.sort_by_key(|a| a.0.base());
    let mut after = inv.clone();
    let files = merge(&mut after, &found);
    if files.is_empty() {
        global
            .printer
            .info("the inventory already has every PDU collected: nothing to write");
        return Ok(status);
    }
    let mut changes = Changes::default();
    changes.plan::<Pdu>(&after, &files)?;
    let written = finish(
        global,
        &inv,
        &after,
        changes,
        s.mode,
        &format!("{} pdu record(s) written", files.len()),
    )?;
    Ok(if written == ExitStatus::Success {
        status
    } else {
        written
    })
}

async fn read(conn: &Conn) -> Result<Vec<CollectedPdu>, RedfishError> {
    conn.login().await?;
    let r = rack_pdus(conn).await;
    let logout = conn.logout().await;
    let r = r?;
    logout?;
    Ok(r)
}

/// Merges the collected PDUs into `inv`: a record per rack PDU, found by address and
/// path (or created as pdu-ADDRESS[-N]); returns the files of the records that changed.
fn merge(inv: &mut Inventory, found: &[(Endpoint, Vec<CollectedPdu>)]) -> BTreeSet<PathBuf> {
    let mut files = BTreeSet::new();
    for (ep, pdus) in found {
        for (i, c) in pdus.iter().enumerate() {
            let address: Option<std::net::IpAddr> = ep.host.trim_matches(['[', ']']).parse().ok();
            let at = |p: &Pdu| {
                let same_host = match address {
                    Some(ip) => p.ip == Some(ip),
                    None => p.fqdn.as_deref() == Some(ep.host.as_str()),
                };
                same_host && p.path() == c.path
            };
            let (idx, created) = match inv.pdus.iter().position(|r| at(&r.value)) {
                Some(idx) => (idx, false),
                None => {
                    let dashed: String = ep
                        .host
                        .chars()
                        .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' })
                        .collect();
                    let name = if pdus.len() == 1 {
                        format!("pdu-{dashed}")
                    } else {
                        format!("pdu-{dashed}-{}", i + 1)
                    };
                    let default_port = Endpoint::parse(&ep.host, ep.scheme).map(|d| d.port).ok();
                    let value = Pdu {
                        name: name.clone(),
                        ip: address,
                        fqdn: address.is_none().then(|| ep.host.clone()),
                        port: (Some(ep.port) != default_port).then_some(ep.port),
                        redfish_path: (c.path != DEFAULT_PDU_PATH).then(|| c.path.clone()),
                        ..Pdu::default()
                    };
                    let file = PathBuf::from(format!("pdus/{name}.yaml"));
                    inv.pdus.push(Record {
                        value,
                        origin: Origin::new_file(file),
                    });
                    (inv.pdus.len() - 1, true)
                }
            };
            let rec = &mut inv.pdus[idx];
            let before = rec.value.clone();
            let p = &mut rec.value;
            p.vendor = c.vendor.clone().or(p.vendor.take());
            p.model = c.model.clone().or(p.model.take());
            p.serial = c.serial.clone().or(p.serial.take());
            p.firmware = c.firmware.clone().or(p.firmware.take());
            for o in &c.outlets {
                p.outlets.entry(o.clone()).or_insert(None);
            }
            if created || *p != before {
                files.insert(rec.origin.file.clone());
            }
        }
    }
    files
}
