//! Cray/HPE component names ("xnames"): parsing, validation, normalization
//! and classification.
//!
//! An xname names a piece of hardware by its physical location, for example
//! `x1000c0s3b0n1` is node 1 behind BMC 0 in slot 3 of chassis 0 of cabinet
//! 1000. OpenCHAMI and CSM use xnames as the primary key of every component,
//! so chami has to read, check and print them exactly the way those services
//! do.
//!
//! # Upstream rules
//!
//! The rules follow the component recognition table of
//! [Cray-HPE/hms-xname](https://github.com/Cray-HPE/hms-xname)
//! (`xnametypes/hmstypes.go`, the successor of the `base` package of
//! Cray-HPE/hms-base, which OpenCHAMI's SMD also uses):
//!
//! * every component type with an xname pattern is supported (the wildcards
//!   `all`, `all_comp` and `all_svc` are not component names and are left out);
//! * the numeric ranges are those encoded in the upstream regular expressions,
//!   and are listed in the `TYPES` table of this file (cabinet `0-9999`, chassis
//!   `0-7`, PDU controller `0-3`, NICs `0-3`, ...). Numbers that upstream
//!   leaves unbounded (`[0-9]+`) are limited only by `u32`;
//! * the parent of each type is the upstream `ParentType` (the same relation
//!   the generated `xnames` package uses for `Parent()`): Cabinet and CDU have
//!   the System `s0` as parent; System, Partition and SMSBox have none.
//!   Note that a NodeFpga (`xXcCsSbBfF`) has a NodeEnclosure parent
//!   (`x1c0s0b0f0` -> `x1c0s0e0`), as in the upstream table;
//! * normalization is the upstream `NormalizeHMSCompID`: surrounding white
//!   space is trimmed, letters are lower-cased and leading zeros are removed
//!   from every number (`X0001C00S03` -> `x1c0s3`). Upstream applies the
//!   patterns after normalization, so leading zeros never make a name
//!   invalid. The deprecated `j` spelling of a NodePowerConnector
//!   (`x1c0s0j1`) is accepted and normalized to the current `v` spelling
//!   (`x1c0s0v1`), as the upstream format string does.
//!
//! # Example
//!
//! ```
//! use chami::xname::{Xname, XnameType};
//!
//! let node: Xname = "X1000C0S03B0N1".parse().unwrap();
//! assert_eq!(node.kind(), XnameType::Node);
//! assert_eq!(node.to_string(), "x1000c0s3b0n1");
//! assert_eq!(node.ordinals(), &[1000, 0, 3, 0, 1]);
//! assert_eq!(node.parent().unwrap().to_string(), "x1000c0s3b0");
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

// ---------------------------------------------------------------------------
// Component types
// ---------------------------------------------------------------------------

/// The component type of an xname, spelled as hms-xname spells it (`HMSType`).
///
/// Every variant has an entry in the (private) `TYPES` table describing its pattern, the ranges
/// of its numbers, its parent and an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum XnameType {
    /// The whole system, `s0`.
    System,
    /// A partition, `pH` or `pH.S` (hardware partition H, soft partition S).
    Partition,
    /// A system management server, `smsN`.
    SMSBox,
    /// A coolant distribution unit, `dD`.
    CDU,
    /// A management switch in a CDU, `dDwW`.
    CDUMgmtSwitch,
    /// A cabinet (rack), `xX`.
    Cabinet,
    /// A cabinet controller, `xXbB`.
    CabinetBMC,
    /// A coolant distribution unit inside a cabinet, `xXdD`.
    CabinetCDU,
    /// A cabinet environmental controller, `xXeE`.
    CEC,
    /// A PDU controller, `xXmM`.
    CabinetPDUController,
    /// A power distribution unit, `xXmMpP`.
    CabinetPDU,
    /// A PDU controller NIC, `xXmMiI`.
    CabinetPDUNic,
    /// A PDU outlet (deprecated upstream in favour of power connectors), `xXmMpPjJ`.
    CabinetPDUOutlet,
    /// A PDU power connector, `xXmMpPvV`.
    CabinetPDUPowerConnector,
    /// A chassis, `xXcC`.
    Chassis,
    /// A chassis controller (CMM), `xXcCbB`.
    ChassisBMC,
    /// A chassis controller NIC, `xXcCbBiI`.
    ChassisBMCNic,
    /// A chassis controller FPGA, `xXcCfF`.
    CMMFpga,
    /// A chassis rectifier, `xXcCtT`.
    CMMRectifier,
    /// A compute blade (slot), `xXcCsS`.
    ComputeModule,
    /// A node controller (nC or BMC), `xXcCsSbB`.
    NodeBMC,
    /// A node controller NIC, `xXcCsSbBiI`.
    NodeBMCNic,
    /// A node enclosure, `xXcCsSeE`.
    NodeEnclosure,
    /// A node enclosure power supply, `xXcCsSeEtT`.
    NodeEnclosurePowerSupply,
    /// A blade power connector, `xXcCsSvV` (deprecated spelling `xXcCsSjJ`).
    NodePowerConnector,
    /// A node FPGA, `xXcCsSbBfF`.
    NodeFpga,
    /// A node, `xXcCsSbBnN`.
    Node,
    /// A virtual machine on a node, `xXcCsSbBnNvV`.
    VirtualNode,
    /// A processor socket, `xXcCsSbBnNpP`.
    Processor,
    /// A memory module, `xXcCsSbBnNdD`.
    Memory,
    /// A storage group, `xXcCsSbBnNgG`.
    StorageGroup,
    /// A drive, `xXcCsSbBnNgGkK`.
    Drive,
    /// A node NIC, `xXcCsSbBnNiI`.
    NodeNic,
    /// A node high-speed network NIC, `xXcCsSbBnNhH`.
    NodeHsnNic,
    /// A node accelerator (GPU), `xXcCsSbBnNaA`.
    NodeAccel,
    /// A node accelerator riser, `xXcCsSbBnNrR`.
    NodeAccelRiser,
    /// A router (switch) blade, `xXcCrR`.
    RouterModule,
    /// A router blade controller, `xXcCrRbB`.
    RouterBMC,
    /// A router controller NIC, `xXcCrRbBiI`.
    RouterBMCNic,
    /// A router FPGA, `xXcCrRfF`.
    RouterFpga,
    /// A top-of-rack router, `xXcCrRtT`.
    RouterTOR,
    /// A top-of-rack router FPGA, `xXcCrRtTfF`.
    RouterTORFpga,
    /// A router blade power connector, `xXcCrRvV`.
    RouterPowerConnector,
    /// A high-speed network switch ASIC, `xXcCrRaA`.
    HSNAsic,
    /// A high-speed network link, `xXcCrRaAlL`.
    HSNLink,
    /// A high-speed network board, `xXcCrReE`.
    HSNBoard,
    /// A high-speed network connector, `xXcCrRjJ`.
    HSNConnector,
    /// A high-speed network connector port, `xXcCrRjJpP`.
    HSNConnectorPort,
    /// A management switch, `xXcCwW`.
    MgmtSwitch,
    /// A management switch port, `xXcCwWjJ`.
    MgmtSwitchConnector,
    /// A high-level management switch enclosure, `xXcChH`.
    MgmtHLSwitchEnclosure,
    /// A high-level management switch, `xXcChHsS`.
    MgmtHLSwitch,
}

