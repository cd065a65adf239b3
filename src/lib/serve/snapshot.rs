//! One loaded inventory ready to answer from: the boot context (scripts, seeds), and
//! indexes by IP address and NID. Replaced whole on reload.

use crate::boot::{default_script, unknown_script, BootContext, BootError};
use crate::inventory::Inventory;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::SystemTime;

/// What the server answers from.
pub struct Snapshot {
    /// Scripts and seeds.
    pub cx: BootContext<Arc<Inventory>>,
    /// Every interface address of every node → node index.
    pub by_ip: HashMap<IpAddr, usize>,
    /// NID → node index.
    pub by_nid: HashMap<u64, usize>,
    /// `default.ipxe`.
    pub default_script: String,
    /// `unknown.ipxe`.
    pub unknown_script: String,
    /// When it was loaded.
    pub loaded_at: SystemTime,
}

impl Snapshot {
    /// Prepares an inventory for serving.
    pub fn build(inv: Inventory) -> Result<Snapshot, BootError> {
        let inv = Arc::new(inv);
        let mut by_ip = HashMap::new();
        let mut by_nid = HashMap::new();
        for (i, r) in inv.nodes.iter().enumerate() {
            for ip in r.value.interfaces.iter().filter_map(|f| f.ip) {
                by_ip.insert(ip, i);
            }
            if let Some(n) = r.value.nid {
                by_nid.insert(n, i);
            }
        }
        let cx = BootContext::new(inv)?;
        Ok(Snapshot {
            default_script: default_script(&cx),
            unknown_script: unknown_script(&cx),
            cx,
            by_ip,
            by_nid,
            loaded_at: SystemTime::now(),
        })
    }

    /// The inventory.
    pub fn inventory(&self) -> &Inventory {
        self.cx.inventory()
    }
}
