//! Resolved BMC connection settings: TLS material read, credentials from flags, the
//! password file (mode-checked like the secrets file) or the environment, and the
//! client options with the crawl budget.

use crate::cli::{AuthArg, ConnectionArgs};
use crate::redfish::{
    read_password_file, AuthMode, ClientOptions, Credentials, Limits, Password, Scheme,
};
use anyhow::{bail, Context};
use std::path::PathBuf;

/// How to reach BMCs.
#[derive(Debug, Clone)]
pub struct ConnectionSettings {
    /// TLS, timeouts, retries, caps.
    pub client: ClientOptions,
    /// HTTPS unless --http.
    pub scheme: Scheme,
    /// Session or basic.
    pub auth: AuthMode,
    /// --username with its password: used for every BMC.
    pub single: Option<Credentials>,
    /// --secrets / $CHAMI_SECRETS.
    pub secrets: Option<PathBuf>,
    /// The age identity that opens an encrypted secrets file.
    pub identity: Option<PathBuf>,
    /// --tofu: accept the certificate of a BMC that has no pinned one.
    pub tofu: bool,
    /// --repin: accept a certificate other than the pinned one.
    pub repin: bool,
}

impl TryFrom<ConnectionArgs> for ConnectionSettings {
    type Error = anyhow::Error;

    fn try_from(a: ConnectionArgs) -> anyhow::Result<Self> {
        let ca_pem = a
            .ca_cert
            .as_ref()
            .map(|p| {
                std::fs::read(p).with_context(|| format!("--ca-cert: cannot read {}", p.display()))
            })
            .transpose()?;
        let password = match &a.password_file {
            Some(p) => Some(read_password_file(p).context("--password-file")?),
            None => std::env::var("CHAMI_BMC_PASSWORD").ok().map(Password::new),
        };
        let single = match (a.username, password) {
            (Some(u), Some(password)) => Some(Credentials {
                username: u,
                password,
            }),
            (Some(_), None) => bail!(
                "--username needs a password: give --password-file FILE or set CHAMI_BMC_PASSWORD"
            ),
            (None, Some(_)) if a.password_file.is_some() => {
                bail!("--password-file needs --username (or $CHAMI_BMC_USERNAME)")
            }
            (None, _) => None,
        };
        Ok(ConnectionSettings {
            client: ClientOptions {
                insecure: a.insecure,
                ca_pem,
                timeout: a.timeout,
                retries: a.retries,
                max_body: a.max_response_size,
                concurrency: a.concurrency as usize,
                per_bmc: a.per_bmc as usize,
                limits: Limits {
                    max_requests: a.max_requests,
                    max_members: a.max_members as usize,
                    deadline: a.deadline,
                },
                ..ClientOptions::default()
            },
            scheme: if a.http { Scheme::Http } else { Scheme::Https },
            auth: match a.auth {
                AuthArg::Session => AuthMode::Session,
                AuthArg::Basic => AuthMode::Basic,
            },
            single,
            secrets: a.secrets,
            identity: super::age_identity(a.identity),
            tofu: a.tofu,
            repin: a.repin,
        })
    }
}
