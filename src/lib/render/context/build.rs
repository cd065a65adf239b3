//! Building the template context from the inventory once: layered values resolved,
//! text shared across nodes, nodes made in parallel.

use super::shapes::*;
use crate::hostlist::fold;
use crate::inventory::addressing::primary_interface;
use crate::inventory::model::{Bmc, BmcKind, BootProfileKind, BootServer, Fabric, Network};
use crate::inventory::{Inventory, Resolver};
use ipnetwork::IpNetwork;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::Arc;

impl Context {
    /// Builds the context. `inventory_prefix` is the inventory folder's path inside its
    /// git work tree.
    pub fn build(inv: &Inventory, inventory_prefix: &str) -> Context {
        let resolver = Resolver::new(inv);
        let membership = resolver.membership();
        let networks: Vec<NetworkCtx> = inv
            .cluster
            .networks
            .iter()
            .map(|n| network_ctx(n, inv.cluster.domain.as_deref()))
            .collect();
        let net_index: HashMap<&str, usize> = networks
            .iter()
            .enumerate()
            .map(|(i, n)| (n.name.as_str(), i))
            .collect();
        let shared = Shared::new(inv, &networks);

        // Nodes each BMC manages (enabled only).
        let mut managed: HashMap<&str, Vec<String>> = HashMap::new();
        for n in inv.nodes.iter().filter(|n| n.is_enabled()) {
            if let Some(b) = &n.bmc {
                managed.entry(b.as_str()).or_default().push(n.name.clone());
            }
        }
        let mut bmcs: Vec<Arc<BmcCtx>> = inv
            .bmcs
            .iter()
            .map(|b| {
                let mut nodes = managed.remove(b.name.as_str()).unwrap_or_default();
                nodes.sort();
                Arc::new(bmc_ctx(b, &shared, &net_index, nodes))
            })
            .collect();
        bmcs.sort_by(|a, b| a.name.cmp(&b.name));
        let bmc_index: HashMap<&str, usize> = bmcs
            .iter()
            .enumerate()
            .map(|(i, b)| (b.name.as_str(), i))
            .collect();

        let mut order: Vec<usize> = (0..inv.nodes.len()).collect();
        order.sort_by(|&a, &b| inv.nodes[a].name.cmp(&inv.nodes[b].name));
        let (enabled, disabled): (Vec<usize>, Vec<usize>) =
            order.into_iter().partition(|&i| inv.nodes[i].is_enabled());
        let nodes: Vec<Arc<NodeCtx>> = enabled
            .par_iter()
            .map(|&ni| {
                let bmc = inv.nodes[ni]
                    .bmc
                    .as_deref()
                    .and_then(|b| bmc_index.get(b))
                    .map(|&i| bmcs[i].clone());
                Arc::new(node_ctx(
                    inv, &resolver, ni, &networks, &shared, &net_index, bmc,
                ))
            })
            .collect();
        let disabled_nodes = disabled
            .iter()
            .map(|&i| inv.nodes[i].name.clone())
            .collect();

        let enabled_names = |idx: &[usize]| -> Vec<String> {
            let mut v: Vec<String> = idx
                .iter()
                .filter(|&&i| inv.nodes[i].is_enabled())
                .map(|&i| inv.nodes[i].name.clone())
                .collect();
            v.sort();
            v
        };
        let mut group_order: Vec<usize> = (0..inv.groups.len()).collect();
        group_order.sort_by(|&a, &b| {
            let (ga, gb) = (&inv.groups[a], &inv.groups[b]);
            (ga.priority, &ga.name).cmp(&(gb.priority, &gb.name))
        });
        let groups: Vec<GroupCtx> = group_order
            .iter()
            .map(|&gi| {
                let g = &inv.groups[gi];
                let members = enabled_names(&membership.members_of[gi]);
                GroupCtx {
                    name: g.name.clone(),
                    description: g.description.clone(),
                    priority: g.priority,
                    tenant: g.tenant.clone(),
                    labels: g.labels.clone(),
                    vars: g.vars.clone(),
                    nodeset: fold(&members),
                    members,
                    pkey: g.pkey.map(|p| p.to_string()),
                    file: path_text(&g.origin.file),
                }
            })
            .collect();

        let mut owned: Vec<Vec<usize>> = vec![Vec::new(); inv.tenants.len()];
        for (ni, ts) in membership.tenants_of.iter().enumerate() {
            if let Some(&ti) = ts.first() {
                owned[ti].push(ni);
            }
        }
        let tenants: Vec<TenantCtx> = inv
            .tenants
            .iter()
            .zip(&owned)
            .map(|(t, idx)| {
                let nodes = enabled_names(idx);
                TenantCtx {
                    name: t.name.clone(),
                    description: t.description.clone(),
                    owners: t.owners.clone(),
                    nodeset: fold(&nodes),
                    nodes,
                    pkey: t.pkey.map(|p| p.to_string()),
                    file: path_text(&t.origin.file),
                }
            })
            .collect();

        let partitions = super::partitions::partitions(&nodes, &groups, &tenants);
        Context {
            partitions,
            cluster: cluster_ctx(inv, inventory_prefix),
            networks,
            nodes,
            disabled_nodes,
            bmcs,
            groups,
            tenants,
            files: files_ctx(inv, &membership.tenants_of),
        }
    }
}

