//! Each node's latest events, kept between reads: serve's SMD routes ask for them on
//! every request, and reading the whole state file each time costs O(file). The cache
//! remembers the file (device and inode) and how far it read; a file that only grew is
//! read from there, one replaced by a compaction (a new inode) or shortened is read
//! again from the start.

use super::derive::NodeHistory;
use super::error::io_err;
use super::read::read_events_from;
use super::{Journal, StateError};
use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::sync::{Arc, Mutex};

/// Each node's latest events, by node name.
pub type Latest = HashMap<String, NodeHistory>;

/// Takes `e`, the `seq`-th event of the file, into its node's history.
pub(super) fn add(nodes: &mut Latest, seq: u64, e: super::Event) {
    match nodes.get_mut(&e.node) {
        Some(h) => h.add(seq, e),
        None => {
            let name = e.node.clone();
            let mut h = NodeHistory::default();
            h.add(seq, e);
            nodes.insert(name, h);
        }
    }
}

/// What was read so far.
struct Read {
    /// (device, inode) of the file read.
    file: (u64, u64),
    /// Where the next read starts (after the last whole line).
    offset: u64,
    /// Events read so far (their order decides which one is latest).
    seq: u64,
    nodes: Arc<Latest>,
}

/// The latest events of one state file, read incrementally.
#[derive(Default)]
pub struct LatestCache {
    read: Mutex<Option<Read>>,
}

impl LatestCache {
    /// Each node's latest events in `journal`'s file now (empty when it does not exist).
    pub fn latest(&self, journal: &Journal) -> Result<Arc<Latest>, StateError> {
        let path = journal.path();
        let mut slot = self.read.lock().unwrap_or_else(|p| p.into_inner());
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                *slot = None;
                return Ok(Arc::default());
            }
            Err(e) => return Err(io_err("open", path)(e)),
        };
        let meta = file.metadata().map_err(io_err("stat", path))?;
        let id = (meta.dev(), meta.ino());
        let mut read = match slot.take() {
            Some(r) if r.file == id && r.offset <= meta.len() => r,
            _ => Read {
                file: id,
                offset: 0,
                seq: 0,
                nodes: Arc::default(),
            },
        };
        if read.offset < meta.len() {
            let mut seq = read.seq;
            // Copied only when a request still holds the previous map.
            let nodes = Arc::make_mut(&mut read.nodes);
            let (_, end) = read_events_from(file, path, read.offset, |e| {
                seq += 1;
                add(nodes, seq, e);
            })?;
            read.offset = end;
            read.seq = seq;
        }
        let nodes = read.nodes.clone();
        *slot = Some(read);
        Ok(nodes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Event, Kind, DEFAULT_LIMIT};
    use std::io::Write;

    fn ev(node: &str, what: Kind, detail: &str) -> Event {
        Event::now(node, what, None, Some(detail.into()))
    }

    fn detail(l: &Latest, node: &str, kind: Kind) -> Option<String> {
        l.get(node)?.last(kind)?.detail.clone()
    }

    #[test]
    fn reads_what_was_appended_and_starts_over_on_a_new_file() {
        let t = tempfile::tempdir().unwrap();
        let j = Journal::new(&t.path().join("state"), DEFAULT_LIMIT);
        let cache = LatestCache::default();
        assert!(cache.latest(&j).unwrap().is_empty(), "no file yet");
        j.append(&[ev("n1", Kind::Script, "a"), ev("n2", Kind::Seed, "s")])
            .unwrap();
        let first = cache.latest(&j).unwrap();
        assert_eq!(detail(&first, "n1", Kind::Script).as_deref(), Some("a"));
        // Appended: read from where it stopped; the earlier answer is unchanged.
        j.append(&[ev("n1", Kind::Script, "b")]).unwrap();
        let second = cache.latest(&j).unwrap();
        assert_eq!(detail(&second, "n1", Kind::Script).as_deref(), Some("b"));
        assert_eq!(detail(&second, "n2", Kind::Seed).as_deref(), Some("s"));
        assert_eq!(detail(&first, "n1", Kind::Script).as_deref(), Some("a"));
        // A line being written is left for later, then read whole.
        let line = ev("n3", Kind::Kernel, "k").line().unwrap();
        let (head, tail) = line.split_at(line.len() / 2);
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(j.path())
            .unwrap();
        f.write_all(head.as_bytes()).unwrap();
        assert!(cache.latest(&j).unwrap().get("n3").is_none());
        f.write_all(tail.as_bytes()).unwrap();
        let third = cache.latest(&j).unwrap();
        assert_eq!(detail(&third, "n3", Kind::Kernel).as_deref(), Some("k"));
        // Replaced (as a compaction does): read from the start, the old nodes gone.
        let other = t.path().join("new.jsonl");
        std::fs::write(&other, ev("n9", Kind::Seed, "z").line().unwrap()).unwrap();
        std::fs::rename(&other, j.path()).unwrap();
        let fourth = cache.latest(&j).unwrap();
        assert!(fourth.get("n1").is_none(), "{fourth:?}");
        assert_eq!(detail(&fourth, "n9", Kind::Seed).as_deref(), Some("z"));
        // Gone: nothing.
        std::fs::remove_file(j.path()).unwrap();
        assert!(cache.latest(&j).unwrap().is_empty());
    }
}