/// Largest number of numbered segments in any xname (a Drive, `xXcCsSbBnNgGkK`).
const MAX_SEGMENTS: usize = 7;

/// Upper bound used for numbers that hms-xname leaves unbounded (`[0-9]+`).
const UNBOUNDED: u32 = u32::MAX;

/// One numbered part of an xname pattern: a tag (usually one letter) followed
/// by a number that must lie in `min..=max`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// The tag written before the number (`x`, `c`, `sms`, `.`, ...).
    tag: &'static str,
    /// A deprecated tag accepted on input but never printed.
    alt_tag: Option<&'static str>,
    /// What the number counts, for error messages ("chassis", "slot", ...).
    label: &'static str,
    min: u32,
    max: u32,
}

impl Segment {
    fn accepts_tag(&self, tag: &str) -> bool {
        self.tag == tag || self.alt_tag == Some(tag)
    }

    fn contains(&self, value: u32) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

const fn seg(tag: &'static str, label: &'static str, min: u32, max: u32) -> Segment {
    Segment {
        tag,
        alt_tag: None,
        label,
        min,
        max,
    }
}

/// Everything known about one component type.
#[derive(Debug)]
struct TypeSpec {
    kind: XnameType,
    /// The hms-xname spelling of the type.
    name: &'static str,
    /// The upstream `ParentType`.
    parent: Option<XnameType>,
    /// The upstream notation of the pattern (`xXcCsSbBnN`).
    pattern: &'static str,
    segments: &'static [Segment],
    /// The last segment may be left out (only a Partition: `pH` or `pH.S`).
    optional_last: bool,
    /// A valid, normalized example.
    example: &'static str,
}

impl TypeSpec {
    /// Whether an xname with these tags (one per segment) has this type.
    fn accepts_tags(&self, tags: &[&str]) -> bool {
        let n = self.segments.len();
        let len_ok = tags.len() == n || (self.optional_last && tags.len() + 1 == n);
        len_ok
            && self
                .segments
                .iter()
                .zip(tags)
                .all(|(segment, tag)| segment.accepts_tag(tag))
    }

    /// Whether `count` numbers are a valid amount for this type.
    fn accepts_count(&self, count: usize) -> bool {
        let n = self.segments.len();
        count == n || (self.optional_last && count + 1 == n)
    }

