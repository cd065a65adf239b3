//! The `prometheus` and `prometheus-bmc` targets without the template engine
//! (`templates/prometheus.j2`, `templates/prometheus-bmc.j2`, byte for byte): file_sd
//! JSON, one target a line, labels with sorted keys as the template's map literal has.

use super::text::{display, json, truthy, Generated};
use crate::render::context::Context;
use std::fmt::Write;

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or_default()
}

/// Node exporter targets.
pub fn nodes(ctx: &Context) -> Generated {
    let mut out = String::with_capacity(160 * ctx.nodes.len() + 8);
    out.push_str("[\n");
    let with_ip: Vec<_> = ctx.nodes.iter().filter(|n| truthy(&n.ip)).collect();
    for (k, n) in with_ip.iter().enumerate() {
        let port = match n.vars.get("node_exporter_port") {
            Some(v) => display(v)?,
            None => "9100".to_string(),
        };
        let target = format!("{}:{port}", opt(&n.ip));
        let _ = write!(
            out,
            "  {{\"targets\": [{}], \"labels\": {{\"cluster\":{},\"node\":{},\"role\":{},\"tenant\":{},\"xname\":{}}}}}",
            json(&target),
            json(&ctx.cluster.name),
            json(&n.name),
            json(opt(&n.role)),
            json(opt(&n.tenant)),
            json(opt(&n.xname)),
        );
        out.push_str(if k + 1 < with_ip.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    Ok(out)
}

/// BMC exporter targets.
pub fn bmcs(ctx: &Context) -> Generated {
    let mut out = String::with_capacity(160 * ctx.bmcs.len() + 8);
    out.push_str("[\n");
    for (k, b) in ctx.bmcs.iter().enumerate() {
        let _ = write!(
            out,
            "  {{\"targets\": [{}], \"labels\": {{\"bmc\":{},\"cluster\":{},\"kind\":{},\"nodes\":{},\"xname\":{}}}}}",
            json(&b.address),
            json(&b.name),
            json(&ctx.cluster.name),
            json(&b.kind),
            json(&b.nodes.join(",")),
            json(opt(&b.xname)),
        );
        out.push_str(if k + 1 < ctx.bmcs.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    Ok(out)
}
