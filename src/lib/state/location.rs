//! Where the state folder is: `--state-dir` or `CHAMI_STATE_DIR` (resolved by the
//! caller), else `$XDG_STATE_HOME/chami`, else `~/.local/state/chami`; and never the
//! inventory folder or inside it.

use super::StateError;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The default state folder from `XDG_STATE_HOME` and `HOME` (an empty or relative
/// `XDG_STATE_HOME` is ignored, as the XDG spec says).
pub fn default_dir(
    xdg_state_home: Option<OsString>,
    home: Option<OsString>,
) -> Result<PathBuf, StateError> {
    if let Some(x) = xdg_state_home
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
    {
        return Ok(x.join("chami"));
    }
    home.filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".local/state/chami"))
        .ok_or(StateError::NoDefault)
}

/// Refuses a state folder that is `inventory` or inside it (symlinks followed, for the
/// part of the state path that exists).
pub fn check_outside(state: &Path, inventory: &Path) -> Result<(), StateError> {
    let inv = inventory
        .canonicalize()
        .unwrap_or_else(|_| absolute(inventory));
    let st = resolved(state);
    if st.starts_with(&inv) {
        return Err(StateError::InsideInventory {
            state: state.to_path_buf(),
            inventory: inventory.to_path_buf(),
        });
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// `p` with its longest existing ancestor made canonical and the rest appended.
fn resolved(p: &Path) -> PathBuf {
    let abs = absolute(p);
    let mut rest = vec![];
    let mut cur = abs.as_path();
    loop {
        if let Ok(real) = cur.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (cur.file_name(), cur.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                cur = parent;
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_then_home() {
        let d =
            |x: Option<&str>, h: Option<&str>| default_dir(x.map(Into::into), h.map(Into::into));
        assert_eq!(d(Some("/x"), Some("/h")).unwrap(), Path::new("/x/chami"));
        assert_eq!(
            d(Some("rel"), Some("/h")).unwrap(),
            Path::new("/h/.local/state/chami")
        );
        assert_eq!(
            d(Some(""), Some("/h")).unwrap(),
            Path::new("/h/.local/state/chami")
        );
        assert!(matches!(d(None, None), Err(StateError::NoDefault)));
    }

    #[test]
    fn never_inside_the_inventory() {
        let t = tempfile::tempdir().unwrap();
        let inv = t.path().join("inv");
        std::fs::create_dir(&inv).unwrap();
        std::os::unix::fs::symlink(&inv, t.path().join("link")).unwrap();
        for bad in [inv.clone(), inv.join("state"), t.path().join("link/a/b")] {
            let e = check_outside(&bad, &inv).unwrap_err();
            assert!(e.to_string().contains("inside the inventory"), "{e}");
        }
        check_outside(&t.path().join("state"), &inv).unwrap();
        check_outside(&t.path().join("inv-state"), &inv).unwrap();
    }
}
