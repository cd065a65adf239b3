//! A node's effective boot values, borrowed from the inventory (no copies): the same
//! layering as [`crate::inventory::Resolver`] (cluster defaults < groups in layering order
//! < node; the last layer that names a profile chooses it, and only the `boot.overrides`
//! of that layer and the layers above it apply), without the labels and vars that boot
//! does not need. A unit test holds the two to the same answers.

use super::BootError;
use crate::inventory::model::{image_location, BootProfile, Initramfs, NodeBoot, IMAGE_ARTIFACTS};
use crate::inventory::Inventory;
use std::borrow::Cow;
use std::fmt;

/// The layer a boot value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer<'a> {
    /// The boot profile itself.
    Profile(&'a str),
    /// The image the profile names (`image:`): the value is the artifact's file name in
    /// `images/NAME/` (see [`Value::location`]).
    Image(&'a str),
    /// cluster.yaml `defaults:`.
    Defaults,
    /// A group.
    Group(&'a str),
    /// The node record.
    Node,
}

impl fmt::Display for Layer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Layer::Profile(p) => write!(f, "profile {p}"),
            Layer::Image(i) => write!(f, "image {i}"),
            Layer::Defaults => f.write_str("cluster defaults"),
            Layer::Group(g) => write!(f, "group {g}"),
            Layer::Node => f.write_str("node"),
        }
    }
}

/// An effective value and its layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value<'a> {
    /// The value.
    pub value: &'a str,
    /// Where it came from.
    pub from: Layer<'a>,
}

impl<'a> Value<'a> {
    /// The location as written in a script: the value itself, or for an image's
    /// artifact, its path `images/NAME/FILE` under the boot server.
    pub fn location(&self) -> Cow<'a, str> {
        match self.from {
            Layer::Image(image) => Cow::Owned(image_location(image, self.value)),
            _ => Cow::Borrowed(self.value),
        }
    }
}

/// A node's effective boot values.
#[derive(Debug, Clone, Copy)]
pub struct EffectiveBoot<'a> {
    /// The chosen profile.
    pub profile: &'a BootProfile,
    /// The layer that chose it.
    pub chosen_by: Layer<'a>,
    /// Kernel location.
    pub kernel: Option<Value<'a>>,
    /// Initrd location.
    pub initrd: Option<Value<'a>>,
    /// Root image location.
    pub rootfs: Option<Value<'a>>,
    /// Kernel parameters of the profile (or an override).
    pub params: Option<Value<'a>>,
    /// The initramfs flavour of the image the profile names (the nearest layer of its
    /// recipe chain that sets one): how the kernel line hands it the root image.
    pub initramfs: Option<Initramfs>,
}

/// The boot values of node `ni`, whose groups (in layering order) are `groups`. `None`
/// when no layer names a profile.
pub fn effective_boot<'a>(
    inv: &'a Inventory,
    groups: &[usize],
    ni: usize,
) -> Result<Option<EffectiveBoot<'a>>, BootError> {
    let node = &inv.nodes[ni];
    let layers = || {
        std::iter::once((Layer::Defaults, &inv.cluster.defaults.boot))
            .chain(groups.iter().map(|&gi| {
                let g = &inv.groups[gi];
                (Layer::Group(g.name.as_str()), &g.boot)
            }))
            .chain(std::iter::once((Layer::Node, &node.boot)))
    };
    let mut chooser = None;
    for (at, (layer, boot)) in layers().enumerate() {
        if let Some(p) = &boot.profile {
            chooser = Some((at, layer, p.as_str()));
        }
    }
    let Some((at, chosen_by, name)) = chooser else {
        return Ok(None);
    };
    let profile = inv
        .cluster
        .boot_profiles
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| BootError::UnknownProfile {
            node: node.name.clone(),
            profile: name.to_string(),
            from: chosen_by.to_string(),
        })?;
    let own = |v: &'a Option<String>| {
        v.as_deref().map(|value| Value {
            value,
            from: Layer::Profile(&profile.name),
        })
    };
    // A value the profile leaves out comes from the image it names, if any.
    let or_image = |v: &'a Option<String>, file: &'static str| {
        own(v).or_else(|| {
            profile.image.as_deref().map(|image| Value {
                value: file,
                from: Layer::Image(image),
            })
        })
    };
    let mut eff = EffectiveBoot {
        profile,
        chosen_by,
        kernel: or_image(&profile.kernel, IMAGE_ARTIFACTS.kernel),
        initrd: or_image(&profile.initrd, IMAGE_ARTIFACTS.initrd),
        rootfs: or_image(&profile.rootfs, IMAGE_ARTIFACTS.rootfs),
        params: own(&profile.params),
        initramfs: profile
            .image
            .as_deref()
            .and_then(|i| crate::image::initramfs_of(inv, i)),
    };
    for (layer, boot) in layers().skip(at) {
        apply(&mut eff, layer, boot);
    }
    Ok(Some(eff))
}

