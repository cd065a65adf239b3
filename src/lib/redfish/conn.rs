//! One BMC connection: the endpoint, how it authenticates (none, basic, or a Redfish
//! session that is logged out afterwards) and JSON requests that turn error statuses
//! into [`RedfishError`]s naming the URL. Every request is bound to the BMC's origin
//! (links and redirects elsewhere are refused, so credentials go nowhere else), spends
//! the BMC's crawl [`Budget`], and every error it returns has the secrets masked.

use super::budget::{Budget, Cut, Limits};
use super::mask::Masker;
use super::origin::resolve;
use super::transport::{Answer, Request};
use super::{Credentials, Endpoint, RedfishError, Transport};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Method;
use serde_json::Value;
use std::sync::Mutex;

/// How to authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// Basic auth on every request.
    Basic,
    /// A Redfish session (X-Auth-Token), falling back to basic auth when the service has
    /// no session service.
    Session,
}

struct SessionToken {
    token: String,
    location: Option<String>,
}

/// A connection to one BMC.
pub struct Conn {
    transport: Transport,
    endpoint: Endpoint,
    credentials: Option<Credentials>,
    mode: AuthMode,
    session: Mutex<Option<SessionToken>>,
    per_bmc: tokio::sync::Semaphore,
    budget: Budget,
    masker: Mutex<Masker>,
    warnings: Mutex<Vec<String>>,
}

impl Conn {
    /// A connection; nothing is sent until the first request (or [`Conn::login`]). The
    /// budget's deadline starts now.
    pub fn new(
        transport: Transport,
        endpoint: Endpoint,
        credentials: Option<Credentials>,
        mode: AuthMode,
    ) -> Conn {
        let per_bmc = tokio::sync::Semaphore::new(transport.options().per_bmc.max(1));
        let budget = Budget::new(transport.options().limits);
        Conn {
            per_bmc,
            transport,
            endpoint,
            masker: Mutex::new(Masker::new(credentials.as_ref())),
            credentials,
            mode,
            session: Mutex::new(None),
            budget,
            warnings: Mutex::new(vec![]),
        }
    }

    /// The same connection with other limits (a firmware update that waits longer).
    pub fn with_limits(mut self, limits: Limits) -> Conn {
        self.budget = Budget::new(limits);
        self
    }

    /// The BMC's endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Opens a session when the mode asks for one and credentials are known. A service
    /// without sessions is used with basic auth instead.
    pub async fn login(&self) -> Result<(), RedfishError> {
        self.open_session().await.map_err(|e| self.masked(e))
    }

    async fn open_session(&self) -> Result<(), RedfishError> {
        let Some(c) = &self.credentials else {
            return Ok(());
        };
        if self.mode != AuthMode::Session {
            return Ok(());
        }
        let path = "/redfish/v1/SessionService/Sessions";
        let body = serde_json::json!({"UserName": c.username, "Password": c.password.expose()});
        let url = self.endpoint.url(path);
        let answer = self
            .exchange(
                Request {
                    method: Method::POST,
                    url: &url,
                    headers: HeaderMap::new(),
                    body: Some(&body),
                    basic: None,
                },
                true,
            )
            .await?;
        // No session service (404, 405, 501), or one that wants basic auth for the
        // session POST itself (401, sushy-tools): use basic auth; wrong credentials are
        // then refused by the first real request.
        if matches!(answer.status.as_u16(), 401 | 404 | 405 | 501) {
            return Ok(());
        }
        let answer = check("POST", &url, answer)?;
        let header = |n: &str| {
            answer
                .headers
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let Some(token) = header("X-Auth-Token") else {
            return Err(RedfishError::Unsupported {
                url,
                what: "the session was created without an X-Auth-Token header".into(),
            });
        };
        self.masker.lock().expect("not poisoned").add(&token);
        let location = header("Location").or_else(|| {
            parse_json(&url, &answer.body)
                .ok()
                .and_then(|v| v["@odata.id"].as_str().map(str::to_string))
        });
        let location = match location.map(|l| self.resolve(&l, "the session Location")) {
            Some(Err(e)) => {
                self.warn(format!(
                    "{e}; the session cannot be logged out and stays open until it times out"
                ));
                None
            }
            Some(Ok(url)) => Some(url),
            None => None,
        };
        *self.session.lock().expect("not poisoned") = Some(SessionToken { token, location });
        Ok(())
    }

    /// Deletes the session, if one is open. Not counted against the budget: a session
    /// must not be left open because the crawl was cut.
    pub async fn logout(&self) -> Result<(), RedfishError> {
        let taken = self.session.lock().expect("not poisoned").take();
        let Some(SessionToken {
            token,
            location: Some(url),
        }) = taken
        else {
            return Ok(());
        };
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&token) {
            headers.insert("X-Auth-Token", v);
        }
        let request = Request {
            method: Method::DELETE,
            url: &url,
            headers,
            body: None,
            basic: None,
        };
        let result = match self.exchange(request, false).await {
            Ok(answer) => check("DELETE", &url, answer).map(|_| ()),
            Err(e) => Err(e),
        };
        result.map_err(|e| self.masked(e))
    }

