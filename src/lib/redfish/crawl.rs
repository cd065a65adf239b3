//! `discover collect` for one BMC: read the service root, log in, walk Systems (CPUs,
//! memory, NICs, storage, GPUs), Managers, Chassis and the firmware inventory with every
//! independent request in flight at once, log out, and fold it all into a
//! [`Collected`] record. Collections are fetched with `$expand` when the root says the
//! service supports it.

use super::collected::*;
use super::json::{
    count, is_absent, is_expanded, is_network_port, link, mac, odata_id, supports_expand, text,
};
use super::{Conn, RedfishError};
use futures_util::future::try_join_all;
use serde_json::Value;

/// Crawls the BMC behind `conn`. Never fails: an error becomes a record with `ok: false`.
pub async fn collect(conn: &Conn) -> Collected {
    let ep = conn.endpoint();
    let result = async {
        let root = conn.get("/redfish/v1/").await?;
        conn.login().await?;
        let crawled = crawl(conn, &root).await;
        let logout = conn.logout().await;
        let mut record = crawled?;
        logout?;
        record.service = Some(service_info(&root));
        Ok::<Collected, RedfishError>(record)
    }
    .await;
    match result {
        Ok(mut r) => {
            r.address = ep.host.clone();
            r.port = ep.port;
            r.scheme = ep.scheme;
            r
        }
        Err(e) => Collected::failed(ep.host.clone(), ep.port, ep.scheme, e.to_string()),
    }
}

/// The identity fields of a service root.
pub fn service_info(root: &Value) -> ServiceInfo {
    ServiceInfo {
        uuid: text(root, "UUID"),
        redfish_version: text(root, "RedfishVersion"),
        vendor: text(root, "Vendor").or_else(|| {
            root.get("Oem")
                .and_then(Value::as_object)
                .and_then(|o| o.keys().next().cloned())
        }),
        product: text(root, "Product"),
    }
}

async fn crawl(conn: &Conn, root: &Value) -> Result<Collected, RedfishError> {
    let w = Walker {
        conn,
        expand: supports_expand(root),
        warnings: std::sync::Mutex::new(vec![]),
    };
    let (systems, managers, chassis, firmware) = tokio::try_join!(
        w.each(link(root, "Systems"), |v| w.system(v)),
        w.each(link(root, "Managers"), |v| w.manager(v)),
        w.each(link(root, "Chassis"), |v| async move { Ok(chassis(&v)) }),
        w.firmware(link(root, "UpdateService")),
    )?;
    let ep = conn.endpoint();
    Ok(Collected {
        address: ep.host.clone(),
        port: ep.port,
        scheme: ep.scheme,
        ok: true,
        error: None,
        service: None,
        managers,
        systems,
        chassis,
        firmware,
        warnings: w.warnings.into_inner().unwrap_or_default(),
    })
}

struct Walker<'a> {
    conn: &'a Conn,
    expand: bool,
    warnings: std::sync::Mutex<Vec<String>>,
}

