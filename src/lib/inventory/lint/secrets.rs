//! Secrets never go in the inventory: passwords, tokens and private keys in vars, labels
//! or cloud-init fragments, cloud-init `chpasswd` lists, and passwords inside URLs in any
//! string of any record are errors. References (`{{ vault_x }}`, `!vault`, `env:NAME`,
//! `secret:NAME`) and crypt(3) hashes are fine. A finding names where the secret is,
//! never the secret.

use super::context::LintContext;
use crate::inventory::model::Vars;
use crate::inventory::records::{Record, RecordType};
use rayon::prelude::*;
use serde_json::Value;

const HELP: &str = "keep secrets out of git: put the value in the secrets file (mode 0600, outside the repository) or the environment, and reference it (`secret:NAME`, `env:NAME`, or an Ansible vault `{{ var }}`)";

/// Whether a key names a secret: `password`, `*_pass`, `*pass*word*`, `*_pw`, `*passwd*`,
/// `credentials`, `*_token`, `*_secret`, `api_key`, `private_key` …
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
    let pass_word = k
        .find("pass")
        .is_some_and(|i| k[i + "pass".len()..].contains("word"));
    ["pass", "pw", "credentials"].contains(&k.as_str())
        || k.ends_with("_pass")
        || k.ends_with("_pw")
        || k.ends_with("_credentials")
        || k.contains("passwd")
        || pass_word
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

/// Whether `s` holds a URL with a password (`scheme://user:pw@host`); a password that is
/// a reference (`{{ var }}`, `$VAR`, `${VAR}`, `env:`, `secret:`) is fine.
pub fn has_url_password(s: &str) -> bool {
    s.match_indices("://").any(|(i, _)| {
        let scheme = s[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let rest = &s[i + 3..];
        let end = rest
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '"' | '\'' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(rest.len());
        let userinfo = rest[..end].rsplit_once('@').map(|(u, _)| u);
        let password = userinfo.and_then(|u| u.split_once(':')).map(|(_, p)| p);
        scheme && password.is_some_and(|p| !p.is_empty() && !p.starts_with('$') && !is_reference(p))
    })
}

/// Whether a cloud-init `chpasswd` list entry (`user:password`) carries a clear-text
/// password (not a hash, `RANDOM`/`R` or a reference).
fn is_clear_chpasswd_entry(entry: &str) -> bool {
    entry.split_once(':').is_some_and(|(_, pw)| {
        let pw = pw.trim();
        !pw.is_empty()
            && !matches!(pw, "RANDOM" | "R")
            && !is_password_hash(pw)
            && !is_reference(pw)
    })
}

/// Where a secret is (a path `a.b[0].c`) and what it is.
type Found = (String, &'static str);

const HOLDS_SECRET: &str = "holds a secret written into the inventory";
const URL_PASSWORD: &str = "holds a URL with a password written into the inventory";
const CHPASSWD: &str = "sets a clear-text password (cloud-init `chpasswd` list)";

/// The secrets inside `v` (at `path`, under map key `key`).
fn find(path: &str, key: Option<&str>, v: &Value, out: &mut Vec<Found>) {
    match v {
        Value::Object(map) => {
            if key == Some("chpasswd") {
                chpasswd(path, v, out);
            }
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
            out.push((path.to_string(), HOLDS_SECRET));
        }
        Value::String(s) if has_url_password(s) => out.push((path.to_string(), URL_PASSWORD)),
        _ => {}
    }
}

/// The clear-text passwords of a cloud-init `chpasswd:` block's `list:` (one string of
/// `user:pw` lines, or a list of them); its `users:` entries are found by their
/// `password:` key.
fn chpasswd(path: &str, v: &Value, out: &mut Vec<Found>) {
    let at = format!("{path}.list");
    match v.get("list") {
        Some(Value::String(s)) if s.lines().any(is_clear_chpasswd_entry) => {
            out.push((at, CHPASSWD));
        }
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if item.as_str().is_some_and(is_clear_chpasswd_entry) {
                    out.push((format!("{at}[{i}]"), CHPASSWD));
                }
            }
        }
        _ => {}
    }
}

/// URLs with a password in any string of `value` (a whole record), outside the parts
/// [`scan`] already covers.
fn urls<T: serde::Serialize>(value: &T, skip: &[&str], out: &mut Vec<Found>) {
    // Most records hold no URL at all: a look at their strings alone is cheaper than
    // the tree.
    if !super::url_scan::holds_scheme_separator(value) {
        return;
    }
    let Ok(Value::Object(map)) = serde_json::to_value(value) else {
        return;
    };
    let mut found = Vec::new();
    for (k, v) in map.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
        find(k, None, v, &mut found);
    }
    out.extend(found.into_iter().filter(|(_, what)| *what == URL_PASSWORD));
}

fn scan(section: &str, vars: &Vars) -> Vec<Found> {
    let mut out = Vec::new();
    for (k, v) in vars {
        find(&format!("{section}.{k}"), Some(k), v, &mut out);
    }
    out
}

