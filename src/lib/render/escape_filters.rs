//! The escaping filters of the built-in templates (one per slot kind, each calling the
//! writer of [`crate::escape`] that the native generators call too) and the formatter
//! that refuses a control character in any `{{ … }}` of any template, built-in or site:
//! a value that would start a new line must go through a filter that writes it safely
//! (`comment`, `to_json`, `to_yaml`) or be marked `|safe` on purpose.

use crate::escape::{self, Syntax, Unsafe};
use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind, Output, State};

/// The start of the message of every escaping refusal (the engine adds the lint hint).
pub const UNSAFE_PREFIX: &str = "unsafe value: ";

/// Registers the escaping filters and the formatter on `env`.
pub fn register(env: &mut Environment<'_>) {
    env.add_filter("comment", comment);
    env.add_filter("host_name", |v: Value| write(&v, escape::host_name));
    env.add_filter("ssh_arg", |v: Value| write(&v, escape::ssh_arg));
    env.add_filter("xml_attr", |v: Value| write(&v, escape::xml_attr));
    env.add_filter("conf_string", |v: Value| write(&v, escape::conf_string));
    env.add_filter("codeowners_path", |v: Value| {
        write(&v, escape::codeowners_path)
    });
    env.add_filter("codeowners_owner", |v: Value| {
        checked(&v, "CODEOWNERS", escape::codeowners_owner)
    });
    env.add_filter("power_device", |v: Value| {
        checked(&v, "powerman.conf", escape::power_device)
    });
    env.add_filter("bmc_user", |v: Value| {
        checked(&v, "conman.conf", escape::bmc_user)
    });
    env.add_filter("slurm_word", |v: Value| {
        checked(&v, "slurm.conf", escape::slurm_word)
    });
    env.add_filter("slurm_options", |v: Value| {
        checked(&v, "slurm.conf", escape::slurm_options)
    });
    env.set_formatter(single_line_formatter);
}

/// The error of a refused value.
pub fn refused(e: &Unsafe) -> Error {
    Error::new(ErrorKind::InvalidOperation, format!("{UNSAFE_PREFIX}{e}"))
}

fn write(v: &Value, writer: escape::Writer) -> Result<Value, Error> {
    let text = v.to_string();
    writer(&text)
        .map(|s| Value::from_safe_string(s.into_owned()))
        .map_err(|e| refused(&e))
}

fn checked(v: &Value, format: &'static str, syntax: fn(&str) -> Syntax) -> Result<Value, Error> {
    let text = v.to_string();
    escape::checked(format, &text, syntax)
        .map(|s| Value::from_safe_string(s.into_owned()))
        .map_err(|e| refused(&e))
}

/// `value | comment`: for a `#` comment line, control characters shown escaped.
fn comment(v: Value) -> Value {
    Value::from_safe_string(escape::comment(&v.to_string()).into_owned())
}

/// Writes `{{ value }}`; a value not marked safe must not hold a control character.
fn single_line_formatter(
    out: &mut Output<'_>,
    state: &mut State<'_, '_>,
    v: &Value,
) -> Result<(), Error> {
    if !v.is_safe() {
        if let Some(s) = v.as_str() {
            escape::single_line("a generated file", s).map_err(|e| refused(&e))?;
        }
    }
    minijinja::escape_formatter(out, state, v)
}

#[cfg(test)]
mod tests {
    use crate::inventory::test_support::inventory_from;
    use crate::render::{render_targets, Context, Engine};

    /// The libvirt target writes a disk path or NIC source lint would refuse (a site
    /// that renders without lint) as XML entities, so the attribute keeps its value.
    #[test]
    fn libvirt_attributes_are_xml_escaped() {
        let hv = "name: hv\ninterfaces: []\nhypervisor: {vcpus: 4, memory_mib: 4096}\n";
        let vm = "name: vm\ninterfaces:\n- {name: eth0, mac: '52:54:00:00:00:01'}\nvm:\n  host: hv\n  vcpus: 1\n  memory_mib: 512\n  disks:\n  - {size_gib: 1, path: '/x\" dev=\"/bin/sh'}\n  nics:\n  - {interface: eth0, bridge: 'br<a>&'}\n";
        let inv = inventory_from("format: 1\nname: c\n", &[hv, vm], &[]);
        let engine = Engine::new(Vec::new()).unwrap();
        let t = engine
            .targets()
            .iter()
            .find(|t| t.name == "libvirt")
            .unwrap();
        let ctx = Context::build(&inv, "");
        let out = render_targets(&engine, &inv, &ctx, &[t]).unwrap();
        let xml = &out[0].files[0].1;
        assert!(
            xml.contains("<source file=\"/x&quot; dev=&quot;/bin/sh\"/>"),
            "{xml}"
        );
        assert!(
            xml.contains("<source bridge=\"br&lt;a&gt;&amp;\"/>"),
            "{xml}"
        );
    }
}
