//! `chami serve`.

use super::redfish::parse_duration;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Who gets what, for `chami serve --help`.
const ACCESS: &str = "\
Who gets what:
  A node's seed (/cloud-init/…) goes to that node's address only (an interface ip in the
  inventory, directly or forwarded by a --trusted-proxy), or to a request with its token.

  With --token-secret, a node's boot script and boot parameters carry its seed URL with
  its token, and that URL opens the seed, user-data included, from anywhere. So
  /boot/v1/bootscript, /boot/v1/bootparameters, /ipxe/MAC.ipxe and /nodes/NAME.ipxe give
  the token to the node itself only; any other client gets the same answer without the
  token (seed URL /cloud-init/NAME/), which opens the seed from the node's address only.
  Tokens are written as REDACTED in the log. Without --token-secret every client gets
  the same scripts.

  Request heads over 64 KiB are refused (431).

Limits:
  Clients have 10 s to send a request head, and --send-timeout (10 s) to read some of
  an answer before it is cut. At most --max-connections connections are served at once;
  more wait in the kernel's accept queue, they are not refused. Give the service at
  least twice as many open files (LimitNOFILE): a file download holds two.

Writes:
  BSS PUT/PATCH/POST /boot/v1/bootparameters and SMD POST
  /hsm/v2/Inventory/RedfishEndpoints need --jwks and a bearer JWT (RS256 or ES256, with
  exp and sub; iss and aud as --jwt-issuer and --jwt-audience say) that grants the write
  scope. Each is an inventory edit like `chami inventory set`/`add`: refused (422) when
  it adds lint errors, written in one transaction, served from the next request on.";

/// Arguments of `chami serve`.
#[derive(Debug, Args)]
#[command(after_long_help = ACCESS)]
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
    /// `/cloud-init/NODE/TOKEN/…` (`chami serve --print-token NODE` prints one); a node's
    /// script carries its token for that node only.
    #[arg(long, value_name = "FILE", env = "CHAMI_TOKEN_SECRET")]
    pub token_secret: Option<PathBuf>,
    /// Print the cloud-init token of a node and exit.
    #[arg(long, value_name = "NODE", requires = "token_secret")]
    pub print_token: Option<String>,
    /// The URL clients reach this server at, written into boot scripts and boot
    /// parameters instead of cluster.yaml's boot servers (behind a reverse proxy, on
    /// another port, in tests from loopback): `http(s)://HOST[:PORT][/PATH]`. Repeat for
    /// failover, in order of preference.
    #[arg(long = "base-url", value_name = "URL", value_parser = crate::boot::parse_base_url)]
    pub base_urls: Vec<String>,
    /// A proxy (CIDR) whose X-Forwarded-For names the client: the rightmost hop that is
    /// not itself a trusted proxy; a hop that is not an IP address is refused (400).
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    pub trusted_proxies: Vec<ipnetwork::IpNetwork>,
    /// Reload on SIGHUP only, not when inventory files change.
    #[arg(long)]
    pub no_watch: bool,
    /// No access log line per request on stderr (-q also turns it off).
    #[arg(long)]
    pub no_access_log: bool,
    /// Connections served at once, all --listen addresses together (a boot storm opens
    /// one or two per node); more wait in the kernel's accept queue until one closes.
    #[arg(long, value_name = "N", default_value_t = 4096,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// How long an answer may wait for the client to read any of it before the
    /// connection is closed (plain numbers are milliseconds).
    #[arg(long, value_name = "TIME", default_value = "10s", value_parser = parse_duration)]
    pub send_timeout: Duration,
    /// JSON Web Key Set file (RSA keys for RS256, EC P-256 keys for ES256) that verifies
    /// bearer tokens: turns on the write routes (BSS PUT/PATCH/POST bootparameters, SMD
    /// POST RedfishEndpoints). Read again on SIGHUP. Without it, writes are off (401/403).
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<PathBuf>,
    /// The `iss` a token must have (with --jwks).
    #[arg(long, value_name = "ISS", requires = "jwks")]
    pub jwt_issuer: Option<String>,
    /// An `aud` a token may have; repeat for several, a token must name one (with --jwks).
    #[arg(long, value_name = "AUD", requires = "jwks")]
    pub jwt_audience: Vec<String>,
    /// The scope (`scope` or `scp` claim) a write needs.
    #[arg(long, value_name = "SCOPE", default_value = "write", requires = "jwks")]
    pub jwt_write_scope: String,
    /// The scope a read needs with --jwt-for-reads (the write scope also does).
    #[arg(long, value_name = "SCOPE", default_value = "read", requires = "jwks")]
    pub jwt_read_scope: String,
    /// The SMD (/hsm/v2, except its service probes) and BSS bootparameters and hosts
    /// routes need a token too; the nodes' boot path (scripts, iPXE, cloud-init, files)
    /// never does.
    #[arg(long, requires = "jwks")]
    pub jwt_for_reads: bool,
    /// Commit each write's files in the inventory's git repository, the message naming
    /// the route and the token's `sub` (not a repository: a warning, no commit).
    #[arg(long)]
    pub git_commit: bool,
}
