//! Flags shared by every command that talks to BMCs: TLS, credentials, timeouts,
//! retries, the answer size cap, fleet concurrency and the crawl budget of each BMC.

use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// How to reach and authenticate to BMCs.
#[derive(Debug, Args)]
#[command(next_help_heading = "BMC connection")]
pub struct ConnectionArgs {
    /// Do not verify TLS certificates: anyone on the path can then pose as the BMC (prefer
    /// --ca-cert with the BMC's own certificate).
    #[arg(short = 'k', long, conflicts_with = "ca_cert")]
    pub insecure: bool,
    /// Trust only the certificates in this PEM file: the BMCs' CA, or a BMC's own
    /// (self-signed) certificate, which is then pinned: accepted whatever its name, CA flag
    /// or dates, while any other certificate is refused.
    #[arg(long, value_name = "FILE", env = "CHAMI_BMC_CA_CERT")]
    pub ca_cert: Option<PathBuf>,
    /// Trust on first use: accept the certificate of a BMC whose record pins none yet
    /// (`discover collect --write` then pins it: records its fingerprint as
    /// `tls_fingerprint`, and later commands accept that certificate and no other).
    #[arg(long)]
    pub tofu: bool,
    /// Accept a BMC certificate other than the one its record pins (after replacing it
    /// on purpose); `discover collect --write --repin` records the new one.
    #[arg(long)]
    pub repin: bool,
    /// Plain HTTP instead of HTTPS, for emulators and labs (addresses given as
    /// https://… keep HTTPS).
    #[arg(long)]
    pub http: bool,
    /// BMC user name; the password comes from --password-file or $CHAMI_BMC_PASSWORD.
    #[arg(short = 'u', long, value_name = "USER", env = "CHAMI_BMC_USERNAME")]
    pub username: Option<String>,
    /// File whose first line is the BMC password (never pass a password as an argument).
    /// Must be mode 0600 (or stricter).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Secrets file: YAML mapping BMC names, addresses or `credentials:` entry names (and
    /// `default`) to {username, password}. Must be mode 0600 and outside the inventory.
    #[arg(long, value_name = "FILE", env = "CHAMI_SECRETS")]
    pub secrets: Option<PathBuf>,
    /// age identity file that opens an age-encrypted secrets file (default:
    /// $CHAMI_AGE_IDENTITY). Must be mode 0600.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// How to authenticate: a Redfish session (logged out afterwards) or basic auth on
    /// every request.
    #[arg(long, value_enum, default_value_t = AuthArg::Session, value_name = "MODE")]
    pub auth: AuthArg,
    /// Timeout of one request (plain numbers are milliseconds; or 10s, 2m).
    #[arg(long, value_name = "TIME", default_value = "10s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Retries after a connection error or 5xx answer (with backoff).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
    /// Largest answer accepted (bytes; or 512KiB, 16MiB).
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_response_size: u64,
    /// Requests in flight across the fleet.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub concurrency: u32,
    /// Requests in flight to any one BMC.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub per_bmc: u32,
    /// Most requests sent to one BMC; the rest of its crawl is cut (and reported).
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_requests: u64,
    /// Most members read from one collection of a BMC (Systems, Memory …); the rest are
    /// cut (and reported).
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_members: u32,
    /// Time allowed for one BMC, from its first request to its last (plain numbers are
    /// milliseconds; or 30s, 5m); what is not read by then is cut (and reported). `bmc
    /// firmware update` adds its --wait.
    #[arg(long, value_name = "TIME", default_value = "120s", value_parser = parse_duration)]
    pub deadline: Duration,
}

/// `--auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    /// X-Auth-Token session, falling back to basic auth without a session service.
    Session,
    /// HTTP basic auth on every request.
    Basic,
}

/// Parses `1500` (ms), `1500ms`, `10s`, `2m`, `1h`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (write 500ms, 10s, 2m)"))?;
    let d = match unit {
        "" | "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n * 60),
        "h" => Duration::from_secs(n * 3600),
        _ => return Err(format!("`{s}`: the unit must be ms, s, m or h")),
    };
    if d.is_zero() {
        return Err("a duration of zero waits for nothing".into());
    }
    Ok(d)
}

/// Parses `1048576`, `512KiB`, `16MiB`, `1GiB` (also KB/MB/GB as powers of 1000).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (write 65536, 512KiB or 16MiB)"))?;
    let mult = match unit.trim() {
        "" | "B" => 1,
        "KiB" | "K" => 1 << 10,
        "MiB" | "M" => 1 << 20,
        "GiB" | "G" => 1 << 30,
        "KB" => 1000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => return Err(format!("`{s}`: the unit must be B, KiB, MiB or GiB")),
    };
    n.checked_mul(mult)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{s}` is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes() {
        assert_eq!(parse_duration("1500").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("10s").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("5 parsecs").is_err());
        assert_eq!(parse_size("16MiB").unwrap(), 16 << 20);
        assert_eq!(parse_size("100").unwrap(), 100);
        assert!(parse_size("3XB").is_err());
    }
}
