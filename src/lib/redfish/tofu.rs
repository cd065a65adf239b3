//! Trust on first use: the TLS check of one BMC whose record may pin its certificate
//! by fingerprint (`tls_fingerprint`).
//!
//! - A pinned BMC must show exactly that certificate: it is accepted whatever its names,
//!   CA flag or dates say (the key is what is trusted; the handshake signature is still
//!   checked against it), so `--insecure` is not needed; any other certificate is refused
//!   before a request is sent, with both fingerprints, unless `--repin` accepts it.
//! - A BMC without a pin is checked as before (the system roots, `--ca-cert`, or
//!   `--insecure`), unless `--tofu` accepts its certificate on this first contact.
//!
//! The fingerprint of the certificate shown is kept, for `discover collect --write` to
//! record.

use super::fingerprint::Fingerprint;
use super::tls::AcceptAny;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, SignatureScheme};
use std::sync::{Arc, Mutex};

/// How one BMC's certificate is trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustPolicy {
    /// The BMC's name, for messages.
    pub name: Option<String>,
    /// The certificate its record pins.
    pub pinned: Option<Fingerprint>,
    /// `--tofu`: accept an unknown certificate of a BMC without a pin.
    pub trust_first_use: bool,
    /// `--repin`: accept a certificate other than the pinned one.
    pub repin: bool,
}

impl TrustPolicy {
    /// True when the policy changes anything: a pin, --tofu or --repin.
    pub fn is_set(&self) -> bool {
        self.pinned.is_some() || self.trust_first_use || self.repin
    }
}

/// A pinned BMC showed another certificate.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{who}'s certificate changed: it shows {found}, its record pins {pinned}; if it was replaced on purpose, run again with --repin to accept the new one (`discover collect --write --repin` records it)", who = name.as_deref().map(|n| format!("bmc {n}")).unwrap_or_else(|| "the BMC".into()))]
pub struct CertificateChanged {
    /// The BMC's name.
    pub name: Option<String>,
    /// The pinned fingerprint.
    pub pinned: Fingerprint,
    /// The one shown.
    pub found: Fingerprint,
}

impl CertificateChanged {
    /// The pin mismatch a TLS error carries, if it is one.
    pub fn carried_by(e: &rustls::Error) -> Option<&CertificateChanged> {
        match e {
            rustls::Error::InvalidCertificate(CertificateError::Other(o)) => o.0.downcast_ref(),
            _ => None,
        }
    }
}

/// The certificate a BMC showed (its fingerprint), once the handshake got that far.
pub type SeenCertificate = Arc<Mutex<Option<Fingerprint>>>;

/// The verifier of one BMC: the policy first, then `base` (the fleet's usual check).
#[derive(Debug)]
pub struct TofuVerifier {
    base: Arc<dyn ServerCertVerifier>,
    policy: TrustPolicy,
    seen: SeenCertificate,
    provider: Arc<CryptoProvider>,
}

impl TofuVerifier {
    /// A verifier applying `policy` before `base`, noting the certificate in `seen`.
    pub fn new(
        base: Arc<dyn ServerCertVerifier>,
        policy: TrustPolicy,
        seen: SeenCertificate,
        provider: Arc<CryptoProvider>,
    ) -> TofuVerifier {
        TofuVerifier {
            base,
            policy,
            seen,
            provider,
        }
    }
}

