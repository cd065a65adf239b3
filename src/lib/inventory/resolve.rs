//! Effective node values, layered: built-in defaults < cluster defaults < groups (in
//! layering order: ascending priority, then name) < the node itself. Every value carries
//! where it came from, for `inventory show --resolved` and for templates.
//!
//! Maps (labels, vars, bios, firmware) merge key by key: a later layer replaces a key,
//! never a whole map (a firmware component's version and image are replaced together).
//! Boot values come from the chosen profile, then each layer's `boot.overrides`.

use super::membership::{self, Membership};
use super::model::{
    image_location, BootOverrides, BootProfileKind, FirmwareWant, NodeBoot, IMAGE_ARTIFACTS,
};
use super::records::Inventory;
use super::select::Selector;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "layer", content = "name", rename_all = "lowercase")]
pub enum Source {
    /// chami's own default.
    Builtin,
    /// cluster.yaml `defaults:`.
    Cluster,
    /// A group.
    Group(String),
    /// A boot profile.
    Profile(String),
    /// The image a boot profile names (`image:`), for its kernel, initrd and root image.
    Image(String),
    /// A tenant (ownership).
    Tenant(String),
    /// The node record.
    Node,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Builtin => f.write_str("built-in default"),
            Source::Cluster => f.write_str("cluster defaults"),
            Source::Group(g) => write!(f, "group {g}"),
            Source::Profile(p) => write!(f, "profile {p}"),
            Source::Image(i) => write!(f, "image {i}"),
            Source::Tenant(t) => write!(f, "tenant {t}"),
            Source::Node => f.write_str("node"),
        }
    }
}

/// A value and its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced<T> {
    /// The effective value.
    pub value: T,
    /// The layer it came from.
    pub source: Source,
}

/// A node's effective values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedNode {
    /// Node name.
    pub name: String,
    /// Role.
    pub role: Option<Sourced<String>>,
    /// Subrole.
    pub subrole: Option<Sourced<String>>,
    /// Architecture.
    pub arch: Option<Sourced<String>>,
    /// Enabled flag.
    pub enabled: Sourced<bool>,
    /// Every group the node is in, in layering order.
    pub groups: Vec<String>,
    /// The owning tenant.
    pub tenant: Option<Sourced<String>>,
    /// Labels.
    pub labels: BTreeMap<String, Sourced<String>>,
    /// Variables.
    pub vars: BTreeMap<String, Sourced<serde_json::Value>>,
    /// Boot profile name.
    pub boot_profile: Option<Sourced<String>>,
    /// Boot profile kind.
    pub boot_kind: Option<BootProfileKind>,
    /// Kernel.
    pub kernel: Option<Sourced<String>>,
    /// Initrd.
    pub initrd: Option<Sourced<String>>,
    /// Root image.
    pub rootfs: Option<Sourced<String>>,
    /// Kernel parameters.
    pub params: Option<Sourced<String>>,
    /// Desired BIOS attributes (groups, then the node).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub bios: BTreeMap<String, Sourced<serde_json::Value>>,
    /// Desired firmware versions by component (groups, then the node).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub firmware: BTreeMap<String, Sourced<FirmwareWant>>,
}

/// Resolves nodes of one inventory (membership is computed once).
pub struct Resolver<'a> {
    inv: &'a Inventory,
    membership: Membership,
}

