//! Answering one request: latency, faults, auth and sessions, then GET of the bundle
//! (with `$expand` when the bundle advertises it) and the writable parts: Reset (each
//! ResetType recorded; applied at once, late, never, or all but GracefulShutdown as the
//! member's fault says), BIOS settings PATCH, SimpleUpdate and its task, PDU outlet
//! PowerControl.

use super::bundle::Bundle;
use super::fleet::{Fault, Foreign};
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Body = BoxBody<Bytes, std::io::Error>;

/// One member's state.
pub struct MemberState {
    bundle: Arc<Bundle>,
    changed: Mutex<HashMap<String, Value>>,
    fault: Option<Fault>,
    fail_left: AtomicU32,
    pub requests: AtomicU64,
    pub updates: Mutex<Vec<String>>,
    pub resets: Mutex<Vec<String>>,
    tasks: Mutex<HashMap<String, (u32, bool)>>,
}

impl MemberState {
    pub fn new(bundle: Arc<Bundle>, fault: Option<Fault>) -> MemberState {
        let fail_left = match fault {
            Some(Fault::FailFirst(n)) => n,
            _ => 0,
        };
        MemberState {
            bundle,
            changed: Mutex::new(HashMap::new()),
            fault,
            fail_left: AtomicU32::new(fail_left),
            requests: AtomicU64::new(0),
            updates: Mutex::new(vec![]),
            resets: Mutex::new(vec![]),
            tasks: Mutex::new(HashMap::new()),
        }
    }

    /// The resource at `path` as it is now.
    pub fn get(&self, path: &str) -> Option<Value> {
        let path = path.trim_end_matches('/');
        if let Some(v) = self.changed.lock().unwrap().get(path) {
            return Some(v.clone());
        }
        self.bundle.resources.get(path).cloned()
    }

    fn put(&self, path: &str, v: Value) {
        self.changed.lock().unwrap().insert(path.to_string(), v);
    }
}

/// What every connection shares.
pub struct Shared {
    pub members: HashMap<Ipv4Addr, Arc<MemberState>>,
    latency: Duration,
    auth: Option<(String, String)>,
    pub sessions: Mutex<HashMap<String, String>>,
    next: AtomicU64,
    pub total: AtomicU64,
}

impl Shared {
    pub fn new(
        members: HashMap<Ipv4Addr, Arc<MemberState>>,
        latency: Duration,
        auth: Option<(String, String)>,
    ) -> Shared {
        Shared {
            members,
            latency,
            auth,
            sessions: Mutex::new(HashMap::new()),
            next: AtomicU64::new(1),
            total: AtomicU64::new(0),
        }
    }
}

