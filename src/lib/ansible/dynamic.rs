//! Ansible's dynamic inventory protocol over the chami inventory: the `--list` document
//! (groups, `_meta.hostvars`) and the `--host NAME` object.
//!
//! Layout, documented in docs/rendering.md ("Ansible"):
//!
//! - hosts are the enabled nodes (a disabled node is left out of every config);
//! - every chami group is an Ansible group of the same name made safe
//!   ([`ansible_group_name`]); each node role gives `role_<role>` (lower-cased) and each
//!   tenant `tenant_<tenant>`; enabled nodes in none of them are in `ungrouped`; `all`
//!   lists every group as a child. Groups carry no `vars`: chami has already layered group
//!   values into each host's variables (its own order, not Ansible's);
//! - a host's variables are its resolved `vars` at the top level, then chami's facts, all
//!   named `chami_…` (see [`host_vars`]), and `ansible_host` = the management address.
//!
//! Keys are sorted and hosts are sorted by name, so the same inventory always gives the
//! same bytes.

use crate::inventory::addressing::primary_ip;
use crate::inventory::records::index_by_name;
use crate::inventory::{Inventory, ResolvedNode, Resolver};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Group names that belong to Ansible itself; no chami group may become one of them.
pub const RESERVED_GROUPS: [&str; 2] = ["all", "ungrouped"];

/// Prefix of every variable chami adds to a host. A node var named with it is dropped
/// (with a warning), so chami's facts can always be trusted.
pub const FACT_PREFIX: &str = "chami_";

/// What Ansible asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `--list`: every group and host, with `_meta.hostvars`.
    List,
    /// `--host NAME`: one host's variables.
    Host(String),
}

/// The JSON to print and the warnings to show on stderr.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The document for stdout.
    pub json: Value,
    /// Messages for stderr (never part of the document).
    pub warnings: Vec<String>,
}

/// Why no Ansible inventory could be made.
#[derive(Debug, thiserror::Error)]
pub enum AnsibleError {
    /// Two different things would become the same Ansible group.
    #[error(
        "{first} and {second} would both be the Ansible group `{group}`: rename one of them \
         (Ansible group names keep only letters, digits and `_`; `all` and `ungrouped` are \
         Ansible's own)"
    )]
    GroupClash {
        /// The Ansible group name.
        group: String,
        /// What claimed it first ("group `a-b`").
        first: String,
        /// What claimed it next.
        second: String,
    },
    /// Group membership could not be computed (a bad `members` or `selector`): a group
    /// would silently miss hosts.
    #[error("cannot tell which nodes are in which group:\n{0}\n(run `chami inventory lint`)")]
    Membership(String),
}

/// Answers one request over a loaded inventory.
pub fn answer(inv: &Inventory, request: &Request) -> Result<Answer, AnsibleError> {
    match request {
        Request::List => {
            let d = DynamicInventory::build(inv)?;
            Ok(Answer {
                json: d.to_json(),
                warnings: d.warnings,
            })
        }
        Request::Host(name) => {
            let (vars, warnings) = match host(inv, name)? {
                HostLookup::Found(vars, warnings) => (vars, warnings),
                HostLookup::Disabled => (
                    Map::new(),
                    vec![format!(
                        "node `{name}` is disabled (enabled: false), so it is not in the Ansible \
                         inventory: printed an empty object"
                    )],
                ),
                HostLookup::Unknown => (
                    Map::new(),
                    vec![format!(
                        "no node named `{name}` in the inventory: printed an empty object"
                    )],
                ),
            };
            Ok(Answer {
                json: Value::Object(vars),
                warnings,
            })
        }
    }
}

/// Makes `name` a valid Ansible group name: every character outside `[A-Za-z0-9_]`
/// becomes `_`, and a name starting with a digit gets a leading `_` (Ansible rejects a
/// leading digit too). `rack-1.a` gives `rack_1_a`, `2024` gives `_2024`.
pub fn ansible_group_name(name: &str) -> String {
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{}", safe_chars(name))
    } else {
        safe_chars(name)
    }
}

/// The Ansible group of a role: `role_` and the role lower-cased, made safe
/// (`Compute` gives `role_compute`, so roles differing only in case share a group).
pub fn role_group(role: &str) -> String {
    format!("role_{}", safe_chars(&role.to_lowercase()))
}

