//! Credentials bound to one origin: a link a BMC hands out (`@odata.id`, a collection
//! member, a session `Location`, a task, an action target, a redirect) is followed only
//! when it stays on the scheme, host and port the BMC was named by. Anything else,
//! including a downgrade from https to http on the same host, is another origin.

use reqwest::Url;

/// True when `a` and `b` share scheme, host and port (the default port counts as given).
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The full URL of `link` (an absolute path, or an absolute URL) on the BMC whose base is
/// `base` (`scheme://host:port`), or None when it leads anywhere else: another origin,
/// user information in the URL, a protocol-relative `//host/…` or a relative path.
pub fn resolve(base: &str, link: &str) -> Option<Url> {
    let base = Url::parse(base).ok()?;
    let url = if link.starts_with('/') && !link.starts_with("//") {
        base.join(link).ok()?
    } else {
        Url::parse(link).ok()?
    };
    let clean = url.username().is_empty() && url.password().is_none();
    (clean && same_origin(&url, &base)).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bmc_itself() {
        let base = "https://10.0.0.5:8443";
        let ok = |l: &str| resolve(base, l).map(|u| u.to_string());
        assert_eq!(
            ok("/redfish/v1/Systems/1").as_deref(),
            Some("https://10.0.0.5:8443/redfish/v1/Systems/1")
        );
        assert_eq!(
            ok("https://10.0.0.5:8443/redfish/v1/").as_deref(),
            Some("https://10.0.0.5:8443/redfish/v1/")
        );
        assert!(ok("/redfish/v1/Systems?$expand=.($levels=1)").is_some());
        for other in [
            "https://10.0.0.6:8443/redfish/v1/",  // another host
            "https://10.0.0.5:443/redfish/v1/",   // another port
            "http://10.0.0.5:8443/redfish/v1/",   // downgrade to http
            "//10.0.0.6:8443/redfish/v1/",        // protocol-relative
            "https://u:p@10.0.0.5:8443/redfish/", // user information
            "redfish/v1/Systems",                 // relative
            "ftp://10.0.0.5:8443/x",
            "",
        ] {
            assert_eq!(ok(other), None, "{other}");
        }
        // The default port is the same origin whether written or not.
        assert!(resolve("https://bmc", "https://BMC:443/redfish/v1/").is_some());
        assert!(resolve("http://[fe80::1]:8000", "/redfish/v1/").is_some());
    }
}