impl Walker<'_> {
    /// The members of the collection at `path` (none when there is no link), each fetched
    /// unless the collection came expanded. A collection that is linked but answers with
    /// an error status (after retries) counts as empty and is noted in the record's
    /// warnings: services advertise more than they implement. Timeouts, broken or
    /// oversized answers fail the BMC.
    async fn members(&self, path: Option<&str>) -> Result<Vec<Value>, RedfishError> {
        match self.members_strict(path).await {
            Err(e @ RedfishError::Status { .. }) => {
                self.warnings
                    .lock()
                    .expect("not poisoned")
                    .push(e.to_string());
                Ok(vec![])
            }
            other => other,
        }
    }

    async fn members_strict(&self, path: Option<&str>) -> Result<Vec<Value>, RedfishError> {
        let Some(path) = path else {
            return Ok(vec![]);
        };
        let url = if self.expand {
            format!("{path}?$expand=.($levels=1)")
        } else {
            path.to_string()
        };
        let coll = self.conn.get(&url).await?;
        let list = match coll {
            Value::Object(mut o) => match o.remove("Members") {
                Some(Value::Array(a)) => a,
                _ => vec![],
            },
            _ => vec![],
        };
        try_join_all(list.into_iter().map(|m| async move {
            if is_expanded(&m) {
                return Ok(m);
            }
            match odata_id(&m) {
                Some(id) => self.conn.get(id).await,
                None => Ok(m),
            }
        }))
        .await
    }

    /// Maps `f` over the members of a collection, all at once.
    async fn each<T, F, Fut>(&self, path: Option<&str>, f: F) -> Result<Vec<T>, RedfishError>
    where
        F: Fn(Value) -> Fut,
        Fut: std::future::Future<Output = Result<T, RedfishError>>,
    {
        let members = self.members_strict(path).await?;
        try_join_all(members.into_iter().map(f)).await
    }

    async fn system(&self, v: Value) -> Result<CollectedSystem, RedfishError> {
        let (procs, dimms, nics, storage, simple) = tokio::try_join!(
            self.members(link(&v, "Processors")),
            self.members(link(&v, "Memory")),
            self.members(link(&v, "EthernetInterfaces")),
            self.storage(link(&v, "Storage")),
            self.members(link(&v, "SimpleStorage")),
        )?;
        let present = |p: &&Value| !is_absent(p);
        let kind = |p: &Value| text(p, "ProcessorType").unwrap_or_else(|| "CPU".into());
        let cpus = procs
            .iter()
            .filter(present)
            .filter(|p| kind(p) == "CPU")
            .map(|p| CollectedCpu {
                id: text(p, "Id").unwrap_or_default(),
                model: text(p, "Model"),
                manufacturer: text(p, "Manufacturer"),
                cores: count(p, "TotalCores"),
                threads: count(p, "TotalThreads"),
                max_speed_mhz: count(p, "MaxSpeedMHz"),
            })
            .collect();
        let gpus = procs
            .iter()
            .filter(present)
            .filter(|p| kind(p) == "GPU")
            .map(|p| CollectedGpu {
                id: text(p, "Id").unwrap_or_default(),
                model: text(p, "Model"),
                manufacturer: text(p, "Manufacturer"),
            })
            .collect();
        let dimms: Vec<CollectedDimm> = dimms
            .iter()
            .filter(present)
            .filter(|d| count(d, "CapacityMiB").is_some_and(|c| c > 0))
            .map(|d| CollectedDimm {
                id: text(d, "Id").unwrap_or_default(),
                capacity_mib: count(d, "CapacityMiB"),
                device_type: text(d, "MemoryDeviceType"),
                speed_mhz: count(d, "OperatingSpeedMhz"),
            })
            .collect();
        let summary_mib = v
            .pointer("/MemorySummary/TotalSystemMemoryGiB")
            .and_then(Value::as_f64)
            .map(|g| (g * 1024.0).round() as u64);
        let dimm_sum: u64 = dimms.iter().filter_map(|d| d.capacity_mib).sum();
        let total_mib = if dimm_sum > 0 {
            Some(dimm_sum)
        } else {
            summary_mib
        };
        let mut seen = std::collections::HashSet::new();
        let interfaces = nics
            .iter()
            .filter(present)
            .filter(|n| is_network_port(n))
            .filter_map(|n| {
                Some(CollectedInterface {
                    id: text(n, "Id").unwrap_or_default(),
                    mac: mac(n)?,
                    speed_mbps: count(n, "SpeedMbps"),
                    link_status: text(n, "LinkStatus"),
                })
            })
            .filter(|i| seen.insert(i.mac.clone()))
            .collect();
        let mut storage = storage;
        for s in &simple {
            for d in s
                .get("Devices")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !is_absent(d) {
                    storage.drives += 1;
                    storage.capacity_bytes += count(d, "CapacityBytes").unwrap_or(0);
                }
            }
        }
        Ok(CollectedSystem {
            id: text(&v, "Id").unwrap_or_default(),
            path: odata_id(&v).unwrap_or_default().to_string(),
            manufacturer: text(&v, "Manufacturer"),
            model: text(&v, "Model"),
            serial: text(&v, "SerialNumber"),
            uuid: text(&v, "UUID"),
            sku: text(&v, "SKU"),
            bios_version: text(&v, "BiosVersion"),
            power_state: text(&v, "PowerState"),
            hostname: text(&v, "HostName"),
            cpus,
            memory: CollectedMemory { total_mib, dimms },
            interfaces,
            storage,
            gpus,
        })
    }

    /// Drives under the Storage collection (each drive is its own resource).
    async fn storage(&self, path: Option<&str>) -> Result<CollectedStorage, RedfishError> {
        let controllers = self.members(path).await?;
        let links: Vec<String> = controllers
            .iter()
            .flat_map(|c| {
                c.get("Drives")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|d| odata_id(&d).map(str::to_string))
            .collect();
        let drives = try_join_all(links.iter().map(|l| self.conn.get(l))).await?;
        let mut s = CollectedStorage::default();
        for d in drives.iter().filter(|d| !is_absent(d)) {
            s.drives += 1;
            s.capacity_bytes += count(d, "CapacityBytes").unwrap_or(0);
        }
        Ok(s)
    }

    async fn manager(&self, v: Value) -> Result<CollectedManager, RedfishError> {
        let nics = self.members(link(&v, "EthernetInterfaces")).await?;
        let mut macs: Vec<String> = vec![];
        for m in nics.iter().filter(|n| is_network_port(n)).filter_map(mac) {
            if !macs.contains(&m) {
                macs.push(m);
            }
        }
        Ok(CollectedManager {
            id: text(&v, "Id").unwrap_or_default(),
            path: odata_id(&v).unwrap_or_default().to_string(),
            manager_type: text(&v, "ManagerType"),
            model: text(&v, "Model"),
            firmware_version: text(&v, "FirmwareVersion"),
            uuid: text(&v, "UUID"),
            macs,
        })
    }

    async fn firmware(
        &self,
        update_service: Option<&str>,
    ) -> Result<Vec<CollectedFirmware>, RedfishError> {
        let Some(path) = update_service else {
            return Ok(vec![]);
        };
        let svc = match self.conn.get(path).await {
            Ok(s) => s,
            Err(e @ RedfishError::Status { .. }) => {
                self.warnings
                    .lock()
                    .expect("not poisoned")
                    .push(e.to_string());
                return Ok(vec![]);
            }
            Err(e) => return Err(e),
        };
        let items = self.members(link(&svc, "FirmwareInventory")).await?;
        Ok(items
            .iter()
            .map(|f| CollectedFirmware {
                id: text(f, "Id").unwrap_or_default(),
                name: text(f, "Name"),
                version: text(f, "Version"),
                updateable: f.get("Updateable").and_then(Value::as_bool),
            })
            .collect())
    }
}

fn chassis(v: &Value) -> CollectedChassis {
    CollectedChassis {
        id: text(v, "Id").unwrap_or_default(),
        chassis_type: text(v, "ChassisType"),
        manufacturer: text(v, "Manufacturer"),
        model: text(v, "Model"),
        serial: text(v, "SerialNumber"),
    }
}
