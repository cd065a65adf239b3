//! Fuzzes the record loader's parsing: any bytes as a node, BMC, group, tenant or
//! cluster.yaml file either load or give an error with a position inside the text.
#![no_main]

use chami::inventory::model::{Bmc, Cluster, Group, Node, Tenant};
use libfuzzer_sys::fuzz_target;

fn check<T: serde::de::DeserializeOwned>(text: &str) {
    if let Err(e) = chami::yaml::from_str_one_or_many::<T>(text) {
        // YAML's line breaks: CR LF, a lone CR, a lone LF.
        let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
        if let Some(line) = e.line {
            assert!(line <= lines + 1, "line {line} of a {lines}-line text: {e:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check::<Node>(text);
    check::<Bmc>(text);
    check::<Group>(text);
    check::<Tenant>(text);
    let _ = chami::yaml::from_str::<Cluster>(text);
});
