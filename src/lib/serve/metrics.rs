//! Prometheus metrics: requests by route and status, a latency histogram, unknown MACs
//! asked for, and reloads (good and failed), in the text exposition format.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::Duration;

const BUCKETS: [f64; 11] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
];

/// The server's counters.
#[derive(Default)]
pub struct Metrics {
    /// route → status → count; the read lock is the fast path (no allocation).
    requests: RwLock<HashMap<String, HashMap<u16, AtomicU64>>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    /// Boot script requests for MACs no node boots from.
    pub unknown_macs: AtomicU64,
    /// Successful reloads.
    pub reloads: AtomicU64,
    /// Reloads that kept the old inventory.
    pub reload_failures: AtomicU64,
    /// Requests refused because they asked for another node's data.
    pub forbidden: AtomicU64,
    /// Boot progress events dropped because the state writer's queue was full.
    pub state_dropped: AtomicU64,
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe(&self, route: &str, status: u16, took: Duration) {
        let counted = self
            .requests
            .read()
            .expect("not poisoned")
            .get(route)
            .and_then(|m| m.get(&status))
            .map(|n| n.fetch_add(1, Ordering::Relaxed))
            .is_some();
        if !counted {
            *self
                .requests
                .write()
                .expect("not poisoned")
                .entry(route.to_string())
                .or_default()
                .entry(status)
                .or_default()
                .get_mut() += 1;
        }
        // Non-cumulative here; render() adds them up.
        let secs = took.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let mut s = String::new();
        s.push_str("# HELP chami_serve_requests_total Requests answered, by route and status.\n# TYPE chami_serve_requests_total counter\n");
        let sorted: BTreeMap<(String, u16), u64> = self
            .requests
            .read()
            .expect("not poisoned")
            .iter()
            .flat_map(|(r, m)| {
                m.iter()
                    .map(|(st, n)| ((r.clone(), *st), n.load(Ordering::Relaxed)))
            })
            .collect();
        for ((route, status), n) in sorted {
            let _ = writeln!(
                s,
                "chami_serve_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        s.push_str("# HELP chami_serve_request_seconds Time to answer a request.\n# TYPE chami_serve_request_seconds histogram\n");
        let mut cumulative = 0;
        for (i, b) in BUCKETS.iter().enumerate() {
            cumulative += self.buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(
                s,
                "chami_serve_request_seconds_bucket{{le=\"{b}\"}} {cumulative}"
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            s,
            "chami_serve_request_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            s,
            "chami_serve_request_seconds_sum {}",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(s, "chami_serve_request_seconds_count {count}");
        for (name, help, v) in [
            (
                "chami_serve_unknown_macs_total",
                "Boot script requests for MACs no enabled node boots from.",
                &self.unknown_macs,
            ),
            (
                "chami_serve_reloads_total",
                "Inventory reloads that succeeded.",
                &self.reloads,
            ),
            (
                "chami_serve_reload_failures_total",
                "Reloads that failed and kept the last good inventory.",
                &self.reload_failures,
            ),
            (
                "chami_serve_forbidden_total",
                "Requests for another node's data, refused.",
                &self.forbidden,
            ),
            (
                "chami_serve_state_events_dropped_total",
                "Boot progress events not recorded: the state writer's queue was full.",
                &self.state_dropped,
            ),
        ] {
            let _ = writeln!(
                s,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                v.load(Ordering::Relaxed)
            );
        }
        s
    }
}