    /// GET `path` as JSON.
    pub async fn get(&self, path: &str) -> Result<Value, RedfishError> {
        let (url, answer) = self.call(Method::GET, path, None, None).await?;
        parse_json(&url, &answer.body).map_err(|e| self.masked(e))
    }

    /// POST `body` to `path`.
    pub async fn post(&self, path: &str, body: &Value) -> Result<Answer, RedfishError> {
        Ok(self.call(Method::POST, path, Some(body), None).await?.1)
    }

    /// PATCH `path` with `body`, sending `If-Match` when an ETag is known.
    pub async fn patch(
        &self,
        path: &str,
        body: &Value,
        etag: Option<&str>,
    ) -> Result<Answer, RedfishError> {
        Ok(self.call(Method::PATCH, path, Some(body), etag).await?.1)
    }

    /// The full URL of an `@odata.id` or `Location`, for messages (it may lead off the
    /// BMC: requests go through [`Conn::resolve`]).
    pub fn absolute(&self, path: &str) -> String {
        match resolve(&self.endpoint.base(), path) {
            Some(u) => u.to_string(),
            None if path.starts_with('/') => self.endpoint.url(path),
            None => path.to_string(),
        }
    }

    /// The URL of `link` on this BMC, or a [`RedfishError::CrossOrigin`] naming `via`
    /// when it leads anywhere else.
    pub fn resolve(&self, link: &str, via: &str) -> Result<String, RedfishError> {
        resolve(&self.endpoint.base(), link)
            .map(String::from)
            .ok_or_else(|| RedfishError::CrossOrigin {
                url: link.to_string(),
                origin: self.endpoint.base(),
                via: via.to_string(),
            })
    }

    /// Keeps the first --max-members of a collection's `members`, recording the cut.
    pub fn cap_members<T>(&self, collection: &str, members: &mut Vec<T>) {
        self.budget.cap_members(&self.absolute(collection), members);
    }

    /// Notes a warning for this BMC's result.
    pub fn warn(&self, warning: impl Into<String>) {
        let w = self.mask(&warning.into());
        let mut all = self.warnings.lock().expect("not poisoned");
        if !all.contains(&w) {
            all.push(w);
        }
    }

