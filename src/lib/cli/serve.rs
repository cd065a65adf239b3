//! `chami serve`.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Arguments of `chami serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (repeat for several; default 0.0.0.0 and the boot
    /// server's http_port from cluster.yaml).
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Vec<SocketAddr>,
    /// Folder of boot files (kernels, initrds, images) served under their relative paths,
    /// with Range requests and ETags; nothing outside it is reachable.
    #[arg(long, value_name = "DIR")]
    pub files: Option<PathBuf>,
    /// PEM certificate chain for HTTPS (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for HTTPS (with --tls-cert).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Secret (file, mode 0600) for the per-node tokens of explicit cloud-init URLs,
    /// `/cloud-init/NODE/TOKEN/…` (`chami serve --print-token NODE` prints one).
    #[arg(long, value_name = "FILE", env = "CHAMI_TOKEN_SECRET")]
    pub token_secret: Option<PathBuf>,
    /// Print the cloud-init token of a node and exit.
    #[arg(long, value_name = "NODE", requires = "token_secret")]
    pub print_token: Option<String>,
    /// A proxy (CIDR) whose X-Forwarded-For names the client (the last hop only).
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    pub trusted_proxies: Vec<ipnetwork::IpNetwork>,
    /// Reload on SIGHUP only, not when inventory files change.
    #[arg(long)]
    pub no_watch: bool,
    /// No access log line per request on stderr (-q also turns it off).
    #[arg(long)]
    pub no_access_log: bool,
}