/// Serves HTTP/1.1 on one accepted connection.
pub async fn serve_connection<S>(stream: S, addr: Ipv4Addr, shared: Arc<Shared>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let io = hyper_util::rt::TokioIo::new(stream);
    let service = hyper::service::service_fn(move |req| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(answer(req, addr, &shared).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(io, service)
        .await;
}

fn full(status: StatusCode, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(Full::new(body.into()).map_err(|e| match e {}).boxed());
    *r.status_mut() = status;
    r
}

fn json_answer(status: StatusCode, v: &Value) -> Response<Body> {
    let mut r = full(status, serde_json::to_vec(v).unwrap());
    r.headers_mut()
        .insert("Content-Type", "application/json".parse().unwrap());
    r.headers_mut()
        .insert("OData-Version", "4.0".parse().unwrap());
    r
}

fn error(status: StatusCode, message: &str) -> Response<Body> {
    json_answer(
        status,
        &json!({"error": {"code": "Base.1.0.GeneralError", "message": message,
            "@Message.ExtendedInfo": [{"Message": message}]}}),
    )
}

async fn answer(req: Request<Incoming>, addr: Ipv4Addr, shared: &Shared) -> Response<Body> {
    shared.total.fetch_add(1, Ordering::Relaxed);
    let Some(m) = shared.members.get(&addr) else {
        return error(StatusCode::NOT_FOUND, "no such member");
    };
    m.requests.fetch_add(1, Ordering::Relaxed);
    if !shared.latency.is_zero() {
        tokio::time::sleep(shared.latency).await;
    }
    if let Some(r) = fault(m).await {
        return r;
    }
    let method = req.method().clone();
    let path = req.uri().path().trim_end_matches('/').to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let token = header(&req, "X-Auth-Token");
    let basic = header(&req, "Authorization");
    let raw = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let body: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    let sessions = "/redfish/v1/SessionService/Sessions";
    let echo = match m.fault {
        Some(Fault::EchoRequest) => true,
        Some(Fault::EchoAfterLogin) => !(method == hyper::Method::POST && path == sessions),
        _ => false,
    };
    if echo && path != "/redfish/v1" {
        let echo = format!(
            "bad request: {} {path} body={} Authorization={} X-Auth-Token={}",
            method,
            String::from_utf8_lossy(&raw),
            basic.as_deref().unwrap_or("-"),
            token.as_deref().unwrap_or("-")
        );
        return error(StatusCode::BAD_REQUEST, &echo);
    }
    let foreign = match m.fault {
        Some(Fault::Foreign(how, to)) => Some((how, format!("http://{to}"))),
        _ => None,
    };
    if let Some((user, pass)) = &shared.auth {
        if method == hyper::Method::POST && path == sessions {
            if body["UserName"] != *user || body["Password"] != *pass {
                return error(StatusCode::UNAUTHORIZED, "bad credentials");
            }
            let n = shared.next.fetch_add(1, Ordering::Relaxed);
            let tok = format!("token-{n}-{}", fastrand::u64(..));
            let loc = match &foreign {
                Some((Foreign::SessionLocation, to)) => format!("{to}{sessions}/{n}"),
                _ => format!("{sessions}/{n}"),
            };
            shared
                .sessions
                .lock()
                .unwrap()
                .insert(tok.clone(), loc.clone());
            let mut r = json_answer(
                StatusCode::CREATED,
                &json!({"@odata.id": loc, "Id": n.to_string()}),
            );
            r.headers_mut().insert("X-Auth-Token", tok.parse().unwrap());
            r.headers_mut().insert("Location", loc.parse().unwrap());
            return r;
        }
        let open = path == "/redfish/v1" || path == "/redfish/v1/odata";
        let by_token = token
            .as_ref()
            .is_some_and(|t| shared.sessions.lock().unwrap().contains_key(t));
        let expected = basic_header(user, pass);
        if !open && !by_token && basic.as_deref() != Some(expected.as_str()) {
            return error(StatusCode::UNAUTHORIZED, "authentication required");
        }
        if method == hyper::Method::DELETE && path.starts_with(sessions) {
            let mut s = shared.sessions.lock().unwrap();
            let before = s.len();
            s.retain(|_, loc| *loc != path);
            return if s.len() < before {
                full(StatusCode::NO_CONTENT, "")
            } else {
                error(StatusCode::NOT_FOUND, "no such session")
            };
        }
    }
    if let Some((Foreign::Redirect, to)) = &foreign {
        if method == hyper::Method::GET && path != "/redfish/v1" {
            let mut r = full(StatusCode::FOUND, "");
            let to = format!("{to}{path}");
            r.headers_mut().insert("Location", to.parse().unwrap());
            return r;
        }
    }
    if m.fault == Some(Fault::RefusesChanges) && method != hyper::Method::GET {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("{path}: the property is read-only on this service"),
        );
    }
    match method {
        hyper::Method::GET => {
            hostile(m, &path, foreign.as_ref()).unwrap_or_else(|| get(m, &path, &query))
        }
        hyper::Method::POST if path.ends_with("/Actions/ComputerSystem.Reset") => {
            reset(m, &path, &body)
        }
        hyper::Method::POST if path.ends_with("/Actions/UpdateService.SimpleUpdate") => {
            simple_update(m, &body)
        }
        hyper::Method::POST if path.ends_with("/Outlet.PowerControl") => {
            outlet_control(m, &path, &body)
        }
        hyper::Method::PATCH => patch(m, &path, &body),
        _ => error(StatusCode::METHOD_NOT_ALLOWED, "not supported by the mock"),
    }
}

fn header(req: &Request<Incoming>, name: &str) -> Option<String> {
    req.headers().get(name)?.to_str().ok().map(str::to_string)
}

/// `Basic base64(user:pass)`, written out here to keep the mock free of dependencies.
fn basic_header(user: &str, pass: &str) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{pass}");
    let mut out = String::new();
    for c in input.as_bytes().chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= c.len() {
                A[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    format!("Basic {out}")
}

async fn fault(m: &MemberState) -> Option<Response<Body>> {
    match m.fault? {
        Fault::Hang => std::future::pending().await,
        Fault::Status500 => Some(error(StatusCode::INTERNAL_SERVER_ERROR, "injected fault")),
        Fault::InvalidJson => Some(full(StatusCode::OK, "<html>this is not JSON")),
        Fault::Truncated => {
            let chunks: Vec<Result<Frame<Bytes>, std::io::Error>> = vec![
                Ok(Frame::data(Bytes::from_static(
                    b"{\"@odata.id\": \"/redfish/v1/\", ",
                ))),
                Err(std::io::Error::other("cut")),
            ];
            let body = StreamBody::new(futures_util::stream::iter(chunks)).boxed();
            let mut r = Response::new(body);
            r.headers_mut()
                .insert("Content-Length", "4096".parse().unwrap());
            Some(r)
        }
        Fault::Huge(n) => {
            const CHUNK: usize = 64 << 10;
            let head = Bytes::from_static(b"{\"Name\": \"");
            let filler = Bytes::from(vec![b'x'; CHUNK]);
            let count = n / CHUNK as u64;
            let stream = futures_util::stream::iter(
                std::iter::once(head)
                    .chain((0..count).map(move |_| filler.clone()))
                    .chain(std::iter::once(Bytes::from_static(b"\"}")))
                    .map(|b| Ok::<_, std::io::Error>(Frame::data(b))),
            );
            Some(Response::new(StreamBody::new(stream).boxed()))
        }
        Fault::Foreign(..)
        | Fault::ManySystems(_)
        | Fault::EchoRequest
        | Fault::EchoAfterLogin
        | Fault::PowerStuck
        | Fault::IgnoresGraceful
        | Fault::PowerDelay(_)
        | Fault::RefusesChanges => None,
        Fault::FailFirst(_) => {
            let left = m.fail_left.load(Ordering::Relaxed);
            if left > 0 {
                m.fail_left.fetch_sub(1, Ordering::Relaxed);
                return Some(error(StatusCode::SERVICE_UNAVAILABLE, "starting up"));
            }
            None
        }
    }
}

/// The answers of a rogue or hostile member that differ from its bundle, if `path` is
/// one of them: links to another listener, or thousands of systems.
fn hostile(
    m: &MemberState,
    path: &str,
    foreign: Option<&(Foreign, String)>,
) -> Option<Response<Body>> {
    let systems = "/redfish/v1/Systems";
    match (m.fault, foreign) {
        (_, Some((Foreign::OdataId, to))) if path == "/redfish/v1" => {
            let mut root = m.get(path)?;
            root["Systems"] = json!({ "@odata.id": format!("{to}{systems}") });
            Some(json_answer(StatusCode::OK, &root))
        }
        (_, Some((Foreign::Members, to))) if path == systems => {
            let mut coll = m.get(path)?;
            let list = coll["Members"].as_array_mut()?;
            list.push(json!({ "@odata.id": format!("{to}{systems}/elsewhere") }));
            coll["Members@odata.count"] = json!(list.len());
            Some(json_answer(StatusCode::OK, &coll))
        }
        (Some(Fault::ManySystems(n)), _) if path == systems => {
            let list: Vec<Value> = (0..n)
                .map(|i| json!({ "@odata.id": format!("{systems}/many-{i}") }))
                .collect();
            let coll = json!({"@odata.id": systems, "Name": "Systems",
                "Members@odata.count": n, "Members": list});
            Some(json_answer(StatusCode::OK, &coll))
        }
        (Some(Fault::ManySystems(_)), _) => {
            let i = path.strip_prefix("/redfish/v1/Systems/many-")?;
            let first = m.get(systems)?["Members"][0]["@odata.id"]
                .as_str()?
                .to_string();
            let mut sys = m.get(&first)?;
            sys["Id"] = json!(format!("many-{i}"));
            sys["@odata.id"] = json!(path);
            sys["SerialNumber"] = json!(format!("MANY{i:05}"));
            sys["UUID"] = json!(format!(
                "00000000-0000-0000-0000-{:012}",
                i.parse::<u64>().ok()?
            ));
            Some(json_answer(StatusCode::OK, &sys))
        }
        _ => None,
    }
}

fn get(m: &MemberState, path: &str, query: &str) -> Response<Body> {
    if let Some(t) = m.tasks.lock().unwrap().get_mut(path) {
        t.0 += 1;
        let (state, pct) = match (t.0, t.1) {
            (n, _) if n < 3 => ("Running", n * 33),
            (_, true) => ("Exception", 100),
            _ => ("Completed", 100),
        };
        return json_answer(
            StatusCode::OK,
            &json!({"@odata.id": path, "Id": path.rsplit('/').next(), "TaskState": state,
                "PercentComplete": pct, "Messages": [{"Message": format!("update {state}")}]}),
        );
    }
    let Some(mut v) = m.get(path) else {
        return error(StatusCode::NOT_FOUND, &format!("no resource at {path}"));
    };
    if m.bundle.expand && query.contains("$expand") {
        if let Some(members) = v.get_mut("Members").and_then(Value::as_array_mut) {
            for member in members.iter_mut() {
                if let Some(full) = member["@odata.id"].as_str().and_then(|id| m.get(id)) {
                    *member = full;
                }
            }
        }
    }
    json_answer(StatusCode::OK, &v)
}

fn reset(m: &Arc<MemberState>, path: &str, body: &Value) -> Response<Body> {
    let system = path.trim_end_matches("/Actions/ComputerSystem.Reset");
    let Some(mut sys) = m.get(system) else {
        return error(StatusCode::NOT_FOUND, "no such system");
    };
    let kind = body["ResetType"].as_str().unwrap_or("");
    let allowed = &sys["Actions"]["#ComputerSystem.Reset"]["ResetType@Redfish.AllowableValues"];
    if let Some(list) = allowed.as_array() {
        if !list.iter().any(|v| v == kind) {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("ResetType {kind} is not allowed"),
            );
        }
    }
    m.resets.lock().unwrap().push(kind.to_string());
    let state = match kind {
        "ForceOff" | "GracefulShutdown" => "Off",
        _ => "On",
    };
    match m.fault {
        Some(Fault::PowerStuck) => {}
        Some(Fault::IgnoresGraceful) if kind == "GracefulShutdown" => {}
        Some(Fault::PowerDelay(d)) => {
            sys["PowerState"] = json!(if state == "Off" {
                "PoweringOff"
            } else {
                "PoweringOn"
            });
            m.put(system, sys.clone());
            let (m, system) = (m.clone(), system.to_string());
            tokio::spawn(async move {
                tokio::time::sleep(d).await;
                sys["PowerState"] = json!(state);
                m.put(&system, sys);
            });
        }
        _ => {
            sys["PowerState"] = json!(state);
            m.put(system, sys);
        }
    }
    full(StatusCode::NO_CONTENT, "")
}

/// A PDU outlet's PowerControl: PowerState On, Off or PowerCycle (recorded as a reset
/// `OUTLET:STATE`).
fn outlet_control(m: &MemberState, path: &str, body: &Value) -> Response<Body> {
    let outlet = path
        .trim_end_matches("/Outlet.PowerControl")
        .trim_end_matches("/Actions");
    let Some(mut o) = m.get(outlet) else {
        return error(StatusCode::NOT_FOUND, "no such outlet");
    };
    let state = match body["PowerState"].as_str() {
        Some("On" | "PowerCycle") => "On",
        Some("Off") => "Off",
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "PowerState must be On, Off or PowerCycle",
            )
        }
    };
    let id = outlet.rsplit('/').next().unwrap_or_default();
    m.resets.lock().unwrap().push(format!(
        "{id}:{}",
        body["PowerState"].as_str().unwrap_or_default()
    ));
    o["PowerState"] = json!(state);
    m.put(outlet, o);
    full(StatusCode::NO_CONTENT, "")
}

