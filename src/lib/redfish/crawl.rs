//! `discover collect` for one BMC: read the service root, log in, walk Systems (CPUs,
//! memory, NICs, storage, GPUs), Managers, Chassis and the firmware inventory with every
//! independent request in flight at once, log out, and fold it all into a
//! [`Collected`] record. Collections are fetched with `$expand` when the root says the
//! service supports it.

use super::collected::*;
use super::json::{
    count, is_absent, is_expanded, is_network_port, link, mac, odata_id, permanent_mac,
    supports_expand, text,
};
use super::{Conn, RedfishError};
use futures_util::future::{join_all, try_join_all};
use serde_json::Value;

/// Crawls the BMC behind `conn`. Never fails: an error becomes a record with `ok: false`.
/// Links off the BMC are not followed and the budget cuts are recorded, both as
/// warnings; the record has the BMC's secrets masked.
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
    let mut record = match result {
        Ok(mut r) => {
            r.address = ep.host.clone();
            r.port = ep.port;
            r.scheme = ep.scheme;
            r
        }
        Err(e) => Collected::failed(ep.host.clone(), ep.port, ep.scheme, e.to_string()),
    };
    record.warnings = conn.warnings();
    record.cut = conn.cuts();
    masked(conn, record)
}

/// `record` with the BMC's secrets masked in every field.
fn masked(conn: &Conn, record: Collected) -> Collected {
    let Ok(mut v) = serde_json::to_value(&record) else {
        return record;
    };
    conn.mask_json(&mut v);
    serde_json::from_value(v).unwrap_or(record)
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
    };
    let (systems, managers, chassis, firmware) = tokio::try_join!(
        w.each(link(root, "Systems"), |v| w.system(v)),
        w.each(link(root, "Managers"), |v| w.manager(v)),
        w.each(link(root, "Chassis"), |v| async move { Ok(chassis(&v)) }),
        async { within_budget(w.firmware(link(root, "UpdateService")).await) },
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
        warnings: vec![],
        cut: vec![],
        tls_fingerprint: None,
    })
}

/// A top-level part cut by the budget is left out (the cut is recorded), not an error.
fn within_budget<T: Default>(r: Result<T, RedfishError>) -> Result<T, RedfishError> {
    match r {
        Err(RedfishError::OverBudget { .. }) => Ok(T::default()),
        other => other,
    }
}

struct Walker<'a> {
    conn: &'a Conn,
    expand: bool,
}

impl Walker<'_> {
    /// Whether `e` may be passed over with a warning: a link off the BMC always, an
    /// error status when `lenient` (services advertise more than they implement).
    fn pass_over(&self, e: RedfishError, lenient: bool) -> Result<(), RedfishError> {
        match e {
            RedfishError::CrossOrigin { .. } => {}
            RedfishError::Status { .. } if lenient => {}
            e => return Err(e),
        }
        self.conn.warn(e.to_string());
        Ok(())
    }

    /// GET `link`; None when it leads off the BMC (noted in the warnings).
    async fn fetch(&self, link: &str) -> Result<Option<Value>, RedfishError> {
        match self.conn.get(link).await {
            Ok(v) => Ok(Some(v)),
            Err(e) => self.pass_over(e, false).map(|()| None),
        }
    }

    /// The members of the collection at `path` (at most --max-members), each fetched
    /// unless the collection came expanded, each with its own outcome. Members off the
    /// BMC are left out with a warning; an error status of the collection itself is
    /// passed over when `lenient`.
    async fn listed(
        &self,
        path: Option<&str>,
        lenient: bool,
    ) -> Result<Vec<Result<Value, RedfishError>>, RedfishError> {
        let Some(path) = path else {
            return Ok(vec![]);
        };
        if let Err(e) = self.conn.resolve(path, "a link") {
            return self.pass_over(e, lenient).map(|()| vec![]);
        }
        let url = if self.expand {
            format!("{path}?$expand=.($levels=1)")
        } else {
            path.to_string()
        };
        let coll = match self.conn.get(&url).await {
            Ok(c) => c,
            Err(e) => return self.pass_over(e, lenient).map(|()| vec![]),
        };
        let mut list = super::json::into_members(coll);
        self.conn.cap_members(path, &mut list);
        let fetched = join_all(list.into_iter().map(|m| async move {
            if is_expanded(&m) {
                return Ok(Some(m));
            }
            match odata_id(&m) {
                Some(id) => self.fetch(id).await,
                // Neither a resource nor a link to one (`{}`): nothing to collect.
                None => Ok(None),
            }
        }))
        .await;
        Ok(fetched.into_iter().filter_map(Result::transpose).collect())
    }

    /// The members of a part of a resource: a collection that is linked but answers
    /// with an error status (after retries) counts as empty and is noted in the
    /// warnings. Timeouts, broken or oversized answers fail the BMC; a budget cut fails
    /// the resource it is part of.
    async fn members(&self, path: Option<&str>) -> Result<Vec<Value>, RedfishError> {
        let all = self.listed(path, true).await?;
        match all
            .into_iter()
            .collect::<Result<Vec<Value>, RedfishError>>()
        {
            Err(e) => self.pass_over(e, true).map(|()| vec![]),
            ok => ok,
        }
    }

    /// Maps `f` over the members of a top-level collection, all at once. A member the
    /// budget cut is left out whole (never half read); the cut is in the record.
    async fn each<T, F, Fut>(&self, path: Option<&str>, f: F) -> Result<Vec<T>, RedfishError>
    where
        F: Fn(Value) -> Fut,
        Fut: std::future::Future<Output = Result<T, RedfishError>>,
    {
        let members = within_budget(self.listed(path, false).await)?;
        let done = try_join_all(members.into_iter().map(|m| async {
            within_budget(match m {
                Ok(v) => f(v).await.map(Some),
                Err(e) => Err(e),
            })
        }))
        .await?;
        Ok(done.into_iter().flatten().collect())
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
                    permanent_mac: permanent_mac(n),
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
        let mut links = links;
        self.conn.cap_members(path.unwrap_or_default(), &mut links);
        let drives = try_join_all(links.iter().map(|l| self.fetch(l))).await?;
        let mut s = CollectedStorage::default();
        for d in drives.iter().flatten().filter(|d| !is_absent(d)) {
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
            Err(e) => return self.pass_over(e, true).map(|()| vec![]),
        };
        let items = self.members(link(&svc, "FirmwareInventory")).await?;
        Ok(items.iter().map(CollectedFirmware::from_json).collect())
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
