//! SMD components (`/hsm/v2/State/Components`): one per node with an xname, with SMD's
//! field names, and the filters SMD's collection takes (also those of `memberships`).

use super::problem::{problem, Problem};
use super::query::{any, any_text, same_text, Params, Wanted};
use super::state::{histories, smd_state, Flag, Histories, State};
use super::view::{view, View};
use crate::inventory::Inventory;
use crate::serve::state::AppState;
use crate::xname::{Xname, XnameType};
use axum::extract::{Path, Query, State as Axum};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// An SMD component (`Component.1.0.0_Component`).
#[derive(Debug, Clone, Serialize)]
pub struct Component {
    /// The xname.
    #[serde(rename = "ID")]
    pub id: String,
    /// HMS type of the xname (`Node`).
    #[serde(rename = "Type")]
    pub kind: &'static str,
    /// See [`smd_state`].
    #[serde(rename = "State", skip_serializing_if = "Option::is_none")]
    pub state: Option<&'static str>,
    /// See [`smd_state`].
    #[serde(rename = "Flag", skip_serializing_if = "Option::is_none")]
    pub flag: Option<&'static str>,
    /// `enabled:`.
    #[serde(rename = "Enabled", skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `role:` (or the cluster default), `Compute` when unset as SMD defaults it.
    #[serde(rename = "Role", skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `subrole:` (or the cluster default).
    #[serde(rename = "SubRole", skip_serializing_if = "Option::is_none")]
    pub subrole: Option<String>,
    /// `nid:`.
    #[serde(rename = "NID", skip_serializing_if = "Option::is_none")]
    pub nid: Option<u64>,
    /// `arch:` as SMD's `X86`, `ARM` or `Other`.
    #[serde(rename = "Arch", skip_serializing_if = "Option::is_none")]
    pub arch: Option<&'static str>,
    /// Always false: chami has no locking API.
    #[serde(rename = "ReservationDisabled")]
    pub reservation_disabled: bool,
    /// Always false: chami has no locking API.
    #[serde(rename = "Locked")]
    pub locked: bool,
}

/// SMD's `Arch` for a node's `arch:`.
fn smd_arch(arch: &str) -> &'static str {
    match arch.to_ascii_lowercase().as_str() {
        "x86_64" | "amd64" | "x86" | "i686" => "X86",
        "aarch64" | "arm64" | "arm" => "ARM",
        _ => "Other",
    }
}

/// Node `ni` as an SMD component; `None` when it has no xname.
pub fn component(inv: &Inventory, v: &View, ni: usize, h: &Histories) -> Option<Component> {
    let x = v.node_xnames[ni]?;
    let n = &inv.nodes[ni].value;
    let d = &inv.cluster.defaults;
    let (state, flag) = smd_state(n, h.get(&n.name));
    Some(Component {
        id: x.to_string(),
        kind: x.kind().as_str(),
        state: Some(state.as_str()),
        flag: Some(flag.as_str()),
        enabled: Some(n.is_enabled()),
        role: Some(
            n.role
                .clone()
                .or_else(|| d.role.clone())
                .unwrap_or_else(|| "Compute".into()),
        ),
        subrole: n.subrole.clone().or_else(|| d.subrole.clone()),
        nid: n.nid,
        arch: n.arch.as_deref().or(d.arch.as_deref()).map(smd_arch),
        reservation_disabled: false,
        locked: false,
    })
}

/// The names SMD's component filter takes (`ComponentFilter` and the field filters).
pub(super) const KEYS: [&str; 22] = [
    "id",
    "type",
    "state",
    "flag",
    "enabled",
    "softwarestatus",
    "role",
    "subrole",
    "subtype",
    "arch",
    "class",
    "nid",
    "nid_start",
    "nid_end",
    "group",
    "partition",
    "locked",
    "reservation_disabled",
    "stateonly",
    "flagonly",
    "roleonly",
    "nidonly",
];

/// A parsed component filter.
pub(super) struct Filter {
    ids: Wanted<Xname>,
    types: Wanted<XnameType>,
    states: Wanted<State>,
    flags: Wanted<Flag>,
    enabled: Wanted<bool>,
    roles: Wanted<String>,
    subroles: Wanted<String>,
    arches: Wanted<String>,
    nids: Vec<u64>,
    starts: Vec<u64>,
    ends: Vec<u64>,
    groups: Vec<String>,
    partitions: Vec<String>,
    /// Filters on what chami never has (software status, subtype, class): nothing
    /// matches a non-empty one.
    absent: bool,
    /// Filters on what is always false here (locked, reservation_disabled).
    falses: Vec<bool>,
    /// `stateonly`, `flagonly`, `roleonly`, `nidonly`: the fields to keep.
    only: [bool; 4],
}

/// Go's `strconv.ParseBool`.
fn go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

