//! Tests of xname parsing, normalization, order and error messages.

use super::*;
use crate::xname::XnameType as T;
use std::cmp::Ordering;

fn x(s: &str) -> Xname {
    Xname::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn err(s: &str) -> XnameError {
    match Xname::parse(s) {
        Ok(v) => panic!("{s} parsed as {v} ({})", v.kind()),
        Err(e) => e,
    }
}

/// (type, example, normalized parent) for every type.
const CASES: &[(XnameType, &str, Option<&str>)] = &[
    (T::System, "s0", None),
    (T::Partition, "p1.2", None),
    (T::SMSBox, "sms1", None),
    (T::CDU, "d0", Some("s0")),
    (T::CDUMgmtSwitch, "d0w1", Some("d0")),
    (T::Cabinet, "x1000", Some("s0")),
    (T::CabinetBMC, "x1000b0", Some("x1000")),
    (T::CabinetCDU, "x1000d1", Some("x1000")),
    (T::CEC, "x1000e1", Some("x1000")),
    (T::CabinetPDUController, "x3000m3", Some("x3000")),
    (T::CabinetPDU, "x3000m0p7", Some("x3000m0")),
    (T::CabinetPDUNic, "x3000m0i3", Some("x3000m0")),
    (T::CabinetPDUOutlet, "x3000m0p0j24", Some("x3000m0p0")),
    (
        T::CabinetPDUPowerConnector,
        "x3000m0p0v2",
        Some("x3000m0p0"),
    ),
    (T::Chassis, "x1000c7", Some("x1000")),
    (T::ChassisBMC, "x1000c0b0", Some("x1000c0")),
    (T::ChassisBMCNic, "x1000c0b0i1", Some("x1000c0b0")),
    (T::CMMFpga, "x1000c0f0", Some("x1000c0")),
    (T::CMMRectifier, "x1000c0t9", Some("x1000c0")),
    (T::ComputeModule, "x1000c0s3", Some("x1000c0")),
    (T::NodeBMC, "x1000c0s3b1", Some("x1000c0s3")),
    (T::NodeBMCNic, "x1000c0s3b1i0", Some("x1000c0s3b1")),
    (T::NodeEnclosure, "x1000c0s3e0", Some("x1000c0s3")),
    (
        T::NodeEnclosurePowerSupply,
        "x1000c0s3e0t1",
        Some("x1000c0s3e0"),
    ),
    (T::NodePowerConnector, "x1000c0s3v2", Some("x1000c0s3")),
    (T::NodeFpga, "x1000c0s3b1f0", Some("x1000c0s3e1")),
    (T::Node, "x1000c0s3b0n1", Some("x1000c0s3b0")),
    (T::VirtualNode, "x1000c0s3b0n1v12", Some("x1000c0s3b0n1")),
    (T::Processor, "x1000c0s3b0n1p3", Some("x1000c0s3b0n1")),
    (T::Memory, "x1000c0s3b0n1d15", Some("x1000c0s3b0n1")),
    (T::StorageGroup, "x1000c0s3b0n1g0", Some("x1000c0s3b0n1")),
    (T::Drive, "x1000c0s3b0n1g0k4", Some("x1000c0s3b0n1g0")),
    (T::NodeNic, "x1000c0s3b0n1i3", Some("x1000c0s3b0n1")),
    (T::NodeHsnNic, "x1000c0s3b0n1h3", Some("x1000c0s3b0n1")),
    (T::NodeAccel, "x1000c0s3b0n1a7", Some("x1000c0s3b0n1")),
    (T::NodeAccelRiser, "x1000c0s3b0n1r7", Some("x1000c0s3b0n1")),
    (T::RouterModule, "x1000c0r7", Some("x1000c0")),
    (T::RouterBMC, "x1000c0r7b0", Some("x1000c0r7")),
    (T::RouterBMCNic, "x1000c0r7b0i0", Some("x1000c0r7b0")),
    (T::RouterFpga, "x1000c0r7f1", Some("x1000c0r7")),
    (T::RouterTOR, "x1000c0r7t0", Some("x1000c0r7")),
    (T::RouterTORFpga, "x1000c0r7t0f1", Some("x1000c0r7t0")),
    (T::RouterPowerConnector, "x1000c0r7v1", Some("x1000c0r7")),
    (T::HSNAsic, "x1000c0r7a3", Some("x1000c0r7")),
    (T::HSNLink, "x1000c0r7a3l15", Some("x1000c0r7a3")),
    (T::HSNBoard, "x1000c0r7e0", Some("x1000c0r7")),
    (T::HSNConnector, "x1000c0r7j16", Some("x1000c0r7")),
    (T::HSNConnectorPort, "x1000c0r7j16p2", Some("x1000c0r7j16")),
    (T::MgmtSwitch, "x3000c0w38", Some("x3000c0")),
    (T::MgmtSwitchConnector, "x3000c0w38j48", Some("x3000c0w38")),
    (T::MgmtHLSwitchEnclosure, "x3000c0h33", Some("x3000c0")),
    (T::MgmtHLSwitch, "x3000c0h33s2", Some("x3000c0h33")),
];

#[test]
fn table_is_consistent() {
    assert_eq!(TYPES.len(), XnameType::ALL.len());
    for (i, spec) in TYPES.iter().enumerate() {
        assert_eq!(spec.kind as usize, i, "{} is out of order", spec.name);
        assert_eq!(format!("{:?}", spec.kind), spec.name);
        assert!(spec.segments.len() <= MAX_SEGMENTS);
        // The example is valid, normalized and of the right type.
        let ex = x(spec.example);
        assert_eq!(ex.kind(), spec.kind, "{}", spec.example);
        assert_eq!(ex.to_string(), spec.example);
        // The parent relation matches the type table.
        assert_eq!(ex.parent().map(|p| p.kind()), spec.parent, "{}", spec.name);
        // Tag sequences identify the type: no other type accepts them.
        let tags = tag_list(spec);
        for other in TYPES.iter().filter(|o| o.kind != spec.kind) {
            assert!(
                !other.accepts_tags(&tags),
                "{} vs {}",
                spec.name,
                other.name
            );
        }
    }
}

#[test]
fn every_type_parses_with_parent_and_normal_form() {
    assert_eq!(CASES.len(), TYPES.len(), "one case per type");
    for &(kind, text, parent) in CASES {
        let v = x(text);
        assert_eq!(v.kind(), kind, "{text}");
        assert_eq!(v.as_string(), text);
        assert_eq!(v.to_string(), text);
        assert_eq!(normalize(text).unwrap(), text);
        assert_eq!(
            v.parent().map(|p| p.to_string()).as_deref(),
            parent,
            "{text}"
        );
        // Round trip through the numbers.
        assert_eq!(Xname::new(kind, v.ordinals()).unwrap(), v);
        // Upper case and padded numbers normalize to the same name.
        let mut padded = String::new();
        for c in text.to_uppercase().chars() {
            if c.is_ascii_digit() && !padded.ends_with(|p: char| p.is_ascii_digit()) {
                padded.push_str("00");
            }
            padded.push(c);
        }
        assert_eq!(normalize(&padded).unwrap(), text, "{padded}");
        // Walking up always ends at the top without cycles.
        let mut steps = 0;
        let mut cur = Some(v);
        while let Some(c) = cur {
            cur = c.parent();
            steps += 1;
            assert!(steps <= 10);
        }
    }
}

#[test]
fn normalization() {
    assert_eq!(normalize("x0001c0").unwrap(), "x1c0");
    assert_eq!(normalize("X1000C0S03B0N01").unwrap(), "x1000c0s3b0n1");
    assert_eq!(normalize("  x1000c0s0b0n0\n").unwrap(), "x1000c0s0b0n0");
    assert_eq!(normalize("x00000c000").unwrap(), "x0c0");
    assert_eq!(normalize("SMS01").unwrap(), "sms1");
    assert_eq!(normalize("S0").unwrap(), "s0");
    assert_eq!(normalize("P01.002").unwrap(), "p1.2");
    assert_eq!(normalize("p3").unwrap(), "p3");
    // Deprecated `j` spelling of a node power connector.
    assert_eq!(normalize("x1c0s0j1").unwrap(), "x1c0s0v1");
    assert_eq!(x("x1c0s0J2").kind(), T::NodePowerConnector);
    // Cabinet ranges apply after leading zeros are removed.
    assert_eq!(normalize("x09999").unwrap(), "x9999");
    assert_eq!(x("x0001c0").as_string(), "x1c0");
}

#[test]
fn ordinals_and_accessors() {
    let n = x("x1000c0s3b0n1");
    assert_eq!(n.ordinals(), &[1000, 0, 3, 0, 1]);
    assert_eq!(n.cabinet(), Some(1000));
    assert_eq!(n.chassis(), Some(0));
    assert_eq!(n.slot(), Some(3));
    assert_eq!(n.node(), Some(1));
    assert!(n.is_node());
    let p = x("x1000c0s3b0n1p0");
    assert_eq!(p.node(), Some(1));
    assert!(!p.is_node());
    let r = x("x9000c3r7b0");
    assert_eq!(
        (r.cabinet(), r.chassis(), r.slot(), r.node()),
        (Some(9000), Some(3), Some(7), None)
    );
    let pdu = x("x3000m0p1");
    assert_eq!(
        (pdu.cabinet(), pdu.chassis(), pdu.slot()),
        (Some(3000), None, None)
    );
    let hl = x("x3000c0h33s1");
    assert_eq!(hl.slot(), None);
    let cdu = x("d1w2");
    assert_eq!((cdu.cabinet(), cdu.ordinals()), (None, &[1, 2][..]));
    assert_eq!(x("s0").ordinals(), &[0]);
    assert_eq!(x("p1").ordinals(), &[1]);
    assert_eq!(x("p1.2").ordinals(), &[1, 2]);
}

#[test]
fn ancestors() {
    let n = x("x1000c0s3b0n1p0");
    assert_eq!(n.ancestor(T::Chassis), Some(x("x1000c0")));
    assert_eq!(n.ancestor(T::Node), Some(x("x1000c0s3b0n1")));
    assert_eq!(n.ancestor(T::Processor), Some(n));
    assert_eq!(n.ancestor(T::System), Some(x("s0")));
    assert_eq!(n.ancestor(T::RouterModule), None);
    assert!(x("x1000").is_ancestor_of(&n));
    assert!(x("s0").is_ancestor_of(&n));
    assert!(!n.is_ancestor_of(&n));
    assert!(!x("x1001").is_ancestor_of(&n));
    assert!(!x("x1000c0s3b0n1").is_ancestor_of(&x("x1000c0s3b0n10")));
    let chain: Vec<String> = std::iter::successors(Some(x("x1000c0s3b0n1")), |x| x.parent())
        .map(|x| x.to_string())
        .collect();
    assert_eq!(
        chain,
        [
            "x1000c0s3b0n1",
            "x1000c0s3b0",
            "x1000c0s3",
            "x1000c0",
            "x1000",
            "s0"
        ]
    );
}

#[test]
fn ordering_is_by_location() {
    let mut v: Vec<Xname> = [
        "x1000c1",
        "x1000c0s10b0n0",
        "x1000c0s2b0n1",
        "x1000c0s2b0n0",
        "x1000c0",
        "x999",
        "x1000c0s2",
        "x1000m0",
        "d0",
        "s0",
    ]
    .iter()
    .map(|s| x(s))
    .collect();
    v.sort();
    let sorted: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        sorted,
        [
            "d0",
            "s0",
            "x999",
            "x1000c0",
            "x1000c0s2",
            "x1000c0s2b0n0",
            "x1000c0s2b0n1",
            "x1000c0s10b0n0",
            "x1000c1",
            "x1000m0"
        ]
    );
    assert_eq!(x("x1c0").cmp(&x("X01C00")), Ordering::Equal);
}