impl ServerCertVerifier for TofuVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let found = Fingerprint::of(end_entity.as_ref());
        *self.seen.lock().expect("not poisoned") = Some(found);
        let first_use = self.policy.pinned.is_none() && self.policy.trust_first_use;
        match self.policy.pinned {
            Some(pinned) if pinned == found => Ok(ServerCertVerified::assertion()),
            // --repin, or --tofu on a BMC without a pin: the one insecure path (as -k).
            _ if self.policy.repin || first_use => {
                AcceptAny.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            }
            Some(pinned) => Err(rustls::Error::InvalidCertificate(CertificateError::Other(
                OtherError(Arc::new(CertificateChanged {
                    name: self.policy.name.clone(),
                    pinned,
                    found,
                })),
            ))),
            None => self
                .base
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert() -> CertificateDer<'static> {
        let mut p = rcgen::CertificateParams::new(vec!["bmc.factory.invalid".into()]).unwrap();
        p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        p.self_signed(&rcgen::KeyPair::generate().unwrap())
            .unwrap()
            .der()
            .clone()
    }

    fn verifier(policy: TrustPolicy) -> (TofuVerifier, SeenCertificate) {
        #[derive(Debug)]
        struct Refuse;
        impl ServerCertVerifier for Refuse {
            fn verify_server_cert(
                &self,
                _: &CertificateDer<'_>,
                _: &[CertificateDer<'_>],
                _: &ServerName<'_>,
                _: &[u8],
                _: UnixTime,
            ) -> Result<ServerCertVerified, rustls::Error> {
                Err(rustls::Error::InvalidCertificate(
                    CertificateError::UnknownIssuer,
                ))
            }
            fn verify_tls12_signature(
                &self,
                _: &[u8],
                _: &CertificateDer<'_>,
                _: &DigitallySignedStruct,
            ) -> Result<HandshakeSignatureValid, rustls::Error> {
                unreachable!()
            }
            fn verify_tls13_signature(
                &self,
                _: &[u8],
                _: &CertificateDer<'_>,
                _: &DigitallySignedStruct,
            ) -> Result<HandshakeSignatureValid, rustls::Error> {
                unreachable!()
            }
            fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
                vec![]
            }
        }
        let seen = SeenCertificate::default();
        let v = TofuVerifier::new(
            Arc::new(Refuse),
            policy,
            seen.clone(),
            Arc::new(rustls::crypto::ring::default_provider()),
        );
        (v, seen)
    }

    fn check(v: &TofuVerifier, c: &CertificateDer<'_>) -> Result<(), String> {
        let name = ServerName::try_from("127.0.0.1").unwrap();
        v.verify_server_cert(c, &[], &name, &[], UnixTime::now())
            .map(|_| ())
            .map_err(|e| match CertificateChanged::carried_by(&e) {
                Some(changed) => changed.to_string(),
                None => e.to_string(),
            })
    }

    #[test]
    fn a_pin_accepts_exactly_its_certificate_and_repin_any() {
        let (own, other) = (cert(), cert());
        let pin = Fingerprint::of(&own);
        let name = Some("b0".to_string());
        let (v, seen) = verifier(TrustPolicy {
            name: name.clone(),
            pinned: Some(pin),
            ..TrustPolicy::default()
        });
        assert_eq!(check(&v, &own), Ok(()));
        let e = check(&v, &other).unwrap_err();
        let (p, f) = (pin.to_string(), Fingerprint::of(&other).to_string());
        assert!(
            e.contains("bmc b0") && e.contains(&p) && e.contains(&f) && e.contains("--repin"),
            "{e}"
        );
        assert_eq!(*seen.lock().unwrap(), Some(Fingerprint::of(&other)));
        let (v, _) = verifier(TrustPolicy {
            name,
            pinned: Some(pin),
            repin: true,
            ..TrustPolicy::default()
        });
        assert_eq!(check(&v, &other), Ok(()));
    }

    #[test]
    fn without_a_pin_only_tofu_accepts_an_unknown_certificate() {
        let c = cert();
        let (v, seen) = verifier(TrustPolicy::default());
        assert!(check(&v, &c).is_err(), "the base check decides");
        assert_eq!(*seen.lock().unwrap(), Some(Fingerprint::of(&c)));
        let (v, _) = verifier(TrustPolicy {
            trust_first_use: true,
            ..TrustPolicy::default()
        });
        assert_eq!(check(&v, &c), Ok(()));
    }
}