    fn count_text(&self) -> String {
        let n = self.segments.len();
        if self.optional_last {
            format!("{} or {}", n - 1, n)
        } else {
            n.to_string()
        }
    }
}

// Segments shared by many types. Ranges are those of the hms-xname regular
// expressions (`[0-9]{1,4}` -> 0-9999, `[0-7]` -> 0-7, `[1-9][0-9]*` -> 1 and
// up, `[0-9]+` -> unbounded).
const CABINET: Segment = seg("x", "cabinet", 0, 9999);
const CHASSIS: Segment = seg("c", "chassis", 0, 7);
const SLOT: Segment = seg("s", "slot", 0, UNBOUNDED);
const NODE_BMC: Segment = seg("b", "BMC", 0, UNBOUNDED);
const NODE: Segment = seg("n", "node", 0, UNBOUNDED);
const ENCLOSURE: Segment = seg("e", "node enclosure", 0, UNBOUNDED);
const STORAGE_GROUP: Segment = seg("g", "storage group", 0, UNBOUNDED);
const ROUTER_SLOT: Segment = seg("r", "router slot", 0, UNBOUNDED);
const ROUTER_BMC: Segment = seg("b", "router BMC", 0, UNBOUNDED);
const ROUTER_TOR: Segment = seg("t", "TOR", 0, UNBOUNDED);
const HSN_ASIC: Segment = seg("a", "HSN ASIC", 0, 3);
const HSN_CONNECTOR: Segment = seg("j", "HSN connector", 1, UNBOUNDED);
const PDU_CONTROLLER: Segment = seg("m", "PDU controller", 0, 3);
const PDU: Segment = seg("p", "PDU", 0, 7);
const CHASSIS_BMC: Segment = seg("b", "chassis BMC", 0, 0);
const MGMT_SWITCH: Segment = seg("w", "switch", 1, UNBOUNDED);
const HL_ENCLOSURE: Segment = seg("h", "switch enclosure", 1, UNBOUNDED);
const NIC: Segment = seg("i", "NIC", 0, 3);
const CDU_SEG: Segment = seg("d", "CDU", 0, UNBOUNDED);

/// The node power connector also accepts the deprecated `j` tag.
const NODE_POWER_CONNECTOR: Segment = Segment {
    tag: "v",
    alt_tag: Some("j"),
    label: "power connector",
    min: 1,
    max: 2,
};

macro_rules! spec {
    ($kind:ident, $parent:expr, $pattern:literal, [$($seg:expr),+ $(,)?], $example:literal) => {
        TypeSpec {
            kind: XnameType::$kind,
            name: stringify!($kind),
            parent: $parent,
            pattern: $pattern,
            segments: &[$($seg),+],
            optional_last: false,
            example: $example,
        }
    };
}

use XnameType as T;

/// The recognition table: one entry per [`XnameType`], in declaration order.
///
/// | type | pattern | ranges enforced (beyond `u32`) | parent |
/// |---|---|---|---|
/// | System | `s0` | always `s0` | - |
/// | Partition | `pH` / `pH.S` | - | - |
/// | SMSBox | `smsN` | - | - |
/// | CDU | `dD` | - | System |
/// | CDUMgmtSwitch | `dDwW` | - | CDU |
/// | Cabinet | `xX` | X 0-9999 | System |
/// | CabinetBMC | `xXbB` | B 0 | Cabinet |
/// | CabinetCDU | `xXdD` | D 0-1 | Cabinet |
/// | CEC | `xXeE` | E 0-1 | Cabinet |
/// | CabinetPDUController | `xXmM` | M 0-3 | Cabinet |
/// | CabinetPDU | `xXmMpP` | P 0-7 | CabinetPDUController |
/// | CabinetPDUNic | `xXmMiI` | I 0-3 | CabinetPDUController |
/// | CabinetPDUOutlet | `xXmMpPjJ` | J >= 1 | CabinetPDU |
/// | CabinetPDUPowerConnector | `xXmMpPvV` | V >= 1 | CabinetPDU |
/// | Chassis | `xXcC` | C 0-7 | Cabinet |
/// | ChassisBMC | `xXcCbB` | B 0 | Chassis |
/// | ChassisBMCNic | `xXcCbBiI` | I 0-3 | ChassisBMC |
/// | CMMFpga | `xXcCfF` | F 0 | Chassis |
/// | CMMRectifier | `xXcCtT` | T 0-9 | Chassis |
/// | ComputeModule | `xXcCsS` | - | Chassis |
/// | NodeBMC | `xXcCsSbB` | - | ComputeModule |
/// | NodeBMCNic | `xXcCsSbBiI` | I 0-3 | NodeBMC |
/// | NodeEnclosure | `xXcCsSeE` | - | ComputeModule |
/// | NodeEnclosurePowerSupply | `xXcCsSeEtT` | - | NodeEnclosure |
/// | NodePowerConnector | `xXcCsSvV` (or `j`) | V 1-2 | ComputeModule |
/// | NodeFpga | `xXcCsSbBfF` | F 0 | NodeEnclosure |
/// | Node | `xXcCsSbBnN` | - | NodeBMC |
/// | VirtualNode | `xXcCsSbBnNvV` | - | Node |
/// | Processor | `xXcCsSbBnNpP` | P 0-3 | Node |
/// | Memory | `xXcCsSbBnNdD` | - | Node |
/// | StorageGroup | `xXcCsSbBnNgG` | - | Node |
/// | Drive | `xXcCsSbBnNgGkK` | - | StorageGroup |
/// | NodeNic | `xXcCsSbBnNiI` | I 0-3 | Node |
/// | NodeHsnNic | `xXcCsSbBnNhH` | H 0-3 | Node |
/// | NodeAccel | `xXcCsSbBnNaA` | - | Node |
/// | NodeAccelRiser | `xXcCsSbBnNrR` | R 0-7 | Node |
/// | RouterModule | `xXcCrR` | - | Chassis |
/// | RouterBMC | `xXcCrRbB` | - | RouterModule |
/// | RouterBMCNic | `xXcCrRbBiI` | I 0-3 | RouterBMC |
/// | RouterFpga | `xXcCrRfF` | F 0-1 | RouterModule |
/// | RouterTOR | `xXcCrRtT` | - | RouterModule |
/// | RouterTORFpga | `xXcCrRtTfF` | F 0-1 | RouterTOR |
/// | RouterPowerConnector | `xXcCrRvV` | V 1-2 | RouterModule |
/// | HSNAsic | `xXcCrRaA` | A 0-3 | RouterModule |
/// | HSNLink | `xXcCrRaAlL` | - | HSNAsic |
/// | HSNBoard | `xXcCrReE` | - | RouterModule |
/// | HSNConnector | `xXcCrRjJ` | J >= 1 | RouterModule |
/// | HSNConnectorPort | `xXcCrRjJpP` | P 0-2 | HSNConnector |
/// | MgmtSwitch | `xXcCwW` | W >= 1 | Chassis |
/// | MgmtSwitchConnector | `xXcCwWjJ` | J >= 1 | MgmtSwitch |
/// | MgmtHLSwitchEnclosure | `xXcChH` | H >= 1 | Chassis |
/// | MgmtHLSwitch | `xXcChHsS` | S 1-9 | MgmtHLSwitchEnclosure |
///
/// Every type below a cabinet also carries the cabinet (0-9999) and, below
/// a chassis, the chassis (0-7) ranges.
#[rustfmt::skip]
const TYPE_TABLE: [TypeSpec; 52] = [
    // Special types.
    spec!(System, None, "s0", [seg("s", "system", 0, 0)], "s0"),
    TypeSpec {
        kind: XnameType::Partition,
        name: "Partition",
        parent: None,
        pattern: "pH.S",
        segments: &[
            seg("p", "partition", 0, UNBOUNDED),
            seg(".", "sub-partition", 0, UNBOUNDED),
        ],
        optional_last: true,
        example: "p1.2",
    },
    spec!(SMSBox, None, "smsN", [seg("sms", "SMS box", 0, UNBOUNDED)], "sms1"),
    // Coolant distribution units.
    spec!(CDU, Some(T::System), "dD", [CDU_SEG], "d0"),
    spec!(CDUMgmtSwitch, Some(T::CDU), "dDwW", [CDU_SEG, seg("w", "switch", 0, UNBOUNDED)], "d0w1"),
    // Cabinet level.
    spec!(Cabinet, Some(T::System), "xX", [CABINET], "x1000"),
    spec!(CabinetBMC, Some(T::Cabinet), "xXbB",
        [CABINET, seg("b", "cabinet BMC", 0, 0)], "x1000b0"),
    spec!(CabinetCDU, Some(T::Cabinet), "xXdD",
        [CABINET, seg("d", "cabinet CDU", 0, 1)], "x1000d0"),
    spec!(CEC, Some(T::Cabinet), "xXeE", [CABINET, seg("e", "CEC", 0, 1)], "x1000e0"),
    spec!(CabinetPDUController, Some(T::Cabinet), "xXmM", [CABINET, PDU_CONTROLLER], "x3000m0"),
    spec!(CabinetPDU, Some(T::CabinetPDUController), "xXmMpP",
        [CABINET, PDU_CONTROLLER, PDU], "x3000m0p0"),
    spec!(CabinetPDUNic, Some(T::CabinetPDUController), "xXmMiI",
        [CABINET, PDU_CONTROLLER, NIC], "x3000m0i0"),
    spec!(CabinetPDUOutlet, Some(T::CabinetPDU), "xXmMpPjJ",
        [CABINET, PDU_CONTROLLER, PDU, seg("j", "outlet", 1, UNBOUNDED)], "x3000m0p0j1"),
    spec!(CabinetPDUPowerConnector, Some(T::CabinetPDU), "xXmMpPvV",
        [CABINET, PDU_CONTROLLER, PDU, seg("v", "power connector", 1, UNBOUNDED)], "x3000m0p0v1"),
    // Chassis level.
    spec!(Chassis, Some(T::Cabinet), "xXcC", [CABINET, CHASSIS], "x1000c0"),
    spec!(ChassisBMC, Some(T::Chassis), "xXcCbB", [CABINET, CHASSIS, CHASSIS_BMC], "x1000c0b0"),
    spec!(ChassisBMCNic, Some(T::ChassisBMC), "xXcCbBiI",
        [CABINET, CHASSIS, CHASSIS_BMC, NIC], "x1000c0b0i0"),
    spec!(CMMFpga, Some(T::Chassis), "xXcCfF",
        [CABINET, CHASSIS, seg("f", "FPGA", 0, 0)], "x1000c0f0"),
    spec!(CMMRectifier, Some(T::Chassis), "xXcCtT",
        [CABINET, CHASSIS, seg("t", "rectifier", 0, 9)], "x1000c0t0"),
    // Compute blades and nodes.
    spec!(ComputeModule, Some(T::Chassis), "xXcCsS", [CABINET, CHASSIS, SLOT], "x1000c0s3"),
    spec!(NodeBMC, Some(T::ComputeModule), "xXcCsSbB",
        [CABINET, CHASSIS, SLOT, NODE_BMC], "x1000c0s3b0"),
    spec!(NodeBMCNic, Some(T::NodeBMC), "xXcCsSbBiI",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NIC], "x1000c0s3b0i0"),
    spec!(NodeEnclosure, Some(T::ComputeModule), "xXcCsSeE",
        [CABINET, CHASSIS, SLOT, ENCLOSURE], "x1000c0s3e0"),
    spec!(NodeEnclosurePowerSupply, Some(T::NodeEnclosure), "xXcCsSeEtT",
        [CABINET, CHASSIS, SLOT, ENCLOSURE, seg("t", "power supply", 0, UNBOUNDED)],
        "x1000c0s3e0t0"),
    spec!(NodePowerConnector, Some(T::ComputeModule), "xXcCsSvV",
        [CABINET, CHASSIS, SLOT, NODE_POWER_CONNECTOR], "x1000c0s3v1"),
    spec!(NodeFpga, Some(T::NodeEnclosure), "xXcCsSbBfF",
        [CABINET, CHASSIS, SLOT, seg("b", "enclosure", 0, UNBOUNDED), seg("f", "FPGA", 0, 0)],
        "x1000c0s3b0f0"),
    spec!(Node, Some(T::NodeBMC), "xXcCsSbBnN",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE], "x1000c0s3b0n0"),
    spec!(VirtualNode, Some(T::Node), "xXcCsSbBnNvV",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, seg("v", "virtual node", 0, UNBOUNDED)],
        "x1000c0s3b0n0v0"),
    spec!(Processor, Some(T::Node), "xXcCsSbBnNpP",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, seg("p", "processor", 0, 3)], "x1000c0s3b0n0p0"),
    spec!(Memory, Some(T::Node), "xXcCsSbBnNdD",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, seg("d", "memory", 0, UNBOUNDED)],
        "x1000c0s3b0n0d0"),
    spec!(StorageGroup, Some(T::Node), "xXcCsSbBnNgG",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, STORAGE_GROUP], "x1000c0s3b0n0g0"),
    spec!(Drive, Some(T::StorageGroup), "xXcCsSbBnNgGkK",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, STORAGE_GROUP, seg("k", "drive", 0, UNBOUNDED)],
        "x1000c0s3b0n0g0k0"),
    spec!(NodeNic, Some(T::Node), "xXcCsSbBnNiI",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, NIC], "x1000c0s3b0n0i0"),
    spec!(NodeHsnNic, Some(T::Node), "xXcCsSbBnNhH",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, seg("h", "HSN NIC", 0, 3)], "x1000c0s3b0n0h0"),
    spec!(NodeAccel, Some(T::Node), "xXcCsSbBnNaA",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, seg("a", "accelerator", 0, UNBOUNDED)],
        "x1000c0s3b0n0a0"),
    spec!(NodeAccelRiser, Some(T::Node), "xXcCsSbBnNrR",
        [CABINET, CHASSIS, SLOT, NODE_BMC, NODE, seg("r", "accelerator riser", 0, 7)],
        "x1000c0s3b0n0r0"),
    // Router blades and the high-speed network.
    spec!(RouterModule, Some(T::Chassis), "xXcCrR", [CABINET, CHASSIS, ROUTER_SLOT], "x1000c0r1"),
    spec!(RouterBMC, Some(T::RouterModule), "xXcCrRbB",
        [CABINET, CHASSIS, ROUTER_SLOT, ROUTER_BMC], "x1000c0r1b0"),
    spec!(RouterBMCNic, Some(T::RouterBMC), "xXcCrRbBiI",
        [CABINET, CHASSIS, ROUTER_SLOT, ROUTER_BMC, NIC], "x1000c0r1b0i0"),
    spec!(RouterFpga, Some(T::RouterModule), "xXcCrRfF",
        [CABINET, CHASSIS, ROUTER_SLOT, seg("f", "FPGA", 0, 1)], "x1000c0r1f0"),
    spec!(RouterTOR, Some(T::RouterModule), "xXcCrRtT",
        [CABINET, CHASSIS, ROUTER_SLOT, ROUTER_TOR], "x1000c0r1t0"),
    spec!(RouterTORFpga, Some(T::RouterTOR), "xXcCrRtTfF",
        [CABINET, CHASSIS, ROUTER_SLOT, ROUTER_TOR, seg("f", "FPGA", 0, 1)], "x1000c0r1t0f0"),
    spec!(RouterPowerConnector, Some(T::RouterModule), "xXcCrRvV",
        [CABINET, CHASSIS, ROUTER_SLOT, seg("v", "power connector", 1, 2)], "x1000c0r1v1"),
    spec!(HSNAsic, Some(T::RouterModule), "xXcCrRaA",
        [CABINET, CHASSIS, ROUTER_SLOT, HSN_ASIC], "x1000c0r1a0"),
    spec!(HSNLink, Some(T::HSNAsic), "xXcCrRaAlL",
        [CABINET, CHASSIS, ROUTER_SLOT, HSN_ASIC, seg("l", "link", 0, UNBOUNDED)], "x1000c0r1a0l0"),
    spec!(HSNBoard, Some(T::RouterModule), "xXcCrReE",
        [CABINET, CHASSIS, ROUTER_SLOT, seg("e", "HSN board", 0, UNBOUNDED)], "x1000c0r1e0"),
    spec!(HSNConnector, Some(T::RouterModule), "xXcCrRjJ",
        [CABINET, CHASSIS, ROUTER_SLOT, HSN_CONNECTOR], "x1000c0r1j1"),
    spec!(HSNConnectorPort, Some(T::HSNConnector), "xXcCrRjJpP",
        [CABINET, CHASSIS, ROUTER_SLOT, HSN_CONNECTOR, seg("p", "port", 0, 2)], "x1000c0r1j1p0"),
    // Management network.
    spec!(MgmtSwitch, Some(T::Chassis), "xXcCwW", [CABINET, CHASSIS, MGMT_SWITCH], "x3000c0w14"),
    spec!(MgmtSwitchConnector, Some(T::MgmtSwitch), "xXcCwWjJ",
        [CABINET, CHASSIS, MGMT_SWITCH, seg("j", "switch port", 1, UNBOUNDED)], "x3000c0w14j1"),
    spec!(MgmtHLSwitchEnclosure, Some(T::Chassis), "xXcChH",
        [CABINET, CHASSIS, HL_ENCLOSURE], "x3000c0h33"),
    spec!(MgmtHLSwitch, Some(T::MgmtHLSwitchEnclosure), "xXcChHsS",
        [CABINET, CHASSIS, HL_ENCLOSURE, seg("s", "switch", 1, 9)], "x3000c0h33s1"),
];

