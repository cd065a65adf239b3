//! Names of new records: from the name map when it has an entry, else from a template
//! (minijinja, strict: an unknown variable is an error). The defaults are
//! `bmc-10-1-0-11` and `node-10-1-0-11`, or the xnames when the map gives one.

use super::NameMapEntry;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// Default BMC name template.
pub const DEFAULT_BMC: &str =
    "{% if xname %}{{ xname }}{% else %}bmc-{{ dashed_address }}{% endif %}";
/// Default node name template.
pub const DEFAULT_NODE: &str = "{% if xname %}{{ xname }}{% else %}node-{{ dashed_address }}{% if index > 0 %}-{{ index }}{% endif %}{% endif %}";

/// A name template that does not work.
#[derive(Debug, thiserror::Error)]
#[error("{flag} `{template}`: {message}")]
pub struct NamingError {
    /// --bmc-name or --node-name.
    pub flag: &'static str,
    /// The template.
    pub template: String,
    /// What went wrong.
    pub message: String,
}

/// The two name templates, compiled.
pub struct Naming {
    env: Environment<'static>,
    bmc_src: String,
    node_src: String,
}

/// Variables of the BMC name template.
#[derive(Serialize)]
pub struct BmcVars<'a> {
    /// The address as reached.
    pub address: &'a str,
    /// The address with `.` and `:` turned into `-`.
    pub dashed_address: String,
    /// BMC xname from the map.
    pub xname: Option<&'a str>,
    /// BMC MAC.
    pub mac: Option<&'a str>,
    /// Serial of the first system.
    pub serial: Option<&'a str>,
}

/// Variables of the node name template.
#[derive(Serialize)]
pub struct NodeVars<'a> {
    /// The BMC's record name.
    pub bmc: &'a str,
    /// The BMC address.
    pub address: &'a str,
    /// Dashed address.
    pub dashed_address: String,
    /// Node xname (`<bmc xname>n<index>`).
    pub xname: Option<&'a str>,
    /// Index of the system behind the BMC.
    pub index: usize,
    /// Serial number.
    pub serial: Option<&'a str>,
    /// HostName the BMC reports.
    pub hostname: Option<&'a str>,
}

/// `10.1.0.11` → `10-1-0-11`.
pub fn dashed(address: &str) -> String {
    address.replace(['.', ':'], "-")
}

impl Naming {
    /// Compiles the templates (the defaults when None).
    pub fn new(bmc: Option<&str>, node: Option<&str>) -> Result<Naming, NamingError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let bmc_src = bmc.unwrap_or(DEFAULT_BMC).to_string();
        let node_src = node.unwrap_or(DEFAULT_NODE).to_string();
        for (flag, src, name) in [
            ("--bmc-name", &bmc_src, "bmc"),
            ("--node-name", &node_src, "node"),
        ] {
            env.add_template_owned(name, src.clone())
                .map_err(|e| NamingError {
                    flag,
                    template: src.clone(),
                    message: e.to_string(),
                })?;
        }
        Ok(Naming {
            env,
            bmc_src,
            node_src,
        })
    }

    /// The name of a new BMC record.
    pub fn bmc(&self, entry: Option<&NameMapEntry>, vars: &BmcVars) -> Result<String, NamingError> {
        if let Some(n) = entry.and_then(|e| e.bmc.clone()) {
            return Ok(n);
        }
        self.render("bmc", "--bmc-name", &self.bmc_src, vars)
    }

    /// The name of a new node record.
    pub fn node(
        &self,
        entry: Option<&NameMapEntry>,
        vars: &NodeVars,
    ) -> Result<String, NamingError> {
        if let Some(n) = entry.and_then(|e| e.nodes.get(vars.index).cloned()) {
            return Ok(n);
        }
        self.render("node", "--node-name", &self.node_src, vars)
    }

    fn render(
        &self,
        name: &str,
        flag: &'static str,
        src: &str,
        vars: &impl Serialize,
    ) -> Result<String, NamingError> {
        let err = |message: String| NamingError {
            flag,
            template: src.to_string(),
            message,
        };
        let t = self
            .env
            .get_template(name)
            .map_err(|e| err(e.to_string()))?;
        let out = t
            .render(minijinja::value::Serde(vars))
            .map_err(|e| err(e.to_string()))?;
        let out = out.trim().to_string();
        if !crate::inventory::lint::is_host_name(&out) {
            return Err(err(format!(
                "gives `{out}`, which is not a valid record name (letters, digits and `-`, at most 63)"
            )));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_vars(index: usize, xname: Option<&str>) -> NodeVars<'_> {
        NodeVars {
            bmc: "bmc-10-1-0-11",
            address: "10.1.0.11",
            dashed_address: dashed("10.1.0.11"),
            xname,
            index,
            serial: Some("SN1"),
            hostname: None,
        }
    }

    #[test]
    fn defaults_and_templates() {
        let n = Naming::new(None, None).unwrap();
        assert_eq!(n.node(None, &node_vars(0, None)).unwrap(), "node-10-1-0-11");
        assert_eq!(
            n.node(None, &node_vars(2, None)).unwrap(),
            "node-10-1-0-11-2"
        );
        assert_eq!(
            n.node(None, &node_vars(0, Some("x1c0s0b0n0"))).unwrap(),
            "x1c0s0b0n0"
        );
        let t = Naming::new(None, Some("cn-{{ serial | lower }}")).unwrap();
        assert_eq!(t.node(None, &node_vars(0, None)).unwrap(), "cn-sn1");
        let e = NameMapEntry {
            nodes: vec!["r1u12".into()],
            ..Default::default()
        };
        assert_eq!(t.node(Some(&e), &node_vars(0, None)).unwrap(), "r1u12");
    }

    #[test]
    fn bad_templates_are_named() {
        let t = Naming::new(None, Some("{{ serail }}")).unwrap();
        let e = t.node(None, &node_vars(0, None)).unwrap_err().to_string();
        assert!(e.starts_with("--node-name `{{ serail }}`"), "{e}");
        let t = Naming::new(None, Some("n_{{ index }}")).unwrap();
        assert!(t
            .node(None, &node_vars(0, None))
            .unwrap_err()
            .to_string()
            .contains("not a valid record name"));
    }
}
