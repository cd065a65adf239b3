//! Fuzzes the nodeset parser: any text either parses or is refused (never a panic, never
//! unbounded work), and a set that parses folds into an expression that parses back to
//! the same names.
#![no_main]

use chami::hostlist::NodeSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = NodeSet::parse(expr) else {
        return;
    };
    if set.len() > 10_000 {
        return;
    }
    for folded in [set.fold(), set.fold_slurm()] {
        let again = NodeSet::parse(&folded)
            .unwrap_or_else(|e| panic!("{expr:?} folds to {folded:?}, which does not parse: {e}"));
        assert_eq!(again.to_vec(), set.to_vec(), "{expr:?} → {folded:?}");
    }
});
