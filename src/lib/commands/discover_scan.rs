//! `chami discover scan`: probe targets for Redfish services; JSON lines on stdout,
//! a progress bar and a summary on stderr.

use super::redfish_setup::{raise_fd_limit, runtime, transport};
use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::redfish::{parse_scan_ranges, scan, ScanOptions, TrustPolicy};
use crate::settings::{GlobalSettings, ScanSettings};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Runs `discover scan`.
pub fn run(s: ScanSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let addrs = parse_scan_ranges(&s.targets)?;
    raise_fd_limit();
    let rt = runtime()?;
    let _guard = rt.enter();
    let mut transport = transport(&s.conn)?;
    if s.conn.tofu {
        // First contact: unknown certificates are accepted (`collect --write` pins them).
        let policy = TrustPolicy {
            trust_first_use: true,
            ..TrustPolicy::default()
        };
        transport = transport.for_bmc(policy)?.0;
    }
    let probes = addrs.len() as u64 * s.ports.len() as u64;
    let bar = crate::console::bar(&global.printer, probes, "scanning");
    let done = Arc::new(AtomicU64::new(0));
    let opts = ScanOptions {
        ports: s.ports.clone(),
        concurrency: s.probe_concurrency,
        timeout: s.probe_timeout,
    };
    let started = Instant::now();
    let ticker = {
        let (bar, done) = (bar.clone(), done.clone());
        rt.spawn(async move {
            loop {
                bar.set_position(done.load(Ordering::Relaxed));
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        })
    };
    let results = rt.block_on(scan(&transport, &addrs, &opts, done));
    ticker.abort();
    bar.finish_and_clear();
    let mut out = String::new();
    let mut redfish = 0;
    for r in &results {
        redfish += usize::from(r.redfish);
        if r.redfish || s.all {
            out.push_str(&serde_json::to_string(r)?);
            out.push('\n');
        }
    }
    write_stdout(&out)?;
    global.printer.info(format!(
        "scanned {} address{} × {} port{} in {:.1} s: {} open, {} Redfish",
        addrs.len(),
        if addrs.len() == 1 { "" } else { "es" },
        s.ports.len(),
        if s.ports.len() == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64(),
        results.len(),
        redfish
    ));
    Ok(ExitStatus::Success)
}
