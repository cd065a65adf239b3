//! The DHCP servers chami writes configurations for.

/// The DHCP servers chami writes configs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DhcpFormat {
    /// dnsmasq (a fragment for `conf-file=` or `conf-dir=`).
    Dnsmasq,
    /// Kea DHCPv4 (a whole `kea-dhcp4.conf`, JSON).
    Kea,
    /// ISC dhcpd 4.x (a whole `dhcpd.conf`).
    Isc,
}

impl DhcpFormat {
    /// Every format.
    pub const ALL: [DhcpFormat; 3] = [DhcpFormat::Dnsmasq, DhcpFormat::Kea, DhcpFormat::Isc];

    /// The name used on the command line and in cluster.yaml `outputs:`.
    pub fn as_str(self) -> &'static str {
        match self {
            DhcpFormat::Dnsmasq => "dnsmasq",
            DhcpFormat::Kea => "kea",
            DhcpFormat::Isc => "isc",
        }
    }

    /// The format called `name`.
    pub fn from_name(name: &str) -> Option<DhcpFormat> {
        DhcpFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in DhcpFormat::ALL {
            assert_eq!(DhcpFormat::from_name(f.as_str()), Some(f));
        }
        assert_eq!(DhcpFormat::from_name("dhcpd"), None);
    }
}
