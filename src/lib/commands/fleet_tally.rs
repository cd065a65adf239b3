//! The per-host tally of a fleet command (`bmc …`, `pdu power`): each host's JSON line
//! printed as it finishes, the hosts that failed, then a warning per failure, the
//! `WHAT: OK of TOTAL succeeded in S s, N failed` summary and the exit status.

use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::settings::GlobalSettings;
use serde_json::{json, Map, Value};
use std::time::Instant;

/// What a fleet run has seen so far.
pub(super) struct Tally {
    what: String,
    total: usize,
    started: Instant,
    ok: usize,
    failed: Vec<String>,
    print_error: Option<std::io::Error>,
}

impl Tally {
    /// A tally of `total` hosts, started now; `what` begins the summary.
    pub(super) fn new(what: impl Into<String>, total: usize) -> Tally {
        Tally {
            what: what.into(),
            total,
            started: Instant::now(),
            ok: 0,
            failed: Vec::new(),
            print_error: None,
        }
    }

    /// Counts host `who`'s result and prints its `line` (after the first write error,
    /// nothing more is printed: [`Tally::finish`] returns that error).
    pub(super) fn record<T>(&mut self, who: &str, result: &Result<T, String>, line: &str) {
        match result {
            Ok(_) => self.ok += 1,
            Err(e) => self.failed.push(format!("{who}: {e}")),
        }
        if self.print_error.is_none() {
            self.print_error = write_stdout(line).err();
        }
    }

    /// After the run: the write error if printing failed, else a warning per failed
    /// host and the summary on stderr; true when every host succeeded.
    pub(super) fn finish(self, global: &GlobalSettings) -> anyhow::Result<bool> {
        if let Some(e) = self.print_error {
            return Err(e.into());
        }
        for f in &self.failed {
            global.printer.warn(f);
        }
        global.printer.info(format!(
            "{}: {} of {} succeeded in {:.1} s, {} failed",
            self.what,
            self.ok,
            self.total,
            self.started.elapsed().as_secs_f64(),
            self.failed.len()
        ));
        Ok(self.failed.is_empty())
    }
}

/// Exit 0 when everything went as wanted, else 1 (findings).
pub(super) fn status(all_ok: bool) -> ExitStatus {
    if all_ok {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    }
}

/// A host's JSON line: `who` (its node and BMC or PDU), then `address`, `ok`, and the
/// result's fields (a result that is not an object under `result`) or the `error`.
pub(super) fn host_line(
    mut who: Map<String, Value>,
    address: Option<String>,
    result: &Result<Value, String>,
) -> Map<String, Value> {
    who.insert("address".into(), json!(address));
    who.insert("ok".into(), json!(result.is_ok()));
    match result {
        Ok(Value::Object(fields)) => who.extend(fields.clone()),
        Ok(other) => {
            who.insert("result".into(), other.clone());
        }
        Err(e) => {
            who.insert("error".into(), json!(e));
        }
    }
    who
}
