//! A VM node's shape for templates, in the words libvirt's domain XML uses: device names
//! per bus, boot devices, NIC sources and MACs (derived ones included).

use super::shapes::{VmCtx, VmDiskCtx, VmNicCtx};
use crate::inventory::model::{system_uuid, Accel, BootDevice, DiskBus, Firmware, Node};

/// The device name prefix libvirt gives disks on `bus`.
fn dev_prefix(bus: DiskBus) -> &'static str {
    match bus {
        DiskBus::Virtio => "vd",
        DiskBus::Scsi | DiskBus::Sata => "sd",
        DiskBus::Ide => "hd",
    }
}

/// `vda`, `sdb` …: the `n`th (0-based) disk with this prefix.
fn dev_name(prefix: &str, n: usize) -> String {
    let mut suffix = String::new();
    let mut k = n + 1;
    while k > 0 {
        k -= 1;
        suffix.insert(0, char::from(b'a' + (k % 26) as u8));
        k /= 26;
    }
    format!("{prefix}{suffix}")
}

/// The template view of `node.vm`, `None` for a node that is no VM.
pub(super) fn vm_ctx(node: &Node) -> Option<VmCtx> {
    let vm = node.vm.as_ref()?;
    let mut per_prefix: std::collections::HashMap<&str, usize> = Default::default();
    let disks =
        vm.disks
            .iter()
            .enumerate()
            .map(|(k, d)| {
                let prefix = dev_prefix(d.bus);
                let n = per_prefix.entry(prefix).or_default();
                let dev = dev_name(prefix, *n);
                *n += 1;
                VmDiskCtx {
                    dev,
                    bus: d.bus.as_str(),
                    size_gib: d.size_gib,
                    path: d.path.clone().unwrap_or_else(|| {
                        format!("/var/lib/libvirt/images/{}-{k}.qcow2", node.name)
                    }),
                }
            })
            .collect();
    let nics = vm
        .nics
        .iter()
        .map(|n| {
            let iface = node.interfaces.iter().find(|i| i.name == n.interface);
            let (source_type, source) = match (&n.bridge, &n.libvirt_network) {
                (Some(b), _) => ("bridge", b.clone()),
                (None, Some(net)) => ("network", net.clone()),
                (None, None) => (
                    "network",
                    iface
                        .and_then(|i| i.network.clone())
                        .unwrap_or_else(|| "default".to_string()),
                ),
            };
            VmNicCtx {
                interface: n.interface.clone(),
                mac: iface.and_then(|i| i.mac).map(|m| m.to_string()),
                model: n.model.as_str(),
                source_type,
                source,
            }
        })
        .collect();
    Some(VmCtx {
        host: vm.host.clone(),
        uuid: system_uuid(node)?,
        vcpus: vm.vcpus,
        memory_mib: vm.memory_mib,
        firmware: vm.firmware.as_str(),
        uefi: vm.firmware == Firmware::Uefi,
        domain_type: match vm.accel {
            Accel::Kvm => "kvm",
            Accel::Tcg => "qemu",
        },
        boot: vm
            .boot
            .iter()
            .map(|b| match b {
                BootDevice::Network => "network",
                BootDevice::Disk => "hd",
            })
            .collect(),
        disks,
        nics,
    })
}

#[cfg(test)]
mod tests {
    use super::dev_name;

    #[test]
    fn device_names_count_like_libvirt() {
        assert_eq!(dev_name("vd", 0), "vda");
        assert_eq!(dev_name("sd", 1), "sdb");
        assert_eq!(dev_name("vd", 25), "vdz");
        assert_eq!(dev_name("vd", 26), "vdaa");
    }
}