/// [`TYPE_TABLE`] as a static, so entries can be borrowed for `'static`.
static TYPES: [TypeSpec; 52] = TYPE_TABLE;

impl XnameType {
    /// Every type, in declaration order.
    pub const ALL: [XnameType; 52] = {
        let mut all = [XnameType::System; 52];
        let mut i = 0;
        while i < TYPE_TABLE.len() {
            all[i] = TYPE_TABLE[i].kind;
            i += 1;
        }
        all
    };

    fn spec(self) -> &'static TypeSpec {
        &TYPES[self as usize]
    }

    /// The hms-xname spelling of the type (`"NodeBMC"`, `"MgmtHLSwitch"`, ...).
    pub fn as_str(&self) -> &'static str {
        self.spec().name
    }

    /// The type of the parent component, `None` for System, Partition and
    /// SMSBox.
    pub fn parent(&self) -> Option<XnameType> {
        self.spec().parent
    }

    /// The pattern in hms-xname notation, e.g. `xXcCsSbBnN` for a Node.
    pub fn pattern(&self) -> &'static str {
        self.spec().pattern
    }

    /// A valid, normalized example name of this type, e.g. `x1000c0s3b0n0`.
    pub fn example(&self) -> &'static str {
        self.spec().example
    }

    /// Whether components of this type are controllers that host a Redfish
    /// endpoint (hms-xname `IsHMSTypeController`: ChassisBMC, RouterBMC,
    /// NodeBMC and CabinetPDUController).
    pub fn is_controller(&self) -> bool {
        matches!(
            self,
            XnameType::ChassisBMC
                | XnameType::RouterBMC
                | XnameType::NodeBMC
                | XnameType::CabinetPDUController
        )
    }
}