#[test]
fn new_checks_counts_and_ranges() {
    assert_eq!(
        Xname::new(T::Node, &[1000, 0, 3, 0, 1])
            .unwrap()
            .to_string(),
        "x1000c0s3b0n1"
    );
    assert_eq!(Xname::new(T::Partition, &[4]).unwrap().to_string(), "p4");
    assert_eq!(Xname::new(T::System, &[0]).unwrap().to_string(), "s0");
    let e = Xname::new(T::Node, &[1, 2]).unwrap_err();
    assert!(matches!(e, XnameError::WrongOrdinalCount { got: 2, .. }));
    assert_eq!(
        e.to_string(),
        "a Node xname (xXcCsSbBnN) takes 5 numbers, but 2 were given (like x1000c0s3b0n0)"
    );
    assert!(Xname::new(T::Partition, &[]).is_err());
    let e = Xname::new(T::Chassis, &[1, 8]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`x1c8` is not a valid xname: chassis number 8 is out of range 0-7 \
         (Chassis xnames look like x1000c0)"
    );
}

#[test]
fn error_empty() {
    assert_eq!(err(""), XnameError::Empty);
    assert_eq!(err("   "), XnameError::Empty);
    assert!(err("").to_string().contains("x1000c0s3b0n0"));
}

#[test]
fn error_invalid_character() {
    let e = err("x1000-c0");
    assert_eq!(
        e,
        XnameError::InvalidCharacter {
            input: "x1000-c0".into(),
            character: '-',
            position: 6
        }
    );
    assert_eq!(
        e.to_string(),
        "`x1000-c0` is not a valid xname: unexpected character '-' at position 6; \
         xnames contain only letters and digits (like x1000c0s3b0n0)"
    );
    assert!(matches!(
        err("x1000 c0"),
        XnameError::InvalidCharacter { character: ' ', .. }
    ));
    assert!(matches!(
        err("x1ç0"),
        XnameError::InvalidCharacter {
            character: 'ç',
            position: 3,
            ..
        }
    ));
    assert!(matches!(
        err("all_comp"),
        XnameError::InvalidCharacter { character: '_', .. }
    ));
}

