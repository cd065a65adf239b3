//! What every handler shares ([`AppState`]: the current snapshot, counters, settings) and
//! the plain-text answer most of them give. Handlers import it from here, not from the
//! router that calls them.

use super::{auth, writes};
use super::{Metrics, Snapshot};
use crate::boot::TokenSecret;
use axum::response::{IntoResponse, Response};
use ipnetwork::IpNetwork;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// What every handler shares: one pointer, so that handing it to each request (axum clones
/// the state for the middleware and again for the handler) costs one reference count.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The fields behind [`AppState`].
pub struct Shared {
    /// The current snapshot; replaced whole on reload.
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// `--files DIR`, canonical.
    pub files: Option<PathBuf>,
    /// Token secret for explicit cloud-init URLs.
    pub secret: Option<TokenSecret>,
    /// `--base-url`: where scripts point instead of cluster.yaml's boot servers.
    pub base_urls: Vec<String>,
    /// Proxies whose X-Forwarded-For is believed.
    pub trusted: Vec<IpNetwork>,
    /// Write an access log line per request on stderr.
    pub access_log: bool,
    /// Where boot progress goes (none: not recorded).
    pub recorder: Option<crate::state::Recorder>,
    /// Who may write, and read the SMD and BSS routes.
    pub access: auth::Access,
    /// Where and how the write routes write.
    pub writer: writes::Writer,
}

impl AppState {
    /// Shares `shared` among the handlers.
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }

    /// The snapshot to answer this request from.
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot.read().expect("not poisoned").clone()
    }
}

/// A `text/plain` answer (boot scripts, seeds), its header made without parsing.
pub fn plain_text(body: impl IntoResponse) -> Response {
    use axum::http::{header, HeaderValue};
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}