fn patch(m: &MemberState, path: &str, body: &Value) -> Response<Body> {
    let Some(mut v) = m.get(path) else {
        return error(StatusCode::NOT_FOUND, "no such resource");
    };
    if let (Some(into), Some(from)) = (
        v.get_mut("Attributes").and_then(Value::as_object_mut),
        body.get("Attributes").and_then(Value::as_object),
    ) {
        for (k, val) in from {
            into.insert(k.clone(), val.clone());
        }
    } else {
        return error(
            StatusCode::BAD_REQUEST,
            "only Attributes can be changed here",
        );
    }
    m.put(path, v);
    full(StatusCode::NO_CONTENT, "")
}

fn simple_update(m: &MemberState, body: &Value) -> Response<Body> {
    let Some(uri) = body["ImageURI"].as_str() else {
        return error(StatusCode::BAD_REQUEST, "ImageURI is required");
    };
    let mut updates = m.updates.lock().unwrap();
    updates.push(uri.to_string());
    let task = format!("/redfish/v1/TaskService/Tasks/{}", 100 + updates.len());
    m.tasks
        .lock()
        .unwrap()
        .insert(task.clone(), (0, uri.contains("fail")));
    let mut r = json_answer(
        StatusCode::ACCEPTED,
        &json!({"@odata.id": task, "TaskState": "New"}),
    );
    r.headers_mut().insert("Location", task.parse().unwrap());
    r
}
