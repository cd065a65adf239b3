//! Reading the state file: one pass, one line at a time (no line longer than
//! [`MAX_LINE`] is kept in memory), skipping what is not an event (a torn last line
//! after a crash, a line cut by hand) instead of failing.

use super::error::io_err;
use super::{Event, StateError, MAX_LINE};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// What a read met.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReadStats {
    /// Events read.
    pub events: u64,
    /// Lines skipped: not JSON events, too long, or torn.
    pub skipped: u64,
}

/// Calls `each` with every event of the file at `path`, in file order; a missing file
/// has none.
pub fn read_events(path: &Path, each: impl FnMut(Event)) -> Result<ReadStats, StateError> {
    match std::fs::File::open(path) {
        Ok(f) => read_events_from(f, path, 0, each).map(|(stats, _)| stats),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ReadStats::default()),
        Err(e) => Err(io_err("open", path)(e)),
    }
}

/// [`read_events`] of the open `file` (at `path`) from byte `offset`, which must start a
/// line. Returns the stats and the offset after the last whole line: a line still being
/// appended at the end is left for the next read (and not counted as skipped).
pub fn read_events_from(
    mut file: std::fs::File,
    path: &Path,
    offset: u64,
    mut each: impl FnMut(Event),
) -> Result<(ReadStats, u64), StateError> {
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(offset))
        .map_err(io_err("read", path))?;
    let mut r = BufReader::with_capacity(64 << 10, file);
    let mut stats = ReadStats::default();
    let mut line = Vec::with_capacity(MAX_LINE + 1);
    let mut end = offset;
    loop {
        line.clear();
        // At most MAX_LINE + 1 bytes: a longer line is skipped to its end.
        let n = (&mut r)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(io_err("read", path))?;
        if n == 0 {
            return Ok((stats, end));
        }
        if line.last() != Some(&b'\n') {
            if line.len() > MAX_LINE {
                stats.skipped += 1;
                end += n as u64 + skip_line(&mut r).map_err(io_err("read", path))?;
            } else {
                // A torn last line: skipped, and read again next time in case it was
                // being written.
                stats.skipped += 1;
            }
            continue;
        }
        end += n as u64;
        match serde_json::from_slice::<Event>(&line) {
            Ok(e) => {
                stats.events += 1;
                each(e);
            }
            Err(_) => stats.skipped += 1,
        }
    }
}

/// Reads up to and including the next newline, keeping nothing; returns how many bytes.
fn skip_line(r: &mut impl BufRead) -> std::io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(skipped);
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                r.consume(i + 1);
                return Ok(skipped + i as u64 + 1);
            }
            None => {
                let n = buf.len();
                skipped += n as u64;
                r.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Kind;

    #[test]
    fn torn_long_and_foreign_lines_are_skipped() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("events.jsonl");
        let good = Event::now("n1", Kind::Script, None, None).line().unwrap();
        let long = format!("{{\"x\":\"{}\"}}\n", "a".repeat(3 * MAX_LINE));
        let text = format!("{good}not json\n{long}{good}{}", &good[..good.len() / 2]);
        std::fs::write(&p, text).unwrap();
        let mut seen = vec![];
        let stats = read_events(&p, |e| seen.push(e)).unwrap();
        assert_eq!(
            stats,
            ReadStats {
                events: 2,
                skipped: 3
            }
        );
        assert_eq!(seen.len(), 2);
        assert_eq!(
            read_events(&t.path().join("none"), |_| {}).unwrap(),
            ReadStats::default()
        );
    }
}