/// The key a path ends with (`vars.a[2]` → `a`), to point at its line.
fn last_key(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

fn report<T: RecordType>(cx: &mut LintContext<'_>, rec: &Record<T>, found: Vec<Found>) {
    for (path, what) in found {
        cx.error(
            "secret-in-inventory",
            rec,
            Some(&format!("{}:", last_key(&path))),
            format!("`{path}` {what}"),
            HELP,
        );
    }
}

/// `found` (what [`scan`] found in the record's `sections`) and the URLs with a password
/// in every other string field of the record.
fn with_urls<T: RecordType>(
    rec: &Record<T>,
    sections: &[&str],
    mut found: Vec<Found>,
) -> Vec<Found> {
    urls(&rec.value, sections, &mut found);
    found
}

fn labels_as_vars(labels: &std::collections::BTreeMap<String, String>) -> Vars {
    labels
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect()
}

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    // 100,000 nodes: looked at in parallel, reported in order.
    let per_node: Vec<Vec<Found>> = inv
        .nodes
        .par_iter()
        .map(|n| {
            let mut found = scan("vars", &n.vars);
            found.extend(scan("labels", &labels_as_vars(&n.labels)));
            with_urls(n, &["vars", "labels"], found)
        })
        .collect();
    for (n, found) in inv.nodes.iter().zip(per_node) {
        report(cx, n, found);
    }
    for g in &inv.groups {
        let mut found = scan("vars", &g.vars);
        found.extend(scan("labels", &labels_as_vars(&g.labels)));
        found.extend(scan("cloud_init.user_data", &g.cloud_init.user_data));
        found.extend(scan("cloud_init.vendor_data", &g.cloud_init.vendor_data));
        found.extend(scan("cloud_init.meta_data", &g.cloud_init.meta_data));
        report(
            cx,
            g,
            with_urls(g, &["vars", "labels", "cloud_init"], found),
        );
    }
    for b in &inv.bmcs {
        let found = scan("labels", &labels_as_vars(&b.labels));
        report(cx, b, with_urls(b, &["labels"], found));
    }
    for t in &inv.tenants {
        report(cx, t, with_urls(t, &[], Vec::new()));
    }
    let d = &inv.cluster.defaults;
    let mut found = scan("defaults.vars", &d.vars);
    found.extend(scan("defaults.labels", &labels_as_vars(&d.labels)));
    let mut elsewhere = Vec::new();
    urls(&inv.cluster, &[], &mut elsewhere);
    found.extend(
        elsewhere
            .into_iter()
            .filter(|(p, _)| !p.starts_with("defaults.vars") && !p.starts_with("defaults.labels")),
    );
    for (path, what) in found {
        cx.cluster_error(
            "secret-in-inventory",
            &format!("{}:", last_key(&path)),
            format!("`{path}` {what}"),
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
            "ipmi_pass",
            "root_pw",
            "pw",
            "Pass_Word",
            "ldap_bind_password_2",
            "smtp_passwd_file",
            "credentials",
            "bmc_credentials",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "ssh_authorized_keys",
            "tokenizer",
            "passenger",
            "user",
            "token_ttl",
            "secret_name",
            "bypass",
            "pwd",
            "keyword",
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

    #[test]
    fn urls_with_a_password() {
        for s in [
            "https://admin:hunter2@repo.example/el9/",
            "see git+ssh://u:p@h:22/r.git",
            "ftp://u:p@h",
        ] {
            assert!(has_url_password(s), "{s}");
        }
        for s in [
            "https://repo.example/el9/",
            "https://user@host/",
            "https://u:{{ vault_pw }}@host/",
            "https://u:${REPO_PW}@host/",
            "https://u:env:REPO_PW@host/",
            "http://host/a?mail=x:y@z",
            "user:pw@host",
        ] {
            assert!(!has_url_password(s), "{s}");
        }
    }

    /// The paths `find` reports in a YAML document.
    fn found(yaml: &str) -> Vec<String> {
        let v: Value = serde_yaml::from_str(yaml).unwrap();
        let mut out = Vec::new();
        find("x", None, &v, &mut out);
        out.into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn chpasswd_lists_and_users() {
        let y = "chpasswd:\n  list: |\n    root:hunter2\n    bob:RANDOM\n  expire: false\n";
        assert_eq!(found(y), ["x.chpasswd.list"]);
        let y = "chpasswd:\n  list: ['bob:$6$s$h', 'root:hunter2']\n";
        assert_eq!(found(y), ["x.chpasswd.list[1]"]);
        let y = "chpasswd:\n  users:\n  - {name: root, password: hunter2, type: text}\n  - {name: bob, password: $6$s$h, type: hash}\n  - {name: eve, type: RANDOM}\n";
        assert_eq!(found(y), ["x.chpasswd.users[0].password"]);
        assert!(found("chpasswd:\n  list: 'root:$6$s$h'\n").is_empty());
        assert!(found("password_min_length: 12\nlock_passwd: false\n").is_empty());
        assert_eq!(
            found("repos:\n- https://u:hunter2@h/\n- https://h/\n"),
            ["x.repos[0]"]
        );
    }
}
