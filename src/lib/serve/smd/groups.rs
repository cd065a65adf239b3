//! SMD's groups, partitions and memberships. chami groups are SMD groups (label = group
//! name, `exclusiveGroup` = `exclusive:`); chami tenants are SMD partitions: both are
//! non-overlapping divisions (a node has at most one tenant). Members are listed by xname;
//! members without one are left out.

use super::components::{filtered, KEYS};
use super::problem::problem;
use super::query::Params;
use super::view::{view, View};
use crate::inventory::Inventory;
use crate::serve::state::AppState;
use crate::xname::Xname;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// `Members.1.0.0`.
#[derive(Debug, Serialize)]
struct Members {
    ids: Vec<String>,
}

/// `Group.1.0.0`.
#[derive(Debug, Serialize)]
struct Group {
    label: String,
    description: String,
    #[serde(rename = "exclusiveGroup", skip_serializing_if = "Option::is_none")]
    exclusive: Option<String>,
    members: Members,
}

/// `Partition.1.0.0`.
#[derive(Debug, Serialize)]
struct Partition {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    members: Members,
}

/// `Membership.1.0.0`.
#[derive(Debug, Serialize)]
struct Membership {
    id: String,
    #[serde(rename = "groupLabels")]
    groups: Vec<String>,
    #[serde(rename = "partitionName")]
    partition: String,
}

/// The xnames of `nodes` that pass `keep`, in xname order.
fn xnames(v: &View, nodes: &[usize], keep: impl Fn(usize) -> bool) -> Members {
    let mut xs: Vec<Xname> = nodes
        .iter()
        .filter(|&&ni| keep(ni))
        .filter_map(|&ni| v.node_xnames[ni])
        .collect();
    xs.sort();
    Members {
        ids: xs.iter().map(ToString::to_string).collect(),
    }
}

/// Node `ni`'s tenant's name, `""` for none.
fn tenant_name(inv: &Inventory, v: &View, ni: usize) -> String {
    v.tenant_of(ni)
        .map(|t| inv.tenants[t].value.name.clone())
        .unwrap_or_default()
}

/// Group `gi`, its members restricted to partition `part` when given (`NULL`: in none).
fn group(inv: &Inventory, v: &View, gi: usize, part: Option<&str>) -> Group {
    let g = &inv.groups[gi].value;
    let in_part = |ni: usize| match part {
        None => true,
        Some(p) if p.eq_ignore_ascii_case("NULL") => v.tenant_of(ni).is_none(),
        Some(p) => tenant_name(inv, v, ni).eq_ignore_ascii_case(p),
    };
    Group {
        label: g.name.clone(),
        description: g.description.clone().unwrap_or_default(),
        exclusive: g.exclusive.clone(),
        members: xnames(v, &v.membership.members_of[gi], in_part),
    }
}

fn group_index(inv: &Inventory, label: &str) -> Option<usize> {
    inv.groups
        .iter()
        .position(|g| g.value.name.eq_ignore_ascii_case(label))
}

/// `GET /hsm/v2/groups`: filters `group` (label), `tag` (chami groups have none, so
/// nothing matches) and `partition`.
pub(super) async fn groups(
    State(st): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let p = match Params::new(q, &["group", "tag", "partition"]) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    let labels = p.lowered("group");
    let part = p.values("partition").next();
    let tagged = p.has("tag");
    let found: Vec<Group> = (0..inv.groups.len())
        .filter(|&gi| {
            !tagged
                && (labels.is_empty()
                    || labels
                        .iter()
                        .any(|l| inv.groups[gi].value.name.eq_ignore_ascii_case(l)))
        })
        .map(|gi| group(inv, v, gi, part))
        .collect();
    Json(found).into_response()
}

/// `GET /hsm/v2/groups/{label}`.
pub(super) async fn one_group(
    State(st): State<AppState>,
    Path(label): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let p = match Params::new(q, &["partition"]) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    match group_index(inv, &label) {
        Some(gi) => Json(group(inv, v, gi, p.values("partition").next())).into_response(),
        None => problem(StatusCode::NOT_FOUND, format!("No such group: {label}")),
    }
}

fn partition(inv: &Inventory, v: &View, ti: usize) -> Partition {
    let t = &inv.tenants[ti].value;
    let owned: Vec<usize> = (0..inv.nodes.len())
        .filter(|&ni| v.tenant_of(ni) == Some(ti))
        .collect();
    Partition {
        name: t.name.clone(),
        description: t.description.clone(),
        members: xnames(v, &owned, |_| true),
    }
}

/// `GET /hsm/v2/partitions`: filters `partition` (name) and `tag` (nothing matches).
pub(super) async fn partitions(
    State(st): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let p = match Params::new(q, &["partition", "tag"]) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    let names = p.lowered("partition");
    let found: Vec<Partition> = (0..inv.tenants.len())
        .filter(|&ti| {
            !p.has("tag")
                && (names.is_empty()
                    || names
                        .iter()
                        .any(|n| inv.tenants[ti].value.name.eq_ignore_ascii_case(n)))
        })
        .map(|ti| partition(inv, v, ti))
        .collect();
    Json(found).into_response()
}

/// `GET /hsm/v2/partitions/{name}`.
pub(super) async fn one_partition(
    State(st): State<AppState>,
    Path(name): Path<String>,
) -> Response {
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    match inv
        .tenants
        .iter()
        .position(|t| t.value.name.eq_ignore_ascii_case(&name))
    {
        Some(ti) => Json(partition(inv, v, ti)).into_response(),
        None => problem(StatusCode::NOT_FOUND, format!("No such partition: {name}")),
    }
}

fn membership(inv: &Inventory, v: &View, ni: usize, x: Xname) -> Membership {
    Membership {
        id: x.to_string(),
        groups: v.membership.groups_of[ni]
            .iter()
            .map(|&gi| inv.groups[gi].value.name.clone())
            .collect(),
        partition: tenant_name(inv, v, ni),
    }
}

/// `GET /hsm/v2/memberships`: the component filters.
pub(super) async fn memberships(
    State(st): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let p = match Params::new(q, &KEYS) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    match filtered(inv, v, &p, &super::state::histories(&st)) {
        Ok(found) => {
            let out: Vec<Membership> = found
                .into_iter()
                .filter_map(|(ni, _)| Some(membership(inv, v, ni, v.node_xnames[ni]?)))
                .collect();
            Json(out).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /hsm/v2/memberships/{xname}`: 400 for a name that is no xname, 404 for one that
/// is no component.
pub(super) async fn one_membership(
    State(st): State<AppState>,
    Path(xname): Path<String>,
) -> Response {
    let Ok(x) = Xname::parse(&xname) else {
        return problem(StatusCode::BAD_REQUEST, "invalid xname");
    };
    let snap = st.current();
    let (inv, v) = (snap.inventory(), view(&snap));
    match v.node_by_xname(&xname) {
        Some(ni) => Json(membership(inv, v, ni, x)).into_response(),
        None => problem(StatusCode::NOT_FOUND, format!("No such xname: {x}")),
    }
}
