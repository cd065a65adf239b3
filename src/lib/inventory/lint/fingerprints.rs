//! Rule `tls-fingerprint`: a BMC's `tls_fingerprint` must be what `discover collect
//! --write` records (`sha256:` and 32 hex pairs), or the BMC could never be reached.

use super::LintContext;
use crate::redfish::Fingerprint;

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    for b in &inv.bmcs {
        let Some(text) = &b.tls_fingerprint else {
            continue;
        };
        if let Err(e) = text.parse::<Fingerprint>() {
            cx.error(
                "tls-fingerprint",
                b,
                Some("tls_fingerprint:"),
                format!("bmc {}: {e}", b.name),
                "copy it from `openssl s_client -connect HOST:443 </dev/null | openssl x509 -noout -fingerprint -sha256`, or delete the line and run `chami discover collect --write --tofu`",
            );
        }
    }
}