fn apply<'a>(eff: &mut EffectiveBoot<'a>, layer: Layer<'a>, boot: &'a NodeBoot) {
    let o = &boot.overrides;
    let set = |slot: &mut Option<Value<'a>>, v: &'a Option<String>| {
        if let Some(value) = v.as_deref() {
            *slot = Some(Value { value, from: layer });
        }
    };
    set(&mut eff.kernel, &o.kernel);
    set(&mut eff.initrd, &o.initrd);
    set(&mut eff.rootfs, &o.rootfs);
    set(&mut eff.params, &o.params);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boot::test_support::inventory;
    use crate::inventory::{Resolver, Source};

    fn same_layer(a: Layer<'_>, b: &Source) -> bool {
        match (a, b) {
            (Layer::Profile(x), Source::Profile(y)) => x == y,
            (Layer::Defaults, Source::Cluster) => true,
            (Layer::Group(x), Source::Group(y)) => x == y,
            (Layer::Node, Source::Node) => true,
            (Layer::Image(x), Source::Image(y)) => x == y,
            _ => false,
        }
    }

    /// Every node of a layered inventory gets the same values and sources as the
    /// inventory's own resolver gives.
    #[test]
    fn agrees_with_the_inventory_resolver() {
        let inv = inventory(
            "boot_profiles:\n\
             - {name: a, kind: diskless, kernel: ka, initrd: ia, rootfs: ra, params: pa}\n\
             - {name: b, kind: diskful, kernel: kb, initrd: ib, install: http://x/ks}\n\
             - {name: c, kind: diskless, image: im, initrd: ic}\n\
             defaults: {boot: {profile: a, overrides: {params: pd}}}\n",
            &[
                "name: g1\nmembers: n[1-3]\nboot: {overrides: {kernel: k1}}\n",
                "name: g2\nmembers: n[2-3]\npriority: 5\nboot: {profile: b, overrides: {initrd: i2}}\n",
                "name: g3\nmembers: n3\npriority: 9\nboot: {overrides: {params: p3}}\n",
            ],
            &[
                "name: n1\n",
                "name: n2\nboot: {overrides: {params: pn}}\n",
                "name: n3\nboot: {profile: a}\n",
                "name: n4\nboot: {overrides: {rootfs: rn}}\n",
                "name: n5\nboot: {profile: c}\n",
            ],
        );
        let r = Resolver::new(&inv);
        for ni in 0..inv.nodes.len() {
            let want = r.node(ni);
            let got = effective_boot(&inv, &r.membership().groups_of[ni], ni)
                .unwrap()
                .unwrap();
            assert_eq!(
                Some(&got.profile.name),
                want.boot_profile.as_ref().map(|s| &s.value)
            );
            for (g, w) in [
                (got.kernel, &want.kernel),
                (got.initrd, &want.initrd),
                (got.rootfs, &want.rootfs),
                (got.params, &want.params),
            ] {
                assert_eq!(
                    g.map(|v| v.location().into_owned()),
                    w.as_ref().map(|s| s.value.clone()),
                    "{ni}"
                );
                if let (Some(g), Some(w)) = (g, w) {
                    assert!(
                        same_layer(g.from, &w.source),
                        "{ni}: {:?} {:?}",
                        g.from,
                        w.source
                    );
                }
            }
        }
        // Spot checks, so that agreeing on a wrong answer cannot pass.
        let n2 = effective_boot(&inv, &r.membership().groups_of[1], 1)
            .unwrap()
            .unwrap();
        assert_eq!(n2.profile.name, "b");
        assert_eq!(n2.chosen_by, Layer::Group("g2"));
        assert_eq!(
            n2.kernel.unwrap().value,
            "kb",
            "g1's override is below the chooser"
        );
        assert_eq!(n2.initrd.unwrap().value, "i2");
        assert_eq!(n2.params.unwrap().value, "pn");
        let n4 = effective_boot(&inv, &r.membership().groups_of[3], 3)
            .unwrap()
            .unwrap();
        assert_eq!(n4.params.unwrap().value, "pd");
        assert_eq!(n4.rootfs.unwrap().from, Layer::Node);
        let n5 = effective_boot(&inv, &r.membership().groups_of[4], 4)
            .unwrap()
            .unwrap();
        assert_eq!(n5.kernel.unwrap().location(), "images/im/vmlinuz");
        assert_eq!(n5.kernel.unwrap().from, Layer::Image("im"));
        assert_eq!(
            n5.initrd.unwrap().location(),
            "ic",
            "the profile's own wins"
        );
        assert_eq!(n5.rootfs.unwrap().location(), "images/im/rootfs.squashfs");
    }

    #[test]
    fn no_profile_is_none_and_an_unknown_one_is_an_error() {
        let inv = inventory(
            "",
            &[],
            &["name: n1\n", "name: n2\nboot: {profile: nope}\n"],
        );
        assert!(effective_boot(&inv, &[], 0).unwrap().is_none());
        let e = effective_boot(&inv, &[], 1).unwrap_err().to_string();
        assert!(
            e.contains("node n2: boot profile `nope` (set by node)"),
            "{e}"
        );
    }
}