#[test]
fn error_starts_with_number() {
    let e = err("1000c0");
    assert_eq!(
        e,
        XnameError::StartsWithNumber {
            input: "1000c0".into()
        }
    );
    assert!(e
        .to_string()
        .starts_with("`1000c0` is not a valid xname: it must start with"));
}

#[test]
fn error_missing_number() {
    let e = err("x1000c0s3b0n");
    assert_eq!(
        e.to_string(),
        "`x1000c0s3b0n` is not a valid xname: a component letter must be followed by a \
         number (`n` has none; like x1000c0s3b0n0 for a Node)"
    );
    // Letters run together: `s` lacks its number.
    let e = err("x1c0sb0");
    assert_eq!(
        e,
        XnameError::MissingNumber {
            input: "x1c0sb0".into(),
            tag: "s".into(),
            example: "x1c0s0b0 for a NodeBMC".into()
        }
    );
    // Out-of-range numbers elsewhere are replaced in the example.
    let e = err("x1c9s");
    assert!(
        e.to_string().ends_with("like x1c0s0 for a ComputeModule)"),
        "{e}"
    );
    let e = err("X");
    assert!(
        e.to_string()
            .contains("`x` has none; like x0 for a Cabinet"),
        "{e}"
    );
    // No type matches: a generic example.
    let e = err("q");
    assert!(
        e.to_string()
            .contains("`q` has none; like x1000c0s3b0n0 for a Node"),
        "{e}"
    );
    assert!(matches!(err("p1."), XnameError::MissingNumber { .. }));
    assert!(matches!(err("all"), XnameError::MissingNumber { .. }));
}