/// The Ansible group of a tenant: `tenant_` and the tenant name made safe (case kept).
pub fn tenant_group(tenant: &str) -> String {
    format!("tenant_{}", safe_chars(tenant))
}

/// `name` with every character outside `[A-Za-z0-9_]` replaced by `_`.
fn safe_chars(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Who claimed an Ansible group name (for clash messages).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Claim {
    Reserved,
    Group(String),
    Role,
    Tenant(String),
}

impl Claim {
    fn describe(&self, group: &str, role: Option<&str>) -> String {
        match self {
            Claim::Reserved => format!("Ansible's own group `{group}`"),
            Claim::Group(g) => format!("chami group `{g}`"),
            Claim::Role => format!("role `{}`", role.unwrap_or(group)),
            Claim::Tenant(t) => format!("tenant `{t}`"),
        }
    }
}

/// The whole `--list` answer, as data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DynamicInventory {
    /// Ansible group name → its hosts (enabled nodes), every group including `ungrouped`
    /// (but not `all`).
    pub groups: BTreeMap<String, BTreeSet<String>>,
    /// Host name → its variables.
    pub hostvars: BTreeMap<String, Map<String, Value>>,
    /// Things the user should know (dropped vars); not part of the document.
    pub warnings: Vec<String>,
}

impl DynamicInventory {
    /// Builds the groups and host variables of every enabled node.
    pub fn build(inv: &Inventory) -> Result<DynamicInventory, AnsibleError> {
        let resolver = resolver(inv)?;
        let mut out = DynamicInventory::default();
        // Which Ansible group names are taken, by whom (first claim wins the message).
        let mut claims: HashMap<String, (Claim, Option<String>)> = HashMap::new();
        let mut claim = |name: &str,
                         by: Claim,
                         role: Option<&str>,
                         groups: &mut BTreeMap<String, BTreeSet<String>>|
         -> Result<(), AnsibleError> {
            if let Some((first, first_role)) = claims.get(name) {
                let same = first == &by || (*first == Claim::Role && by == Claim::Role);
                if !same {
                    return Err(AnsibleError::GroupClash {
                        group: name.to_string(),
                        first: first.describe(name, first_role.as_deref()),
                        second: by.describe(name, role),
                    });
                }
                return Ok(());
            }
            claims.insert(name.to_string(), (by, role.map(str::to_string)));
            groups.entry(name.to_string()).or_default();
            Ok(())
        };
        for r in RESERVED_GROUPS {
            claim(r, Claim::Reserved, None, &mut out.groups)?;
        }
        out.groups.remove("all");
        for g in &inv.groups {
            claim(
                &ansible_group_name(&g.name),
                Claim::Group(g.name.clone()),
                None,
                &mut out.groups,
            )?;
        }
        for t in &inv.tenants {
            claim(
                &tenant_group(&t.name),
                Claim::Tenant(t.name.clone()),
                None,
                &mut out.groups,
            )?;
        }
        let bmc_index = index_by_name(&inv.bmcs);
        let mut dropped: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for ni in 0..inv.nodes.len() {
            let r = resolver.node(ni);
            // Role groups exist for disabled nodes too, so that enabling a node never
            // turns a clean inventory into a clash.
            let role = r.role.as_ref().map(|s| s.value.as_str());
            if let Some(role) = role {
                claim(&role_group(role), Claim::Role, Some(role), &mut out.groups)?;
            }
            if !r.enabled.value {
                continue;
            }
            let node = &inv.nodes[ni];
            let mut member_of = Vec::new();
            member_of.extend(r.groups.iter().map(|g| ansible_group_name(g)));
            member_of.extend(role.map(role_group));
            member_of.extend(r.tenant.as_ref().map(|t| tenant_group(&t.value)));
            if member_of.is_empty() {
                member_of.push("ungrouped".to_string());
            }
            for g in member_of {
                out.groups.entry(g).or_default().insert(node.name.clone());
            }
            let vars = host_vars(inv, &bmc_index, ni, &r, &mut dropped);
            out.hostvars.insert(node.name.clone(), vars);
        }
        out.warnings = dropped_warnings(dropped);
        Ok(out)
    }

