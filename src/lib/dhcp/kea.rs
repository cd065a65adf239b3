//! The Kea DHCPv4 writer: a whole `kea-dhcp4.conf` (JSON, serialized with serde) with one
//! `subnet4` per network (a pool only when unknown clients get addresses), reservations,
//! and client classes for the boot chain.

use super::{BootChain, DhcpPlan, Reservation, Subnet, DEFAULT_LEASE_SECONDS};
use crate::inventory::model::{LogSeverity, MacAddr};
use serde::Serialize;
use std::net::Ipv4Addr;

#[derive(Serialize)]
struct Config<'a> {
    #[serde(rename = "Dhcp4")]
    dhcp4: Dhcp4<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Dhcp4<'a> {
    comment: String,
    interfaces_config: Interfaces<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    control_socket: Option<ControlSocket<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    loggers: Vec<Logger<'a>>,
    lease_database: LeaseDatabase,
    valid_lifetime: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    client_classes: Vec<Class<'a>>,
    subnet4: Vec<Subnet4<'a>>,
}

#[derive(Serialize)]
struct Interfaces<'a> {
    interfaces: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ControlSocket<'a> {
    socket_type: &'static str,
    socket_name: &'a str,
}

#[derive(Serialize)]
struct Logger<'a> {
    name: &'static str,
    // Kea 2.2 (Debian 12) knows only the underscore spelling; later ones take both.
    output_options: [LogOutput<'a>; 1],
    severity: LogSeverity,
    debuglevel: u8,
}

#[derive(Serialize)]
struct LogOutput<'a> {
    output: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct LeaseDatabase {
    #[serde(rename = "type")]
    kind: &'static str,
    lfc_interval: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Class<'a> {
    name: &'static str,
    test: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_server: Option<Ipv4Addr>,
    boot_file_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Subnet4<'a> {
    id: usize,
    comment: String,
    subnet: String,
    valid_lifetime: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    interface: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pools: Vec<Pool>,
    option_data: Vec<OptionData<'a>>,
    reservations: Vec<Host<'a>>,
}

#[derive(Serialize)]
struct Pool {
    pool: String,
}

#[derive(Serialize)]
struct OptionData<'a> {
    name: &'static str,
    data: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Host<'a> {
    hw_address: MacAddr,
    ip_address: Ipv4Addr,
    hostname: &'a str,
}

/// The Kea configuration of `plan`, pretty-printed JSON. Kea listens on the networks'
/// `dhcp_interface`s when each names one, else on every interface (`"*"`); leases go to
/// its default memfile; the control socket and loggers are there when cluster.yaml's
/// `dhcp:` names them.
pub fn write(plan: &DhcpPlan) -> String {
    let [first, second] = plan.header("Kea DHCPv4", "kea");
    let config = Config {
        dhcp4: Dhcp4 {
            comment: format!("{first} {second}"),
            interfaces_config: Interfaces {
                interfaces: plan.interfaces().unwrap_or_else(|| vec!["*"]),
            },
            control_socket: plan.settings.control_socket.as_deref().map(|socket_name| {
                ControlSocket {
                    socket_type: "unix",
                    socket_name,
                }
            }),
            loggers: plan
                .settings
                .log_output
                .as_deref()
                .map(|output| {
                    let severity = plan.settings.log_severity.unwrap_or(LogSeverity::Info);
                    Logger {
                        name: "kea-dhcp4",
                        output_options: [LogOutput { output }],
                        severity,
                        debuglevel: if severity == LogSeverity::Debug {
                            99
                        } else {
                            0
                        },
                    }
                })
                .into_iter()
                .collect(),
            lease_database: LeaseDatabase {
                kind: "memfile",
                lfc_interval: 3600,
            },
            valid_lifetime: DEFAULT_LEASE_SECONDS,
            client_classes: plan.boot.as_ref().map(classes).unwrap_or_default(),
            subnet4: plan
                .subnets
                .iter()
                .enumerate()
                .map(|(i, s)| subnet(i + 1, s))
                .collect(),
        },
    };
    let mut text = Vec::with_capacity(4096 + plan.reservation_count() * 128);
    serde_json::to_writer_pretty(&mut text, &config).expect("the Kea config serializes");
    text.push(b'\n');
    String::from_utf8(text).expect("serde_json writes UTF-8")
}

