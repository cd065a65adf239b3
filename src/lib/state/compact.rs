//! Compaction: the state file rewritten with the last event of each node and kind, in
//! their original order, then, if that is still over the target size, without the
//! oldest of them. Written to a temporary file in the same folder, synced, and renamed
//! over the old one: a reader sees the old file or the new one, a crash leaves one.

use super::error::io_err;
use super::{read_events, Kind, StateError};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Rewrites the file at `path` to at most `target` bytes, keeping the latest events.
pub(super) fn compact(path: &Path, target: u64) -> Result<(), StateError> {
    let mut last: HashMap<(String, Kind), (u64, String)> = HashMap::new();
    let mut seq = 0u64;
    read_events(path, |e| {
        seq += 1;
        if let Some(line) = e.line() {
            last.insert((e.node, e.what), (seq, line));
        }
    })?;
    let mut kept: Vec<(u64, String)> = last.into_values().collect();
    kept.sort_unstable_by_key(|(s, _)| *s);
    // Over the target even so: the oldest go first.
    let mut total: u64 = kept.iter().map(|(_, l)| l.len() as u64).sum();
    let mut first = 0;
    while total > target && first < kept.len() {
        total -= kept[first].1.len() as u64;
        first += 1;
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".events.")
        .tempfile_in(dir)
        .map_err(io_err("create a temporary file in", dir))?;
    let tmp_path = tmp.path().to_path_buf();
    let mut out = std::io::BufWriter::new(tmp.as_file_mut());
    for (_, line) in &kept[first..] {
        out.write_all(line.as_bytes())
            .map_err(io_err("write", &tmp_path))?;
    }
    out.flush().map_err(io_err("write", &tmp_path))?;
    drop(out);
    use std::os::unix::fs::PermissionsExt;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(io_err("set the mode of", tmp.path()))?;
    tmp.as_file()
        .sync_data()
        .map_err(io_err("sync", tmp.path()))?;
    tmp.persist(path)
        .map_err(|e| io_err("replace", path)(e.error))?;
    crate::fsutil::sync_dir(dir)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Event;

    #[test]
    fn keeps_the_last_per_node_and_kind_in_order_and_fits() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("events.jsonl");
        let lines: String = [
            ("n1", Kind::Script, "1"),
            ("n2", Kind::Script, "2"),
            ("n1", Kind::Script, "3"),
            ("n1", Kind::Seed, "4"),
        ]
        .iter()
        .map(|(n, k, d)| Event::now(n, *k, None, Some(d.to_string())).line().unwrap())
        .collect::<String>()
            + "torn {\"node\"";
        std::fs::write(&p, lines).unwrap();
        compact(&p, u64::MAX).unwrap();
        let mut seen = vec![];
        read_events(&p, |e| seen.push(e.detail.unwrap())).unwrap();
        assert_eq!(seen, ["2", "3", "4"]);
        let one = std::fs::read_to_string(&p)
            .unwrap()
            .lines()
            .last()
            .unwrap()
            .len() as u64;
        compact(&p, one + 1).unwrap();
        let mut seen = vec![];
        read_events(&p, |e| seen.push(e.detail.unwrap())).unwrap();
        assert_eq!(seen, ["4"], "over the target: the oldest dropped");
        assert_eq!(
            std::fs::read_dir(t.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
