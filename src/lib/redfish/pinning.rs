//! The TLS check of BMC certificates given by `--ca-cert`: a chain to one of the bundle's
//! certificates (as any HTTPS client checks), or, failing that, a certificate that is
//! byte for byte one of the bundle's: a pinned certificate.
//!
//! Many BMCs ship a self-signed certificate with `CA:TRUE`, made for an address or name
//! that is not the one they are reached by. WebPKI refuses such a certificate as a server
//! certificate (a CA used as an end entity), so the only way to talk to them used to be
//! `--insecure`, which trusts anyone. Giving the BMC's own certificate in `--ca-cert` now
//! pins it: that exact certificate is accepted (whatever its names and dates say: the key
//! is what is trusted), the handshake signature is still checked against its key, and any
//! other certificate is refused as before.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// Chain to the bundle, or the exact certificate of the bundle.
#[derive(Debug)]
pub struct PinningVerifier {
    chain: Arc<WebPkiServerVerifier>,
    pinned: Vec<CertificateDer<'static>>,
}

impl PinningVerifier {
    /// A verifier for the certificates of a `--ca-cert` bundle (DER).
    pub fn new(certs: Vec<CertificateDer<'static>>) -> Result<PinningVerifier, String> {
        let mut roots = RootCertStore::empty();
        let (_, unusable) = roots.add_parsable_certificates(certs.iter().cloned());
        if roots.is_empty() {
            return Err(format!(
                "none of its {} certificate(s) can be used ({unusable} unreadable)",
                certs.len()
            ));
        }
        let chain = WebPkiServerVerifier::builder_with_provider(
            Arc::new(roots),
            Arc::new(rustls::crypto::ring::default_provider()),
        )
        .build()
        .map_err(|e| e.to_string())?;
        Ok(PinningVerifier {
            chain,
            pinned: certs,
        })
    }

    fn is_pinned(&self, cert: &CertificateDer<'_>) -> bool {
        self.pinned.iter().any(|p| p.as_ref() == cert.as_ref())
    }
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .chain
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Ok(ok) => Ok(ok),
            Err(_) if self.is_pinned(end_entity) => Ok(ServerCertVerified::assertion()),
            Err(e) => Err(e),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.chain.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.chain.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.chain.supported_verify_schemes()
    }
}

/// The verifier of a `--ca-cert` bundle (PEM text).
pub fn verifier(pem: &[u8]) -> Result<PinningVerifier, String> {
    use rustls::pki_types::pem::PemObject;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("not a PEM certificate bundle: {e}"))?;
    if certs.is_empty() {
        return Err("the file holds no PEM certificate".into());
    }
    PinningVerifier::new(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn self_signed(ca: bool) -> CertificateDer<'static> {
        let mut p = rcgen::CertificateParams::new(vec!["bmc.example".to_string()]).unwrap();
        if ca {
            p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        }
        p.self_signed(&rcgen::KeyPair::generate().unwrap())
            .unwrap()
            .der()
            .clone()
    }

    fn verify(v: &PinningVerifier, cert: &CertificateDer<'_>, name: &str) -> bool {
        let name = ServerName::try_from(name.to_string()).unwrap();
        v.verify_server_cert(cert, &[], &name, &[], UnixTime::now())
            .is_ok()
    }

    #[test]
    fn a_self_signed_ca_certificate_is_accepted_only_when_pinned() {
        let own = self_signed(true);
        let other = self_signed(true);
        let v = PinningVerifier::new(vec![own.clone()]).unwrap();
        // WebPKI alone refuses it (a CA used as an end entity) …
        let name = ServerName::try_from("10.1.0.5").unwrap();
        assert!(v
            .chain
            .verify_server_cert(&own, &[], &name, &[], UnixTime::now())
            .is_err());
        // … pinned, the exact certificate passes, under any name; another does not.
        assert!(verify(&v, &own, "10.1.0.5"));
        assert!(!verify(&v, &other, "10.1.0.5"));
        assert!(!verify(&v, &self_signed(false), "bmc.example"));
    }

    #[test]
    fn a_bundle_without_certificates_is_refused() {
        assert!(verifier(b"not pem").is_err());
        assert!(verifier(b"").is_err());
    }
}
