//! A node's `hardware:` from a collected ComputerSystem: model, serial, CPU topology,
//! memory and GPUs, the fields render targets such as Slurm read.

use crate::inventory::model::{Gpu, Hardware};
use crate::redfish::CollectedSystem;
use std::collections::BTreeMap;

/// The hardware record of `s`.
pub fn hardware_of(s: &CollectedSystem) -> Hardware {
    let first = s.cpus.first();
    let cores = first.and_then(|c| c.cores).filter(|c| *c > 0);
    let threads = first.and_then(|c| c.threads);
    let mut gpus: BTreeMap<String, u32> = BTreeMap::new();
    for g in &s.gpus {
        let model = g.model.clone().unwrap_or_else(|| "unknown".into());
        *gpus.entry(model).or_default() += 1;
    }
    Hardware {
        manufacturer: s.manufacturer.clone(),
        model: s.model.clone(),
        serial: s.serial.clone(),
        uuid: s.uuid.clone(),
        bios_version: s.bios_version.clone(),
        cpu_model: first.and_then(|c| c.model.clone()),
        sockets: (!s.cpus.is_empty()).then_some(s.cpus.len() as u32),
        cores_per_socket: cores.map(|c| c as u32),
        threads_per_core: match (cores, threads) {
            (Some(c), Some(t)) if t >= c => Some((t / c) as u32),
            _ => None,
        },
        memory_mib: s.memory.total_mib,
        gpus: gpus
            .into_iter()
            .map(|(model, count)| Gpu { model, count })
            .collect(),
    }
}
