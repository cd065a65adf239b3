//! The HTTP layer every Redfish request goes through: one shared reqwest client (TLS
//! verification on unless `--insecure`, an optional CA bundle; a BMC whose certificate
//! is pinned or recorded gets a client of its own, see [`super::tofu`]), a fleet-wide cap on
//! requests in flight, a per-request timeout, bounded retries with backoff on connection
//! errors and 5xx, a cap on the size of an answer, enforced while it streams in, and
//! redirects followed only while they stay on the origin of the request (a redirect
//! elsewhere comes back as the 3xx answer, for [`super::Conn`] to refuse).

use super::budget::Limits;
use super::origin::same_origin;
use super::tls::{client_config, AcceptAny};
use super::tofu::{CertificateChanged, SeenCertificate, TofuVerifier, TrustPolicy};
use super::RedfishError;
use reqwest::{header::HeaderMap, Method, StatusCode};
use rustls::client::danger::ServerCertVerifier;
use std::sync::Arc;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Redirects followed for one request (each on the request's origin).
const MAX_REDIRECTS: usize = 5;

/// How to talk to BMCs.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Skip certificate verification.
    pub insecure: bool,
    /// PEM CA bundle to trust instead of the system roots.
    pub ca_pem: Option<Vec<u8>>,
    /// Whole-request timeout (connect, headers and body).
    pub timeout: Duration,
    /// Extra attempts after a transient failure.
    pub retries: u32,
    /// Largest answer accepted, in bytes.
    pub max_body: u64,
    /// Requests in flight across the fleet.
    pub concurrency: usize,
    /// Requests in flight to one BMC (BMC web servers are small).
    pub per_bmc: usize,
    /// First backoff pause; doubles per attempt.
    pub backoff: Duration,
    /// The crawl budget of each BMC.
    pub limits: Limits,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            insecure: false,
            ca_pem: None,
            timeout: Duration::from_secs(10),
            retries: 2,
            max_body: 16 << 20,
            concurrency: 64,
            per_bmc: 4,
            backoff: Duration::from_millis(250),
            limits: Limits::default(),
        }
    }
}

/// An answer, read in full (within the cap).
#[derive(Debug)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

/// The shared client. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    client: reqwest::Client,
    permits: Arc<Semaphore>,
    opts: Arc<ClientOptions>,
    /// The fleet's certificate check, made once for the BMCs that get their own client.
    base: Arc<OnceLock<Result<Arc<dyn ServerCertVerifier>, String>>>,
}

/// One request to send.
pub struct Request<'a> {
    /// GET, POST …
    pub method: Method,
    /// Full URL.
    pub url: &'a str,
    /// Extra headers (auth).
    pub headers: HeaderMap,
    /// JSON body.
    pub body: Option<&'a serde_json::Value>,
    /// Basic-auth credentials.
    pub basic: Option<&'a super::Credentials>,
}