fn cluster_ctx(inv: &Inventory, inventory_prefix: &str) -> ClusterCtx {
    let c = &inv.cluster;
    ClusterCtx {
        name: c.name.clone(),
        description: c.description.clone(),
        domain: c.domain.clone(),
        boot_server: c.first_boot_server().map(boot_server_ctx),
        boot_servers: c.boot_servers().iter().map(boot_server_ctx).collect(),
        boot_profiles: c.boot_profiles.clone(),
        inventory_prefix: inventory_prefix.to_string(),
    }
}

fn boot_server_ctx(b: &BootServer) -> BootServerCtx {
    BootServerCtx {
        address: b.address,
        http_port: b.http_port,
        url: crate::boot::urls::server_url(b),
    }
}

fn network_ctx(n: &Network, cluster_domain: Option<&str>) -> NetworkCtx {
    let broadcast = match n.cidr {
        IpNetwork::V4(v4) => Some(IpAddr::V4(v4.broadcast())),
        IpNetwork::V6(_) => None,
    };
    NetworkCtx {
        name: n.name.clone(),
        description: n.description.clone(),
        cidr: n.cidr.to_string(),
        address: n.cidr.network(),
        prefix: n.cidr.prefix(),
        netmask: n.cidr.mask(),
        broadcast,
        gateway: n.gateway,
        dns: n.dns.clone(),
        domain: n
            .domain
            .clone()
            .or_else(|| cluster_domain.map(str::to_string)),
        dynamic_start: n.dynamic_range.map(|r| r.start),
        dynamic_end: n.dynamic_range.map(|r| r.end),
        mtu: n.mtu,
        vlan: n.vlan,
        fabric: lower_debug(&n.fabric),
        dhcp: n.dhcp,
    }
}

/// The texts many nodes share, made once: each network's strings, and the lowercase
/// names of the kinds and fabrics that occur.
struct Shared {
    networks: Vec<NetText>,
    bmc_kinds: Lower<BmcKind>,
    boot_kinds: Lower<BootProfileKind>,
    fabrics: Lower<Fabric>,
    /// The hardware of every node with none discovered.
    no_hardware: Arc<HardwareCtx>,
    /// The PDU outlet device of each node a PDU outlet feeds (its first outlet).
    outlets: HashMap<String, PowerCtx>,
}

/// One network's strings, as interfaces on it show them.
struct NetText {
    name: Text,
    cidr: Text,
    netmask: Text,
    gateway: Option<Text>,
    fabric: Text,
}

