//! One loaded inventory ready to answer from: the boot context (scripts, seeds), indexes
//! by IP address and NID, and each node's answers once made (a boot storm asks for the
//! same ones again and again). Replaced whole on reload, caches and all.

use crate::boot::{default_script, unknown_script, BootContext, BootError, TokenSecret};
use crate::inventory::model::MacAddr;
use crate::inventory::Inventory;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

/// What the server answers from.
pub struct Snapshot {
    /// Scripts and seeds.
    pub cx: BootContext<Arc<Inventory>>,
    /// Every interface address of every node → node index (IPv4-mapped IPv6 addresses
    /// as IPv4, as the server reads clients).
    pub by_ip: HashMap<IpAddr, usize>,
    /// NID → node index.
    pub by_nid: HashMap<u64, usize>,
    /// `default.ipxe`.
    pub default_script: String,
    /// `unknown.ipxe`.
    pub unknown_script: String,
    /// When it was loaded.
    pub loaded_at: SystemTime,
    /// Per node: its script for the MAC it was first asked for, made once.
    pub scripts: Vec<OnceLock<(Option<MacAddr>, Bytes)>>,
    /// Per node: meta-data, user-data, vendor-data, made once (None: no seed).
    pub seeds: Vec<OnceLock<Option<[Bytes; 3]>>>,
    /// What SMD's `/hsm/v2` answers from (xname index, membership), made on first use.
    pub smd: OnceLock<super::smd::View>,
}

impl Snapshot {
    /// Prepares an inventory for serving; with a token secret, scripts point at the
    /// token URLs of the seeds; with `base_urls`, scripts point there instead of at the
    /// boot servers of cluster.yaml.
    pub fn build(
        inv: Inventory,
        secret: Option<TokenSecret>,
        base_urls: &[String],
    ) -> Result<Snapshot, BootError> {
        let inv = Arc::new(inv);
        let mut by_ip = HashMap::new();
        let mut shared = Vec::new();
        let mut by_nid = HashMap::new();
        for (i, r) in inv.nodes.iter().enumerate() {
            for ip in r.value.interfaces.iter().filter_map(|f| f.ip) {
                if by_ip
                    .insert(ip.to_canonical(), i)
                    .is_some_and(|was| was != i)
                {
                    shared.push(ip.to_canonical());
                }
            }
            if let Some(n) = r.value.nid {
                by_nid.insert(n, i);
            }
        }
        // An address two nodes claim (lint refuses it; this holds if lint ever misses a
        // spelling) identifies neither: no seed or token goes to it by source address.
        for ip in shared {
            by_ip.remove(&ip);
        }
        let n = inv.nodes.len();
        let cx = BootContext::new(inv)?
            .with_token_secret(secret)
            .with_base_urls(base_urls);
        let scripts: Vec<OnceLock<(Option<MacAddr>, Bytes)>> =
            (0..n).map(|_| OnceLock::new()).collect();
        // Every node's script is made now, for its first boot MAC as bootgen writes it:
        // what bootgen refuses (a kernel parameter it cannot write) is refused here too,
        // at start and on reload, instead of a 500 for that node later. The scripts are
        // the ones a boot storm asks for, so the cache is warm as well.
        scripts
            .par_iter()
            .enumerate()
            .try_for_each(|(ni, cell)| -> Result<(), BootError> {
                let mac = cx.boot_macs(ni).first().copied();
                if let Some(text) = crate::boot::node_script(&cx, ni, mac)? {
                    let _ = cell.set((mac, Bytes::from(text)));
                }
                Ok(())
            })?;
        Ok(Snapshot {
            default_script: default_script(&cx),
            unknown_script: unknown_script(&cx),
            cx,
            by_ip,
            by_nid,
            loaded_at: SystemTime::now(),
            scripts,
            seeds: (0..n).map(|_| OnceLock::new()).collect(),
            smd: OnceLock::new(),
        })
    }

    /// The inventory.
    pub fn inventory(&self) -> &Inventory {
        self.cx.inventory()
    }
}

impl Snapshot {
    /// Node `ni`'s script for `mac`, made once per snapshot (for the first MAC asked).
    pub fn script(&self, ni: usize, mac: Option<MacAddr>) -> Result<Option<Bytes>, BootError> {
        let cell = &self.scripts[ni];
        if let Some((m, s)) = cell.get() {
            if *m == mac {
                return Ok(Some(s.clone()));
            }
        }
        let Some(text) = crate::boot::node_script(&self.cx, ni, mac)? else {
            return Ok(None);
        };
        let b = Bytes::from(text);
        let _ = cell.set((mac, b.clone()));
        Ok(Some(b))
    }

    /// Node `ni`'s seed files (meta-data, user-data, vendor-data), made once.
    pub fn seed(&self, ni: usize) -> Option<[Bytes; 3]> {
        self.seeds[ni]
            .get_or_init(|| {
                crate::boot::node_seed(&self.cx, ni).map(|s| {
                    [
                        Bytes::from(s.meta_data),
                        Bytes::from(s.user_data),
                        Bytes::from(s.vendor_data),
                    ]
                })
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::test_support::inventory_from;

    #[test]
    fn an_address_two_nodes_claim_identifies_neither() {
        let node = |name: &str, mac: &str, ip: &str| {
            format!(
                "name: {name}\ninterfaces:\n- name: eth0\n  mac: {mac}\n  ip: \"{ip}\"\n  boot: true\n"
            )
        };
        let (a, b, c) = (
            node("a", "02:00:00:00:00:01", "10.0.0.1"),
            node("b", "02:00:00:00:00:02", "::ffff:10.0.0.1"),
            node("c", "02:00:00:00:00:03", "10.0.0.3"),
        );
        let cluster = "format: 1\nname: t\nboot_server: {address: 10.0.0.254}\n";
        let inv = inventory_from(cluster, &[&a, &b, &c], &[]);
        let snap = Snapshot::build(inv, None, &[]).unwrap();
        let v4: IpAddr = "10.0.0.1".parse().unwrap();
        assert_eq!(snap.by_ip.get(&v4), None, "{:?}", snap.by_ip);
        assert_eq!(snap.by_ip.get(&"10.0.0.3".parse().unwrap()), Some(&2));
    }
}
