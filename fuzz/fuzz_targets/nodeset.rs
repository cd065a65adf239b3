//! Fuzzes the nodeset parser: any text either parses or is refused (never a panic, never
//! unbounded work), and a set that parses folds into an expression that parses back to
//! the same names (as a set: a negative index `n[-5]` prints as the name `n-5`, which
//! reads back under another pattern, so the order of the names may differ).
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
        let (mut a, mut b) = (again.to_vec(), set.to_vec());
        a.sort();
        b.sort();
        assert_eq!(a, b, "{expr:?} → {folded:?}");
    }
});