/// The boot chain as client classes, evaluated in order: iPXE first, then PXE firmware by
/// architecture (option 93) unless it is iPXE.
fn classes<'a>(b: &'a BootChain<'_>) -> Vec<Class<'a>> {
    let pxe = "not member('chami-ipxe') and";
    let tftp = |name, test: String, file| Class {
        name,
        test,
        next_server: Some(b.next_server),
        boot_file_name: file,
    };
    vec![
        Class {
            name: "chami-ipxe",
            test: "option[175].exists or substring(option[77].hex,0,4) == 'iPXE'".to_string(),
            next_server: None,
            boot_file_name: &b.script_url,
        },
        tftp(
            "chami-bios",
            format!("{pxe} option[93].hex == 0x0000"),
            b.bios_file,
        ),
        tftp(
            "chami-efi64",
            format!("{pxe} (option[93].hex == 0x0007 or option[93].hex == 0x0009)"),
            b.efi_file,
        ),
        tftp(
            "chami-arm64",
            format!("{pxe} option[93].hex == 0x000b"),
            b.arm64_file,
        ),
    ]
}

fn subnet<'a>(id: usize, s: &'a Subnet) -> Subnet4<'a> {
    let mut options = Vec::new();
    if let Some(g) = s.gateway {
        options.push(OptionData {
            name: "routers",
            data: g.to_string().into(),
        });
    }
    if !s.dns.is_empty() {
        let dns: Vec<String> = s.dns.iter().map(|d| d.to_string()).collect();
        options.push(OptionData {
            name: "domain-name-servers",
            data: dns.join(", ").into(),
        });
    }
    if let Some(d) = s.domain {
        options.push(OptionData {
            name: "domain-name",
            data: d.into(),
        });
    }
    if let Some(mtu) = s.mtu {
        options.push(OptionData {
            name: "interface-mtu",
            data: mtu.to_string().into(),
        });
    }
    Subnet4 {
        id,
        comment: format!("network {}", s.name),
        subnet: s.cidr.to_string(),
        interface: s.interface,
        valid_lifetime: s.lease_seconds,
        pools: s
            .range
            .map(|(start, end)| Pool {
                pool: format!("{start} - {end}"),
            })
            .into_iter()
            .collect(),
        option_data: options,
        reservations: s.reservations.iter().map(host).collect(),
    }
}

