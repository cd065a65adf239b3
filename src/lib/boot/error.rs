//! What can go wrong making boot scripts and seeds: each error names the record and says
//! what to do.

/// A boot script, seed or tree that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum BootError {
    /// cluster.yaml says nothing about where nodes fetch their boot files.
    #[error(
        "cluster.yaml has no `boot_server:`, so boot scripts cannot say where to fetch \
         kernels, images and seeds; add to cluster.yaml:\n  boot_server:\n    address: \
         10.0.0.1   # the web server that serves the bootgen folder\n    http_port: 80"
    )]
    NoBootServer,

    /// A node's profile name is not among the profiles of cluster.yaml.
    #[error(
        "node {node}: boot profile `{profile}` (set by {from}) is not declared in \
         cluster.yaml; declare it under `boot_profiles:` or fix the name"
    )]
    UnknownProfile {
        /// The node.
        node: String,
        /// The missing profile.
        profile: String,
        /// The layer that chose it (`group compute`, `node` …).
        from: String,
    },

    /// A profile lacks what its kind needs, after the node's overrides.
    #[error(
        "node {node}: {kind} profile `{profile}` has no {field}; set `{field}:` on the \
         profile in cluster.yaml (or in a `boot.overrides` of the node or one of its groups)"
    )]
    Missing {
        /// The node.
        node: String,
        /// The profile.
        profile: String,
        /// diskless, diskful (kickstart) …
        kind: String,
        /// kernel, initrd, rootfs or install.
        field: &'static str,
    },

    /// A value that would break the iPXE script or the kernel command line.
    #[error("node {node}: {what} (from {from}) {problem}: `{value}`; {help}")]
    BadValue {
        /// The node.
        node: String,
        /// kernel, initrd, rootfs, install or kernel parameters.
        what: &'static str,
        /// The layer the value came from.
        from: String,
        /// The offending value (or word of it).
        value: String,
        /// What is wrong with it.
        problem: &'static str,
        /// What to do.
        help: &'static str,
    },

    /// Two enabled nodes boot from one MAC address.
    #[error(
        "MAC {mac} is a boot MAC of node {first} and of node {second}; give each node its \
         own (`chami inventory lint` shows where), or disable one"
    )]
    DuplicateMac {
        /// The shared MAC.
        mac: String,
        /// The node listed first.
        first: String,
        /// The other node.
        second: String,
    },

    /// Two nodes share a name.
    #[error("two nodes are named {node}; rename one (`chami inventory lint` shows where)")]
    DuplicateName {
        /// The name.
        node: String,
    },

    /// A node name that cannot be a file name in the tree.
    #[error(
        "node name `{node}` cannot name a boot script or seed folder; use a host name \
         (letters, digits and `-`)"
    )]
    BadNodeName {
        /// The name.
        node: String,
    },

    /// A group's cloud-init fragment sets a key chami sets for every node.
    #[error(
        "group {group}: cloud_init.{part} sets `{key}`, which chami sets for every node \
         from its name; remove it from the group"
    )]
    ReservedKey {
        /// The group.
        group: String,
        /// user_data or meta_data.
        part: &'static str,
        /// The key.
        key: &'static str,
    },

    /// A merged cloud-init document that cannot be written as YAML.
    #[error("cannot write the cloud-init {part} of groups {groups} as YAML: {message}")]
    Yaml {
        /// user-data, vendor-data or meta-data.
        part: &'static str,
        /// The groups whose fragments were merged.
        groups: String,
        /// The YAML library's message.
        message: String,
    },
}
