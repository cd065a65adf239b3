//! Where chami keeps its caches, decided from the environment once, here: the folder
//! (`$XDG_CACHE_HOME/chami`, else `~/.cache/chami`) and whether the parse cache and the
//! stat index are on (`CHAMI_CACHE=off` or `0` turns them off). The library is told once
//! ([`crate::inventory::use_cache_dir`]) and reads no environment variable itself.

use std::path::PathBuf;

/// chami's cache folder: `$XDG_CACHE_HOME/chami`, else `~/.cache/chami`; `None` when
/// neither variable is set.
pub fn user_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("chami"))
}

/// The folder of the parse cache and the stat index, `None` when `CHAMI_CACHE` turns
/// them off.
pub fn caches_dir() -> Option<PathBuf> {
    let off = std::env::var("CHAMI_CACHE").is_ok_and(|v| v == "off" || v == "0");
    if off {
        None
    } else {
        user_cache_dir()
    }
}
