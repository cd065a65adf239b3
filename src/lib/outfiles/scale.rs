//! Timing of plan + apply on 100,000 small files (one per node, as `bootgen` writes):
//! create, a no-op second run, then one changed file. Ignored by default; run with
//!
//! ```text
//! cargo test --release --lib outfiles::scale -- --ignored --nocapture
//! ```
//!
//! `CHAMI_SCALE_FILES` changes the number of files, `CHAMI_SCALE_DIR` the folder under
//! which the test folder is made (default: the system temporary folder).

use super::{plan, DesiredFile};
use std::time::Instant;

fn files(n: usize, changed: Option<usize>) -> Vec<DesiredFile> {
    (0..n)
        .map(|i| {
            let mac = format!("02-00-00-{:02x}-{:02x}-{:02x}", i >> 16, (i >> 8) & 0xff, i & 0xff);
            let mut content = format!(
                "#!ipxe\nkernel http://boot/vmlinuz BOOTIF=01-{mac} ip=dhcp\ninitrd http://boot/initrd\nboot\n"
            );
            if changed == Some(i) {
                content.push_str("# changed\n");
            }
            DesiredFile::new(format!("ipxe/{mac}.ipxe"), content, "bootgen")
        })
        .collect()
}

fn step(label: &str, n: usize, changed: Option<usize>, dir: &std::path::Path) -> (usize, usize) {
    let owners = vec!["bootgen".to_string()];
    let input = files(n, changed);
    let t = Instant::now();
    let p = plan(dir, ".chami-bootgen.json", &owners, input).unwrap();
    let planned = t.elapsed();
    let t = Instant::now();
    let diff_len = p.diff().len();
    let diffed = t.elapsed();
    let t = Instant::now();
    let s = p.apply().unwrap();
    let applied = t.elapsed();
    eprintln!(
        "{label:>10}: plan {:>8.1} ms  diff {:>7.1} ms ({diff_len} bytes)  apply {:>8.1} ms  \
         written {} unchanged {} manifest {}",
        planned.as_secs_f64() * 1e3,
        diffed.as_secs_f64() * 1e3,
        applied.as_secs_f64() * 1e3,
        s.written,
        s.unchanged,
        s.manifest_written,
    );
    (s.written, s.unchanged)
}

#[test]
#[ignore = "timing run: cargo test --release --lib outfiles::scale -- --ignored --nocapture"]
fn hundred_thousand_files() {
    let n: usize = std::env::var("CHAMI_SCALE_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let base = std::env::var_os("CHAMI_SCALE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let tmp = tempfile::tempdir_in(base).unwrap();
    let dir = tmp.path().join("out");
    eprintln!("{n} files in {}", dir.display());
    assert_eq!(step("create", n, None, &dir), (n, 0));
    for _ in 0..3 {
        assert_eq!(step("no-op", n, None, &dir), (0, n));
    }
    assert_eq!(step("1 change", n, Some(n / 2), &dir), (1, n - 1));
    assert_eq!(step("no-op", n, Some(n / 2), &dir), (0, n));
    assert_eq!(step("1 removal", n - 1, Some(n / 2), &dir), (0, n - 1));
}
