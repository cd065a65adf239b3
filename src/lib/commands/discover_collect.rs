//! `chami discover collect`: crawl BMCs (from arguments or scan JSON lines on stdin),
//! print one JSON line per BMC as each finishes, and with --write merge the results
//! into the inventory through the usual lint-checked, atomic write (with --check,
//! compare them with it instead: `discover_check`).

use super::redfish_setup::{raise_fd_limit, runtime, transport, transport_for, CredentialSource};
use super::write_flow::finish;
use crate::console::write_stdout;
use crate::discover::{merge, NameMap, Naming};
use crate::exit::ExitStatus;
use crate::inventory::insert_new;
use crate::inventory::model::{Bmc, Node};
use crate::inventory::save::Changes;
use crate::inventory::Inventory;
use crate::redfish::{collect, run_fleet, Collected, Conn, Endpoint, Scheme};
use crate::settings::{CollectSettings, GlobalSettings};
use anyhow::{bail, Context};
use std::collections::HashMap;
use std::io::BufRead;
use std::time::Instant;

/// Runs `discover collect`.
pub fn run(s: CollectSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let naming = Naming::new(s.bmc_name.as_deref(), s.node_name.as_deref())?;
    let map = s
        .name_map
        .as_deref()
        .map(NameMap::load)
        .transpose()?
        .unwrap_or_default();
    let endpoints = endpoints(&s)?;
    if endpoints.is_empty() {
        bail!("no BMC address given: pass ADDR… or pipe `chami discover scan` output in");
    }
    let (inv, lock) = if s.write {
        let (inv, lock) = super::loading::load_for_write(global)?;
        (Some(inv), Some(lock))
    } else if s.check {
        (Some(super::loading::load_valid(global)?), None)
    } else {
        // For the pinned certificates and credentials keys of the BMCs it already has.
        // Without one, nothing is pinned yet: say why when the user named a folder.
        let inv = match global.root() {
            Ok(root) => Some(super::loading::load_with_spinner(global, &root, None).inventory),
            Err(e) => {
                let why =
                    format!("{e}: collecting without its pinned certificates and credentials keys");
                match global.inventory {
                    Some(_) => global.printer.warn(why),
                    None => global.printer.debug(why),
                }
                None
            }
        };
        (inv, None)
    };
    let root = inv.as_ref().map(|i| i.root.clone());
    let creds = CredentialSource::new(&s.conn, root.as_deref())?;
    let names = inv.as_ref().map(bmc_keys).unwrap_or_default();
    let pins = inv.as_ref().map(pins).unwrap_or_default();
    let pinned_hosts: HashMap<String, (String, String)> = pins
        .iter()
        .map(|((host, _), pin)| (host.clone(), pin.clone()))
        .collect();
    raise_fd_limit();
    let rt = runtime()?;
    let transport = {
        let _g = rt.enter();
        transport(&s.conn)?
    };
    let bar = crate::console::bar(&global.printer, endpoints.len() as u64, "collecting");
    let started = Instant::now();
    let mut results: Vec<Collected> = Vec::with_capacity(endpoints.len());
    let mut print_error = None;
    let bmcs_at_once = s.conn.client.concurrency.saturating_mul(2);
    rt.block_on(run_fleet(
        endpoints,
        bmcs_at_once,
        |ep| {
            let mut keys = vec![ep.host.clone()];
            keys.extend(names.get(&ep.host).cloned().unwrap_or_default());
            let c = creds.for_bmc(keys.iter().map(String::as_str));
            let host = ep.host.to_ascii_lowercase();
            // Over plain HTTP, a pin on any port of the host counts: a rogue answering
            // HTTP on another port must not get that BMC's credentials either.
            let known = pins.get(&(host.clone(), ep.port)).or_else(|| {
                (ep.scheme == Scheme::Http)
                    .then(|| pinned_hosts.get(&host))
                    .flatten()
            });
            let own = transport_for(
                &transport,
                &s.conn,
                &ep,
                known.map(|k| k.0.as_str()),
                known.map(|k| k.1.as_str()),
                true,
            );
            async move {
                let (t, seen) = match own {
                    Ok(t) => t,
                    Err(e) => return Collected::failed(ep.host.clone(), ep.port, ep.scheme, e),
                };
                let conn = Conn::new(t, ep, c, s.conn.auth);
                let mut rec = collect(&conn).await;
                if rec.ok {
                    let shown = seen.and_then(|seen| *seen.lock().expect("not poisoned"));
                    rec.tls_fingerprint = shown.map(|f| f.to_string());
                }
                rec
            }
        },
        |rec| {
            bar.inc(1);
            if print_error.is_none() && !s.check {
                let line = serde_json::to_string(&rec).unwrap_or_default() + "\n";
                if let Err(e) = write_stdout(&line) {
                    print_error = Some(e);
                }
            }
            results.push(rec);
        },
    ));
    bar.finish_and_clear();
    if let Some(e) = print_error {
        return Err(e.into());
    }
    let failed = results.iter().filter(|r| !r.ok).count();
    let cut = results.iter().filter(|r| r.ok && !r.cut.is_empty()).count();
    let systems: usize = results.iter().map(|r| r.systems.len()).sum();
    global.printer.info(format!(
        "collected {} BMC{} in {:.1} s: {} system{}, {} failed{}",
        results.len() - failed,
        if results.len() - failed == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64(),
        systems,
        if systems == 1 { "" } else { "s" },
        failed,
        if cut > 0 {
            format!(", {cut} cut short by the crawl budget")
        } else {
            String::new()
        }
    ));
    for r in &results {
        let at = format!("{}:{}", r.address, r.port);
        if !r.ok {
            let why = r.error.as_deref().unwrap_or("failed");
            global.printer.warn(format!("{at}: {why}"));
        }
        for c in &r.cut {
            global.printer.warn(format!("{at}: {}", c.warning()));
        }
    }
    let status = if failed + cut > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    };
    results.sort_by(|a, b| (&a.address, a.port).cmp(&(&b.address, b.port)));
    if let (true, Some(inv)) = (s.check, &inv) {
        let n = super::discover_check::report(inv, &results, &map, &naming, s.json)?;
        if n == 0 {
            global
                .printer
                .info("no drift: the inventory says what the BMCs that answered show");
            return Ok(status);
        }
        global.printer.info(format!(
            "drift: {n} difference{} between the inventory and the BMCs",
            if n == 1 { "" } else { "s" }
        ));
        return Ok(ExitStatus::Findings);
    }
    let (Some(inv), Some(_lock)) = (inv, lock) else {
        return Ok(status);
    };
    let written = write(&inv, &results, &map, &naming, &s, global)?;
    Ok(if written == ExitStatus::Success {
        status
    } else {
        written
    })
}

