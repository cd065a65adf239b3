//! BSS's writes of `/boot/v1/bootparameters`, as inventory edits: the body names nodes by
//! `hosts` (xname, or host name), `macs` and `nids`; its `kernel`, `initrd` and `params`
//! become the nodes' `boot.overrides.{kernel,initrd,params}`, through the same
//! [`Edit`]s as `chami inventory set`. A BSS entry is a node's overrides:
//! - `PUT` replaces them: a field left out or empty removes that override (the profile's
//!   value applies again); 200.
//! - `PATCH` changes only the fields given non-empty; 200.
//! - `POST` creates them: as `PUT`, but refused (400 `Already exists`) when a named node
//!   already has a kernel, initrd or params override; 201.
//!
//! Every named host, MAC and NID must be a node (else 400 for `PUT`/`POST`, 404 for
//! `PATCH`, as BSS answers its failures); nothing is written then.

use super::writer::{write, Planned, WriteError};
use crate::inventory::edit::Edit;
use crate::inventory::model::{MacAddr, Node};
use crate::inventory::save::Changes;
use crate::inventory::Inventory;
use crate::serve::auth::Caller;
use crate::serve::smd::Problem;
use crate::serve::state::AppState;
use crate::xname::Xname;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;
use std::collections::BTreeSet;

/// BSS's `BootParams` body (other fields, such as `cloud-init`, are ignored).
#[derive(Debug, Default, Deserialize)]
struct BootParams {
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    macs: Vec<String>,
    #[serde(default)]
    nids: Vec<u64>,
    #[serde(default)]
    params: String,
    #[serde(default)]
    kernel: String,
    #[serde(default)]
    initrd: String,
}

/// Which write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Put,
    Patch,
    Post,
}

impl Method {
    fn route(self) -> &'static str {
        match self {
            Method::Put => "PUT /boot/v1/bootparameters",
            Method::Patch => "PATCH /boot/v1/bootparameters",
            Method::Post => "POST /boot/v1/bootparameters",
        }
    }

    /// BSS's status for a node it cannot find.
    fn not_found(self) -> StatusCode {
        match self {
            Method::Patch => StatusCode::NOT_FOUND,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

fn bad(why: impl std::fmt::Display) -> Problem {
    Problem::new(StatusCode::BAD_REQUEST, format!("Bad Request: {why}"))
}

/// The nodes `bp` names, each once, in the order named; what names no node is an error.
fn select(inv: &Inventory, bp: &BootParams, m: Method) -> Result<Vec<usize>, Problem> {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for h in &bp.hosts {
        let x = Xname::parse(h).ok();
        let hit = inv.nodes.iter().position(|r| {
            let own = r.value.xname.as_deref().and_then(|s| Xname::parse(s).ok());
            (x.is_some() && own == x) || r.value.name == *h
        });
        hit.map_or_else(|| unknown.push(h.clone()), |ni| found.push(ni));
    }
    for m in &bp.macs {
        let mac: MacAddr = m
            .parse()
            .map_err(|_| bad(format!("invalid MAC address '{m}'")))?;
        let hit = inv
            .nodes
            .iter()
            .position(|r| r.value.interfaces.iter().any(|f| f.mac == Some(mac)));
        hit.map_or_else(|| unknown.push(m.clone()), |ni| found.push(ni));
    }
    for n in &bp.nids {
        let hit = inv.nodes.iter().position(|r| r.value.nid == Some(*n));
        hit.map_or_else(|| unknown.push(n.to_string()), |ni| found.push(ni));
    }
    if !unknown.is_empty() {
        return Err(Problem::new(
            m.not_found(),
            format!(
                "Not Found: no node is {} (chami serve changes the boot parameters of the inventory's nodes only; add a node with `chami inventory add`)",
                unknown.join(", ")
            ),
        ));
    }
    if found.is_empty() {
        return Err(bad("name the nodes with hosts, macs or nids"));
    }
    let mut seen = BTreeSet::new();
    found.retain(|ni| seen.insert(*ni));
    Ok(found)
}

/// The edits `bp` makes with method `m`.
fn edits(bp: &BootParams, m: Method) -> Vec<Edit> {
    [
        ("boot.overrides.kernel", &bp.kernel),
        ("boot.overrides.initrd", &bp.initrd),
        ("boot.overrides.params", &bp.params),
    ]
    .into_iter()
    .filter_map(|(key, value)| match (value.is_empty(), m) {
        (true, Method::Patch) => None,
        (true, _) => Some(Edit::unset(key)),
        (false, _) => Some(Edit {
            key: key.to_string(),
            op: crate::inventory::edit::Op::Assign,
            value: value.clone(),
        }),
    })
    .collect()
}

/// The change `bp` makes to `inv`.
fn plan(inv: &Inventory, bp: &BootParams, m: Method) -> Result<Planned, WriteError> {
    let selected = select(inv, bp, m)?;
    let mut after = inv.clone();
    let mut files = BTreeSet::new();
    let edits = edits(bp, m);
    for &ni in &selected {
        let rec = &mut after.nodes[ni];
        let o = &rec.value.boot.overrides;
        if m == Method::Post && (o.kernel.is_some() || o.initrd.is_some() || o.params.is_some()) {
            return Err(bad(format!("Already exists: {}", rec.value.name)).into());
        }
        for e in &edits {
            e.apply(&mut rec.value)
                .map_err(|err| bad(format!("node {}: {err}", rec.value.name)))?;
        }
        if rec.value != inv.nodes[ni].value {
            files.insert(rec.origin.file.clone());
        }
    }
    let mut changes = Changes::default();
    changes
        .plan::<Node>(&after, &files)
        .map_err(|e| WriteError::Failed(format!("cannot render the node files: {e}")))?;
    let names: Vec<&str> = selected
        .iter()
        .map(|&ni| inv.nodes[ni].value.name.as_str())
        .collect();
    Ok(Planned {
        after,
        changes,
        summary: format!(
            "boot overrides of {} node(s): {}",
            names.len(),
            names.join(", ")
        ),
    })
}

async fn run(st: AppState, caller: Caller, body: bytes::Bytes, m: Method) -> Response {
    let bp: BootParams = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return bad(e).into_response(),
    };
    match write(&st, &caller, m.route(), move |inv| plan(inv, &bp, m)).await {
        Ok(_) => {
            let status = if m == Method::Post {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let json = HeaderValue::from_static("application/json; charset=UTF-8");
            (status, [(header::CONTENT_TYPE, json)]).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `PUT /boot/v1/bootparameters`.
pub async fn put(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: bytes::Bytes,
) -> Response {
    run(st, caller, body, Method::Put).await
}

/// `PATCH /boot/v1/bootparameters`.
pub async fn patch(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: bytes::Bytes,
) -> Response {
    run(st, caller, body, Method::Patch).await
}

/// `POST /boot/v1/bootparameters`.
pub async fn post(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: bytes::Bytes,
) -> Response {
    run(st, caller, body, Method::Post).await
}