    /// The warnings so far, then one per budget cut.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = self.warnings.lock().expect("not poisoned").clone();
        w.extend(self.budget.cuts().iter().map(Cut::warning));
        w
    }

    /// The budget cuts so far.
    pub fn cuts(&self) -> Vec<Cut> {
        self.budget.cuts()
    }

    /// `text` with this BMC's secrets (password, session token) masked.
    pub fn mask(&self, text: &str) -> String {
        self.masker.lock().expect("not poisoned").mask(text)
    }

    /// `v` with this BMC's secrets masked in every string.
    pub fn mask_json(&self, v: &mut Value) {
        self.masker.lock().expect("not poisoned").mask_json(v);
    }

    fn masked(&self, e: RedfishError) -> RedfishError {
        let m = self.masker.lock().expect("not poisoned").clone();
        e.map_text(|s| m.mask(s))
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        etag: Option<&str>,
    ) -> Result<(String, Answer), RedfishError> {
        let result = async {
            let url = self.resolve(path, "a link")?;
            let mut headers = self.auth_headers();
            if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(t).ok()) {
                headers.insert("If-Match", tag);
            }
            let request = Request {
                method: method.clone(),
                url: &url,
                headers,
                body,
                basic: self.basic(),
            };
            let answer = self.exchange(request, true).await?;
            let answer = check(method.as_str(), &url, answer)?;
            Ok((url, answer))
        }
        .await;
        result.map_err(|e| self.masked(e))
    }

    /// Sends `req` (to a URL already bound to the BMC): spends the budget when
    /// `budgeted`, waits for a per-BMC slot, gives up at the deadline, and refuses a
    /// redirect off the BMC (the transport follows only those that stay on it).
    async fn exchange(&self, req: Request<'_>, budgeted: bool) -> Result<Answer, RedfishError> {
        let answer = if budgeted {
            self.budget.spend(req.url)?;
            let work = async {
                let _permit = self.per_bmc.acquire().await.expect("never closed");
                self.transport.send(&req).await
            };
            tokio::time::timeout_at(self.budget.deadline(), work)
                .await
                .map_err(|_| self.budget.deadline_passed(req.url))??
        } else {
            self.transport.send(&req).await?
        };
        if answer.status.is_redirection() {
            if let Some(to) = answer.headers.get("Location").and_then(|v| v.to_str().ok()) {
                self.resolve(to, &format!("a redirect from {}", req.url))?;
            }
        }
        Ok(answer)
    }

    fn auth_headers(&self) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(s) = self.session.lock().expect("not poisoned").as_ref() {
            if let Ok(v) = HeaderValue::from_str(&s.token) {
                h.insert("X-Auth-Token", v);
                return h;
            }
        }
        h
    }

    /// The credentials to send as basic auth: when there is no session token.
    fn basic(&self) -> Option<&Credentials> {
        if self.session.lock().expect("not poisoned").is_some() {
            return None;
        }
        self.credentials.as_ref()
    }
}

/// Turns an error status into an error naming the URL and the Redfish message.
pub(super) fn check(method: &str, url: &str, answer: Answer) -> Result<Answer, RedfishError> {
    let status = answer.status.as_u16();
    if answer.status.is_success() {
        return Ok(answer);
    }
    if matches!(status, 401 | 403) {
        return Err(RedfishError::Unauthorized {
            url: url.to_string(),
            status,
        });
    }
    let message = parse_json(url, &answer.body)
        .ok()
        .and_then(|v| super::json::error_message(&v));
    Err(RedfishError::Status {
        method: method.to_string(),
        url: url.to_string(),
        status,
        message,
    })
}

/// Parses a JSON body, or says why not: every answer of a BMC is parsed here, so that
/// none is parsed past [`super::json::MAX_VALUES`].
pub(super) fn parse_json(url: &str, body: &[u8]) -> Result<Value, RedfishError> {
    if super::json::holds_more_values_than(body, super::json::MAX_VALUES) {
        return Err(RedfishError::BadJson {
            url: url.to_string(),
            reason: format!(
                "the answer holds more than {} JSON values, more than any Redfish \
                 resource has: refused unparsed",
                super::json::MAX_VALUES
            ),
        });
    }
    serde_json::from_slice(body).map_err(|e| RedfishError::BadJson {
        url: url.to_string(),
        reason: e.to_string(),
    })
}
