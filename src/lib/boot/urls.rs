//! Where nodes fetch boot scripts, seeds, kernels and images: the URLs `bootgen`,
//! `dhcp-export` and `serve` agree on.
//!
//! The bootgen tree is the document root of the boot server's web server (or of `chami
//! serve`): `default.ipxe` sits at its top, so DHCP hands iPXE clients
//! `http://ADDRESS[:PORT]/default.ipxe`. Relative kernel, initrd and image paths of boot
//! profiles are relative to the same root; absolute URLs are kept as they are.

use crate::inventory::model::{BootServer, Cluster};
use std::net::IpAddr;

/// The name of the script every iPXE client fetches first; it chains to the node's own.
pub const DEFAULT_SCRIPT: &str = "default.ipxe";

/// `http://ADDRESS[:PORT]` of the (first) boot server (no trailing slash); `None` when
/// cluster.yaml has none. Port 80 is left out; IPv6 addresses are bracketed.
pub fn base_url(cluster: &Cluster) -> Option<String> {
    cluster.first_boot_server().map(server_url)
}

/// [`base_url`] of every boot server, in order of preference.
pub fn base_urls(cluster: &Cluster) -> Vec<String> {
    cluster.boot_servers().iter().map(server_url).collect()
}

/// `http://ADDRESS[:PORT]` of one boot server.
pub fn server_url(server: &BootServer) -> String {
    let host = match server.address {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
    };
    if server.http_port == 80 {
        format!("http://{host}")
    } else {
        format!("http://{host}:{}", server.http_port)
    }
}

/// The URL DHCP hands to iPXE clients: the default script at the top of the boot tree
/// of the first boot server.
pub fn default_script_url(cluster: &Cluster) -> Option<String> {
    cluster.first_boot_server().map(server_script_url)
}

/// The default script's URL on `server`.
pub fn server_script_url(server: &BootServer) -> String {
    format!("{}/{DEFAULT_SCRIPT}", server_url(server))
}

/// A profile's kernel, initrd or image location as a URL: one with a scheme is kept,
/// a relative path is joined to [`base_url`].
pub fn file_url(base: &str, path: &str) -> String {
    if path.contains("://") {
        path.to_string()
    } else {
        format!("{base}/{}", path.trim_start_matches('/'))
    }
}

/// A base URL given on the command line (`chami serve --base-url`), checked for where it
/// goes: iPXE scripts (which expand `${…}`), kernel command lines (split at spaces) and
/// JSON. `http://` or `https://`, a host, then only letters, digits and `-._~:/[]%`; no
/// user name or password, query or fragment. Returned without a trailing `/`.
pub fn parse_base_url(raw: &str) -> Result<String, String> {
    let rest = raw
        .strip_prefix("http://")
        .or_else(|| raw.strip_prefix("https://"))
        .ok_or_else(|| format!("`{raw}` does not start with http:// or https://"))?;
    if let Some(c) = raw
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-._~:/[]%".contains(*c)))
    {
        return Err(format!(
            "`{}` holds {c:?}: a base URL has only letters, digits and -._~:/[]% (no user, query or fragment)",
            crate::escape::comment(raw)
        ));
    }
    if rest.is_empty() || rest.starts_with('/') || rest.starts_with(':') {
        return Err(format!("`{raw}` has no host"));
    }
    Ok(raw.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(address: &str, port: u16) -> Cluster {
        let mut c: Cluster = serde_json::from_value(serde_json::json!({
            "format": 1, "name": "t"
        }))
        .unwrap();
        c.boot_server = Some(BootServer {
            address: address.parse().unwrap(),
            http_port: port,
            bios_file: None,
            efi_file: None,
            arm64_file: None,
        });
        c
    }

    #[test]
    fn base_urls_from_the_command_line_are_checked() {
        assert_eq!(
            parse_base_url("https://boot.example:8443/chami/").unwrap(),
            "https://boot.example:8443/chami"
        );
        assert_eq!(
            parse_base_url("http://[fd00::1]:8080").unwrap(),
            "http://[fd00::1]:8080"
        );
        for bad in [
            "boot.example",
            "ftp://boot.example",
            "http://",
            "http:///x",
            "http://a b",
            "http://h/${x}",
            "http://user:pw@h",
            "http://h/?q",
            "http://h/#f",
            "http://h/\"x",
            "http://h/\nchain evil",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn port_80_is_left_out_and_ipv6_is_bracketed() {
        assert_eq!(
            base_url(&cluster("10.0.0.1", 80)).as_deref(),
            Some("http://10.0.0.1")
        );
        assert_eq!(
            default_script_url(&cluster("10.0.0.1", 8080)).as_deref(),
            Some("http://10.0.0.1:8080/default.ipxe")
        );
        assert_eq!(
            base_url(&cluster("fd00::1", 8080)).as_deref(),
            Some("http://[fd00::1]:8080")
        );
    }

    #[test]
    fn relative_paths_join_the_base_and_urls_stay() {
        let b = "http://10.0.0.1:8080";
        assert_eq!(
            file_url(b, "images/vmlinuz"),
            "http://10.0.0.1:8080/images/vmlinuz"
        );
        assert_eq!(
            file_url(b, "/images/vmlinuz"),
            "http://10.0.0.1:8080/images/vmlinuz"
        );
        assert_eq!(file_url(b, "https://mirror/x"), "https://mirror/x");
    }
}
