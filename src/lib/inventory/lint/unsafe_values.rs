//! Rule `unsafe-value`: a value that would change the structure of a generated file. Every
//! single-line field is refused a control character (C0 incl. NUL, TAB, CR and LF, DEL,
//! C1, U+2028/U+2029), which would add a line, and so a record, to hosts, dnsmasq, dhcpd,
//! ssh_config, conman, powerman, Slurm, genders, CODEOWNERS or iPXE output, and a Unicode
//! noncharacter (U+FFFE, U+FFFF, U+FDD0–U+FDEF, U+nFFFE/U+nFFFF), for which YAML readers
//! refuse a whole file (Warewulf's nodes.conf, a node's meta-data). Fields with a
//! syntax (domains, BMC fqdn, interface names, the ssh/console/power/Slurm vars, tenant
//! owners, record file names) are checked against it. Free-form vars other than those and
//! cloud-init fragments may span lines: they only reach serializers (JSON, YAML).

use super::context::LintContext;
use crate::escape::{self, Syntax};
use crate::inventory::model::{Labels, NodeBoot, Vars};
use crate::inventory::records::{Record, RecordType};

const RULE: &str = "unsafe-value";
const HELP: &str = "a value that breaks a generated file's syntax could add records to it \
                    (a host, a console, a DHCP boot file…) or stop the whole file from \
                    loading: fix the value";

/// One problem: the text to point at, and the message.
pub(super) type Finding = (String, String);

/// A single-line value without a syntax of its own.
pub(super) fn single_line(_: &str) -> Syntax {
    Ok(())
}

/// The longest value that becomes a key of a YAML output (ClusterShell, Warewulf): YAML
/// allows implicit keys of at most 1024 characters.
const MAX_KEY: usize = 255;

/// A value that becomes a YAML key (a group, tenant, role or label name).
fn yaml_key(s: &str) -> Syntax {
    if s.chars().count() <= MAX_KEY {
        Ok(())
    } else {
        Err("at most 255 characters (it becomes a YAML key, which YAML limits)")
    }
}

/// A name of a record kind without a stricter rule of its own (cluster, network, boot
/// profile): letters, digits, `_`, `-`, `.`, at most 255 characters.
fn record_name(s: &str) -> Syntax {
    let ok = !s.is_empty()
        && s.len() <= MAX_KEY
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err("a name of letters, digits, '_', '-' and '.'")
    }
}

/// A TFTP boot file name (as `dhcp-export` accepts it).
fn boot_file(s: &str) -> Syntax {
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+/".contains(c));
    if ok {
        Ok(())
    } else {
        Err("a file name of letters, digits and '.', '_', '-', '+', '/'")
    }
}

/// A field's syntax check.
type SyntaxCheck = fn(&str) -> Syntax;

/// The vars built-in targets write, with their syntax and the output they reach.
const VARS: &[(&str, SyntaxCheck, &str)] = &[
    ("ssh_user", escape::ssh_user, "ssh_config"),
    ("ssh_port", escape::ssh_port, "ssh_config"),
    ("ssh_proxy_jump", escape::ssh_proxy_jump, "ssh_config"),
    ("console_dev", escape::console_dev, "conman.conf"),
    ("power_plug", escape::power_plug, "powerman.conf"),
    ("power_device", escape::power_device, "powerman.conf"),
    ("power_command", escape::power_command, "powerman.conf"),
    ("slurm_partition", escape::slurm_word, "slurm.conf"),
    ("slurm_gres", escape::slurm_word, "slurm.conf"),
    ("slurm_node_options", escape::slurm_options, "slurm.conf"),
    (
        "slurm_partition_options",
        escape::slurm_options,
        "slurm.conf",
    ),
    ("node_exporter_port", escape::ssh_port, "Prometheus targets"),
];

/// Checks `value` of `field`; `outputs` names what it would break.
pub(super) fn check(
    out: &mut Vec<Finding>,
    needle: &str,
    field: &str,
    value: &str,
    syntax: SyntaxCheck,
    outputs: &str,
) {
    let problem = match (escape::first_control(value), syntax(value)) {
        (Some(c), _) => escape::why_refused(c),
        (None, Err(want)) => format!("is not {want}"),
        (None, Ok(())) => return,
    };
    let shown = escape::Unsafe::new("", value, "").value;
    out.push((
        needle.to_string(),
        format!("`{field}` {shown} {problem}; it would break {outputs}"),
    ));
}

