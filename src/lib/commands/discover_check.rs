//! `chami discover collect --check`: the differences between the crawl and the
//! inventory, as a table (NODE BMC FIELD INVENTORY FOUND) or a JSON list of
//! {node, bmc, field, inventory, found}.

use crate::console::{render_table, table, write_json, write_stdout};
use crate::discover::{drift, NameMap, Naming};
use crate::inventory::Inventory;
use crate::redfish::Collected;

/// Prints the differences; returns how many there are. BMCs that did not answer are left
/// out here (they are reported on stderr and make the exit non-zero already).
pub fn report(
    inv: &Inventory,
    results: &[Collected],
    map: &NameMap,
    naming: &Naming,
    json: bool,
) -> anyhow::Result<usize> {
    let found = drift(inv, results, map, naming)?;
    if json {
        write_json(&found)?;
        return Ok(found.len());
    }
    if found.is_empty() {
        return Ok(0);
    }
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut t = table(&["NODE", "BMC", "FIELD", "INVENTORY", "FOUND"]);
    for d in &found {
        t.add_row(vec![
            dash(&d.node),
            d.bmc.clone(),
            d.field.clone(),
            dash(&d.inventory),
            dash(&d.found),
        ]);
    }
    write_stdout(&render_table(&mut t))?;
    Ok(found.len())
}