impl Shared {
    fn new(inv: &Inventory, networks: &[NetworkCtx]) -> Shared {
        Shared {
            networks: networks
                .iter()
                .map(|n| NetText {
                    name: n.name.as_str().into(),
                    cidr: n.cidr.as_str().into(),
                    netmask: n.netmask.to_string().into(),
                    gateway: n.gateway.map(|g| g.to_string().into()),
                    fabric: n.fabric.as_str().into(),
                })
                .collect(),
            bmc_kinds: Lower::of(inv.bmcs.iter().map(|b| b.kind)),
            boot_kinds: Lower::of(inv.cluster.boot_profiles.iter().map(|p| p.kind)),
            fabrics: Lower::of(inv.cluster.networks.iter().map(|n| n.fabric)),
            no_hardware: Arc::new(HardwareCtx::default()),
            outlets: outlet_devices(inv),
        }
    }
}

/// The outlet device of every node a PDU outlet feeds: the first of its outlets, PDUs
/// by name and outlets by Id, among those whose PDU address, path and Id can be written
/// into an httppower device.
fn outlet_devices(inv: &Inventory) -> HashMap<String, PowerCtx> {
    use crate::render::power_devices::{outlet_command, plain_outlet_id, OUTLET_DEVICE};
    let mut pdus: Vec<_> = inv.pdus.iter().map(|r| &r.value).collect();
    pdus.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = HashMap::new();
    for p in pdus {
        let Some(host) = p.ip.map(|i| i.to_string()).or_else(|| p.fqdn.clone()) else {
            continue;
        };
        let Some(command) = outlet_command(&host, p.port, p.path()) else {
            continue;
        };
        for (id, node) in &p.outlets {
            let Some(node) = node.as_deref().filter(|_| plain_outlet_id(id)) else {
                continue;
            };
            out.entry(node.to_string()).or_insert_with(|| PowerCtx {
                device: OUTLET_DEVICE.to_string(),
                command: Some(command.clone()),
                plug: id.clone(),
            });
        }
    }
    out
}

/// The lowercase names of the values of a unit enum, each made once.
struct Lower<K>(Vec<(K, Text)>);

impl<K: Copy + PartialEq + std::fmt::Debug> Lower<K> {
    fn of(values: impl Iterator<Item = K>) -> Lower<K> {
        let mut names: Vec<(K, Text)> = Vec::new();
        for k in values {
            if !names.iter().any(|(x, _)| *x == k) {
                names.push((k, lower_debug(&k).into()));
            }
        }
        Lower(names)
    }

    fn get(&self, k: K) -> Text {
        self.0
            .iter()
            .find(|(x, _)| *x == k)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| lower_debug(&k).into())
    }
}

fn bmc_ctx(
    b: &Bmc,
    shared: &Shared,
    net_index: &HashMap<&str, usize>,
    nodes: Vec<String>,
) -> BmcCtx {
    let net = b
        .network
        .as_deref()
        .and_then(|n| net_index.get(n))
        .map(|&i| &shared.networks[i]);
    BmcCtx {
        name: b.name.clone(),
        xname: b.xname.clone(),
        kind: shared.bmc_kinds.get(b.kind),
        ip: b.ip.map(|i| i.to_string()),
        fqdn: b.fqdn.clone(),
        address: b
            .ip
            .map(|i| i.to_string())
            .or_else(|| b.fqdn.clone())
            .unwrap_or_else(|| b.name.clone()),
        mac: b.mac.map(|m| m.to_string()),
        network: b.network.clone(),
        netmask: net.map(|n| n.netmask.clone()),
        gateway: net.and_then(|n| n.gateway.clone()),
        port: b.port,
        credentials: b.credentials.clone(),
        vendor: b.vendor.clone(),
        model: b.model.clone(),
        firmware: b.firmware.clone(),
        labels: b.labels.clone(),
        nodes,
    }
}

