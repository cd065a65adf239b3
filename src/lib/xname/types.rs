//! The component types of xnames and the recognition table: each type's pattern,
//! number ranges, parent and example, as hms-xname defines them.

use super::*;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
pub(super) const MAX_SEGMENTS: usize = 7;

/// Upper bound used for numbers that hms-xname leaves unbounded (`[0-9]+`).
pub(super) const UNBOUNDED: u32 = u32::MAX;

/// One numbered part of an xname pattern: a tag (usually one letter) followed
/// by a number that must lie in `min..=max`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    /// The tag written before the number (`x`, `c`, `sms`, `.`, ...).
    pub(super) tag: &'static str,
    /// A deprecated tag accepted on input but never printed.
    pub(super) alt_tag: Option<&'static str>,
    /// What the number counts, for error messages ("chassis", "slot", ...).
    pub(super) label: &'static str,
    pub(super) min: u32,
    pub(super) max: u32,
}

impl Segment {
    pub(super) fn accepts_tag(&self, tag: &str) -> bool {
        self.tag == tag || self.alt_tag == Some(tag)
    }

    pub(super) fn contains(&self, value: u32) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

pub(super) const fn seg(tag: &'static str, label: &'static str, min: u32, max: u32) -> Segment {
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
pub(super) struct TypeSpec {
    pub(super) kind: XnameType,
    /// The hms-xname spelling of the type.
    pub(super) name: &'static str,
    /// The upstream `ParentType`.
    pub(super) parent: Option<XnameType>,
    /// The upstream notation of the pattern (`xXcCsSbBnN`).
    pub(super) pattern: &'static str,
    pub(super) segments: &'static [Segment],
    /// The last segment may be left out (only a Partition: `pH` or `pH.S`).
    pub(super) optional_last: bool,
    /// A valid, normalized example.
    pub(super) example: &'static str,
}

impl TypeSpec {
    /// Whether an xname with these tags (one per segment) has this type.
    pub(super) fn accepts_tags(&self, tags: &[&str]) -> bool {
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
    pub(super) fn accepts_count(&self, count: usize) -> bool {
        let n = self.segments.len();
        count == n || (self.optional_last && count + 1 == n)
    }

    pub(super) fn count_text(&self) -> String {
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
pub(super) const CABINET: Segment = seg("x", "cabinet", 0, 9999);
pub(super) const CHASSIS: Segment = seg("c", "chassis", 0, 7);
pub(super) const SLOT: Segment = seg("s", "slot", 0, UNBOUNDED);
pub(super) const NODE_BMC: Segment = seg("b", "BMC", 0, UNBOUNDED);
pub(super) const NODE: Segment = seg("n", "node", 0, UNBOUNDED);
pub(super) const ENCLOSURE: Segment = seg("e", "node enclosure", 0, UNBOUNDED);
pub(super) const STORAGE_GROUP: Segment = seg("g", "storage group", 0, UNBOUNDED);
pub(super) const ROUTER_SLOT: Segment = seg("r", "router slot", 0, UNBOUNDED);
pub(super) const ROUTER_BMC: Segment = seg("b", "router BMC", 0, UNBOUNDED);
pub(super) const ROUTER_TOR: Segment = seg("t", "TOR", 0, UNBOUNDED);
pub(super) const HSN_ASIC: Segment = seg("a", "HSN ASIC", 0, 3);
pub(super) const HSN_CONNECTOR: Segment = seg("j", "HSN connector", 1, UNBOUNDED);
pub(super) const PDU_CONTROLLER: Segment = seg("m", "PDU controller", 0, 3);
pub(super) const PDU: Segment = seg("p", "PDU", 0, 7);
pub(super) const CHASSIS_BMC: Segment = seg("b", "chassis BMC", 0, 0);
pub(super) const MGMT_SWITCH: Segment = seg("w", "switch", 1, UNBOUNDED);
pub(super) const HL_ENCLOSURE: Segment = seg("h", "switch enclosure", 1, UNBOUNDED);
pub(super) const NIC: Segment = seg("i", "NIC", 0, 3);
pub(super) const CDU_SEG: Segment = seg("d", "CDU", 0, UNBOUNDED);

/// The node power connector also accepts the deprecated `j` tag.
pub(super) const NODE_POWER_CONNECTOR: Segment = Segment {
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
pub(super) const TYPE_TABLE: [TypeSpec; 52] = [
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
pub(super) static TYPES: [TypeSpec; 52] = TYPE_TABLE;

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

    pub(super) fn spec(self) -> &'static TypeSpec {
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