    /// The `--list` document: `_meta.hostvars`, `all` with every group as a child, and
    /// each group with its (possibly empty) `hosts` list. Keys are sorted.
    pub fn to_json(&self) -> Value {
        let mut top: BTreeMap<String, Value> = BTreeMap::new();
        let hostvars: Map<String, Value> = self
            .hostvars
            .iter()
            .map(|(h, v)| (h.clone(), Value::Object(v.clone())))
            .collect();
        let mut meta = Map::new();
        meta.insert("hostvars".into(), Value::Object(hostvars));
        top.insert("_meta".into(), Value::Object(meta));
        let mut all = Map::new();
        all.insert(
            "children".into(),
            Value::Array(self.groups.keys().cloned().map(Value::String).collect()),
        );
        top.insert("all".into(), Value::Object(all));
        for (name, hosts) in &self.groups {
            // Always a `hosts` key: Ansible reads a group object with none of `hosts`,
            // `vars`, `children` as a host of that name.
            let mut g = Map::new();
            g.insert(
                "hosts".into(),
                Value::Array(hosts.iter().cloned().map(Value::String).collect()),
            );
            top.insert(name.clone(), Value::Object(g));
        }
        Value::Object(top.into_iter().collect())
    }
}

/// The answer to `--host NAME`.
#[derive(Debug, Clone, PartialEq)]
pub enum HostLookup {
    /// The host's variables, and warnings about them.
    Found(Map<String, Value>, Vec<String>),
    /// The node exists but is disabled, so Ansible does not see it.
    Disabled,
    /// No node has that name.
    Unknown,
}

/// The variables of one host, as in `--list`'s `_meta.hostvars`.
pub fn host(inv: &Inventory, name: &str) -> Result<HostLookup, AnsibleError> {
    let Some(ni) = inv.nodes.iter().position(|n| n.name == name) else {
        return Ok(HostLookup::Unknown);
    };
    let resolver = resolver(inv)?;
    let r = resolver.node(ni);
    if !r.enabled.value {
        return Ok(HostLookup::Disabled);
    }
    let mut dropped = BTreeMap::new();
    let vars = host_vars(inv, &index_by_name(&inv.bmcs), ni, &r, &mut dropped);
    Ok(HostLookup::Found(vars, dropped_warnings(dropped)))
}

/// A resolver, refusing an inventory whose group membership has errors.
fn resolver(inv: &Inventory) -> Result<Resolver<'_>, AnsibleError> {
    let resolver = Resolver::new(inv);
    let errors: Vec<String> = resolver
        .membership()
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_human())
        .collect();
    if errors.is_empty() {
        Ok(resolver)
    } else {
        Err(AnsibleError::Membership(errors.join("\n")))
    }
}

/// One host's variables, keys sorted:
///
/// - every resolved var (cluster defaults < groups < node), nested maps sorted, except
///   those named `chami_…` (recorded in `dropped`);
/// - `ansible_host`: the management address ([`primary_ip`]) unless a var sets it;
/// - `chami_labels` (map, resolved) and `chami_groups` (chami group names, in layering
///   order), always; `chami_role`, `chami_subrole`, `chami_arch`, `chami_tenant`
///   (resolved), `chami_xname`, `chami_nid`, `chami_bmc` (BMC name) and `chami_bmc_ip`
///   when the node has them.
fn host_vars(
    inv: &Inventory,
    bmc_index: &HashMap<&str, usize>,
    ni: usize,
    r: &ResolvedNode,
    dropped: &mut BTreeMap<String, Vec<String>>,
) -> Map<String, Value> {
    let node = &inv.nodes[ni];
    let mut vars: BTreeMap<String, Value> = BTreeMap::new();
    for (k, v) in &r.vars {
        if k.starts_with(FACT_PREFIX) {
            dropped
                .entry(k.clone())
                .or_default()
                .push(node.name.clone());
        } else {
            vars.insert(k.clone(), sorted(&v.value));
        }
    }
    if !vars.contains_key("ansible_host") {
        if let Some(ip) = primary_ip(node) {
            vars.insert("ansible_host".into(), Value::String(ip.to_string()));
        }
    }
    let mut fact = |k: &str, v: Value| {
        vars.insert(format!("{FACT_PREFIX}{k}"), v);
    };
    let text = |s: &str| Value::String(s.to_string());
    fact(
        "labels",
        Value::Object(
            r.labels
                .iter()
                .map(|(k, v)| (k.clone(), text(&v.value)))
                .collect(),
        ),
    );
    fact(
        "groups",
        Value::Array(r.groups.iter().map(|g| text(g)).collect()),
    );
    for (k, v) in [
        ("role", &r.role),
        ("subrole", &r.subrole),
        ("arch", &r.arch),
        ("tenant", &r.tenant),
    ] {
        if let Some(v) = v {
            fact(k, text(&v.value));
        }
    }
    if let Some(x) = &node.xname {
        fact("xname", text(x));
    }
    if let Some(nid) = node.nid {
        fact("nid", Value::from(nid));
    }
    if let Some(b) = &node.bmc {
        fact("bmc", text(b));
        let ip = bmc_index.get(b.as_str()).and_then(|&bi| inv.bmcs[bi].ip);
        if let Some(ip) = ip {
            fact("bmc_ip", Value::String(ip.to_string()));
        }
    }
    vars.into_iter().collect()
}

