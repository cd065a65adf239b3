//! Two `chami serve` replicas of one inventory (cluster.yaml `boot_servers:`), on
//! 127.0.0.1 and 127.0.0.2: they answer byte-identical scripts and accept the same seed
//! tokens (same secret), and when the first is killed a client that does what the
//! failover script says (next server on a connection error) gets its script and, through
//! the second block's seed URL, its seed from the second.

use super::serve::{body, curl, free_port, inventory, secret_file, token, Server};

#[test]
fn a_client_falls_over_to_the_second_replica_for_script_and_seed() {
    let (pa, pb) = (free_port(), free_port());
    let inv = inventory(pa);
    let cluster = std::fs::read_to_string(inv.path().join("cluster.yaml")).unwrap();
    let one = format!("boot_server: {{address: 127.0.0.1, http_port: {pa}}}\n");
    assert!(cluster.contains(&one), "{cluster}");
    inv.write(
        "cluster.yaml",
        &cluster.replace(
            &one,
            &format!(
                "boot_servers:\n  - {{address: 127.0.0.1, http_port: {pa}}}\n  - {{address: 127.0.0.2, http_port: {pb}}}\n"
            ),
        ),
    );
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_file(secret_dir.path());
    let args = ["--no-watch", "--token-secret", secret.to_str().unwrap()];
    let a = Server::start_at(&inv, "127.0.0.1", pa, &args);
    let b = Server::start_at(&inv, "127.0.0.2", pb, &args);
    let (base_a, base_b) = (
        format!("http://127.0.0.1:{pa}"),
        format!("http://127.0.0.2:{pb}"),
    );
    let script_path = "/ipxe/02-00-00-00-00-12.ipxe";
    let (sa, script) = body(&a.url(script_path), Some("127.0.0.12"));
    let (sb, script_b) = body(&b.url(script_path), Some("127.0.0.12"));
    assert_eq!((sa, sb), (200, 200));
    assert_eq!(script, script_b, "replicas answer the same script");
    let token = token(&secret, "n2");
    let seed_b = format!("{base_b}/cloud-init/n2/{token}/");
    assert!(
        script.contains(&format!("kernel {base_a}/images/vmlinuz "))
            && script.contains(&format!(":server2\necho chami: trying boot server 2 ({base_b})\nkernel {base_b}/images/vmlinuz "))
            && script.contains(&format!(" ds=nocloud-net;s={seed_b} ")),
        "{script}"
    );
    // The same token opens the seed on either replica.
    for srv in [&a, &b] {
        let (s, m) = body(&srv.url(&format!("/cloud-init/n2/{token}/meta-data")), None);
        assert!(s == 200 && m.contains("n2"), "{s} {m}");
    }
    let (_, default) = body(&a.url("/default.ipxe"), None);
    assert!(
        default.contains(&format!(
            "chain --replace --autofree {base_a}/ipxe/${{mac:hexhyp}}.ipxe || chain --replace --autofree {base_b}/ipxe/${{mac:hexhyp}}.ipxe || "
        )),
        "{default}"
    );

    drop(a); // killed by PID
             // What iPXE does: the first server refuses, the next one answers.
    let refused = std::process::Command::new("curl")
        .args(["-s", "--max-time", "5", "-o", "/dev/null"])
        .arg(format!("{base_a}/default.ipxe"))
        .status()
        .unwrap();
    assert!(!refused.success(), "the first replica still answers");
    let (s, again, _) = curl(&format!("{base_b}{script_path}"), Some("127.0.0.12"), &[]);
    assert_eq!(s, 200, "{again}");
    let (s, meta) = body(&format!("{seed_b}meta-data"), None);
    assert!(s == 200 && meta.contains("n2"), "{s} {meta}");
    let (s, user) = body(&format!("{seed_b}user-data"), None);
    assert!(s == 200 && user.contains("hostname: n2"), "{s} {user}");
}