impl fmt::Display for XnameType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for XnameType {
    type Err = XnameError;

    /// Parses a type name case-insensitively (`node`, `NodeBMC`, `nodebmc`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        TYPES
            .iter()
            .find(|spec| spec.name.eq_ignore_ascii_case(wanted))
            .map(|spec| spec.kind)
            .ok_or_else(|| XnameError::UnknownType {
                input: s.to_string(),
            })
    }
}

impl Serialize for XnameType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for XnameType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a string is not a valid xname (or type name). The messages quote the
/// input, say what is wrong and show a valid example.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XnameError {
    /// The input was empty (or only white space).
    #[error("an empty string is not a valid xname (a node looks like x1000c0s3b0n0)")]
    Empty,

    /// The input contains something other than letters, digits (and the `.`
    /// of a partition).
    #[error(
        "`{input}` is not a valid xname: unexpected character {character:?} at position \
         {position}; xnames contain only letters and digits (like x1000c0s3b0n0)"
    )]
    InvalidCharacter {
        /// The input as given (trimmed).
        input: String,
        /// The offending character.
        character: char,
        /// Its 1-based position in the trimmed input.
        position: usize,
    },

    /// The input starts with a number instead of a component letter.
    #[error(
        "`{input}` is not a valid xname: it must start with a component letter, such as x for \
         a cabinet (like x1000c0s3b0n0 for a Node)"
    )]
    StartsWithNumber {
        /// The input as given (trimmed).
        input: String,
    },

    /// A component letter is not followed by a number.
    #[error(
        "`{input}` is not a valid xname: a component letter must be followed by a number \
         (`{tag}` has none; like {example})"
    )]
    MissingNumber {
        /// The input as given (trimmed).
        input: String,
        /// The letter without a number.
        tag: String,
        /// A valid name close to the input, with its type (`x1000c0s3b0n0 for a Node`).
        example: String,
    },

    /// A number does not fit in 32 bits.
    #[error(
        "`{input}` is not a valid xname: the number {digits} after `{tag}` is too large \
         (at most 4294967295)"
    )]
    NumberTooLarge {
        /// The input as given (trimmed).
        input: String,
        /// The letter before the number.
        tag: String,
        /// The digits as given.
        digits: String,
    },

    /// The letters do not form the pattern of any component type.
    #[error("`{input}` is not a valid xname: {reason}")]
    UnknownLayout {
        /// The input as given (trimmed).
        input: String,
        /// What cannot follow what, which letters may follow, and possibly a
        /// suggestion.
        reason: String,
    },

    /// A number is outside the range hms-xname allows for it.
    #[error(
        "`{input}` is not a valid xname: {field} number {value} {} ({kind} xnames look like \
         {example})",
        range_phrase(*.min, *.max)
    )]
    OutOfRange {
        /// The input as given (trimmed), or the name built by [`Xname::new`].
        input: String,
        /// The type the name would have.
        kind: XnameType,
        /// What the number counts ("chassis", "slot", ...).
        field: &'static str,
        /// The number given.
        value: u32,
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value (`u32::MAX` when unbounded).
        max: u32,
        /// A valid example of the type.
        example: &'static str,
    },

    /// [`Xname::new`] was given the wrong amount of numbers for the type.
    #[error(
        "a {kind} xname ({pattern}) takes {expected} numbers, but {got} were given \
         (like {example})"
    )]
    WrongOrdinalCount {
        /// The requested type.
        kind: XnameType,
        /// Its pattern in hms-xname notation.
        pattern: &'static str,
        /// How many numbers it takes ("5", or "1 or 2").
        expected: String,
        /// How many were given.
        got: usize,
        /// A valid example of the type.
        example: &'static str,
    },

    /// A component type name that hms-xname does not know.
    #[error("`{input}` is not a known xname type (known types: {})", type_list())]
    UnknownType {
        /// The input as given.
        input: String,
    },
}

