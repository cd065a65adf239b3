//! Fuzzes how serve maps a request path to a boot file: whatever the path (escapes, `..`,
//! NUL, backslashes, symlinks), the file it names is inside the files folder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("chami-fuzz-files-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("images/compute")).unwrap();
        std::fs::write(dir.join("images/compute/vmlinuz"), b"k").unwrap();
        let _ = std::os::unix::fs::symlink("/etc/passwd", dir.join("images/escape"));
        dir.canonicalize().unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(found) = chami::serve::files::resolve(root(), path) {
        assert!(found.starts_with(root()), "{path:?} resolved outside: {found:?}");
    }
});
