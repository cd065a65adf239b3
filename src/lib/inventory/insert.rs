//! Adding new records to an inventory in memory: each gets its own file under its kind's
//! folder (or a place in one list file), never a file that holds another record. `inventory
//! add`, `import`, `discover collect --write` and the record commands use it; saving is
//! [`super::save`]'s.

use super::records::{Inventory, InventoryRecords, Kind, Origin, Record};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// Why new records cannot be placed.
#[derive(Debug, thiserror::Error)]
pub enum InsertError {
    /// The name cannot be a file name.
    #[error("`{name}` is not a valid {kind} name, so it cannot name a file under {}/", kind.dir())]
    BadName {
        /// The name.
        name: String,
        /// The record kind.
        kind: Kind,
    },
    /// The file already holds another record.
    #[error("{} already holds another {kind}: name the new record differently, or move that one", file.display())]
    FileTaken {
        /// The file.
        file: PathBuf,
        /// The record kind.
        kind: Kind,
    },
}

/// Checks that a record's name can name its file: a name that is not valid for its kind
/// (a `/`, `..`) could write outside the record's folder.
fn check_file_name<T: InventoryRecords>(name: &str) -> Result<(), InsertError> {
    use super::lint::{is_group_name, is_host_name};
    let ok = match T::KIND {
        Kind::Node | Kind::Bmc | Kind::Pdu => is_host_name(name),
        Kind::Group | Kind::Tenant | Kind::Image => is_group_name(name),
    };
    if !ok {
        return Err(InsertError::BadName {
            name: name.to_string(),
            kind: T::KIND,
        });
    }
    Ok(())
}

/// Appends new records of kind `T`, one file each under its folder (or all into
/// `list_file`). Refuses to put a record into a file that holds another record.
/// Returns the files touched and the number of records.
pub fn insert_new<T: InventoryRecords>(
    inv: &mut Inventory,
    values: Vec<T>,
    list_file: Option<&Path>,
) -> Result<(BTreeSet<PathBuf>, usize), InsertError> {
    let used: HashSet<PathBuf> = inv
        .records::<T>()
        .iter()
        .map(|r| r.origin.file.clone())
        .collect();
    let mut next_index = list_file.map_or(0, |f| {
        inv.records::<T>()
            .iter()
            .filter(|r| r.origin.file == f)
            .map(|r| r.origin.index + 1)
            .max()
            .unwrap_or(0)
    });
    let mut files = BTreeSet::new();
    let count = values.len();
    for value in values {
        let origin = match list_file {
            Some(f) => {
                next_index += 1;
                Origin {
                    file: f.to_path_buf(),
                    index: next_index,
                    line: 1,
                    in_list: true,
                }
            }
            None => {
                check_file_name::<T>(value.name())?;
                let file = Path::new(T::KIND.dir()).join(format!("{}.yaml", value.name()));
                if used.contains(&file) {
                    return Err(InsertError::FileTaken {
                        file,
                        kind: T::KIND,
                    });
                }
                Origin::new_file(file)
            }
        };
        files.insert(origin.file.clone());
        inv.records_mut::<T>().push(Record { value, origin });
    }
    Ok((files, count))
}
