//! Ansible inventories from the chami inventory: the dynamic inventory JSON behind
//! `chami ansible-inventory` and the `chami-ansible-inventory` script.

mod dynamic;

pub use dynamic::{
    ansible_group_name, answer, host, role_group, tenant_group, AnsibleError, Answer,
    DynamicInventory, HostLookup, Request, FACT_PREFIX, RESERVED_GROUPS,
};
