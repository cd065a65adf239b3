//! Fuzzes the xname parser: any text parses or is refused, and a parsed xname prints in a
//! normal form that parses back to itself.
#![no_main]

use chami::xname::Xname;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(x) = Xname::parse(text) {
        let printed = x.to_string();
        let again = Xname::parse(&printed)
            .unwrap_or_else(|e| panic!("{text:?} prints as {printed:?}, which does not parse: {e}"));
        assert_eq!(again.to_string(), printed);
    }
});
