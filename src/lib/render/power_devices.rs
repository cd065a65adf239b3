//! The powerman device scripts chami picks by default for each BMC kind, and the helper
//! programs they run, as a stock Debian 12 powerman host has them: powerman 2.3 ships
//! `/etc/powerman/*.dev` and httppower, but not redfishpower; ipmipower comes from
//! freeipmi-tools.

/// The default device script for Redfish BMCs: Debian's `redfish-supermicro.dev`
/// (`ComputerSystem.Reset` on `Systems/1`), spoken through httppower.
pub const REDFISH_DEVICE: &str = "redfish-supermicro";

/// The default device script for IPMI BMCs: `ipmipower.dev`, through FreeIPMI's ipmipower.
pub const IPMI_DEVICE: &str = "ipmipower";

/// The device script for Redfish PDU outlets, which chami writes (`chami render
/// powerman-outlets`): one device per PDU through httppower, one plug per outlet Id.
pub const OUTLET_DEVICE: &str = "chami-redfish-outlet";

/// A helper program a device script runs: where it is and which Debian package has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Helper {
    /// Absolute path of the program.
    pub program: &'static str,
    /// The Debian 12 package that installs it, if any does.
    pub package: Option<&'static str>,
}

/// Every helper program [`helper`] names: whether they are installed is an input of lint.
pub const HELPER_PROGRAMS: [&str; 3] = [
    "/usr/sbin/redfishpower",
    "/usr/sbin/httppower",
    "/usr/sbin/ipmipower",
];

/// The helper program a device script runs when chami writes its command (no
/// `power_command`): httppower for the `redfish-*` scripts, ipmipower for `ipmipower*`,
/// redfishpower for `redfishpower-*` (in no Debian 12 package).
pub fn helper(device: &str) -> Option<Helper> {
    let [redfishpower, httppower, ipmipower] = HELPER_PROGRAMS;
    let (program, package) = if device.starts_with("redfishpower") {
        (redfishpower, None)
    } else if device.starts_with("redfish-") {
        (httppower, Some("powerman"))
    } else if device.starts_with("ipmipower") {
        (ipmipower, Some("freeipmi-tools"))
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
    httppower_at(host, port, "")
}

/// The command of a PDU's outlet device: httppower with the PDU's Outlets collection
/// (`path` is its PowerDistribution resource) as base URL, so that each plug (an outlet
/// Id) is a path below it. None when `path` has characters a URL path or a powerman
/// string would need escaped.
pub fn outlet_command(host: &str, port: Option<u16>, path: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.');
    (path.starts_with('/') && path.chars().all(plain)).then(|| {
        httppower_at(
            host,
            port,
            &format!("{}/Outlets", path.trim_end_matches('/')),
        )
    })
}

/// True when an outlet Id can be a powerman plug that httppower puts in a URL path.
pub fn plain_outlet_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn httppower_at(host: &str, port: Option<u16>, path: &str) -> String {
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    format!("/usr/sbin/httppower -u https://{host}{port}{path} -H Content-Type:application/json |&")
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

    #[test]
    fn outlet_devices_take_plain_paths_and_ids_only() {
        assert_eq!(
            outlet_command("10.1.0.50", None, "/redfish/v1/PowerEquipment/RackPDUs/1").as_deref(),
            Some("/usr/sbin/httppower -u https://10.1.0.50/redfish/v1/PowerEquipment/RackPDUs/1/Outlets -H Content-Type:application/json |&")
        );
        assert_eq!(outlet_command("10.1.0.50", None, "/x y"), None);
        assert_eq!(outlet_command("10.1.0.50", None, "/x\"\n"), None);
        assert!(plain_outlet_id("A1") && !plain_outlet_id("A 1") && !plain_outlet_id(""));
    }
}
