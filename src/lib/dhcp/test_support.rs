//! Inventories in memory for the DHCP unit tests.

use crate::inventory::Inventory;

/// An inventory from a cluster.yaml text and node and BMC records.
pub fn inventory(cluster: &str, nodes: &[&str], bmcs: &[&str]) -> Inventory {
    crate::inventory::test_support::inventory_from(cluster, nodes, bmcs)
}

/// Two DHCP networks (mgmt with a range and MTU, bmc without a range, with its own domain
/// and lease time) and one without DHCP (ib); a boot server with `efi_file: snponly.efi`;
/// nodes n2, n1, n3 in that file order (n3 disabled, n2 with a second boot interface and
/// an InfiniBand port); BMCs n1-bmc, n2-bmc (no MAC), sw-bmc (placed by `network`) and
/// ib-bmc (on ib).
pub fn example() -> Inventory {
    inventory(
        "format: 1\nname: t\ndomain: t.local\nnetworks:\n\
         - {name: mgmt, cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.1, 10.0.0.2], dhcp: true, mtu: 9000,\n   \
           dynamic_range: {start: 10.0.0.200, end: 10.0.0.250}}\n\
         - {name: bmc, cidr: 10.1.0.0/24, gateway: 10.1.0.1, domain: bmc.t.local, dhcp: true, lease_time: 600}\n\
         - {name: ib, cidr: 10.2.0.0/24}\n\
         boot_server: {address: 10.0.0.1, http_port: 8080, efi_file: snponly.efi}\n",
        &[
            "name: n2\ninterfaces:\n\
             - {name: eth0, mac: 02:00:00:00:00:02, network: mgmt, ip: 10.0.0.12, boot: true}\n\
             - {name: eth1, mac: 02:00:00:00:01:02, ip: 10.0.0.112, boot: true}\n\
             - {name: ib0, mac: 02:00:00:00:02:02, ip: 10.2.0.12}\n",
            "name: n1\nbmc: n1-bmc\ninterfaces:\n\
             - {name: eth0, mac: 02:00:00:00:00:01, network: mgmt, ip: 10.0.0.11, boot: true}\n",
            "name: n3\nenabled: false\ninterfaces:\n\
             - {name: eth0, mac: 02:00:00:00:00:03, network: mgmt, ip: 10.0.0.13, boot: true}\n",
        ],
        &[
            "name: sw-bmc\nip: 10.1.0.200\nmac: 02:00:00:00:10:ff\nnetwork: bmc\n",
            "name: n1-bmc\nip: 10.1.0.11\nmac: 02:00:00:00:10:01\n",
            "name: n2-bmc\nip: 10.1.0.12\n",
            "name: ib-bmc\nip: 10.2.0.99\nmac: 02:00:00:00:10:99\n",
        ],
    )
}
