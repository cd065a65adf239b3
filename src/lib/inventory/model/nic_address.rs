//! Slingshot (CXI) NIC addresses: the 20-bit fabric address of a Slingshot NIC.

use std::fmt;

/// A Slingshot NIC address, 0x00000–0xfffff. Written as a YAML number or a string
/// (`0x0a1b2`); printed as `0x` and five hex digits, as `cxi_stat` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NicAddress(pub u32);

fn invalid(what: impl fmt::Display) -> String {
    format!("`{what}` is not a Slingshot NIC address: write a 20-bit number, 0x00000 to 0xfffff")
}

impl fmt::Display for NicAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:05x}", self.0)
    }
}

impl serde::Serialize for NicAddress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for NicAddress {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = NicAddress;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 20-bit Slingshot NIC address such as 0x0a1b2")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NicAddress, E> {
                u32::try_from(v)
                    .ok()
                    .filter(|v| *v < 1 << 20)
                    .map(NicAddress)
                    .ok_or_else(|| E::custom(invalid(format!("{v:#x}"))))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NicAddress, E> {
                match u64::try_from(v) {
                    Ok(u) => self.visit_u64(u),
                    Err(_) => Err(E::custom(invalid(v))),
                }
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<NicAddress, E> {
                let t = s.trim();
                let n = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    Some(hex) => u64::from_str_radix(hex, 16).ok(),
                    None => t.parse().ok(),
                };
                n.map_or_else(|| Err(E::custom(invalid(s))), |v| self.visit_u64(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::NicAddress;

    #[test]
    fn twenty_bits_only() {
        let a: NicAddress = crate::yaml::from_str("\"0x0a1b2\"").unwrap();
        assert_eq!(a.to_string(), "0x0a1b2");
        let b: NicAddress = crate::yaml::from_str("0xfffff").unwrap();
        assert_eq!(b, NicAddress(0xfffff));
        for bad in ["0x100000", "-3", "\"zz\""] {
            let e = crate::yaml::from_str::<NicAddress>(bad).unwrap_err();
            assert!(e.message.contains("not a Slingshot NIC address"), "{bad}");
        }
    }
}
