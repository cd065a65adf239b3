//! Rule `unsafe-value` for the fabric, VM and PDU fields: a VLAN interface's `link` (it
//! becomes a key of the cloud-init network-config) is an interface name; an NVLink
//! domain, a VM's hypervisor, disk paths, bridges and libvirt networks and a hypervisor's
//! URI are single lines (the `vm-shape` rule checks their syntax); a PDU's `fqdn` (it
//! goes into the httppower command of powerman.conf) is a DNS name, and its other text
//! fields, outlet Ids and labels are single lines.

use super::context::LintContext;
use super::unsafe_values::{check, file_name, labels, lines, opt, report, single_line, Finding};
use crate::escape;
use crate::inventory::model::{Hypervisor, Interface, Vm};

/// The fabric fields of one interface.
pub(super) fn interface(out: &mut Vec<Finding>, i: &Interface) {
    opt(
        out,
        "link",
        &i.link,
        escape::interface_name,
        "cloud-init network-config",
    );
    opt(
        out,
        "nvlink_domain",
        &i.nvlink_domain,
        single_line,
        "site templates",
    );
}

/// A VM's and a hypervisor's text fields.
pub(super) fn vm(out: &mut Vec<Finding>, vm: Option<&Vm>, hv: Option<&Hypervisor>) {
    if let Some(vm) = vm {
        check(
            out,
            "host:",
            "vm.host",
            &vm.host,
            single_line,
            "libvirt domain XML",
        );
        for d in &vm.disks {
            opt(out, "path", &d.path, single_line, "libvirt domain XML");
        }
        for n in &vm.nics {
            opt(out, "bridge", &n.bridge, single_line, "libvirt domain XML");
            opt(
                out,
                "libvirt_network",
                &n.libvirt_network,
                single_line,
                "libvirt domain XML",
            );
        }
    }
    if let Some(hv) = hv {
        opt(out, "uri", &hv.uri, single_line, "virsh commands");
    }
}

/// Every PDU record.
pub(super) fn pdus(cx: &mut LintContext<'_>) {
    for p in &cx.inv.pdus {
        let mut f = Vec::new();
        opt(&mut f, "fqdn", &p.fqdn, escape::dns_name, "powerman.conf");
        let text = [
            ("redfish_path", &p.redfish_path),
            ("credentials", &p.credentials),
            ("vendor", &p.vendor),
            ("model", &p.model),
            ("serial", &p.serial),
            ("firmware", &p.firmware),
        ];
        lines(&mut f, &text, "powerman.conf, pdu power");
        for id in p.outlets.keys() {
            let needle = id.lines().next().unwrap_or_default().to_string();
            check(&mut f, &needle, "outlets", id, single_line, "powerman.conf");
        }
        labels(&mut f, &p.labels);
        file_name(&mut f, p);
        report(cx, p, f);
    }
}
