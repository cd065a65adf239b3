//! One BMC connection: the endpoint, how it authenticates (none, basic, or a Redfish
//! session that is logged out afterwards) and JSON requests that turn error statuses
//! into [`RedfishError`]s naming the URL.

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
}

impl Conn {
    /// A connection; nothing is sent until the first request (or [`Conn::login`]).
    pub fn new(
        transport: Transport,
        endpoint: Endpoint,
        credentials: Option<Credentials>,
        mode: AuthMode,
    ) -> Conn {
        let per_bmc = tokio::sync::Semaphore::new(transport.options().per_bmc.max(1));
        Conn {
            per_bmc,
            transport,
            endpoint,
            credentials,
            mode,
            session: Mutex::new(None),
        }
    }

    /// The BMC's endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Opens a session when the mode asks for one and credentials are known. A service
    /// without sessions is used with basic auth instead.
    pub async fn login(&self) -> Result<(), RedfishError> {
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
            .transport
            .send(&Request {
                method: Method::POST,
                url: &url,
                headers: HeaderMap::new(),
                body: Some(&body),
                basic: None,
            })
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
        let location = header("Location").or_else(|| {
            serde_json::from_slice::<Value>(&answer.body)
                .ok()
                .and_then(|v| v["@odata.id"].as_str().map(str::to_string))
        });
        *self.session.lock().expect("not poisoned") = Some(SessionToken { token, location });
        Ok(())
    }

    /// Deletes the session, if one is open.
    pub async fn logout(&self) -> Result<(), RedfishError> {
        let taken = self.session.lock().expect("not poisoned").take();
        let Some(SessionToken {
            token,
            location: Some(location),
        }) = taken
        else {
            return Ok(());
        };
        let url = self.absolute(&location);
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&token) {
            headers.insert("X-Auth-Token", v);
        }
        let answer = self
            .transport
            .send(&Request {
                method: Method::DELETE,
                url: &url,
                headers,
                body: None,
                basic: None,
            })
            .await?;
        check("DELETE", &url, answer).map(|_| ())
    }

    /// GET `path` as JSON.
    pub async fn get(&self, path: &str) -> Result<Value, RedfishError> {
        let (url, answer) = self.call(Method::GET, path, None, None).await?;
        parse_json(&url, &answer.body)
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

    /// The full URL of an `@odata.id` or `Location` (a path or an absolute URL).
    pub fn absolute(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            self.endpoint.url(path)
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        etag: Option<&str>,
    ) -> Result<(String, Answer), RedfishError> {
        let url = self.absolute(path);
        let mut headers = self.auth_headers();
        if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(t).ok()) {
            headers.insert("If-Match", tag);
        }
        let _permit = self.per_bmc.acquire().await.expect("never closed");
        let answer = self
            .transport
            .send(&Request {
                method: method.clone(),
                url: &url,
                headers,
                body,
                basic: self.basic(),
            })
            .await?;
        let answer = check(method.as_str(), &url, answer)?;
        Ok((url, answer))
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
    let message = serde_json::from_slice::<Value>(&answer.body)
        .ok()
        .and_then(|v| super::json::error_message(&v));
    Err(RedfishError::Status {
        method: method.to_string(),
        url: url.to_string(),
        status,
        message,
    })
}

/// Parses a JSON body, or says why not.
pub(super) fn parse_json(url: &str, body: &[u8]) -> Result<Value, RedfishError> {
    serde_json::from_slice(body).map_err(|e| RedfishError::BadJson {
        url: url.to_string(),
        reason: e.to_string(),
    })
}
