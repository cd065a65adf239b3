//! Ansible: `chami ansible-inventory` and `chami-ansible-inventory` checked by the real
//! ansible-inventory.
