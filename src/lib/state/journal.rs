//! The state file, `events.jsonl` in the state folder: appends of whole lines with
//! O_APPEND under a shared lock (each `write(2)` at most [`MAX_LINE`] bytes of whole
//! lines, so concurrent writers never interleave inside a line), and a compaction under
//! the exclusive lock once the file passes its size limit.

use super::derive::NodeHistory;
use super::error::io_err;
use super::lock::lock;
use super::{Event, ReadStats, StateError, MAX_LINE};
use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The state file's name in the state folder.
pub const EVENTS_FILE: &str = "events.jsonl";

/// The default size limit: 64 MiB (compaction keeps one line per node and kind, about
/// 150 bytes each, so well over 30,000 nodes fit in half of it).
pub const DEFAULT_LIMIT: u64 = 64 << 20;

/// The state file of one state folder.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
    path: PathBuf,
    limit: u64,
}

impl Journal {
    /// The state file in `dir`, compacted when it grows past `limit` bytes. Nothing is
    /// created until the first append.
    pub fn new(dir: &Path, limit: u64) -> Journal {
        Journal {
            dir: dir.to_path_buf(),
            path: dir.join(EVENTS_FILE),
            limit: limit.max(2 * MAX_LINE as u64),
        }
    }

    /// The state file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Creates the state folder (mode 0700) when missing.
    pub fn prepare(&self) -> Result<(), StateError> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)
            .map_err(io_err("create the state folder", &self.dir))
    }

    /// Appends `events` (the folder made, mode 0700, when missing), then compacts the
    /// file when it is over the limit.
    pub fn append(&self, events: &[Event]) -> Result<(), StateError> {
        if events.is_empty() {
            return Ok(());
        }
        self.prepare()?;
        let size = {
            let _shared = lock(&self.dir, false)?;
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .mode(0o600)
                .open(&self.path)
                .map_err(io_err("open", &self.path))?;
            let mut chunk = String::with_capacity(MAX_LINE);
            for line in events.iter().filter_map(Event::line) {
                if chunk.len() + line.len() > MAX_LINE {
                    f.write_all(chunk.as_bytes())
                        .map_err(io_err("append to", &self.path))?;
                    chunk.clear();
                }
                chunk.push_str(&line);
            }
            f.write_all(chunk.as_bytes())
                .map_err(io_err("append to", &self.path))?;
            f.metadata().map_err(io_err("stat", &self.path))?.len()
        };
        if size > self.limit {
            let _alone = lock(&self.dir, true)?;
            // Another writer may have compacted it while this one waited.
            let now = std::fs::metadata(&self.path).map_or(0, |m| m.len());
            if now > self.limit {
                super::compact::compact(&self.path, self.limit / 2)?;
            }
        }
        Ok(())
    }

    /// Each node's latest event of each kind, for the nodes `keep` accepts (memory: one
    /// event per node and kind, whatever the file's length).
    pub fn latest(
        &self,
        keep: impl Fn(&str) -> bool,
    ) -> Result<(HashMap<String, NodeHistory>, ReadStats), StateError> {
        let mut nodes: HashMap<String, NodeHistory> = HashMap::new();
        let mut seq = 0u64;
        let stats = super::read_events(&self.path, |e| {
            seq += 1;
            if keep(&e.node) {
                super::latest_cache::add(&mut nodes, seq, e);
            }
        })?;
        Ok((nodes, stats))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Kind;

    fn ev(node: &str, what: Kind, detail: &str) -> Event {
        Event::now(node, what, "10.0.0.5".parse().ok(), Some(detail.into()))
    }

    #[test]
    fn appends_then_reads_the_latest_per_kind() {
        let t = tempfile::tempdir().unwrap();
        let j = Journal::new(&t.path().join("state"), DEFAULT_LIMIT);
        j.append(&[
            ev("n1", Kind::Script, "a"),
            ev("n2", Kind::Seed, "meta-data"),
        ])
        .unwrap();
        j.append(&[ev("n1", Kind::Script, "b")]).unwrap();
        let (nodes, stats) = j.latest(|n| n != "n2").unwrap();
        assert_eq!(stats.events, 3);
        assert_eq!(nodes.len(), 1);
        let h = &nodes["n1"];
        assert_eq!(h.last(Kind::Script).unwrap().detail.as_deref(), Some("b"));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(j.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn the_file_stays_under_its_limit_and_keeps_the_latest() {
        let t = tempfile::tempdir().unwrap();
        let limit = 64 << 10;
        let j = Journal::new(t.path(), limit);
        for round in 0..400 {
            let batch: Vec<Event> = (0..10)
                .map(|n| ev(&format!("n{n}"), Kind::Seed, &format!("round {round}")))
                .collect();
            j.append(&batch).unwrap();
            let size = std::fs::metadata(j.path()).unwrap().len();
            assert!(
                size <= limit + MAX_LINE as u64,
                "{size} after round {round}"
            );
        }
        let (nodes, _) = j.latest(|_| true).unwrap();
        assert_eq!(nodes.len(), 10);
        for h in nodes.values() {
            assert_eq!(
                h.last(Kind::Seed).unwrap().detail.as_deref(),
                Some("round 399")
            );
        }
    }

    #[test]
    fn concurrent_writers_never_break_a_line() {
        let t = tempfile::tempdir().unwrap();
        let limit = 256 << 10;
        let dir = t.path().to_path_buf();
        let threads: Vec<_> = (0..4)
            .map(|w| {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let j = Journal::new(&dir, limit);
                    for i in 0..300 {
                        let detail = format!("{w}-{i}-{}", "x".repeat(200));
                        j.append(&[ev(&format!("w{w}"), Kind::Kernel, &detail)])
                            .unwrap();
                    }
                })
            })
            .collect();
        for th in threads {
            th.join().unwrap();
        }
        let j = Journal::new(&dir, limit);
        let (nodes, stats) = j.latest(|_| true).unwrap();
        assert_eq!(stats.skipped, 0, "no torn or interleaved line");
        assert_eq!(nodes.len(), 4);
        for (w, h) in &nodes {
            let d = h.last(Kind::Kernel).unwrap().detail.clone().unwrap();
            assert!(d.starts_with(&format!("{}-299-", &w[1..])), "{w}: {d}");
        }
    }
}
