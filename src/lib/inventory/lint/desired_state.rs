//! Rule `bios-value`: a desired BIOS attribute (`bios:` of a group or node) whose value
//! is not a scalar. Redfish BIOS attributes are strings, numbers or booleans; a list, a
//! map or an empty value would only be refused by every BMC at `bmc bios apply`.

use super::context::LintContext;
use crate::inventory::model::BiosAttributes;
use crate::inventory::records::{Record, RecordType};
use serde_json::Value;

const RULE: &str = "bios-value";

/// The attributes of `bios` whose value is not a string, number or boolean, with what it is.
fn not_scalar(bios: &BiosAttributes) -> impl Iterator<Item = (&str, &'static str)> {
    bios.iter().filter_map(|(k, v)| {
        let what = match v {
            Value::Null => "empty",
            Value::Array(_) => "a list",
            Value::Object(_) => "a map",
            _ => return None,
        };
        Some((k.as_str(), what))
    })
}

fn flag<T: RecordType>(cx: &mut LintContext<'_>, rec: &Record<T>, bios: &BiosAttributes) {
    for (k, what) in not_scalar(bios) {
        cx.error(
            RULE,
            rec,
            Some(&format!("{k}:")),
            format!("bios.{k} is {what}; a BIOS attribute is a string, a number or true/false"),
            "write one value (quote it to send digits as a string); `chami bmc bios get NODE` shows the BMC's types",
        );
    }
}

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    for g in &inv.groups {
        flag(cx, g, &g.bios);
    }
    for n in &inv.nodes {
        flag(cx, n, &n.bios);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_strings_numbers_and_booleans_pass() {
        let bios: BiosAttributes = [
            ("A", json!("Uefi")),
            ("B", json!(3)),
            ("C", json!(true)),
            ("D", json!(["x"])),
            ("E", json!({"x": 1})),
            ("F", Value::Null),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let bad: Vec<_> = not_scalar(&bios).collect();
        assert_eq!(bad, [("D", "a list"), ("E", "a map"), ("F", "empty")]);
    }
}