impl<'a> Resolver<'a> {
    /// Prepares a resolver; computes group membership and ownership.
    pub fn new(inv: &'a Inventory) -> Resolver<'a> {
        let selector = Selector::new(inv);
        let membership = membership::compute(inv, &selector);
        Resolver { inv, membership }
    }

    /// The membership computed for this inventory.
    pub fn membership(&self) -> &Membership {
        &self.membership
    }

    /// The effective values of node `ni`.
    pub fn node(&self, ni: usize) -> ResolvedNode {
        let inv = self.inv;
        let node = &inv.nodes[ni];
        let d = &inv.cluster.defaults;
        let pick = |own: &Option<String>, def: &Option<String>| {
            own.clone()
                .map(|value| Sourced {
                    value,
                    source: Source::Node,
                })
                .or_else(|| {
                    def.clone().map(|value| Sourced {
                        value,
                        source: Source::Cluster,
                    })
                })
        };
        let groups = &self.membership.groups_of[ni];
        // Layers from lowest to highest: cluster defaults, groups, node.
        let mut layers: Vec<(Source, &_, &_, &NodeBoot)> =
            vec![(Source::Cluster, &d.labels, &d.vars, &d.boot)];
        for &gi in groups {
            let g = &inv.groups[gi];
            layers.push((Source::Group(g.name.clone()), &g.labels, &g.vars, &g.boot));
        }
        layers.push((Source::Node, &node.labels, &node.vars, &node.boot));

        let mut labels = BTreeMap::new();
        let mut vars = BTreeMap::new();
        let mut boot_profile = None;
        for (source, l, v, b) in &layers {
            for (k, val) in l.iter() {
                labels.insert(k.clone(), sourced(val.clone(), source));
            }
            for (k, val) in v.iter() {
                vars.insert(k.clone(), sourced(val.clone(), source));
            }
            if let Some(p) = &b.profile {
                boot_profile = Some(sourced(p.clone(), source));
            }
        }
        let profile = boot_profile.as_ref().and_then(|p| {
            inv.cluster
                .boot_profiles
                .iter()
                .find(|bp| bp.name == p.value)
        });
        let from_profile = |f: fn(&super::model::BootProfile) -> &Option<String>| {
            profile.and_then(|p| {
                f(p).clone()
                    .map(|v| sourced(v, &Source::Profile(p.name.clone())))
            })
        };
        // A value the profile leaves out comes from the image it names, if any.
        let or_image = |own: Option<Sourced<String>>, file: &str| {
            own.or_else(|| {
                let image = profile?.image.as_deref()?;
                Some(sourced(
                    image_location(image, file),
                    &Source::Image(image.to_string()),
                ))
            })
        };
        let mut kernel = or_image(from_profile(|p| &p.kernel), IMAGE_ARTIFACTS.kernel);
        let mut initrd = or_image(from_profile(|p| &p.initrd), IMAGE_ARTIFACTS.initrd);
        let mut rootfs = or_image(from_profile(|p| &p.rootfs), IMAGE_ARTIFACTS.rootfs);
        let mut params = from_profile(|p| &p.params);
        // Overrides from below the layer that chose the profile belong to another profile.
        let chooser = layers
            .iter()
            .rposition(|(_, _, _, b)| b.profile.is_some())
            .unwrap_or(0);
        for (source, _, _, b) in &layers[chooser..] {
            let o: &BootOverrides = &b.overrides;
            override_with(&mut kernel, &o.kernel, source);
            override_with(&mut initrd, &o.initrd, source);
            override_with(&mut rootfs, &o.rootfs, source);
            override_with(&mut params, &o.params, source);
        }
        let (mut bios, mut firmware) = (BTreeMap::new(), BTreeMap::new());
        let desired = groups
            .iter()
            .map(|&gi| {
                let g = &inv.groups[gi];
                (Source::Group(g.name.clone()), &g.bios, &g.firmware)
            })
            .chain(std::iter::once((Source::Node, &node.bios, &node.firmware)));
        for (source, b, f) in desired {
            for (k, v) in b {
                bios.insert(k.clone(), sourced(v.clone(), &source));
            }
            for (k, v) in f {
                firmware.insert(k.clone(), sourced(v.clone(), &source));
            }
        }
        let tenant = self.membership.tenants_of[ni].first().map(|&ti| Sourced {
            value: inv.tenants[ti].name.clone(),
            source: Source::Tenant(inv.tenants[ti].name.clone()),
        });
        ResolvedNode {
            name: node.name.clone(),
            role: pick(&node.role, &d.role),
            subrole: pick(&node.subrole, &d.subrole),
            arch: pick(&node.arch, &d.arch),
            enabled: match node.enabled {
                Some(value) => Sourced {
                    value,
                    source: Source::Node,
                },
                None => Sourced {
                    value: true,
                    source: Source::Builtin,
                },
            },
            groups: groups
                .iter()
                .map(|&gi| inv.groups[gi].name.clone())
                .collect(),
            tenant,
            labels,
            vars,
            boot_kind: profile.map(|p| p.kind),
            boot_profile,
            kernel,
            initrd,
            rootfs,
            params,
            bios,
            firmware,
        }
    }
}

fn sourced<T>(value: T, source: &Source) -> Sourced<T> {
    Sourced {
        value,
        source: source.clone(),
    }
}

fn override_with(slot: &mut Option<Sourced<String>>, value: &Option<String>, source: &Source) {
    if let Some(v) = value {
        *slot = Some(sourced(v.clone(), source));
    }
}
