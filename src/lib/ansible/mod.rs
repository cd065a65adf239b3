//! Ansible inventories from the chami inventory: the dynamic inventory JSON.