impl Transport {
    /// Builds the client. Fails on a CA bundle that is not PEM.
    pub fn new(opts: ClientOptions) -> Result<Transport, RedfishError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut b = builder(&opts);
        if opts.insecure || opts.ca_pem.is_some() {
            // AcceptAny, or a chain to the bundle or a certificate pinned by being in it
            // (see pinning); without either, reqwest's own check of the system roots.
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = base_verifier(&opts, provider.clone())
                .and_then(|v| client_config(provider, v))
                .map_err(RedfishError::Invalid)?;
            b = b.tls_backend_preconfigured(config);
        }
        Ok(Transport {
            client: build(b)?,
            permits: Arc::new(Semaphore::new(opts.concurrency.max(1))),
            opts: Arc::new(opts),
            base: Arc::default(),
        })
    }

    /// A transport for one BMC whose certificate is trusted by `policy` first (a pinned
    /// fingerprint, --tofu, --repin; see `redfish/tofu.rs`), then as this one trusts, and
    /// the certificate that BMC shows. It shares this one's fleet-wide cap on requests.
    pub fn for_bmc(
        &self,
        policy: TrustPolicy,
    ) -> Result<(Transport, SeenCertificate), RedfishError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let base = self
            .base
            .get_or_init(|| base_verifier(&self.opts, provider.clone()))
            .clone()
            .map_err(RedfishError::Invalid)?;
        let seen = SeenCertificate::default();
        let verifier = TofuVerifier::new(base, policy, seen.clone(), provider.clone());
        let config = client_config(provider, Arc::new(verifier)).map_err(RedfishError::Invalid)?;
        let b = builder(&self.opts).tls_backend_preconfigured(config);
        let transport = Transport {
            client: build(b)?,
            permits: self.permits.clone(),
            opts: self.opts.clone(),
            base: self.base.clone(),
        };
        Ok((transport, seen))
    }

    /// The options it was built with.
    pub fn options(&self) -> &ClientOptions {
        &self.opts
    }

    /// Sends `req`, retrying transient failures, and reads the answer within the cap.
    /// Error statuses are returned as answers; the caller decides.
    pub async fn send(&self, req: &Request<'_>) -> Result<Answer, RedfishError> {
        let mut attempt = 0;
        loop {
            let result = {
                let _permit = self.permits.acquire().await.expect("never closed");
                self.send_once(req).await
            };
            let retry_after = match &result {
                Ok(a) if a.status.is_server_error() => retry_after(&a.headers),
                Err(e) if e.is_transient() => None,
                _ => return result,
            };
            if attempt >= self.opts.retries {
                return result;
            }
            let pause = retry_after.unwrap_or(self.opts.backoff * 2u32.pow(attempt));
            tokio::time::sleep(pause.min(Duration::from_secs(5))).await;
            attempt += 1;
        }
    }

    async fn send_once(&self, req: &Request<'_>) -> Result<Answer, RedfishError> {
        let mut rb = self
            .client
            .request(req.method.clone(), req.url)
            .headers(req.headers.clone())
            .header("Accept", "application/json")
            .header("OData-Version", "4.0");
        if let Some(body) = req.body {
            rb = rb.json(body);
        }
        if let Some(c) = req.basic {
            rb = rb.basic_auth(&c.username, Some(c.password.expose()));
        }
        let mut resp = rb.send().await.map_err(|e| self.classify(req.url, e))?;
        let limit = self.opts.max_body;
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(RedfishError::TooLarge {
                url: req.url.to_string(),
                limit,
            });
        }
        let status = resp.status();
        let headers = resp.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| match self.classify(req.url, e) {
                RedfishError::Connect { url, reason } => RedfishError::Body { url, reason },
                other => other,
            })?
        {
            if body.len() as u64 + chunk.len() as u64 > limit {
                return Err(RedfishError::TooLarge {
                    url: req.url.to_string(),
                    limit,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    fn classify(&self, url: &str, e: reqwest::Error) -> RedfishError {
        if e.is_timeout() {
            return RedfishError::Timeout {
                url: url.to_string(),
                secs: self.opts.timeout.as_secs_f64(),
            };
        }
        if let Some(tls) = find_rustls(&e) {
            if let Some(changed) = CertificateChanged::carried_by(tls) {
                return RedfishError::CertificateChanged {
                    url: url.to_string(),
                    reason: changed.to_string(),
                };
            }
            return RedfishError::Tls {
                url: url.to_string(),
                reason: tls.to_string(),
            };
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        let mut innermost = e.to_string();
        while let Some(s) = source {
            if s.downcast_ref::<hyper::Error>()
                .is_some_and(hyper::Error::is_incomplete_message)
            {
                return RedfishError::Body {
                    url: url.to_string(),
                    reason: "the connection closed before the answer was complete".into(),
                };
            }
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::TimedOut {
                    return RedfishError::Timeout {
                        url: url.to_string(),
                        secs: self.opts.timeout.as_secs_f64(),
                    };
                }
            }
            innermost = s.to_string();
            source = s.source();
        }
        if e.is_body() || e.is_decode() {
            return RedfishError::Body {
                url: url.to_string(),
                reason: innermost,
            };
        }
        RedfishError::Connect {
            url: url.to_string(),
            reason: innermost,
        }
    }
}

/// The client settings every transport shares: timeouts, pool, user agent, redirects
/// only on the request's origin.
fn builder(opts: &ClientOptions) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(opts.timeout)
        .connect_timeout(opts.timeout)
        .pool_max_idle_per_host(opts.per_bmc.max(1))
        .pool_idle_timeout(Duration::from_secs(5))
        .user_agent(concat!("chami/", env!("CARGO_PKG_VERSION")))
        .tcp_nodelay(true)
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            let first = attempt.previous().first();
            let home = first.is_some_and(|f| same_origin(f, attempt.url()));
            if home && attempt.previous().len() <= MAX_REDIRECTS {
                attempt.follow()
            } else {
                attempt.stop()
            }
        }))
}

/// The fleet's certificate check: none (--insecure), the --ca-cert bundle, or the
/// system's roots.
fn base_verifier(
    opts: &ClientOptions,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    Ok(if opts.insecure {
        Arc::new(AcceptAny)
    } else if let Some(pem) = &opts.ca_pem {
        Arc::new(super::pinning::verifier(pem).map_err(|e| format!("--ca-cert: {e}"))?)
    } else {
        Arc::new(
            rustls_platform_verifier::Verifier::new(provider)
                .map_err(|e| format!("cannot read the system's CA roots: {e}"))?,
        )
    })
}

fn build(b: reqwest::ClientBuilder) -> Result<reqwest::Client, RedfishError> {
    b.build()
        .map_err(|e| RedfishError::Invalid(format!("cannot set up the HTTP client: {e}")))
}

/// The rustls error somewhere in `e`'s chain. An io::Error's `source()` skips the error
/// it wraps, so wrapped errors are looked into as well.
fn find_rustls<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(t) = e.downcast_ref::<rustls::Error>() {
        return Some(t);
    }
    if let Some(inner) = e
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
    {
        let inner: &(dyn std::error::Error + 'static) = inner;
        if let Some(t) = find_rustls(inner) {
            return Some(t);
        }
    }
    e.source().and_then(find_rustls)
}

/// A `Retry-After` in seconds, if the answer has one.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get("Retry-After")?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}
