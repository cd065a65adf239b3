//! What every BMC command sets up: the async runtime, enough file descriptors for a
//! fleet, the shared HTTP transport (and a BMC's own when its certificate is pinned or
//! to be recorded), and the credentials for each BMC (--username for all, else the
//! secrets file).

use crate::redfish::{
    Credentials, Endpoint, Fingerprint, Scheme, SecretsFile, SeenCertificate, Transport,
    TrustPolicy,
};
use crate::settings::ConnectionSettings;
use anyhow::Context;
use std::path::Path;

/// Where credentials come from.
pub struct CredentialSource {
    single: Option<Credentials>,
    file: Option<SecretsFile>,
}

impl CredentialSource {
    /// From the settings; the secrets file is loaded (and its mode and place checked).
    pub fn new(s: &ConnectionSettings, inventory: Option<&Path>) -> anyhow::Result<Self> {
        let file = s
            .secrets
            .as_deref()
            .map(|p| SecretsFile::load(p, inventory, s.identity.as_deref()))
            .transpose()?;
        Ok(CredentialSource {
            single: s.single.clone(),
            file,
        })
    }

    /// The credentials for a BMC known by `keys` (entry name, BMC name, address).
    pub fn for_bmc<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> Option<Credentials> {
        if let Some(c) = &self.single {
            return Some(c.clone());
        }
        self.file.as_ref()?.lookup(keys).cloned()
    }
}

/// A tokio runtime on both cores.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The shared HTTP transport.
pub fn transport(s: &ConnectionSettings) -> anyhow::Result<Transport> {
    Ok(Transport::new(s.client.clone())?)
}

/// The transport for one BMC: its own when it is reached over HTTPS and its record pins
/// a certificate (`pin`), --tofu or --repin is given, or the certificate it shows is to
/// be recorded (`record`); then also that certificate. Else the shared one. The error
/// (a pin that does not parse, or plain HTTP to a BMC whose record pins a certificate)
/// names the BMC.
pub fn transport_for(
    shared: &Transport,
    s: &ConnectionSettings,
    ep: &Endpoint,
    name: Option<&str>,
    pin: Option<&str>,
    record: bool,
) -> Result<(Transport, Option<SeenCertificate>), String> {
    let who = || {
        name.map(|n| format!("bmc {n}"))
            .unwrap_or_else(|| ep.host.clone())
    };
    if ep.scheme == Scheme::Http {
        // Plain HTTP cannot show a certificate: whoever answers at the address would get
        // the credentials meant for the BMC whose record pins one.
        if pin.is_some() {
            return Err(format!(
                "{}: its record pins a TLS certificate (tls_fingerprint), so plain HTTP is \
                 refused: it would send the BMC's credentials unchecked to whatever answers \
                 at {}; reach it over HTTPS",
                who(),
                ep.host
            ));
        }
        return Ok((shared.clone(), None));
    }
    let pinned = pin
        .map(str::parse::<Fingerprint>)
        .transpose()
        .map_err(|e| format!("{}: tls_fingerprint {e}", who()))?;
    let policy = TrustPolicy {
        name: name.map(str::to_string),
        pinned,
        trust_first_use: s.tofu,
        repin: s.repin,
    };
    if !policy.is_set() && !record {
        return Ok((shared.clone(), None));
    }
    let (t, seen) = shared
        .for_bmc(policy)
        .map_err(|e| format!("{}: {e}", who()))?;
    Ok((t, Some(seen)))
}

pub use crate::process_limits::raise_fd_limit;