fn node_ctx(
    inv: &Inventory,
    resolver: &Resolver<'_>,
    ni: usize,
    networks: &[NetworkCtx],
    shared: &Shared,
    net_index: &HashMap<&str, usize>,
    bmc: Option<Arc<BmcCtx>>,
) -> NodeCtx {
    let node = &inv.nodes[ni];
    let r = resolver.node(ni);
    let primary = primary_interface(node);
    let interfaces: Vec<Arc<InterfaceCtx>> = node
        .interfaces
        .iter()
        .map(|i| {
            let at = i.network.as_deref().and_then(|n| net_index.get(n));
            let net = at.map(|&x| &networks[x]);
            let text = at.map(|&x| &shared.networks[x]);
            Arc::new(InterfaceCtx {
                name: i.name.clone(),
                mac: i.mac.map(|m| m.to_string()),
                ip: i.ip.map(|a| a.to_string()),
                network: match text {
                    Some(t) => Some(t.name.clone()),
                    None => i.network.as_deref().map(Text::from),
                },
                cidr: text.map(|t| t.cidr.clone()),
                prefix: net.map(|n| n.prefix),
                netmask: text.map(|t| t.netmask.clone()),
                gateway: text.and_then(|t| t.gateway.clone()),
                mtu: i.mtu.or_else(|| net.and_then(|n| n.mtu)),
                vlan: i.vlan.or_else(|| net.and_then(|n| n.vlan)),
                link: i.vlan_link().map(str::to_string),
                guid: i.guid.map(|g| g.to_string()),
                nic_address: i.nic_address.map(|a| a.to_string()),
                nvlink_domain: i.nvlink_domain.clone(),
                fabric: match (i.fabric, text) {
                    (Some(f), _) => shared.fabrics.get(f),
                    (None, Some(t)) => t.fabric.clone(),
                    (None, None) => shared.fabrics.get(Fabric::Ethernet),
                },
                boot: i.boot,
                primary: primary.is_some_and(|p| std::ptr::eq(p, i)),
            })
        })
        .collect();
    let mut fabrics: Vec<Text> = Vec::new();
    for i in &interfaces {
        if &*i.fabric != Fabric::Ethernet.as_str() && !fabrics.contains(&i.fabric) {
            fabrics.push(i.fabric.clone());
        }
    }
    fabrics.sort();
    let domain = primary
        .and_then(|p| p.network.as_deref())
        .and_then(|n| net_index.get(n))
        .and_then(|&x| networks[x].domain.clone())
        .or_else(|| inv.cluster.domain.clone());
    let h = &node.hardware;
    let cpus = match (h.sockets, h.cores_per_socket, h.threads_per_core) {
        (Some(s), Some(c), Some(t)) => Some(s * c * t),
        _ => None,
    };
    let vars: BTreeMap<String, serde_json::Value> =
        r.vars.into_iter().map(|(k, v)| (k, v.value)).collect();
    let power = match shared.outlets.get(&node.name) {
        // A node a PDU outlet feeds is powered through it, unless its vars say otherwise.
        Some(o)
            if !["power_device", "power_plug", "power_command"]
                .iter()
                .any(|k| vars.contains_key(*k)) =>
        {
            Some(Arc::new(o.clone()))
        }
        _ => power_ctx(&vars, bmc.as_deref()).map(Arc::new),
    };
    NodeCtx {
        fqdn: match &domain {
            Some(d) => format!("{}.{d}", node.name),
            None => node.name.clone(),
        },
        name: node.name.clone(),
        xname: node.xname.clone(),
        nid: node.nid,
        role: r.role.map(|s| s.value),
        subrole: r.subrole.map(|s| s.value),
        arch: r.arch.map(|s| s.value),
        groups: r.groups,
        tenant: r.tenant.map(|s| s.value),
        labels: r.labels.into_iter().map(|(k, v)| (k, v.value)).collect(),
        vars,
        power,
        ip: primary.and_then(|p| p.ip).map(|a| a.to_string()),
        mac: primary.and_then(|p| p.mac).map(|m| m.to_string()),
        interface: primary.map(|p| p.name.clone()),
        interfaces,
        fabrics,
        bmc,
        boot: Arc::new(BootCtx {
            profile: r.boot_profile.map(|s| s.value),
            kind: r.boot_kind.map(|k| shared.boot_kinds.get(k)),
            kernel: r.kernel.map(|s| s.value),
            initrd: r.initrd.map(|s| s.value),
            rootfs: r.rootfs.map(|s| s.value),
            params: r.params.map(|s| s.value),
        }),
        hardware: if h.is_empty() {
            shared.no_hardware.clone()
        } else {
            Arc::new(HardwareCtx {
                manufacturer: h.manufacturer.clone(),
                model: h.model.clone(),
                serial: h.serial.clone(),
                uuid: h.uuid.clone(),
                bios_version: h.bios_version.clone(),
                cpu_model: h.cpu_model.clone(),
                sockets: h.sockets,
                cores_per_socket: h.cores_per_socket,
                threads_per_core: h.threads_per_core,
                cpus,
                memory_mib: h.memory_mib,
                gpu_count: h.gpus.iter().map(|g| g.count).sum(),
                gpus: h.gpus.clone(),
            })
        },
        file: path_text(&node.origin.file),
        vm: super::vm::vm_ctx(node),
    }
}

