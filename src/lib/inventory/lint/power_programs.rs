//! Rule `power-program` (a warning): a `power_device` var picks a powerman device script
//! whose helper program, run by chami's generated command, is not installed on this host,
//! e.g. `redfishpower-*` (/usr/sbin/redfishpower, in no Debian 12 package) or
//! `ipmipower` without freeipmi-tools. A record that also sets `power_command` runs its
//! own command and is not checked. Lint usually runs on the host that runs powermand;
//! where it does not, the warning still names what that host needs.

use super::context::LintContext;
use crate::inventory::diagnostic::Severity;
use crate::inventory::model::Vars;
use crate::inventory::records::{Record, RecordType};
use crate::render::power_devices::{helper, Helper, REDFISH_DEVICE};
use std::path::Path;

const RULE: &str = "power-program";

/// The missing helper of the device `vars` choose, if any.
fn missing(vars: &Vars, installed: &dyn Fn(&str) -> bool) -> Option<(String, Helper)> {
    if vars.contains_key("power_command") {
        return None;
    }
    let device = vars.get("power_device")?.as_str()?;
    let h = helper(device)?;
    (!installed(h.program)).then(|| (device.to_string(), h))
}

fn message(device: &str, h: Helper) -> (String, String) {
    let from = match h.package {
        Some(p) => format!("Debian package {p}"),
        None => "no Debian 12 package".to_string(),
    };
    let message = format!(
        "`vars.power_device: {device}` makes powermand run {}, which is not installed on \
         this host ({from})",
        h.program
    );
    let help = match h.package {
        Some(p) => format!("install {p} on the powerman host, or set power_command"),
        None => format!(
            "use power_device: {REDFISH_DEVICE} (httppower, in Debian's powerman), or set \
             power_command to a program the powerman host has"
        ),
    };
    (message, help)
}

fn flag<T: RecordType>(
    cx: &mut LintContext<'_>,
    rec: &Record<T>,
    vars: &Vars,
    installed: &dyn Fn(&str) -> bool,
) {
    if let Some((device, h)) = missing(vars, installed) {
        let (m, help) = message(&device, h);
        cx.report(
            Severity::Warning,
            RULE,
            rec,
            Some("power_device:"),
            m,
            &help,
        );
    }
}

pub(super) fn check(cx: &mut LintContext<'_>) {
    check_with(cx, &|p| Path::new(p).is_file());
}

/// [`check`] with `installed` telling whether a program is there (tests).
pub(super) fn check_with(cx: &mut LintContext<'_>, installed: &dyn Fn(&str) -> bool) {
    let inv = cx.inv;
    if let Some((device, h)) = missing(&inv.cluster.defaults.vars, installed) {
        let (m, help) = message(&device, h);
        cx.cluster_error(RULE, "power_device:", format!("defaults: {m}"), &help);
        if let Some(d) = cx.out.last_mut() {
            d.severity = Severity::Warning;
        }
    }
    for g in &inv.groups {
        flag(cx, g, &g.vars, installed);
    }
    for n in &inv.nodes {
        flag(cx, n, &n.vars, installed);
    }
}