impl Filter {
    /// The filter `p` asks for, or SMD's 400 for a value it would refuse.
    pub fn parse(p: &Params) -> Result<Filter, Problem> {
        let int = super::query::nid;
        let arch = |s: &str| {
            ["x86", "arm", "other", "unknown"]
                .contains(&s.to_ascii_lowercase().as_str())
                .then(|| s.to_ascii_lowercase())
        };
        let flag = |k: &str| -> Result<bool, Problem> {
            Ok(p.parsed(k, "Argument was not valid", go_bool)?
                .contains(&true))
        };
        let only = [
            flag("stateonly")?,
            flag("flagonly")?,
            flag("roleonly")?,
            flag("nidonly")?,
        ];
        let text = |s: &str| Some(s.to_string());
        let mut falses = p.parsed("locked", "Argument was not valid", go_bool)?;
        falses.extend(p.parsed("reservation_disabled", "Argument was not valid", go_bool)?);
        Ok(Filter {
            ids: p.negatable("id", "Argument was not a valid xname ID", |s| {
                Xname::parse(s).ok()
            })?,
            types: p.negatable("type", "Argument was not a valid HMS Type", |s| {
                s.parse().ok()
            })?,
            states: p.negatable("state", "Argument was not a valid HMS State", State::parse)?,
            flags: p.negatable("flag", "Argument was not a valid HMS Flag", Flag::parse)?,
            enabled: p.negatable("enabled", "Argument was not valid", go_bool)?,
            roles: p.negatable("role", "", text)?,
            subroles: p.negatable("subrole", "", text)?,
            arches: p.negatable("arch", "Argument was not a valid HMS Arch", arch)?,
            nids: p.parsed("nid", "a required argument was not an integer", int)?,
            starts: p.parsed("nid_start", "a required argument was not an integer", int)?,
            ends: p.parsed("nid_end", "a required argument was not an integer", int)?,
            groups: p.plain("group")?,
            partitions: p.plain("partition")?,
            absent: p.has("softwarestatus") || p.has("subtype") || p.has("class"),
            falses,
            only,
        })
    }

    /// Whether node `ni`, component `c`, passes.
    pub fn matches(&self, inv: &Inventory, v: &View, ni: usize, c: &Component) -> bool {
        let x = v.node_xnames[ni].expect("a component has an xname");
        let in_range = |i: usize, n: u64| {
            self.starts.get(i).is_none_or(|&s| n >= s) && self.ends.get(i).is_none_or(|&e| n <= e)
        };
        let ranges = self.starts.len().max(self.ends.len());
        let nid_ok = (self.nids.is_empty() && ranges == 0)
            || c.nid
                .is_some_and(|n| self.nids.contains(&n) || (0..ranges).any(|i| in_range(i, n)));
        let group_ok = any(&self.groups, |g| {
            v.membership.groups_of[ni]
                .iter()
                .any(|&gi| inv.groups[gi].value.name.eq_ignore_ascii_case(g))
        });
        let tenant = v.tenant_of(ni).map(|t| inv.tenants[t].value.name.as_str());
        !self.absent
            && any(&self.falses, |f| !f)
            && self.ids.admits(|i| *i == x)
            && self.types.admits(|t| *t == x.kind())
            && self.states.admits(|s| Some(s.as_str()) == c.state)
            && self.flags.admits(|f| Some(f.as_str()) == c.flag)
            && self.enabled.admits(|e| Some(*e) == c.enabled)
            && self.roles.admits(|r| same_text(r, c.role.as_deref()))
            && self.subroles.admits(|r| same_text(r, c.subrole.as_deref()))
            && self.arches.admits(|a| same_text(a, c.arch))
            && nid_ok
            && group_ok
            && any_text(&self.partitions, tenant)
    }
}

/// The fields SMD's `stateonly`, `flagonly`, `roleonly` and `nidonly` keep.
fn trimmed(mut c: Component, [s, f, r, n]: [bool; 4]) -> Component {
    if !(s || f || r || n) {
        return c;
    }
    if !s {
        c.state = None;
    }
    if !(s || f) {
        c.flag = None;
    }
    if !r {
        c.role = None;
        c.subrole = None;
    }
    if !n {
        c.nid = None;
    }
    c.enabled = None;
    c.arch = None;
    c
}

/// The components that pass `p`'s filter, in xname order, as (node index, component
/// with the fields the filter keeps).
pub(super) fn filtered(
    inv: &Inventory,
    v: &View,
    p: &Params,
    h: &Histories,
) -> Result<Vec<(usize, Component)>, Problem> {
    let f = Filter::parse(p)?;
    Ok(v.components
        .iter()
        .filter_map(|&ni| Some((ni, component(inv, v, ni, h)?)))
        .filter(|(ni, c)| f.matches(inv, v, *ni, c))
        .map(|(ni, c)| (ni, trimmed(c, f.only)))
        .collect())
}

/// `GET /hsm/v2/State/Components`.
pub(super) async fn list(
    Axum(st): Axum<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    let p = match Params::new(q, &KEYS) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match filtered(inv, v, &p, &histories(&st)) {
        Ok(found) => {
            let comps: Vec<Component> = found.into_iter().map(|(_, c)| c).collect();
            Json(serde_json::json!({ "Components": comps })).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /hsm/v2/State/Components/{xname}`.
pub(super) async fn one(Axum(st): Axum<AppState>, Path(xname): Path<String>) -> Response {
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    let h = histories(&st);
    match v
        .node_by_xname(&xname)
        .and_then(|ni| component(inv, v, ni, &h))
    {
        Some(c) => Json(c).into_response(),
        None => problem(StatusCode::NOT_FOUND, "no such xname."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_bools_and_arches() {
        assert_eq!(go_bool("True"), Some(true));
        assert_eq!(go_bool("0"), Some(false));
        assert_eq!(go_bool("yes"), None);
        assert_eq!(smd_arch("x86_64"), "X86");
        assert_eq!(smd_arch("aarch64"), "ARM");
        assert_eq!(smd_arch("riscv64"), "Other");
    }
}
