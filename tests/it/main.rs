//! chami's one integration-test binary: a module per area, all running the real `chami`
//! binary (or the library) against temporary inventories and the real programs that
//! consume its output.

mod ansible;
mod bmc_desired;
mod bootgen;
mod build;
mod build_killed;
mod dhcp;
mod dhcp_interop;
mod discover;
mod discover_drift;
mod doctor;
mod examples;
mod fabrics;
mod generated;
mod harness;
mod hostile_values;
mod hostlist;
mod image;
mod interrupt;
mod inventory_commands;
mod inventory_records;
mod lint_rules;
mod netboot;
mod netns;
mod package;
mod parse_cache;
mod pdu;
mod progress;
mod redfish_interop;
mod redfish_mock;
mod redfish_power;
mod redfish_security;
mod redfish_tofu;
mod regressions;
mod render;
mod render_interop;
mod secrets_age;
mod security_files;
mod serve;
mod serve_replicas;
mod serve_security;
mod serve_smd;
mod serve_writes;
mod status;
mod vms;
