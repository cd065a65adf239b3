//! Who refers to a record by name: the nodes in a group, the interfaces on a network, the
//! groups booting a profile … so that removing a record still in use can name its users.

use super::records::Inventory;

/// The records that name one record, by kind of user and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Users {
    /// (kind of the users, field naming the record, the users' names).
    pub by_field: Vec<(&'static str, &'static str, Vec<String>)>,
}

impl Users {
    fn add(&mut self, kind: &'static str, field: &'static str, names: Vec<String>) {
        if !names.is_empty() {
            self.by_field.push((kind, field, names));
        }
    }

    /// These users less the records of `kind` named in `gone` (removed together with it).
    pub fn without(mut self, kind: &str, gone: &[String]) -> Users {
        for (k, _, names) in &mut self.by_field {
            if *k == kind {
                names.retain(|n| !gone.contains(n));
            }
        }
        self.by_field.retain(|(_, _, names)| !names.is_empty());
        self
    }

    /// True when nothing refers to the record.
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty()
    }

    /// `nodes a,c (groups); tenant t (groups)`: users folded per kind and field.
    pub fn describe(&self) -> String {
        self.by_field
            .iter()
            .map(|(kind, field, names)| {
                format!(
                    "{kind}{} {} (`{field}`)",
                    if names.len() == 1 { "" } else { "s" },
                    crate::hostlist::fold(names)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn names<'a, T: 'a>(
    list: impl IntoIterator<Item = &'a T>,
    name: impl Fn(&T) -> &str,
    uses: impl Fn(&T) -> bool,
) -> Vec<String> {
    list.into_iter()
        .filter(|r| uses(r))
        .map(|r| name(r).to_string())
        .collect()
}

/// Users of group `g`: nodes listing it, tenants owning it.
pub fn of_group(inv: &Inventory, g: &str) -> Users {
    let mut u = Users { by_field: vec![] };
    let has = |l: &[String]| l.iter().any(|x| x == g);
    u.add(
        "node",
        "groups",
        names(&inv.nodes, |n| &n.name, |n| has(&n.groups)),
    );
    u.add(
        "tenant",
        "groups",
        names(&inv.tenants, |t| &t.name, |t| has(&t.groups)),
    );
    u
}

/// Users of BMC `b`: nodes naming it.
pub fn of_bmc(inv: &Inventory, b: &str) -> Users {
    let mut u = Users { by_field: vec![] };
    u.add(
        "node",
        "bmc",
        names(&inv.nodes, |n| &n.name, |n| n.bmc.as_deref() == Some(b)),
    );
    u
}

/// Users of PDU `p`: none (a PDU names its nodes; nothing names a PDU).
pub fn of_pdu(_inv: &Inventory, _p: &str) -> Users {
    Users { by_field: vec![] }
}

/// Users of tenant `t`: groups naming it.
pub fn of_tenant(inv: &Inventory, t: &str) -> Users {
    let mut u = Users { by_field: vec![] };
    u.add(
        "group",
        "tenant",
        names(&inv.groups, |g| &g.name, |g| g.tenant.as_deref() == Some(t)),
    );
    u
}

/// Users of network `net`: node interfaces and BMCs on it.
pub fn of_network(inv: &Inventory, net: &str) -> Users {
    let mut u = Users { by_field: vec![] };
    u.add(
        "node",
        "interfaces.*.network",
        names(
            &inv.nodes,
            |n| &n.name,
            |n| {
                n.interfaces
                    .iter()
                    .any(|i| i.network.as_deref() == Some(net))
            },
        ),
    );
    u.add(
        "bmc",
        "network",
        names(
            &inv.bmcs,
            |b| &b.name,
            |b| b.network.as_deref() == Some(net),
        ),
    );
    u
}

/// Users of boot profile `p`: nodes, groups and the cluster defaults booting it.
pub fn of_profile(inv: &Inventory, p: &str) -> Users {
    let mut u = Users { by_field: vec![] };
    let is = |b: &super::model::NodeBoot| b.profile.as_deref() == Some(p);
    u.add(
        "node",
        "boot.profile",
        names(&inv.nodes, |n| &n.name, |n| is(&n.boot)),
    );
    u.add(
        "group",
        "boot.profile",
        names(&inv.groups, |g| &g.name, |g| is(&g.boot)),
    );
    if is(&inv.cluster.defaults.boot) {
        u.add(
            "cluster",
            "defaults.boot.profile",
            vec!["cluster.yaml".into()],
        );
    }
    u
}

/// Users of image recipe `i`: boot profiles booting it, recipes built on it.
pub fn of_image(inv: &Inventory, i: &str) -> Users {
    let mut u = Users { by_field: vec![] };
    u.add(
        "profile",
        "image",
        names(
            &inv.cluster.boot_profiles,
            |p| &p.name,
            |p| p.image.as_deref() == Some(i),
        ),
    );
    u.add(
        "image",
        "parent",
        names(&inv.images, |r| &r.name, |r| r.parent.as_deref() == Some(i)),
    );
    u
}