/// Checks `value` of `key` when it is set.
pub(super) fn opt(
    out: &mut Vec<Finding>,
    key: &str,
    value: &Option<String>,
    syntax: SyntaxCheck,
    outputs: &str,
) {
    if let Some(v) = value {
        check(out, &format!("{key}:"), key, v, syntax, outputs);
    }
}

/// Checks optional single-line fields, each `(key, value)`.
pub(super) fn lines(out: &mut Vec<Finding>, fields: &[(&str, &Option<String>)], outputs: &str) {
    for (key, v) in fields {
        opt(out, key, v, single_line, outputs);
    }
}

/// Checks every label's name and value.
pub(super) fn labels(out: &mut Vec<Finding>, labels: &Labels) {
    for (k, v) in labels {
        let field = format!("labels.{k}");
        let needle = format!("{k}:");
        check(
            out,
            &needle,
            &field,
            k,
            yaml_key,
            "genders, Warewulf, Prometheus",
        );
        check(
            out,
            &needle,
            &field,
            v,
            single_line,
            "genders, Warewulf, Prometheus",
        );
    }
}

fn vars(out: &mut Vec<Finding>, vars: &Vars) {
    for &(name, syntax, outputs) in VARS {
        let Some(v) = vars.get(name) else { continue };
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => {
                out.push((
                    format!("{name}:"),
                    format!("`vars.{name}` is a list or map; {outputs} needs one word or line"),
                ));
                continue;
            }
        };
        check(
            out,
            &format!("{name}:"),
            &format!("vars.{name}"),
            &text,
            syntax,
            outputs,
        );
    }
}

fn boot(out: &mut Vec<Finding>, b: &NodeBoot) {
    let o = &b.overrides;
    for (key, v) in [
        ("kernel", &o.kernel),
        ("initrd", &o.initrd),
        ("rootfs", &o.rootfs),
    ] {
        opt(out, key, v, escape::ipxe_word, "iPXE scripts");
    }
    opt(out, "params", &o.params, escape::ipxe_words, "iPXE scripts");
    opt(out, "profile", &b.profile, single_line, "iPXE scripts");
}

/// A record's file name, as it goes into CODEOWNERS.
pub(super) fn file_name<T: RecordType>(out: &mut Vec<Finding>, rec: &Record<T>) {
    let path = rec.origin.file.to_string_lossy();
    if escape::codeowners_path(&path).is_err() || escape::first_control(&path).is_some() {
        check(
            out,
            "name:",
            "file name",
            &path,
            |p| {
                escape::codeowners_path(p).map(|_| ()).map_err(|_| {
                    "a file name without '*', '?', '[', ']', '!', '#', '\\' or control characters"
                })
            },
            "CODEOWNERS",
        );
    }
}

/// Reports the findings of one record.
pub(super) fn report<T: RecordType>(
    cx: &mut LintContext<'_>,
    rec: &Record<T>,
    found: Vec<Finding>,
) {
    for (needle, message) in found {
        cx.error(RULE, rec, Some(&needle), message, HELP);
    }
}

