//! SMD's `POST /hsm/v2/Inventory/RedfishEndpoints`: one endpoint, or
//! `{"RedfishEndpoints": […]}`, each added as a BMC record `bmcs/XNAME.yaml` (name and
//! `xname:` the normalized `ID`; `ip:` from `IPAddress`, or `FQDN` when it is an address;
//! `fqdn:` from `FQDN`, or `Hostname`.`Domain`; `mac:` from `MACAddr`; `network:` the
//! cluster network holding the address). 201 with the new URIs, as SMD answers.
//!
//! chami keeps no secret in the inventory: an endpoint with a non-empty `Password` is
//! refused (400) and nothing is written; its credentials go into the secrets file and the
//! record names the entry with `credentials:`. `User` is not stored either (it belongs
//! to that entry). An `ID`, name or FQDN that a BMC already has is SMD's 409.

use super::writer::{write, Planned, WriteError};
use crate::inventory::model::{Bmc, MacAddr};
use crate::inventory::save::Changes;
use crate::inventory::{Inventory, Origin, Record};
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
use std::net::IpAddr;
use std::path::PathBuf;

/// Where SMD's endpoint URIs start.
const BASE: &str = "/hsm/v2/Inventory/RedfishEndpoints";

/// The fields of SMD's `RedfishEndpoint` that chami keeps or checks (the others are
/// ignored, as SMD's decoder does).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Endpoint {
    #[serde(rename = "ID")]
    id: String,
    #[serde(rename = "Hostname")]
    hostname: String,
    #[serde(rename = "Domain")]
    domain: String,
    #[serde(rename = "FQDN")]
    fqdn: String,
    #[serde(rename = "Password")]
    password: String,
    #[serde(rename = "MACAddr")]
    mac: String,
    #[serde(rename = "IPAddress")]
    ip: String,
}

/// The body: one endpoint or a list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Body {
    List {
        #[serde(rename = "RedfishEndpoints")]
        endpoints: Vec<Endpoint>,
    },
    One(Endpoint),
}

fn bad(why: impl std::fmt::Display) -> Problem {
    Problem::new(
        StatusCode::BAD_REQUEST,
        format!("couldn't validate endpoint data: {why}"),
    )
}

/// Endpoint `e` (at `at`, for messages) as a BMC record.
fn bmc(inv: &Inventory, e: &Endpoint, at: &str) -> Result<Bmc, Problem> {
    let x = Xname::parse(&e.id)
        .map_err(|err| bad(format!("{at}: ID '{}' is not a valid xname: {err}", e.id)))?;
    if !x.kind().is_controller() {
        return Err(bad(format!(
            "{at}: ID '{}' is a {}, not a controller (NodeBMC, ChassisBMC, RouterBMC, CabinetPDUController)",
            e.id,
            x.kind()
        )));
    }
    let id = x.to_string();
    if !e.password.is_empty() {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            format!(
                "{at}: refusing {id}: chami keeps no password in the inventory. Send the endpoint without Password, put its user and password in the secrets file (outside the repository, mode 0600) and name that entry with `credentials:` in bmcs/{id}.yaml (`chami inventory set`)"
            ),
        ));
    }
    let mac = match e.mac.as_str() {
        "" => None,
        m => Some(
            m.parse::<MacAddr>()
                .map_err(|_| bad(format!("{at}: MACAddr '{m}' is not a MAC address")))?,
        ),
    };
    let ip_text = if e.ip.is_empty() { &e.fqdn } else { &e.ip };
    let ip = match (ip_text.parse::<IpAddr>(), e.ip.is_empty()) {
        (Ok(ip), _) => Some(ip),
        (Err(_), true) => None,
        (Err(_), false) => {
            return Err(bad(format!(
                "{at}: IPAddress '{}' is not an IP address",
                e.ip
            )))
        }
    };
    let fqdn = if !e.fqdn.is_empty() && e.fqdn.parse::<IpAddr>().is_err() {
        Some(e.fqdn.clone())
    } else if !e.hostname.is_empty() && e.hostname.parse::<IpAddr>().is_err() {
        Some(match e.domain.as_str() {
            "" => e.hostname.clone(),
            d => format!("{}.{d}", e.hostname),
        })
    } else {
        None
    };
    Ok(Bmc {
        name: id.clone(),
        xname: Some(id),
        network: ip
            .and_then(|ip| crate::inventory::import::network_of(&inv.cluster.networks, None, ip)),
        ip,
        fqdn,
        mac,
        ..Bmc::default()
    })
}

/// SMD's 409 when `b` is already in `inv` (by name, xname, FQDN or file).
fn check_new(inv: &Inventory, b: &Bmc, file: &PathBuf) -> Result<(), Problem> {
    let same_x = |o: &Bmc| {
        let parse = |s: &Option<String>| s.as_deref().and_then(|s| Xname::parse(s).ok());
        parse(&o.xname).is_some() && parse(&o.xname) == parse(&b.xname)
    };
    let taken = inv.bmcs.iter().any(|r| {
        r.value.name == b.name
            || same_x(&r.value)
            || (b.fqdn.is_some() && r.value.fqdn == b.fqdn)
            || r.origin.file == *file
    });
    if taken {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            format!(
                "operation would conflict with an existing resource that has the same FQDN or xname ID ({})",
                b.name
            ),
        ));
    }
    Ok(())
}

/// The change `endpoints` make to `inv`.
fn plan(inv: &Inventory, endpoints: &[Endpoint]) -> Result<Planned, WriteError> {
    let mut after = inv.clone();
    let mut files = BTreeSet::new();
    for (i, e) in endpoints.iter().enumerate() {
        let b = bmc(inv, e, &format!("endpoint {i}"))?;
        let file = PathBuf::from("bmcs").join(format!("{}.yaml", b.name));
        check_new(&after, &b, &file)?;
        files.insert(file.clone());
        after.bmcs.push(Record {
            value: b,
            origin: Origin::new_file(file),
        });
    }
    let mut changes = Changes::default();
    changes
        .plan::<Bmc>(&after, &files)
        .map_err(|e| WriteError::Failed(format!("cannot render the BMC files: {e}")))?;
    Ok(Planned {
        after,
        changes,
        summary: format!("added {} BMC(s)", endpoints.len()),
    })
}

/// `POST /hsm/v2/Inventory/RedfishEndpoints`.
pub async fn post(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: bytes::Bytes,
) -> Response {
    let endpoints = match serde_json::from_slice::<Body>(&body) {
        Ok(Body::List { endpoints }) => endpoints,
        Ok(Body::One(e)) => vec![e],
        Err(e) => {
            return Problem::new(StatusCode::BAD_REQUEST, format!("error decoding JSON {e}"))
                .into_response()
        }
    };
    if endpoints.is_empty() {
        return bad("no endpoint in the body").into_response();
    }
    let uris: Vec<serde_json::Value> = endpoints
        .iter()
        .map(|e| {
            let id = Xname::parse(&e.id).map_or(e.id.clone(), |x| x.to_string());
            serde_json::json!({ "URI": format!("{BASE}/{id}") })
        })
        .collect();
    let route = "POST /hsm/v2/Inventory/RedfishEndpoints";
    match write(&st, &caller, route, move |inv| plan(inv, &endpoints)).await {
        Ok(_) => {
            let location = match uris.as_slice() {
                [one] => one["URI"].as_str().unwrap_or(BASE).to_string(),
                _ => BASE.to_string(),
            };
            let mut resp = (StatusCode::CREATED, axum::Json(uris)).into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            resp
        }
        Err(e) => e.into_response(),
    }
}
