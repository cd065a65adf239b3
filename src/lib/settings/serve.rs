//! Resolved settings of `chami serve`.

use crate::cli::ServeArgs;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// `chami serve`.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    /// Listen addresses (empty: from cluster.yaml).
    pub listen: Vec<SocketAddr>,
    /// Boot files.
    pub files: Option<PathBuf>,
    /// Certificate and key.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Token secret file.
    pub token_secret: Option<PathBuf>,
    /// Print this node's token and exit.
    pub print_token: Option<String>,
    /// `--base-url`s, checked, without a trailing `/`.
    pub base_urls: Vec<String>,
    /// Trusted proxies.
    pub trusted_proxies: Vec<ipnetwork::IpNetwork>,
    /// Reload when files change.
    pub watch_files: bool,
    /// Access log.
    pub access_log: bool,
    /// Connections served at once.
    pub max_connections: usize,
    /// How long an answer may wait for the client to read some of it.
    pub send_timeout: Duration,
    /// Bearer tokens for the write routes (none: writes are off).
    pub jwt: Option<crate::serve::auth::JwtSettings>,
    /// Commit each write in the inventory's git repository.
    pub git_commit: bool,
}

impl From<ServeArgs> for ServeSettings {
    fn from(a: ServeArgs) -> Self {
        ServeSettings {
            listen: a.listen,
            files: a.files,
            tls: a.tls_cert.zip(a.tls_key),
            token_secret: a.token_secret,
            print_token: a.print_token,
            base_urls: a.base_urls,
            trusted_proxies: a.trusted_proxies,
            watch_files: !a.no_watch,
            access_log: !a.no_access_log,
            max_connections: a.max_connections as usize,
            send_timeout: a.send_timeout,
            jwt: a.jwks.map(|jwks| crate::serve::auth::JwtSettings {
                jwks,
                claims: crate::serve::auth::Claims {
                    issuer: a.jwt_issuer,
                    audiences: a.jwt_audience,
                },
                write_scope: a.jwt_write_scope,
                read_scope: a.jwt_read_scope,
                for_reads: a.jwt_for_reads,
            }),
            git_commit: a.git_commit,
        }
    }
}
