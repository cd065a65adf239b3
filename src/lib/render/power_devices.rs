//! The powerman device scripts chami picks by default for each BMC kind, and the helper
//! programs they run, as a stock Debian 12 powerman host has them: powerman 2.3 ships
//! `/etc/powerman/*.dev` and httppower, but not redfishpower; ipmipower comes from
//! freeipmi-tools.

/// The default device script for Redfish BMCs: Debian's `redfish-supermicro.dev`
/// (`ComputerSystem.Reset` on `Systems/1`), spoken through httppower.
pub const REDFISH_DEVICE: &str = "redfish-supermicro";

/// The default device script for IPMI BMCs: `ipmipower.dev`, through FreeIPMI's ipmipower.
pub const IPMI_DEVICE: &str = "ipmipower";

/// A helper program a device script runs: where it is and which Debian package has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Helper {
    /// Absolute path of the program.
    pub program: &'static str,
    /// The Debian 12 package that installs it, if any does.
    pub package: Option<&'static str>,
}

/// The helper program a device script runs when chami writes its command (no
/// `power_command`): httppower for the `redfish-*` scripts, ipmipower for `ipmipower*`,
/// redfishpower for `redfishpower-*` (in no Debian 12 package).
pub fn helper(device: &str) -> Option<Helper> {
    let (program, package) = if device.starts_with("redfishpower") {
        ("/usr/sbin/redfishpower", None)
    } else if device.starts_with("redfish-") {
        ("/usr/sbin/httppower", Some("powerman"))
    } else if device.starts_with("ipmipower") {
        ("/usr/sbin/ipmipower", Some("freeipmi-tools"))
    } else {
        return None;
    };
    Some(Helper { program, package })
}

/// The device script for a BMC of `kind` (`redfish` or `ipmi`).
pub fn default_device(kind: Option<&str>) -> &'static str {
    match kind {
        Some("ipmi") => IPMI_DEVICE,
        _ => REDFISH_DEVICE,
    }
}

/// The command of an httppower device (one per BMC: httppower talks to one base URL):
/// `host` is the BMC's address, with `port` when it has one.
pub fn httppower_command(host: &str, port: Option<u16>) -> String {
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    format!("/usr/sbin/httppower -u https://{host}{port} -H Content-Type:application/json |&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_and_their_packages() {
        assert_eq!(helper("redfishpower-supermicro").unwrap().package, None);
        assert_eq!(
            helper("redfish-supermicro").unwrap().program,
            "/usr/sbin/httppower"
        );
        assert_eq!(helper("ipmipower").unwrap().package, Some("freeipmi-tools"));
        assert_eq!(helper("vpc"), None);
        assert_eq!(default_device(Some("ipmi")), "ipmipower");
        assert_eq!(default_device(Some("redfish")), "redfish-supermicro");
    }

    #[test]
    fn httppower_url_brackets_ipv6_and_adds_the_port() {
        assert_eq!(
            httppower_command("10.1.0.11", None),
            "/usr/sbin/httppower -u https://10.1.0.11 -H Content-Type:application/json |&"
        );
        assert!(httppower_command("fd00::5", Some(8443)).contains("https://[fd00::5]:8443 "));
    }
}
