//! Which built-in targets have a native generator. The built-in templates stay the
//! specification (and what a site template of the same name replaces); the generators
//! write the same bytes without the template engine, several times faster at 100,000
//! nodes. A differential test renders both ways and compares.

use super::text::Generated;
use super::{consoles, genders, groups, hosts, opensm, powerman, prometheus, slurm, warewulf};
use crate::render::Context;

/// A native generator.
pub type Generator = fn(&Context) -> Generated;

/// The generator of built-in target `name`, if it has one.
pub fn generator(name: &str) -> Option<Generator> {
    Some(match name {
        "hosts" => hosts::hosts,
        "dnsmasq-dns" => hosts::dnsmasq_dns,
        "genders" => genders::genders,
        "conman" => consoles::conman,
        "ssh-config" => consoles::ssh_config,
        "prometheus" => prometheus::nodes,
        "prometheus-bmc" => prometheus::bmcs,
        "ansible-ini" => groups::ansible_ini,
        "clustershell" => groups::clustershell,
        "codeowners" => groups::codeowners,
        "warewulf" => warewulf::warewulf,
        "slurm" => slurm::slurm,
        "powerman" => powerman::powerman,
        "powerman-outlets" => powerman::outlet_device,
        "opensm-partitions" => opensm::partitions,
        _ => return None,
    })
}
