//! Test PKI: a CA and a server certificate for every member address, made with rcgen.

use std::net::Ipv4Addr;
use std::sync::Arc;

/// The CA (PEM) and a rustls server config with the leaf certificate.
pub fn server_config(addrs: &[Ipv4Addr]) -> (String, Arc<rustls::ServerConfig>) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut names: Vec<String> = addrs.iter().map(ToString::to_string).collect();
    names.push("127.0.0.1".into());
    names.sort();
    names.dedup();
    let cert = CertificateParams::new(names)
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let chain = vec![cert.der().clone()];
    let key_der = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .unwrap();
    (ca.pem(), Arc::new(config))
}

/// One self-signed certificate with `CA:TRUE` for every member (what many BMCs ship),
/// its PEM, and a rustls server config showing it.
pub fn self_signed_ca_config(addrs: &[Ipv4Addr]) -> (String, Arc<rustls::ServerConfig>) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let _ = rustls::crypto::ring::default_provider().install_default();
    let key = KeyPair::generate().unwrap();
    // Made for a name the BMC is not reached by, as shipped certificates often are.
    let mut params = CertificateParams::new(vec!["bmc.factory.invalid".to_string()]).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).unwrap();
    let _ = addrs;
    let key_der = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key_der)
        .unwrap();
    (cert.pem(), Arc::new(config))
}