/// Merges and writes; returns the status of the write.
fn write(
    inv: &Inventory,
    results: &[Collected],
    map: &NameMap,
    naming: &Naming,
    s: &CollectSettings,
    global: &GlobalSettings,
) -> anyhow::Result<ExitStatus> {
    let mut after = inv.clone();
    let report = merge(&mut after, results, map, naming)?;
    for line in &report.lines {
        global.printer.info(line);
    }
    for conflict in &report.conflicts {
        global.printer.warn(conflict);
    }
    let (new_b, new_n) = (report.new_bmcs.len(), report.new_nodes.len());
    let (upd_b, upd_n) = (report.bmc_files.len(), report.node_files.len());
    let (mut bmc_files, _) = insert_new::<Bmc>(&mut after, report.new_bmcs, None)?;
    let (mut node_files, _) = insert_new::<Node>(&mut after, report.new_nodes, None)?;
    bmc_files.extend(report.bmc_files);
    node_files.extend(report.node_files);
    let mut changes = Changes::default();
    changes.plan::<Bmc>(&after, &bmc_files)?;
    changes.plan::<Node>(&after, &node_files)?;
    if changes.is_empty() {
        global
            .printer
            .info("the inventory already has everything discovered: nothing to write");
        return Ok(ExitStatus::Success);
    }
    finish(
        global,
        inv,
        &after,
        changes,
        s.mode,
        &format!(
            "discovered {new_b} new BMC(s) and {new_n} new node(s); updated {upd_b} BMC(s) and {upd_n} node(s)"
        ),
    )
}

/// BMC address → the secrets keys of the inventory's BMC there (credentials entry, name).
fn bmc_keys(inv: &Inventory) -> HashMap<String, Vec<String>> {
    let mut m = HashMap::new();
    for b in inv.bmcs.iter().map(|r| &r.value) {
        let mut keys: Vec<String> = b.credentials.iter().cloned().collect();
        keys.push(b.name.clone());
        for host in
            b.ip.map(|i| i.to_string())
                .into_iter()
                .chain(b.fqdn.clone())
        {
            m.insert(host, keys.clone());
        }
    }
    m
}

/// (BMC address, port) → (name, pinned certificate) of the inventory's BMCs that pin one.
fn pins(inv: &Inventory) -> HashMap<(String, u16), (String, String)> {
    let mut m = HashMap::new();
    for b in inv.bmcs.iter().map(|r| &r.value) {
        let Some(fp) = &b.tls_fingerprint else {
            continue;
        };
        let port = b.port.unwrap_or(Scheme::Https.default_port());
        for host in
            b.ip.map(|i| i.to_string())
                .into_iter()
                .chain(b.fqdn.as_ref().map(|f| f.to_ascii_lowercase()))
        {
            m.insert((host, port), (b.name.clone(), fp.clone()));
        }
    }
    m
}

/// The endpoints to crawl: arguments, or stdin (scan JSON lines or one address a line).
fn endpoints(s: &CollectSettings) -> anyhow::Result<Vec<Endpoint>> {
    let from_stdin = s.addrs.is_empty() || s.addrs.iter().any(|a| a == "-");
    let mut out: Vec<Endpoint> = Vec::new();
    for a in s.addrs.iter().filter(|a| *a != "-") {
        out.push(Endpoint::parse(a, s.conn.scheme)?);
    }
    if from_stdin {
        let stdin = std::io::stdin();
        for (i, line) in stdin.lock().lines().enumerate() {
            let line = line.context("cannot read stdin")?;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let ep = if line.starts_with('{') {
                match scan_line(line, s.conn.scheme)
                    .with_context(|| format!("stdin line {}", i + 1))?
                {
                    Some(ep) => ep,
                    None => continue,
                }
            } else {
                Endpoint::parse(line, s.conn.scheme)
                    .with_context(|| format!("stdin line {}", i + 1))?
            };
            out.push(ep);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|e| seen.insert(e.clone()));
    Ok(out)
}

/// A `discover scan` line: its endpoint, or None when it is not a Redfish service.
fn scan_line(line: &str, default: Scheme) -> anyhow::Result<Option<Endpoint>> {
    #[derive(serde::Deserialize)]
    struct Line {
        address: String,
        port: Option<u16>,
        redfish: Option<bool>,
        scheme: Option<Scheme>,
    }
    let l: Line = serde_json::from_str(line)
        .context("not a `discover scan` JSON line (it needs at least \"address\")")?;
    if l.redfish == Some(false) {
        return Ok(None);
    }
    let scheme = l.scheme.unwrap_or(default);
    let mut ep = Endpoint::parse(&l.address, scheme)?;
    if let Some(p) = l.port {
        ep.port = p;
    }
    Ok(Some(ep))
}