/// Files holding node records owned by a tenant, and the group and tenant files of
/// tenants, with the owners of each.
fn files_ctx(inv: &Inventory, tenants_of: &[Vec<usize>]) -> Vec<FileCtx> {
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |file: String, ti: usize| {
        let owners = by_file.entry(file).or_default();
        for o in &inv.tenants[ti].owners {
            if !owners.contains(o) {
                owners.push(o.clone());
            }
        }
    };
    for (ni, ts) in tenants_of.iter().enumerate() {
        if let Some(&ti) = ts.first() {
            add(path_text(&inv.nodes[ni].origin.file), ti);
        }
    }
    for (ti, t) in inv.tenants.iter().enumerate() {
        for g in inv
            .groups
            .iter()
            .filter(|g| g.tenant.as_deref() == Some(t.name.as_str()) || t.groups.contains(&g.name))
        {
            add(path_text(&g.origin.file), ti);
        }
    }
    by_file
        .into_iter()
        .filter(|(_, owners)| !owners.is_empty())
        .map(|(path, owners)| FileCtx { path, owners })
        .collect()
}

fn power_ctx(vars: &BTreeMap<String, serde_json::Value>, bmc: Option<&BmcCtx>) -> Option<PowerCtx> {
    let text = |k: &str| vars.get(k).map(crate::inventory::select::scalar_text);
    let plug = text("power_plug").or_else(|| bmc.map(|b| b.address.clone()))?;
    let device = text("power_device").unwrap_or_else(|| {
        crate::render::power_devices::default_device(bmc.map(|b| &*b.kind)).to_string()
    });
    // httppower talks to one BMC: its command (one device per BMC) is known here.
    let command = text("power_command").or_else(|| {
        device.starts_with("redfish-").then(|| match bmc {
            Some(b) => crate::render::power_devices::httppower_command(&b.address, b.port),
            None => crate::render::power_devices::httppower_command(&plug, None),
        })
    });
    Some(PowerCtx {
        device,
        command,
        plug,
    })
}

fn path_text(p: &std::path::Path) -> String {
    p.to_string_lossy().into_owned()
}

/// `Redfish` → `redfish`: the lowercase form of a unit enum's name.
fn lower_debug(v: &impl std::fmt::Debug) -> String {
    format!("{v:?}").to_lowercase()
}

/// The path of `root` inside the git work tree holding it (`""` at the top of the work
/// tree or outside git), with a trailing `/` when not empty.
pub fn inventory_prefix(root: &std::path::Path) -> String {
    let Ok(abs) = root.canonicalize() else {
        return String::new();
    };
    for dir in abs.ancestors() {
        if dir.join(".git").exists() {
            let rel = abs.strip_prefix(dir).unwrap_or(std::path::Path::new(""));
            let s = rel.to_string_lossy();
            return if s.is_empty() {
                String::new()
            } else {
                format!("{s}/")
            };
        }
    }
    String::new()
}
