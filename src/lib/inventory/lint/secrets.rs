//! Secrets never go in the inventory: passwords, tokens and private keys in vars, labels
//! or cloud-init fragments are errors. References (`{{ vault_x }}`, `!vault`, `env:NAME`,
//! `secret:NAME`) are fine.

use super::context::LintContext;
use crate::inventory::model::Vars;
use crate::inventory::records::{Record, RecordType};
use serde_json::Value;

const HELP: &str = "keep secrets out of git: put the value in the secrets file (mode 0600, outside the repository) or the environment, and reference it (`secret:NAME`, `env:NAME`, or an Ansible vault `{{ var }}`)";

/// Whether a key names a secret.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace('-', "_");
    const WORDS: [&str; 10] = [
        "password",
        "passwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "private_key",
        "passphrase",
        "secret_key",
        "secret_access_key",
    ];
    k == "pass"
        || WORDS
            .iter()
            .any(|w| k == *w || k.ends_with(&format!("_{w}")))
}

/// Whether a string is a reference to a secret rather than the secret itself.
pub fn is_reference(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || t.contains("{{")
        || t.starts_with("$ANSIBLE_VAULT")
        || t.starts_with("!vault")
        || t.starts_with("env:")
        || t.starts_with("secret:")
}

/// Whether a string is a crypt(3) password hash (`$1$`, `$5$`, `$6$`, `$y$`, `$2b$` …),
/// which cloud-init's `hashed_passwd` expects: a hash, not the secret.
pub fn is_password_hash(s: &str) -> bool {
    let t = s.trim();
    [
        "$1$", "$5$", "$6$", "$y$", "$2a$", "$2b$", "$2y$", "$7$", "$gy$",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Whether a string holds a private key.
pub fn is_private_key(s: &str) -> bool {
    s.contains("-----BEGIN") && s.contains("PRIVATE KEY")
}

/// Paths (`a.b.c`) of secret values inside `v`.
fn find(path: &str, key: Option<&str>, v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                find(&format!("{path}.{k}"), Some(k), val, out);
            }
        }
        Value::Array(items) => {
            for (i, val) in items.iter().enumerate() {
                find(&format!("{path}[{i}]"), key, val, out);
            }
        }
        Value::String(s)
            if is_private_key(s)
                || (key.is_some_and(is_secret_key) && !is_reference(s) && !is_password_hash(s)) =>
        {
            out.push(path.to_string());
        }
        _ => {}
    }
}

fn scan(section: &str, vars: &Vars) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in vars {
        find(&format!("{section}.{k}"), Some(k), v, &mut out);
    }
    out
}

fn report<T: RecordType>(cx: &mut LintContext<'_>, rec: &Record<T>, found: Vec<String>) {
    for path in found {
        let last = path.rsplit('.').next().unwrap_or(&path);
        let key = last.split('[').next().unwrap_or(last);
        cx.error(
            "secret-in-inventory",
            rec,
            Some(&format!("{key}:")),
            format!("`{path}` holds a secret written into the inventory"),
            HELP,
        );
    }
}

fn labels_as_vars(labels: &std::collections::BTreeMap<String, String>) -> Vars {
    labels
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect()
}

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    for n in &inv.nodes {
        let mut found = scan("vars", &n.vars);
        found.extend(scan("labels", &labels_as_vars(&n.labels)));
        report(cx, n, found);
    }
    for g in &inv.groups {
        let mut found = scan("vars", &g.vars);
        found.extend(scan("labels", &labels_as_vars(&g.labels)));
        found.extend(scan("cloud_init.user_data", &g.cloud_init.user_data));
        found.extend(scan("cloud_init.vendor_data", &g.cloud_init.vendor_data));
        found.extend(scan("cloud_init.meta_data", &g.cloud_init.meta_data));
        report(cx, g, found);
    }
    for b in &inv.bmcs {
        report(cx, b, scan("labels", &labels_as_vars(&b.labels)));
    }
    let d = &inv.cluster.defaults;
    let mut found = scan("defaults.vars", &d.vars);
    found.extend(scan("defaults.labels", &labels_as_vars(&d.labels)));
    for path in found {
        let key = path.rsplit('.').next().unwrap_or(&path).to_string();
        cx.cluster_error(
            "secret-in-inventory",
            &format!("{key}:"),
            format!("`{path}` holds a secret written into the inventory"),
            HELP,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys() {
        for k in [
            "password",
            "bmc_password",
            "API-KEY",
            "token",
            "root_passwd",
            "secret_key",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "ssh_authorized_keys",
            "tokenizer",
            "passenger",
            "user",
            "token_ttl",
            "password_min_length",
            "secret_name",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn references_are_fine() {
        assert!(is_reference("{{ vault_bmc_password }}"));
        assert!(is_reference("env:BMC_PASS"));
        assert!(!is_reference("hunter2"));
        assert!(is_private_key("-----BEGIN OPENSSH PRIVATE KEY-----\nabc"));
        assert!(is_password_hash("$6$salt$hash"));
    }
}
