//! `inventory set` edits of a node's desired BMC state: `bios.KEY=VALUE` (the value
//! read as YAML, so `2` is a number and `Uefi` a string) and
//! `firmware.COMPONENT.version=…` / `firmware.COMPONENT.image=…` (the component name
//! may hold dots and spaces: the field is after the last dot).

use super::edit::{Edit, EditError, Op};
use super::model::{FirmwareWant, Node};

impl Edit {
    /// Applies a `bios.` or `firmware.` edit to `n`; None when the key is neither.
    pub(super) fn apply_desired(&self, n: &mut Node) -> Option<Result<(), EditError>> {
        if let Some(k) = self.key.strip_prefix("bios.") {
            return Some(self.apply_bios(n, k));
        }
        let rest = self.key.strip_prefix("firmware.")?;
        Some(self.apply_firmware(n, rest))
    }

    fn apply_bios(&self, n: &mut Node, k: &str) -> Result<(), EditError> {
        if self.op == Op::Unset {
            n.bios.remove(k);
            return Ok(());
        }
        let v: serde_json::Value = crate::yaml::from_str(&self.value)
            .map_err(|e| self.bad(format!("not a YAML value: {e}")))?;
        if v.is_object() || v.is_array() || v.is_null() {
            return Err(self.bad("a BIOS attribute is a string, a number or true/false"));
        }
        n.bios.insert(k.to_string(), v);
        Ok(())
    }

    fn apply_firmware(&self, n: &mut Node, rest: &str) -> Result<(), EditError> {
        let field = rest
            .rsplit_once('.')
            .filter(|(_, f)| matches!(*f, "version" | "image"));
        let Some((component, field)) = field else {
            if self.op == Op::Unset {
                n.firmware.remove(rest);
                return Ok(());
            }
            return Err(self
                .bad("write firmware.COMPONENT.version=VERSION or firmware.COMPONENT.image=URI"));
        };
        match (field, self.op) {
            ("version", Op::Unset) => {
                n.firmware.remove(component);
            }
            ("version", _) => {
                let want =
                    n.firmware
                        .entry(component.to_string())
                        .or_insert_with(|| FirmwareWant {
                            version: String::new(),
                            image: None,
                        });
                want.version = self.value.clone();
            }
            (_, op) => {
                let Some(want) = n.firmware.get_mut(component) else {
                    return Err(self.bad(format!(
                        "set firmware.{component}.version first (or in the same command, before the image)"
                    )));
                };
                want.image = (op != Op::Unset).then(|| self.value.clone());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bios_and_firmware_edits() {
        let mut n = Node::default();
        for e in [
            "bios.BootMode=Uefi",
            "bios.ProcCoreDisable=2",
            "firmware.Contoso BIOS Firmware.version=P80 v1.46",
            "firmware.Contoso BIOS Firmware.image=http://x/b.bin",
        ] {
            Edit::parse(e).unwrap().apply(&mut n).unwrap();
        }
        assert_eq!(n.bios["BootMode"], json!("Uefi"));
        assert_eq!(n.bios["ProcCoreDisable"], json!(2));
        let fw = &n.firmware["Contoso BIOS Firmware"];
        assert_eq!(
            (fw.version.as_str(), fw.image.as_deref()),
            ("P80 v1.46", Some("http://x/b.bin"))
        );
        assert!(Edit::parse("bios.X=[1]").unwrap().apply(&mut n).is_err());
        assert!(Edit::parse("firmware.NIC.image=u")
            .unwrap()
            .apply(&mut n)
            .is_err());
        Edit::unset("firmware.Contoso BIOS Firmware")
            .apply(&mut n)
            .unwrap();
        assert!(n.firmware.is_empty());
    }
}