fn range_phrase(min: u32, max: u32) -> String {
    if min == max {
        format!("must be {min}")
    } else if max == UNBOUNDED {
        format!("must be at least {min}")
    } else {
        format!("is out of range {min}-{max}")
    }
}

fn type_list() -> String {
    TYPES.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
}

// ---------------------------------------------------------------------------
// Xname
// ---------------------------------------------------------------------------

/// A validated, normalized xname: its type and its numbers.
///
/// Ordering is by location: segment by segment, first the tag letter and then
/// the number (numerically), a component sorting right before its
/// sub-components; so `x1000c0s2b0n0 < x1000c0s10b0n0` and
/// `x1000c0 < x1000c0s0 < x1000c1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Xname {
    kind: XnameType,
    len: u8,
    /// Numbers of the segments; the slots past `len` are always zero.
    ordinals: [u32; MAX_SEGMENTS],
}

/// One "tag + number" piece of the input.
#[derive(Debug)]
struct Token<'a> {
    tag: &'a str,
    digits: &'a str,
    /// `None` when the digits are missing or too large for `u32`.
    value: Option<u32>,
}

impl Xname {
    /// Parses and validates an xname.
    ///
    /// Surrounding white space is ignored, upper case letters and leading
    /// zeros are accepted (and normalized away: `X0001C00` is `x1c0`).
    pub fn parse(s: &str) -> Result<Xname, XnameError> {
        let input = s.trim();
        if input.is_empty() {
            return Err(XnameError::Empty);
        }
        let lower = input.to_ascii_lowercase();
        let tokens = tokenize(input, &lower)?;
        let tags: Vec<&str> = tokens.iter().map(|t| t.tag).collect();

        if let Some(missing) = tokens.iter().find(|t| t.digits.is_empty()) {
            let example = match find_spec(&tags) {
                Some(spec) => format!("{} for a {}", fill_example(spec, &tokens), spec.name),
                None => "x1000c0s3b0n0 for a Node".to_string(),
            };
            return Err(XnameError::MissingNumber {
                input: input.to_string(),
                tag: missing.tag.to_string(),
                example,
            });
        }
        if let Some(big) = tokens.iter().find(|t| t.value.is_none()) {
            return Err(XnameError::NumberTooLarge {
                input: input.to_string(),
                tag: big.tag.to_string(),
                digits: big.digits.to_string(),
            });
        }

        let spec = find_spec(&tags).ok_or_else(|| XnameError::UnknownLayout {
            input: input.to_string(),
            reason: layout_reason(&tokens),
        })?;
        let values: Vec<u32> = tokens.iter().filter_map(|t| t.value).collect();
        Self::build(spec, &values, input)
    }

