//! One escaping layer for every generated format: which characters can never go into a
//! single-line field, the syntax of the fields that have one, and one writer per output
//! format that quotes what the format can quote and refuses what it cannot. The render
//! filters, the native generators, the DHCP and iPXE writers and lint all use these.

mod control;
mod error;
mod json;
mod syntax;
mod writers;

pub use control::{comment, escaped, first_control, is_control, is_noncharacter, why_refused};
pub use error::Unsafe;
pub use json::{json_string, yaml_safe_json};
pub use syntax::{
    bmc_user, codeowners_owner, console_dev, dns_name, interface_name, ipxe_word, ipxe_words,
    is_dns_label, power_command, power_device, power_plug, slurm_options, slurm_word, ssh_port,
    ssh_proxy_jump, ssh_user, Syntax,
};
pub use writers::{
    checked, codeowners_path, conf_string, host_name, single_line, ssh_arg, xml_attr, Writer,
};
