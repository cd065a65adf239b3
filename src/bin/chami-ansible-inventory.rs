//! The `chami-ansible-inventory` program: an Ansible inventory script
//! (`CHAMI_INVENTORY=DIR ansible -i chami-ansible-inventory …`). Everything happens in
//! the library's `run_ansible_script()`.

// Same allocator as `chami`: loading a large inventory is allocation-bound.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    chami::run_ansible_script().into()
}
