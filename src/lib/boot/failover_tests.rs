//! Unit tests of boot-server failover: with one server the scripts are unchanged; with
//! three, every fetch is tried on each server in order, each node-script block loads and
//! points the kernel command line at one server only, absolute URLs stay, and every
//! script passes [`ipxe_syntax`].

use super::test_support::inventory_with;
use super::{default_script, ipxe_syntax, node_script, unknown_script, BootContext};

const THREE: &str = "format: 1\nname: t\nboot_servers:\n- {address: 10.0.0.1, http_port: 8080}\n- {address: 10.0.0.2, http_port: 8080}\n- {address: 10.0.0.3}\n";
const ONE: &str = "format: 1\nname: t\nboot_servers:\n- {address: 10.0.0.1, http_port: 8080}\n";
const PROFILES: &str = "boot_profiles:\n- {name: dl, kind: diskless, kernel: img/vmlinuz, initrd: 'http://mirror/initrd.img', rootfs: img/root.squashfs}\n";
const NODE: &str = "name: n1\ninterfaces:\n- {name: eth0, mac: '02:00:00:00:00:01', boot: true}\nboot: {profile: dl}\n";

fn scripts(cluster: &str) -> [String; 3] {
    let inv = inventory_with(&format!("{cluster}{PROFILES}"), &[], &[NODE]);
    let cx = BootContext::new(&inv).unwrap();
    let mac = cx.boot_macs(0).first().copied();
    let all = [
        node_script(&cx, 0, mac).unwrap().unwrap(),
        default_script(&cx),
        unknown_script(&cx),
    ];
    for s in &all {
        assert_eq!(ipxe_syntax::check(s), Vec::<String>::new(), "{s}");
    }
    all
}

#[test]
fn one_server_in_a_list_writes_the_scripts_of_boot_server() {
    let single = "format: 1\nname: t\nboot_server: {address: 10.0.0.1, http_port: 8080}\n";
    assert_eq!(scripts(ONE), scripts(single));
    let [node, default, _] = scripts(ONE);
    assert!(
        !node.contains("server2") && !node.contains(" || chain"),
        "{node}"
    );
    assert!(default.ends_with(
        "\nchain --replace --autofree http://10.0.0.1:8080/ipxe/${mac:hexhyp}.ipxe || chain --replace --autofree http://10.0.0.1:8080/unknown.ipxe\n"
    ), "{default}");
}

#[test]
fn three_servers_fall_over_in_order() {
    let [node, default, unknown] = scripts(THREE);
    let (a, b, c) = (
        "http://10.0.0.1:8080",
        "http://10.0.0.2:8080",
        "http://10.0.0.3",
    );
    let mac = "ipxe/${mac:hexhyp}.ipxe";
    let chain = "chain --replace --autofree";
    assert!(
        default.ends_with(&format!(
            "\n{chain} {a}/{mac} || {chain} {b}/{mac} || {chain} {c}/{mac} || \
         {chain} {a}/unknown.ipxe || {chain} {b}/unknown.ipxe || {chain} {c}/unknown.ipxe\n"
        )),
        "{default}"
    );
    assert!(
        unknown.ends_with(&format!(
            "\n{chain} {a}/{mac} || {chain} {b}/{mac} || {chain} {c}/{mac} || goto retry\n"
        )),
        "{unknown}"
    );
    // One block per server: its kernel, root and seed URLs all name that server; a
    // failure goes to the next block, the last one's to `retry`.
    let kernels: Vec<&str> = node.lines().filter(|l| l.starts_with("kernel ")).collect();
    assert_eq!(kernels.len(), 3, "{node}");
    for (i, (line, base)) in kernels.iter().zip([a, b, c]).enumerate() {
        assert!(
            line.starts_with(&format!("kernel {base}/img/vmlinuz ")),
            "{line}"
        );
        assert!(
            line.contains(&format!(" root=live:{base}/img/root.squashfs ")),
            "{line}"
        );
        assert!(
            line.contains(&format!(" ds=nocloud-net;s={base}/cloud-init/n1/")),
            "{line}"
        );
        let others = [a, b, c].into_iter().filter(|o| o != &base);
        assert!(others.into_iter().all(|o| !line.contains(o)), "{line}");
        let next = if i < 2 {
            format!("server{}", i + 2)
        } else {
            "retry".into()
        };
        assert!(line.ends_with(&format!(" || goto {next}")), "{line}");
    }
    for n in [2, 3] {
        assert!(
            node.contains(&format!(
                "\n:server{n}\necho chami: trying boot server {n} ("
            )),
            "{node}"
        );
    }
    // The absolute initrd URL is the same in every block.
    let initrds = node
        .lines()
        .filter(|l| l.starts_with("initrd --name initrd.img http://mirror/initrd.img || goto "));
    assert_eq!(initrds.count(), 3, "{node}");
    assert!(node.ends_with(&format!(
        "\n{chain} {a}/ipxe/02-00-00-00-00-01.ipxe || {chain} {b}/ipxe/02-00-00-00-00-01.ipxe || {chain} {c}/ipxe/02-00-00-00-00-01.ipxe\n"
    )), "{node}");
}

#[test]
fn a_block_with_only_absolute_files_asks_its_server_first() {
    let profiles = "boot_profiles:\n- {name: dl, kind: diskless, kernel: 'http://mirror/vmlinuz', initrd: 'http://mirror/initrd.img', rootfs: img/root.squashfs}\n";
    let inv = inventory_with(&format!("{THREE}{profiles}"), &[], &[NODE]);
    let cx = BootContext::new(&inv).unwrap();
    let s = node_script(&cx, 0, None).unwrap().unwrap();
    assert_eq!(ipxe_syntax::check(&s), Vec::<String>::new(), "{s}");
    assert!(s.contains(
        "\nimgfetch --name chami-probe http://10.0.0.1:8080/default.ipxe || goto server2\nimgfree chami-probe\nkernel http://mirror/vmlinuz "
    ), "{s}");
    assert!(s.contains(
        "\necho chami: trying boot server 3 (http://10.0.0.3)\nimgfetch --name chami-probe http://10.0.0.3/default.ipxe || goto retry\n"
    ), "{s}");
    // A relative kernel is its own probe.
    let [node, _, _] = scripts(THREE);
    assert!(!node.contains("imgfetch"), "{node}");
    // One server: nothing to skip to.
    let one = inventory_with(&format!("{ONE}{profiles}"), &[], &[NODE]);
    let cx = BootContext::new(&one).unwrap();
    assert!(!node_script(&cx, 0, None)
        .unwrap()
        .unwrap()
        .contains("imgfetch"));
}