#[test]
fn error_number_too_large() {
    let e = err("x1c0s4294967296");
    assert_eq!(
        e.to_string(),
        "`x1c0s4294967296` is not a valid xname: the number 4294967296 after `s` is too \
         large (at most 4294967295)"
    );
    // Still fine at u32::MAX, where upstream leaves the number unbounded.
    assert_eq!(x("x1c0s4294967295").slot(), Some(u32::MAX));
    // Leading zeros do not count.
    assert_eq!(x("x1c0s000000000004294967295").slot(), Some(u32::MAX));
}

#[test]
fn error_unknown_layout() {
    let e = err("x1000c0s3n0");
    assert_eq!(
        e.to_string(),
        "`x1000c0s3n0` is not a valid xname: `n` cannot follow x1000c0s3 (a ComputeModule); \
         a ComputeModule can be followed by `b` (NodeBMC), `e` (NodeEnclosure) or \
         `v` (NodePowerConnector); did you mean x1000c0s3b0n0 (a Node)?"
    );
    let e = err("x1000c0s3b0n0p0q1");
    assert!(
        e.to_string().contains(
            "`q` cannot follow x1000c0s3b0n0p0, which is a Processor and has no sub-components"
        ),
        "{e}"
    );
    let e = err("y5");
    assert_eq!(
        e.to_string(),
        "`y5` is not a valid xname: `y` cannot start an xname; an xname starts with \
         `s` (System, like s0), `p` (Partition, like p1.2), `sms` (SMSBox, like sms1), \
         `d` (CDU, like d0) or `x` (Cabinet, like x1000)"
    );
    assert!(matches!(err("c0s0"), XnameError::UnknownLayout { .. }));
    assert!(matches!(err("x1.2"), XnameError::UnknownLayout { .. }));
    assert!(matches!(err("p1.2.3"), XnameError::UnknownLayout { .. }));
    assert!(matches!(err("x1sms1"), XnameError::UnknownLayout { .. }));
}