/// A copy of `v` with every map's keys sorted, at every depth.
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let s: BTreeMap<&String, Value> = m.iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(s.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn dropped_warnings(dropped: BTreeMap<String, Vec<String>>) -> Vec<String> {
    dropped
        .into_iter()
        .map(|(k, nodes)| {
            format!(
                "vars.{k} of {} left out of the Ansible host variables: names starting \
                 with `{FACT_PREFIX}` are chami's facts; rename the var",
                crate::hostlist::fold(&nodes)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CLUSTER: &str = "\
format: 1
name: t
networks:
- name: mgmt
  cidr: 10.0.0.0/24
defaults:
  role: Compute
  arch: x86_64
  labels: {site: a}
  vars: {ntp: 10.0.0.1, level: cluster}
";

    /// An inventory loaded from `files` (path, content) besides cluster.yaml.
    fn inventory(files: &[(&str, &str)]) -> (tempfile::TempDir, Inventory) {
        let dir = tempfile::tempdir().unwrap();
        let mut all = vec![("cluster.yaml", CLUSTER)];
        all.extend_from_slice(files);
        for (rel, text) in all {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let inv = crate::inventory::load::load_uncached(dir.path())
            .into_result()
            .unwrap();
        (dir, inv)
    }

    fn node(name: &str, n: u8, extra: &str) -> String {
        format!(
            "name: {name}\nnid: {n}\ninterfaces:\n- name: eth0\n  ip: 10.0.0.{n}\n  boot: true\n{extra}"
        )
    }

    fn cluster_files() -> Vec<(&'static str, String)> {
        vec![
            (
                "nodes/n1.yaml",
                node(
                    "n1",
                    1,
                    "xname: x1000c0s0b0n0\nbmc: n1-bmc\nlabels: {rack: r1}\n\
                     vars: {level: node, ansible_user: root, nested: {b: 1, a: 2}}\n",
                ),
            ),
            (
                "nodes/n2.yaml",
                node("n2", 2, "role: service\nlabels: {rack: r2}\n"),
            ),
            (
                "nodes/n3.yaml",
                node("n3", 3, "enabled: false\nlabels: {rack: r2}\n"),
            ),
            (
                "nodes/n4.yaml",
                node("n4", 4, "role: Service\nsubrole: Login\n"),
            ),
            ("bmcs/n1-bmc.yaml", "name: n1-bmc\nip: 10.1.0.1\n".into()),
            (
                "groups/rack-2.yaml",
                "name: rack-2\nselector: labels.rack=r2\nvars: {level: group}\n".into(),
            ),
            (
                "groups/2024.gpu.yaml",
                "name: 2024.gpu\nmembers: n1\ntenant: hpc-physics\n".into(),
            ),
            ("groups/empty.yaml", "name: empty\nmembers: n3\n".into()),
            ("tenants/hpc-physics.yaml", "name: hpc-physics\n".into()),
        ]
    }

    fn sample() -> (tempfile::TempDir, Inventory) {
        let files = cluster_files();
        let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        inventory(&refs)
    }

    fn hosts(d: &DynamicInventory, group: &str) -> Vec<String> {
        d.groups
            .get(group)
            .unwrap_or_else(|| panic!("no group {group}: {:?}", d.groups.keys()))
            .iter()
            .cloned()
            .collect()
    }

    #[test]
    fn group_names_are_made_safe() {
        assert_eq!(ansible_group_name("compute"), "compute");
        assert_eq!(ansible_group_name("rack-1.a"), "rack_1_a");
        assert_eq!(ansible_group_name("Big_GPU"), "Big_GPU");
        assert_eq!(ansible_group_name("2024.gpu"), "_2024_gpu");
        assert_eq!(ansible_group_name("é"), "_");
        assert_eq!(role_group("Compute"), "role_compute");
        assert_eq!(role_group("Login Node"), "role_login_node");
        assert_eq!(role_group("9x"), "role_9x");
        assert_eq!(tenant_group("hpc-physics"), "tenant_hpc_physics");
        assert_eq!(tenant_group("Chem"), "tenant_Chem");
    }

    #[test]
    fn groups_roles_and_tenants_hold_the_enabled_nodes() {
        let (_dir, inv) = sample();
        let d = DynamicInventory::build(&inv).unwrap();
        assert_eq!(
            d.groups.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "_2024_gpu",
                "empty",
                "rack_2",
                "role_compute",
                "role_service",
                "tenant_hpc_physics",
                "ungrouped"
            ]
        );
        assert_eq!(hosts(&d, "rack_2"), ["n2"], "disabled n3 is left out");
        assert_eq!(hosts(&d, "_2024_gpu"), ["n1"]);
        assert_eq!(hosts(&d, "tenant_hpc_physics"), ["n1"]);
        assert_eq!(hosts(&d, "role_compute"), ["n1"]);
        // `service` and `Service` are one group; n3's role (Compute) is not a host.
        assert_eq!(hosts(&d, "role_service"), ["n2", "n4"]);
        assert!(hosts(&d, "empty").is_empty());
        assert!(hosts(&d, "ungrouped").is_empty());
        assert_eq!(d.hostvars.keys().collect::<Vec<_>>(), ["n1", "n2", "n4"]);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn hostvars_have_vars_on_top_and_chami_facts() {
        let (_dir, inv) = sample();
        let d = DynamicInventory::build(&inv).unwrap();
        let n1 = Value::Object(d.hostvars["n1"].clone());
        assert_eq!(
            n1,
            json!({
                "ansible_host": "10.0.0.1",
                "ansible_user": "root",
                "chami_arch": "x86_64",
                "chami_bmc": "n1-bmc",
                "chami_bmc_ip": "10.1.0.1",
                "chami_groups": ["2024.gpu"],
                "chami_labels": {"rack": "r1", "site": "a"},
                "chami_nid": 1,
                "chami_role": "Compute",
                "chami_tenant": "hpc-physics",
                "chami_xname": "x1000c0s0b0n0",
                "level": "node",
                "nested": {"a": 2, "b": 1},
                "ntp": "10.0.0.1",
            })
        );
        // Keys come out sorted, nested ones too.
        let text = serde_json::to_string(&n1).unwrap();
        assert!(text.contains(r#""nested":{"a":2,"b":1}"#), "{text}");
        let n2 = &d.hostvars["n2"];
        assert_eq!(
            n2["level"],
            json!("group"),
            "a group var beats the cluster's"
        );
        assert_eq!(n2["chami_role"], json!("service"));
        assert_eq!(n2["chami_groups"], json!(["rack-2"]));
        assert!(!n2.contains_key("chami_bmc") && !n2.contains_key("chami_xname"));
        assert_eq!(d.hostvars["n4"]["chami_subrole"], json!("Login"));
    }

    #[test]
    fn list_document_has_meta_all_and_hosts_lists() {
        let (_dir, inv) = sample();
        let doc = answer(&inv, &Request::List).unwrap().json;
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort();
        assert_eq!(keys, sorted_keys);
        assert_eq!(doc["all"]["children"].as_array().unwrap().len(), 7);
        // An empty group still has `hosts`: Ansible reads `{}` as a host named like it.
        assert_eq!(doc["empty"], json!({"hosts": []}));
        assert_eq!(doc["rack_2"], json!({"hosts": ["n2"]}));
        assert_eq!(doc["_meta"]["hostvars"]["n2"]["ansible_host"], "10.0.0.2");
        assert!(doc["_meta"]["hostvars"].get("n3").is_none());
    }

    #[test]
    fn a_node_in_no_group_is_ungrouped_and_a_var_can_set_ansible_host() {
        let lone = node("lone", 9, "vars: {ansible_host: lone.example.org}\n");
        let (_dir, mut inv) = inventory(&[("nodes/lone.yaml", &lone)]);
        inv.cluster.defaults.role = None;
        let d = DynamicInventory::build(&inv).unwrap();
        assert_eq!(hosts(&d, "ungrouped"), ["lone"]);
        assert_eq!(
            d.hostvars["lone"]["ansible_host"],
            json!("lone.example.org")
        );
        assert!(!d.hostvars["lone"].contains_key("chami_role"));
    }

    #[test]
    fn chami_prefixed_vars_are_dropped_with_a_warning() {
        let n = node("n1", 1, "vars: {chami_role: fake, other: 1}\n");
        let (_dir, inv) = inventory(&[("nodes/n1.yaml", &n)]);
        let d = DynamicInventory::build(&inv).unwrap();
        assert_eq!(d.hostvars["n1"]["chami_role"], json!("Compute"));
        assert_eq!(d.hostvars["n1"]["other"], json!(1));
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(
            d.warnings[0].contains("vars.chami_role of n1"),
            "{:?}",
            d.warnings
        );
        let a = answer(&inv, &Request::Host("n1".into())).unwrap();
        assert_eq!(a.warnings, d.warnings);
    }

    #[test]
    fn names_that_become_one_group_are_an_error() {
        let n = node("n1", 1, "");
        for (files, words) in [
            (
                vec![
                    ("groups/a.yaml", "name: a-b\nmembers: n1\n"),
                    ("groups/b.yaml", "name: a.b\nmembers: n1\n"),
                ],
                ["chami group `a-b`", "chami group `a.b`", "`a_b`"],
            ),
            (
                vec![("groups/a.yaml", "name: role_compute\nmembers: n1\n")],
                [
                    "chami group `role_compute`",
                    "role `Compute`",
                    "`role_compute`",
                ],
            ),
            (
                vec![("groups/a.yaml", "name: ungrouped\nmembers: n1\n")],
                [
                    "Ansible's own group `ungrouped`",
                    "chami group `ungrouped`",
                    "rename",
                ],
            ),
        ] {
            let mut files = files;
            files.push(("nodes/n1.yaml", &n));
            let (_dir, inv) = inventory(&files);
            let e = DynamicInventory::build(&inv).unwrap_err();
            let text = e.to_string();
            for w in words {
                assert!(text.contains(w), "{w:?} not in {text}");
            }
        }
    }

    #[test]
    fn bad_membership_is_an_error_not_an_empty_group() {
        let n = node("n1", 1, "");
        let (_dir, inv) = inventory(&[
            ("nodes/n1.yaml", &n),
            ("groups/g.yaml", "name: g\nmembers: 'n[1-'\n"),
        ]);
        let e = DynamicInventory::build(&inv).unwrap_err();
        assert!(matches!(e, AnsibleError::Membership(_)), "{e:?}");
        assert!(host(&inv, "n1").is_err());
    }

    #[test]
    fn host_answers_found_disabled_and_unknown() {
        let (_dir, inv) = sample();
        let list = DynamicInventory::build(&inv).unwrap();
        let a = answer(&inv, &Request::Host("n1".into())).unwrap();
        assert_eq!(a.json, Value::Object(list.hostvars["n1"].clone()));
        assert!(a.warnings.is_empty());
        let a = answer(&inv, &Request::Host("n3".into())).unwrap();
        assert_eq!(a.json, json!({}));
        assert!(a.warnings[0].contains("disabled"), "{:?}", a.warnings);
        let a = answer(&inv, &Request::Host("nope".into())).unwrap();
        assert_eq!(a.json, json!({}));
        assert!(
            a.warnings[0].contains("no node named `nope`"),
            "{:?}",
            a.warnings
        );
    }
}