    /// Builds an xname of type `kind` from its numbers (one per segment of
    /// the pattern, e.g. `[1000, 0, 3, 0, 1]` for a Node), checking ranges.
    pub fn new(kind: XnameType, ordinals: &[u32]) -> Result<Xname, XnameError> {
        let spec = kind.spec();
        if !spec.accepts_count(ordinals.len()) {
            return Err(XnameError::WrongOrdinalCount {
                kind,
                pattern: spec.pattern,
                expected: spec.count_text(),
                got: ordinals.len(),
                example: spec.example,
            });
        }
        let text = format_segments(spec.segments, ordinals);
        Self::build(spec, ordinals, &text)
    }

    /// Range-checks `values` against `spec` (whose tags already match).
    fn build(spec: &TypeSpec, values: &[u32], input: &str) -> Result<Xname, XnameError> {
        let mut ordinals = [0; MAX_SEGMENTS];
        for (i, (segment, &value)) in spec.segments.iter().zip(values).enumerate() {
            if !segment.contains(value) {
                return Err(XnameError::OutOfRange {
                    input: input.to_string(),
                    kind: spec.kind,
                    field: segment.label,
                    value,
                    min: segment.min,
                    max: segment.max,
                    example: spec.example,
                });
            }
            ordinals[i] = value;
        }
        Ok(Xname {
            kind: spec.kind,
            // At most MAX_SEGMENTS (7), so this cannot truncate.
            len: values.len() as u8,
            ordinals,
        })
    }

    /// The component type.
    pub fn kind(&self) -> XnameType {
        self.kind
    }

    /// The normalized text: lower case, no leading zeros (`x0001c0` -> `x1c0`).
    /// Same as `to_string()`.
    pub fn as_string(&self) -> String {
        self.to_string()
    }

    /// The numbers of the name as parsed, e.g. `x1000c0s3b0n1` ->
    /// `[1000, 0, 3, 0, 1]`, `s0` -> `[0]`, `p1` -> `[1]`, `p1.2` -> `[1, 2]`.
    pub fn ordinals(&self) -> &[u32] {
        &self.ordinals[..usize::from(self.len)]
    }

    /// The parent component, following hms-xname's parent table (Node ->
    /// NodeBMC -> ComputeModule -> Chassis -> Cabinet -> System `s0`); `None`
    /// for System, Partition and SMSBox.
    pub fn parent(&self) -> Option<Xname> {
        let parent = self.kind.parent()?;
        let ordinals: &[u32] = if parent == XnameType::System {
            &[0]
        } else {
            // The parent's numbers are always a prefix of the child's (for a
            // NodeFpga the BMC number becomes the enclosure number).
            &self.ordinals()[..parent.spec().segments.len()]
        };
        Xname::new(parent, ordinals).ok()
    }

    /// The closest ancestor of type `kind` (or `self` if it has that type).
    pub fn ancestor(&self, kind: XnameType) -> Option<Xname> {
        let mut current = Some(*self);
        while let Some(x) = current {
            if x.kind == kind {
                return Some(x);
            }
            current = x.parent();
        }
        None
    }

    /// Whether `self` is a strict ancestor of `other` (e.g. `x1000c0` of
    /// `x1000c0s3b0n0`, `s0` of every cabinet and CDU).
    pub fn is_ancestor_of(&self, other: &Xname) -> bool {
        let mut current = other.parent();
        while let Some(x) = current {
            if x == *self {
                return true;
            }
            current = x.parent();
        }
        false
    }

    /// Tag of segment `i`, if the name has that many segments.
    fn tag(&self, i: usize) -> Option<&'static str> {
        self.kind.spec().segments.get(i).map(|s| s.tag)
    }

    /// The number after `tags[last]` when the name starts with exactly these
    /// tags.
    fn number_after(&self, tags: &[&str]) -> Option<u32> {
        let matches = tags
            .iter()
            .enumerate()
            .all(|(i, tag)| self.tag(i) == Some(*tag));
        if matches && !tags.is_empty() {
            Some(self.ordinals[tags.len() - 1])
        } else {
            None
        }
    }

    /// The cabinet number, for every name inside a cabinet (`x1000c0s3` -> 1000).
    pub fn cabinet(&self) -> Option<u32> {
        self.number_after(&["x"])
    }

    /// The chassis number, for every name inside a chassis (`x1000c2s3` -> 2).
    pub fn chassis(&self) -> Option<u32> {
        self.number_after(&["x", "c"])
    }

    /// The blade slot number, for compute (`s`) and router (`r`) modules and
    /// everything inside them (`x1000c0s3b0n1` -> 3, `x1000c0r7b0` -> 7).
    pub fn slot(&self) -> Option<u32> {
        self.number_after(&["x", "c", "s"])
            .or_else(|| self.number_after(&["x", "c", "r"]))
    }

    /// The node number, for a Node and everything inside one
    /// (`x1000c0s3b0n1` -> 1, `x1000c0s3b0n1p0` -> 1); `None` otherwise.
    pub fn node(&self) -> Option<u32> {
        self.number_after(&["x", "c", "s", "b", "n"])
    }

    /// Whether this is a Node (not a component inside one).
    pub fn is_node(&self) -> bool {
        self.kind == XnameType::Node
    }
}

/// Parses and normalizes an xname: `normalize("X1000C0S03B0N01")` is
/// `Ok("x1000c0s3b0n1")`.
pub fn normalize(s: &str) -> Result<String, XnameError> {
    Xname::parse(s).map(|x| x.as_string())
}

fn format_segments(segments: &[Segment], ordinals: &[u32]) -> String {
    use fmt::Write as _;
    let mut out = String::new();
    for (segment, value) in segments.iter().zip(ordinals) {
        // Writing to a String cannot fail.
        let _ = write!(out, "{}{}", segment.tag, value);
    }
    out
}

