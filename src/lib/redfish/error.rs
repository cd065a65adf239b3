//! What can go wrong talking to one BMC. Each error names the URL it happened on, so a
//! fleet report says which request of which BMC failed and why.

/// One failed Redfish request or operation.
#[derive(Debug, thiserror::Error)]
pub enum RedfishError {
    /// No TCP connection (refused, unreachable, reset).
    #[error("cannot connect to {url}: {reason}")]
    Connect {
        /// The request URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// No complete answer within the timeout.
    #[error("no answer from {url} within {secs:.1} s (timeout; raise it with --timeout)")]
    Timeout {
        /// The request URL.
        url: String,
        /// The timeout, in seconds.
        secs: f64,
    },
    /// The certificate was not trusted.
    #[error("TLS with {url} failed: {reason} (pass --ca-cert FILE with the BMC's CA or its own certificate, which pins it; --tofu trusts it on this first contact and `discover collect --write` pins it in the BMC's record; --insecure skips verification)")]
    Tls {
        /// The request URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The BMC showed another certificate than the one its record pins.
    #[error("TLS with {url} refused: {reason}")]
    CertificateChanged {
        /// The request URL.
        url: String,
        /// Who, both fingerprints, and what to do.
        reason: String,
    },
    /// The BMC answered with an error status.
    #[error("{method} {url}: HTTP {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Status {
        /// GET, POST …
        method: String,
        /// The request URL.
        url: String,
        /// The status code.
        status: u16,
        /// The Redfish error message, when the body had one.
        message: Option<String>,
    },
    /// Credentials refused.
    #[error("{url}: credentials refused (HTTP {status}); check the secrets file entry or --username/--password-file")]
    Unauthorized {
        /// The request URL.
        url: String,
        /// 401 or 403.
        status: u16,
    },
    /// The body was larger than the cap.
    #[error(
        "{url}: response larger than {limit} bytes (the cap; raise it with --max-response-size)"
    )]
    TooLarge {
        /// The request URL.
        url: String,
        /// The cap in bytes.
        limit: u64,
    },
    /// The body was not JSON.
    #[error("{url}: the answer is not valid JSON: {reason}")]
    BadJson {
        /// The request URL.
        url: String,
        /// The parser's message.
        reason: String,
    },
    /// The body broke off or the connection failed mid-answer.
    #[error("{url}: the answer broke off: {reason}")]
    Body {
        /// The request URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The service does not offer what was asked.
    #[error("{url}: {what}")]
    Unsupported {
        /// The resource looked at.
        url: String,
        /// What is missing.
        what: String,
    },
    /// A link or redirect that leads off the BMC: not followed, so that no credential
    /// goes anywhere but the BMC that was named.
    #[error("{via} points at {url}, outside the BMC {origin}: not followed (credentials go only to the BMC named on the command line or in the inventory)")]
    CrossOrigin {
        /// Where it points.
        url: String,
        /// The BMC (`scheme://host:port`).
        origin: String,
        /// What pointed there (a link, a redirect from …, the session Location).
        via: String,
    },
    /// Not sent: the BMC's crawl budget is spent.
    #[error("{url}: not requested: {why}")]
    OverBudget {
        /// The request URL.
        url: String,
        /// Which limit.
        why: String,
    },
    /// The system did not reach the power state waited for.
    #[error("{url}: timed out after {secs} s waiting for PowerState {target} (it is {state}); raise --wait-timeout if the host is slow, else check the host")]
    WaitTimedOut {
        /// The system.
        url: String,
        /// How long it was given, in seconds.
        secs: f64,
        /// The state waited for.
        target: String,
        /// The state it was last seen in.
        state: String,
    },
    /// A request that cannot be made (bad value from the user).
    #[error("{0}")]
    Invalid(String),
}

impl RedfishError {
    /// True for failures a retry may cure: connection errors and 5xx answers (a BMC
    /// that is busy or restarting its web server). Timeouts are not retried: a BMC that
    /// hangs usually keeps hanging, and the fleet must finish within the timeout.
    pub fn is_transient(&self) -> bool {
        match self {
            RedfishError::Connect { .. } => true,
            RedfishError::Status { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// The error with `f` applied to every text it holds (to mask secrets).
    pub fn map_text(self, f: impl Fn(&str) -> String) -> RedfishError {
        use RedfishError::*;
        match self {
            Connect { url, reason } => Connect {
                url: f(&url),
                reason: f(&reason),
            },
            Timeout { url, secs } => Timeout { url: f(&url), secs },
            Tls { url, reason } => Tls {
                url: f(&url),
                reason: f(&reason),
            },
            CertificateChanged { url, reason } => CertificateChanged {
                url: f(&url),
                reason: f(&reason),
            },
            Status {
                method,
                url,
                status,
                message,
            } => Status {
                method,
                url: f(&url),
                status,
                message: message.as_deref().map(&f),
            },
            Unauthorized { url, status } => Unauthorized {
                url: f(&url),
                status,
            },
            TooLarge { url, limit } => TooLarge {
                url: f(&url),
                limit,
            },
            BadJson { url, reason } => BadJson {
                url: f(&url),
                reason: f(&reason),
            },
            Body { url, reason } => Body {
                url: f(&url),
                reason: f(&reason),
            },
            Unsupported { url, what } => Unsupported {
                url: f(&url),
                what: f(&what),
            },
            CrossOrigin { url, origin, via } => CrossOrigin {
                url: f(&url),
                origin,
                via: f(&via),
            },
            OverBudget { url, why } => OverBudget { url: f(&url), why },
            WaitTimedOut {
                url,
                secs,
                target,
                state,
            } => WaitTimedOut {
                url: f(&url),
                secs,
                target,
                state: f(&state),
            },
            Invalid(s) => Invalid(f(&s)),
        }
    }
}