fn host<'a>(r: &'a Reservation) -> Host<'a> {
    Host {
        hw_address: r.mac,
        ip_address: r.ip,
        hostname: &r.hostname,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{example, inventory};
    use super::*;
    use serde_json::Value;

    #[test]
    fn subnets_reservations_and_classes() {
        let text = write(&DhcpPlan::new(&example()).unwrap());
        let v: Value = serde_json::from_str(&text).unwrap();
        let d = &v["Dhcp4"];
        assert!(d["comment"]
            .as_str()
            .unwrap()
            .starts_with("Kea DHCPv4 configuration generated by chami"));
        let mgmt = &d["subnet4"][0];
        assert_eq!(mgmt["id"], 1);
        assert_eq!(mgmt["subnet"], "10.0.0.0/24");
        assert_eq!(mgmt["valid-lifetime"], 3600);
        assert_eq!(mgmt["pools"][0]["pool"], "10.0.0.200 - 10.0.0.250");
        let hosts: Vec<(&str, &str, &str)> = mgmt["reservations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["hw-address"].as_str().unwrap(),
                    r["ip-address"].as_str().unwrap(),
                    r["hostname"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            hosts,
            [
                ("02:00:00:00:00:01", "10.0.0.11", "n1"),
                ("02:00:00:00:00:02", "10.0.0.12", "n2"),
                ("02:00:00:00:01:02", "10.0.0.112", "n2-eth1"),
            ]
        );
        let opts = mgmt["option-data"].to_string();
        for o in [
            r#"{"name":"routers","data":"10.0.0.1"}"#,
            r#"{"name":"domain-name-servers","data":"10.0.0.1, 10.0.0.2"}"#,
            r#"{"name":"domain-name","data":"t.local"}"#,
            r#"{"name":"interface-mtu","data":"9000"}"#,
        ] {
            assert!(opts.contains(o), "{o} in {opts}");
        }
        let bmc = &d["subnet4"][1];
        assert!(bmc.get("pools").is_none(), "no dynamic range, no pool");
        assert_eq!(bmc["id"], 2);
        assert_eq!(bmc["valid-lifetime"], 600);
        assert_eq!(bmc["reservations"][1]["hostname"], "sw-bmc");
    }

    #[test]
    fn boot_chain_as_client_classes() {
        let text = write(&DhcpPlan::new(&example()).unwrap());
        let v: Value = serde_json::from_str(&text).unwrap();
        let classes = v["Dhcp4"]["client-classes"].as_array().unwrap();
        let got: Vec<(&str, &str, Option<&str>)> = classes
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap(),
                    c["boot-file-name"].as_str().unwrap(),
                    c["next-server"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("chami-ipxe", "http://10.0.0.1:8080/default.ipxe", None),
                ("chami-bios", "undionly.kpxe", Some("10.0.0.1")),
                ("chami-efi64", "snponly.efi", Some("10.0.0.1")),
                ("chami-arm64", "ipxe-arm64.efi", Some("10.0.0.1")),
            ]
        );
        assert!(classes[0]["test"]
            .as_str()
            .unwrap()
            .contains("option[175].exists"));
        assert!(classes[2]["test"].as_str().unwrap().contains("0x0009"));

        let inv = inventory(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n",
            &[],
            &[],
        );
        let v: Value = serde_json::from_str(&write(&DhcpPlan::new(&inv).unwrap())).unwrap();
        assert!(v["Dhcp4"].get("client-classes").is_none(), "no boot server");
    }

    /// Kea's config from a cluster.yaml, as JSON.
    fn kea(cluster: &str) -> Value {
        let inv = inventory(cluster, &[], &[]);
        serde_json::from_str(&write(&DhcpPlan::new(&inv).unwrap())).unwrap()
    }

    #[test]
    fn interfaces_control_socket_and_loggers_from_the_inventory() {
        let net = |name: &str, n: u8, iface: &str| {
            format!("- {{name: {name}, cidr: 10.{n}.0.0/24, dhcp: true{iface}}}\n")
        };
        // Every DHCP network names its interface: Kea listens on those only.
        let v = kea(&format!(
            "format: 1\nname: t\nnetworks:\n{}{}{}- {{name: ib, cidr: 10.9.0.0/24}}\n",
            net("m", 0, ", dhcp_interface: eno1"),
            net("b", 1, ", dhcp_interface: eno1.10"),
            net("c", 2, ", dhcp_interface: eno1"),
        ));
        let d = &v["Dhcp4"];
        assert_eq!(
            d["interfaces-config"]["interfaces"],
            serde_json::json!(["eno1", "eno1.10"])
        );
        assert_eq!(d["subnet4"][1]["interface"], "eno1.10");
        assert!(d.get("control-socket").is_none() && d.get("loggers").is_none());
        // One network without: every interface, as before.
        let v = kea(&format!(
            "format: 1\nname: t\nnetworks:\n{}{}\
             dhcp: {{control_socket: /run/kea/kea4-ctrl-socket, log_output: syslog, \
             log_severity: DEBUG}}\n",
            net("m", 0, ", dhcp_interface: eno1"),
            net("b", 1, ""),
        ));
        let d = &v["Dhcp4"];
        assert_eq!(
            d["interfaces-config"]["interfaces"],
            serde_json::json!(["*"])
        );
        assert!(d["subnet4"][1].get("interface").is_none());
        assert_eq!(
            d["control-socket"],
            serde_json::json!({"socket-type": "unix", "socket-name": "/run/kea/kea4-ctrl-socket"})
        );
        assert_eq!(
            d["loggers"],
            serde_json::json!([{"name": "kea-dhcp4", "output_options": [{"output": "syslog"}],
                "severity": "DEBUG", "debuglevel": 99}])
        );
    }

    #[test]
    fn bad_interface_or_setting_is_refused_naming_the_field() {
        let err = |cluster: &str| {
            DhcpPlan::new(&inventory(cluster, &[], &[]))
                .unwrap_err()
                .to_string()
        };
        let e = err("format: 1\nname: t\nnetworks:\n\
                     - {name: m, cidr: 10.0.0.0/24, dhcp: true, dhcp_interface: 'eno1 eno2'}\n");
        assert!(
            e.contains("network `m`: dhcp_interface `eno1 eno2` is not an interface name"),
            "{e}"
        );
        let e = err(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n\
                     dhcp: {log_output: kea.log}\n",
        );
        assert!(
            e.contains("dhcp.log_output: `kea.log` is not an absolute path nor stdout"),
            "{e}"
        );
        let e = err(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n\
                     dhcp: {control_socket: syslog}\n",
        );
        assert!(
            e.contains("dhcp.control_socket: `syslog` is not an absolute path;"),
            "{e}"
        );
    }
}