#[test]
fn error_out_of_range() {
    let e = err("x1000c9s0");
    assert_eq!(
        e,
        XnameError::OutOfRange {
            input: "x1000c9s0".into(),
            kind: T::ComputeModule,
            field: "chassis",
            value: 9,
            min: 0,
            max: 7,
            example: "x1000c0s3",
        }
    );
    assert_eq!(
        e.to_string(),
        "`x1000c9s0` is not a valid xname: chassis number 9 is out of range 0-7 \
         (ComputeModule xnames look like x1000c0s3)"
    );
    let e = err("x10000");
    assert!(
        e.to_string()
            .contains("cabinet number 10000 is out of range 0-9999"),
        "{e}"
    );
    let e = err("s1");
    assert!(
        e.to_string()
            .contains("system number 1 must be 0 (System xnames look like s0)"),
        "{e}"
    );
    let e = err("x3000c0w0");
    assert!(
        e.to_string().contains("switch number 0 must be at least 1"),
        "{e}"
    );
    let e = err("x1c0b1");
    assert!(
        e.to_string().contains("chassis BMC number 1 must be 0"),
        "{e}"
    );
    // One probe per bounded range of the upstream patterns.
    for bad in [
        "x1b1",
        "x1d2",
        "x1e2",
        "x1m4",
        "x1m0p8",
        "x1m0i4",
        "x1m0p0j0",
        "x1m0p0v0",
        "x1c8",
        "x1c0b0i4",
        "x1c0f1",
        "x1c0t10",
        "x1c0s0b0i4",
        "x1c0s0v3",
        "x1c0s0v0",
        "x1c0s0j3",
        "x1c0s0b0f1",
        "x1c0s0b0n0p4",
        "x1c0s0b0n0i4",
        "x1c0s0b0n0h4",
        "x1c0s0b0n0r8",
        "x1c0r0b0i4",
        "x1c0r0f2",
        "x1c0r0t0f2",
        "x1c0r0v3",
        "x1c0r0a4",
        "x1c0r0a4l0",
        "x1c0r0j0",
        "x1c0r0j1p3",
        "x1c0w1j0",
        "x1c0h0",
        "x1c0h1s0",
        "x1c0h1s10",
    ] {
        assert!(matches!(err(bad), XnameError::OutOfRange { .. }), "{bad}");
    }
}

#[test]
fn types_parse_and_print() {
    for kind in XnameType::ALL {
        assert_eq!(kind.to_string(), kind.as_str());
        assert_eq!(kind.as_str().parse::<XnameType>().unwrap(), kind);
        assert_eq!(
            kind.as_str().to_lowercase().parse::<XnameType>().unwrap(),
            kind
        );
        assert_eq!(
            kind.as_str().to_uppercase().parse::<XnameType>().unwrap(),
            kind
        );
        assert!(!kind.pattern().is_empty());
        assert_eq!(x(kind.example()).kind(), kind);
    }
    assert_eq!("nodebmc".parse::<XnameType>().unwrap(), T::NodeBMC);
    let e = "Nod".parse::<XnameType>().unwrap_err();
    assert!(e
        .to_string()
        .starts_with("`Nod` is not a known xname type (known types: System,"));
    assert!(T::NodeBMC.is_controller() && !T::Node.is_controller());
    assert_eq!(T::Node.parent(), Some(T::NodeBMC));
    assert_eq!(T::Node.pattern(), "xXcCsSbBnN");
}

#[test]
fn serde_round_trip() {
    let v = x("X1000C0S3B0N01");
    assert_eq!(serde_json::to_string(&v).unwrap(), "\"x1000c0s3b0n1\"");
    let back: Xname = serde_json::from_str("\"x01000c0s3b0n1\"").unwrap();
    assert_eq!(back, v);
    let bad = serde_json::from_str::<Xname>("\"x1000c9\"").unwrap_err();
    assert!(
        bad.to_string()
            .contains("chassis number 9 is out of range 0-7"),
        "{bad}"
    );
    assert!(serde_json::from_str::<Xname>("42").is_err());
    assert_eq!(serde_json::to_string(&T::NodeBMC).unwrap(), "\"NodeBMC\"");
    assert_eq!(
        serde_json::from_str::<XnameType>("\"nodebmc\"").unwrap(),
        T::NodeBMC
    );
    assert!(serde_json::from_str::<XnameType>("\"bogus\"").is_err());
}

#[test]
fn conversions() {
    let v: Xname = "x1c0".parse().unwrap();
    assert_eq!(Xname::try_from("X1C0").unwrap(), v);
    assert_eq!(String::from(v), "x1c0");
}