/// Splits the lower-cased input into "tag + digits" tokens. Tags are single
/// letters, `.` (partitions) or `sms`; a run of several other letters means
/// that all but the last lack a number.
fn tokenize<'a>(input: &str, lower: &'a str) -> Result<Vec<Token<'a>>, XnameError> {
    for (i, (orig, ch)) in input.chars().zip(lower.chars()).enumerate() {
        if !(ch.is_ascii_alphanumeric() || ch == '.') {
            return Err(XnameError::InvalidCharacter {
                input: input.to_string(),
                character: orig,
                position: i + 1,
            });
        }
    }
    // From here on the text is ASCII, so byte indexing is safe.
    let bytes = lower.as_bytes();
    if bytes[0].is_ascii_digit() {
        return Err(XnameError::StartsWithNumber {
            input: input.to_string(),
        });
    }
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i] == b'.' {
            i += 1;
        } else {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
        }
        let letters = &lower[start..i];
        if letters != "sms" && letters.len() > 1 {
            for j in 0..letters.len() - 1 {
                tokens.push(Token {
                    tag: &letters[j..=j],
                    digits: "",
                    value: None,
                });
            }
        }
        let tag = if letters == "sms" {
            letters
        } else {
            &letters[letters.len() - 1..]
        };
        let digit_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &lower[digit_start..i];
        tokens.push(Token {
            tag,
            digits,
            value: digits.parse().ok(),
        });
    }
    Ok(tokens)
}

fn find_spec(tags: &[&str]) -> Option<&'static TypeSpec> {
    TYPES.iter().find(|spec| spec.accepts_tags(tags))
}

/// A valid name of type `spec` using the numbers of `tokens` where they fit.
fn fill_example(spec: &TypeSpec, tokens: &[Token<'_>]) -> String {
    let values: Vec<u32> = spec
        .segments
        .iter()
        .zip(tokens)
        .map(|(segment, token)| {
            token
                .value
                .filter(|v| segment.contains(*v))
                .unwrap_or(segment.min)
        })
        .collect();
    format_segments(spec.segments, &values)
}

/// Joins `a, b or c`.
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Explains why the tags of `tokens` match no type: which prefix is valid,
/// what may follow it, and a guess at what was meant.
fn layout_reason(tokens: &[Token<'_>]) -> String {
    let tags: Vec<&str> = tokens.iter().map(|t| t.tag).collect();
    let prefix = (1..tags.len())
        .rev()
        .find_map(|k| find_spec(&tags[..k]).map(|spec| (k, spec)));

    let mut reason = match prefix {
        None => {
            let roots: Vec<String> = TYPES
                .iter()
                .filter(|t| matches!(t.parent, None | Some(XnameType::System)))
                .map(|t| format!("`{}` ({}, like {})", t.segments[0].tag, t.name, t.example))
                .collect();
            format!(
                "`{}` cannot start an xname; an xname starts with {}",
                tags[0],
                join_or(&roots)
            )
        }
        Some((k, spec)) => {
            let values: Vec<u32> = tokens[..k].iter().filter_map(|t| t.value).collect();
            let text = format_segments(spec.segments, &values);
            let followers: Vec<String> = TYPES
                .iter()
                .filter(|t| t.segments.len() == k + 1 && spec.accepts_tags(&tag_list(t)[..k]))
                .map(|t| format!("`{}` ({})", t.segments[k].tag, t.name))
                .collect();
            if followers.is_empty() {
                format!(
                    "`{}` cannot follow {text}, which is a {} and has no sub-components",
                    tags[k], spec.name
                )
            } else {
                format!(
                    "`{}` cannot follow {text} (a {}); a {} can be followed by {}",
                    tags[k],
                    spec.name,
                    spec.name,
                    join_or(&followers)
                )
            }
        }
    };
    let suggestions = suggestions(tokens);
    if !suggestions.is_empty() {
        reason.push_str(&format!("; did you mean {}?", join_or(&suggestions)));
    }
    reason
}

fn tag_list(spec: &TypeSpec) -> Vec<&'static str> {
    spec.segments.iter().map(|s| s.tag).collect()
}

/// Valid names that have exactly one more segment than the input, in any
/// position (`x1000c0s3n0` -> `x1000c0s3b0n0 (a Node)`).
fn suggestions(tokens: &[Token<'_>]) -> Vec<String> {
    let mut found = Vec::new();
    for spec in TYPES
        .iter()
        .filter(|t| t.segments.len() == tokens.len() + 1)
    {
        for skip in 0..spec.segments.len() {
            let mut values = Vec::with_capacity(spec.segments.len());
            let mut user = tokens.iter();
            let fits = spec.segments.iter().enumerate().all(|(i, segment)| {
                if i == skip {
                    values.push(segment.min);
                    return true;
                }
                match user.next() {
                    Some(t) if segment.accepts_tag(t.tag) => match t.value {
                        Some(v) if segment.contains(v) => {
                            values.push(v);
                            true
                        }
                        _ => false,
                    },
                    _ => false,
                }
            });
            if fits {
                let text = format_segments(spec.segments, &values);
                let entry = format!("{text} (a {})", spec.name);
                if !found.contains(&entry) {
                    found.push(entry);
                }
            }
        }
    }
    found.truncate(3);
    found
}

impl fmt::Display for Xname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (segment, value) in self.kind.spec().segments.iter().zip(self.ordinals()) {
            write!(f, "{}{}", segment.tag, value)?;
        }
        Ok(())
    }
}

impl FromStr for Xname {
    type Err = XnameError;

    /// Same as [`Xname::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Xname::parse(s)
    }
}

impl TryFrom<&str> for Xname {
    type Error = XnameError;

    /// Same as [`Xname::parse`].
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Xname::parse(s)
    }
}

impl From<Xname> for String {
    /// The normalized text.
    fn from(x: Xname) -> String {
        x.as_string()
    }
}

impl Ord for Xname {
    fn cmp(&self, other: &Self) -> Ordering {
        let mine = self.kind.spec().segments.iter().zip(self.ordinals());
        let theirs = other.kind.spec().segments.iter().zip(other.ordinals());
        mine.map(|(s, v)| (s.tag, *v))
            .cmp(theirs.map(|(s, v)| (s.tag, *v)))
    }
}

impl PartialOrd for Xname {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Xname {
    /// Serializes as the normalized string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Xname {
    /// Deserializes from a string, validating and normalizing it.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Xname::parse(&text).map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

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
}