pub(super) fn check_all(cx: &mut LintContext<'_>) {
    cluster(cx);
    let inv = cx.inv;
    for n in &inv.nodes {
        let mut f = Vec::new();
        opt(
            &mut f,
            "role",
            &n.role,
            yaml_key,
            "ClusterShell, Ansible INI",
        );
        for (key, v) in [("subrole", &n.subrole), ("arch", &n.arch)] {
            opt(&mut f, key, v, single_line, "genders, Prometheus");
        }
        for i in &n.interfaces {
            super::unsafe_devices::interface(&mut f, i);
            let needle = format!("name: {}", i.name.lines().next().unwrap_or_default());
            check(
                &mut f,
                &needle,
                "interfaces.name",
                &i.name,
                escape::interface_name,
                "hosts, dnsmasq",
            );
        }
        let hw = &n.hardware;
        let hardware = [
            ("manufacturer", &hw.manufacturer),
            ("model", &hw.model),
            ("serial", &hw.serial),
            ("uuid", &hw.uuid),
            ("bios_version", &hw.bios_version),
            ("cpu_model", &hw.cpu_model),
        ];
        lines(&mut f, &hardware, "site templates");
        super::unsafe_devices::vm(&mut f, n.vm.as_deref(), n.hypervisor.as_deref());
        labels(&mut f, &n.labels);
        vars(&mut f, &n.vars);
        boot(&mut f, &n.boot);
        file_name(&mut f, n);
        report(cx, n, f);
    }
    for b in &inv.bmcs {
        let mut f = Vec::new();
        opt(&mut f, "fqdn", &b.fqdn, escape::dns_name, "hosts, dnsmasq");
        let text = [
            ("credentials", &b.credentials),
            ("vendor", &b.vendor),
            ("model", &b.model),
            ("firmware", &b.firmware),
        ];
        lines(&mut f, &text, "site templates");
        labels(&mut f, &b.labels);
        file_name(&mut f, b);
        report(cx, b, f);
    }
    for g in &inv.groups {
        let mut f = Vec::new();
        check(
            &mut f,
            "name:",
            "name",
            &g.name,
            yaml_key,
            "ClusterShell, Warewulf",
        );
        opt(
            &mut f,
            "description",
            &g.description,
            single_line,
            "Warewulf nodes.conf",
        );
        opt(
            &mut f,
            "exclusive",
            &g.exclusive,
            single_line,
            "site templates",
        );
        labels(&mut f, &g.labels);
        vars(&mut f, &g.vars);
        boot(&mut f, &g.boot);
        file_name(&mut f, g);
        report(cx, g, f);
    }
    for t in &inv.tenants {
        let mut f = Vec::new();
        check(&mut f, "name:", "name", &t.name, yaml_key, "ClusterShell");
        opt(
            &mut f,
            "description",
            &t.description,
            single_line,
            "site templates",
        );
        for o in &t.owners {
            let needle = o.lines().next().unwrap_or_default().to_string();
            check(
                &mut f,
                &needle,
                "owners",
                o,
                escape::codeowners_owner,
                "CODEOWNERS",
            );
        }
        file_name(&mut f, t);
        report(cx, t, f);
    }
    super::unsafe_devices::pdus(cx);
}

fn cluster(cx: &mut LintContext<'_>) {
    let c = &cx.inv.cluster;
    let mut f = Vec::new();
    check(
        &mut f,
        "name:",
        "name",
        &c.name,
        record_name,
        "every generated file",
    );
    opt(
        &mut f,
        "description",
        &c.description,
        single_line,
        "site templates",
    );
    opt(
        &mut f,
        "domain",
        &c.domain,
        escape::dns_name,
        "hosts, dnsmasq, dhcpd",
    );
    for n in &c.networks {
        let needle = format!("name: {}", n.name.lines().next().unwrap_or_default());
        check(
            &mut f,
            &needle,
            "networks.name",
            &n.name,
            record_name,
            "DHCP configurations",
        );
        opt(
            &mut f,
            "description",
            &n.description,
            single_line,
            "site templates",
        );
        opt(
            &mut f,
            "domain",
            &n.domain,
            escape::dns_name,
            "DHCP configurations",
        );
    }
    for s in c.boot_server.iter().chain(&c.boot_servers) {
        for (key, v) in [
            ("bios_file", &s.bios_file),
            ("efi_file", &s.efi_file),
            ("arm64_file", &s.arm64_file),
        ] {
            opt(&mut f, key, v, boot_file, "DHCP configurations");
        }
    }
    for p in &c.boot_profiles {
        let needle = format!("name: {}", p.name.lines().next().unwrap_or_default());
        check(
            &mut f,
            &needle,
            "boot_profiles.name",
            &p.name,
            record_name,
            "iPXE scripts",
        );
        opt(
            &mut f,
            "description",
            &p.description,
            single_line,
            "site templates",
        );
        for (key, v) in [
            ("kernel", &p.kernel),
            ("initrd", &p.initrd),
            ("rootfs", &p.rootfs),
            ("install", &p.install),
        ] {
            opt(&mut f, key, v, escape::ipxe_word, "iPXE scripts");
        }
        opt(
            &mut f,
            "params",
            &p.params,
            escape::ipxe_words,
            "iPXE scripts",
        );
    }
    let d = &c.defaults;
    opt(
        &mut f,
        "role",
        &d.role,
        yaml_key,
        "ClusterShell, Ansible INI",
    );
    for (key, v) in [("subrole", &d.subrole), ("arch", &d.arch)] {
        opt(&mut f, key, v, single_line, "genders, Prometheus");
    }
    labels(&mut f, &d.labels);
    vars(&mut f, &d.vars);
    boot(&mut f, &d.boot);
    for (needle, message) in f {
        cx.cluster_error(RULE, &needle, message, HELP);
    }
}
