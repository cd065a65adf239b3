//! `chami serve`'s security promises on a live server: with `--token-secret`, every route
//! that answers a node's script or boot parameters gives the token to that node only
//! (others get the answer without it, which cannot open the seed); a trusted proxy's
//! X-Forwarded-For is read from the right and refused when a hop is not an address;
//! tokens never reach the log; IPv4 clients of a `[::]` listener are still their nodes;
//! request heads over 64 KiB are refused; OpenCHAMI's `<group>.yaml` goes to the
//! group's members only.

use super::harness::skip_or_fail;
use super::serve::{body, curl, inventory, secret_file, token, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Every route that answers n1's script or parameters, the fast path's and the router's.
const N1_ROUTES: [&str; 9] = [
    "/boot/v1/bootscript?name=n1",
    "/boot/v1/bootscript?mac=02:00:00:00:00:11",
    "/boot/v1/bootscript?nid=1",
    "/boot/v1/bootparameters?name=n1",
    "/boot/v1/bootparameters?mac=02:00:00:00:00:11",
    "/boot/v1/bootparameters?nid=1",
    "/nodes/n1.ipxe",
    // The fast path (plain) and the router (a percent-escape).
    "/ipxe/02-00-00-00-00-11.ipxe",
    "/ipxe/02%2D00-00-00-00-11.ipxe",
];

/// A server with a token secret and `extra` arguments; n1's token.
fn with_secret(
    dir: &std::path::Path,
    extra: &[&str],
) -> (Server, String, super::harness::TestInventory) {
    let inv = inventory(super::serve::free_port());
    let secret = secret_file(dir);
    let mut args = vec!["--token-secret", secret.to_str().unwrap()];
    args.extend_from_slice(extra);
    let srv = Server::start(&inv, &args);
    (srv, token(&secret, "n1"), inv)
}

#[test]
fn a_nodes_token_goes_to_that_node_only_on_every_route() {
    let dir = tempfile::tempdir().unwrap();
    let (srv, t1, _inv) = with_secret(dir.path(), &[]);
    let with_token = format!("/cloud-init/n1/{t1}/");
    for route in N1_ROUTES {
        let (s, own) = body(&srv.url(route), Some("127.0.0.11"));
        assert_eq!(s, 200, "{route}: {own}");
        assert!(
            own.contains(&with_token),
            "{route} from n1 lacks its token: {own}"
        );
        // Another node and a host that is no node: the same answer, token removed.
        for from in ["127.0.0.12", "127.0.0.1"] {
            let (s, other) = body(&srv.url(route), Some(from));
            assert_eq!(s, 200, "{route} from {from}: {other}");
            assert!(
                !other.contains(&t1),
                "{route} gave n1's token to {from}: {other}"
            );
            assert!(
                other.contains("/cloud-init/n1/"),
                "{route} from {from}: {other}"
            );
            assert_eq!(
                other,
                own.replace(&with_token, "/cloud-init/n1/"),
                "{route} from {from}: only the token differs"
            );
        }
    }
    // BSS's list form (no query) lists every node, each with its token for that node only.
    for from in ["127.0.0.1", "127.0.0.12", "127.0.0.11"] {
        let (s, list) = body(&srv.url("/boot/v1/bootparameters"), Some(from));
        assert_eq!(s, 200, "{list}");
        assert!(list.contains("/cloud-init/n2/"), "{from}: {list}");
        assert_eq!(list.contains(&t1), from == "127.0.0.11", "{from}: {list}");
    }
    // The seed URL without the token opens the seed for n1 only.
    let (s, m) = body(&srv.url("/cloud-init/n1/meta-data"), Some("127.0.0.11"));
    assert_eq!(s, 200);
    assert!(m.contains("instance-id: n1"), "{m}");
    let (s, _) = body(&srv.url("/cloud-init/n1/user-data"), Some("127.0.0.1"));
    assert_eq!(
        s, 403,
        "a client that got the tokenless script cannot read the seed"
    );
}

#[test]
fn without_a_secret_every_client_gets_the_same_script() {
    let inv = inventory(super::serve::free_port());
    let srv = Server::start(&inv, &[]);
    for route in N1_ROUTES {
        let (s, own) = body(&srv.url(route), Some("127.0.0.11"));
        assert_eq!(s, 200, "{route}");
        assert!(
            own.contains("/cloud-init/n1/ ") || own.contains("/cloud-init/n1/\""),
            "{route}: no token, the plain seed URL: {own}"
        );
        assert_eq!(body(&srv.url(route), Some("127.0.0.1")), (200, own));
    }
}

#[test]
fn a_trusted_proxy_forwards_the_rightmost_untrusted_hop_and_garbage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (srv, t1, _inv) = with_secret(dir.path(), &["--trusted-proxy", "127.0.0.1/32"]);
    let script = |from: &str, xff: &str| {
        let h = format!("X-Forwarded-For: {xff}");
        let (s, _, b) = curl(&srv.url("/ipxe/02-00-00-00-00-11.ipxe"), Some(from), &[&h]);
        (s, String::from_utf8_lossy(&b).to_string())
    };
    // Through the proxy for n1: the token; "n1, proxy" read from the right as well.
    for xff in [
        "127.0.0.11",
        "127.0.0.99, 127.0.0.11",
        "127.0.0.11, 127.0.0.1",
    ] {
        let (s, b) = script("127.0.0.1", xff);
        assert_eq!(s, 200, "{xff}");
        assert!(b.contains(&t1), "{xff}: {b}");
    }
    // The hop the proxy appended is n2, or the proxy itself with no header: no token.
    for xff in ["127.0.0.11, 127.0.0.12", "127.0.0.99"] {
        let (s, b) = script("127.0.0.1", xff);
        assert_eq!(s, 200, "{xff}");
        assert!(!b.contains(&t1), "{xff}: {b}");
    }
    let (s, _, b) = curl(&srv.url("/nodes/n1.ipxe"), Some("127.0.0.1"), &[]);
    assert_eq!(s, 200);
    assert!(!String::from_utf8_lossy(&b).contains(&t1));
    // An unparseable hop is refused, not skipped, on the script and seed routes.
    for route in [
        "/ipxe/02-00-00-00-00-11.ipxe",
        "/boot/v1/bootscript?name=n1",
        "/cloud-init/meta-data",
        "/cloud-init/n1/meta-data",
    ] {
        let (s, _, b) = curl(
            &srv.url(route),
            Some("127.0.0.1"),
            &["X-Forwarded-For: 127.0.0.11, unknown"],
        );
        let b = String::from_utf8_lossy(&b);
        assert_eq!(s, 400, "{route}: {b}");
        assert!(b.contains("`unknown`, which is not an IP address"), "{b}");
    }
    srv.wait_log("\"event\":\"bad-forwarded-for\"");
    // From a peer that is not a trusted proxy, the header is not read at all.
    let (s, b) = script("127.0.0.12", "127.0.0.11");
    assert_eq!(s, 200);
    assert!(!b.contains(&t1), "{b}");
    let (s, _) = script("127.0.0.12", "unknown");
    assert_eq!(s, 200);
}

#[test]
fn tokens_never_reach_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (srv, t1, _inv) = with_secret(dir.path(), &[]);
    for url in [
        format!("/cloud-init/n1/{t1}/meta-data"),
        format!("/cloud-init/n1/{t1}/user-data/"),
        // Percent-escaped: the router's path, not the fast path's.
        format!(
            "/cloud-init/n1/%{:02X}{}/meta-data",
            t1.as_bytes()[0],
            &t1[1..]
        ),
        format!("/cloud-init/n1/meta-data?token={t1}"),
        format!("/cloud-init/n2/{t1}/meta-data"),
    ] {
        let _ = body(&srv.url(&url), Some("127.0.0.1"));
    }
    srv.wait_log("\"path\":\"/cloud-init/n1/meta-data?token=REDACTED\"");
    srv.wait_log("\"path\":\"/cloud-init/n2/REDACTED/meta-data\"");
    srv.wait_log("\"path\":\"/cloud-init/n1/REDACTED/user-data/\"");
    let log = srv.log();
    assert!(!log.contains(&t1), "a token in the log:\n{log}");
    assert!(!log.contains(&t1[1..]), "a token in the log:\n{log}");
    assert_eq!(log.matches("REDACTED").count(), 5, "{log}");
}

#[test]
fn ipv4_clients_of_an_ipv6_any_listener_are_their_nodes() {
    let test = "ipv4_clients_of_an_ipv6_any_listener_are_their_nodes";
    if std::net::TcpListener::bind("[::]:0").is_err() {
        skip_or_fail(test, "this machine cannot listen on [::]");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let inv = inventory(super::serve::free_port());
    let secret = secret_file(dir.path());
    let srv = Server::start_on(&inv, "[::]", &["--token-secret", secret.to_str().unwrap()]);
    let t1 = token(&secret, "n1");
    let (s, m) = body(&srv.url("/cloud-init/meta-data"), Some("127.0.0.11"));
    assert_eq!(s, 200, "{m}");
    assert!(m.contains("instance-id: n1"), "{m}");
    let (s, _) = body(&srv.url("/cloud-init/n1/user-data"), Some("127.0.0.11"));
    assert_eq!(s, 200);
    let (s, script) = body(&srv.url("/ipxe/02-00-00-00-00-11.ipxe"), Some("127.0.0.11"));
    assert_eq!(s, 200);
    assert!(script.contains(&t1), "{script}");
    let (s, _) = body(&srv.url("/cloud-init/n1/user-data"), Some("127.0.0.12"));
    assert_eq!(s, 403);
    srv.wait_log("\"peer\":\"127.0.0.11:");
    assert!(!srv.log().contains("::ffff:"), "{}", srv.log());
    // IPv6 itself still works on that listener.
    let v6 = format!("http://[::1]:{}/healthz", srv.port);
    assert_eq!(body(&v6, None), (200, "ok\n".to_string()));
}

/// Sends a GET whose head is `size` bytes; the status, or `None` if the connection was
/// closed without one.
fn get_with_head_of(port: u16, size: usize) -> Option<u16> {
    let start = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Pad: ";
    let pad = size - start.len() - "\r\n\r\n".len();
    let head = format!("{start}{}\r\n\r\n", "a".repeat(pad));
    assert_eq!(head.len(), size);
    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = c.write_all(head.as_bytes());
    let mut answer = vec![];
    let _ = c.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace().nth(1).and_then(|s| s.parse().ok())
}

#[test]
fn request_heads_over_64_kib_are_refused() {
    let inv = inventory(super::serve::free_port());
    let srv = Server::start(&inv, &[]);
    assert_eq!(get_with_head_of(srv.port, 60 << 10), Some(200));
    assert_eq!(get_with_head_of(srv.port, 64 << 10), Some(200));
    for size in [(64 << 10) + 1, 65 << 10, 112 << 10] {
        assert_eq!(get_with_head_of(srv.port, size), Some(431), "{size} bytes");
    }
    let huge = get_with_head_of(srv.port, 1 << 20);
    assert!(matches!(huge, None | Some(431)), "1 MiB head: {huge:?}");
    // The server is still there.
    assert_eq!(body(&srv.url("/healthz"), None).0, 200);
}

#[test]
fn openchami_group_files_go_to_the_groups_members_only() {
    let inv = inventory(super::serve::free_port());
    inv.write(
        "groups/storage.yaml",
        "name: storage\ncloud_init:\n  user_data:\n    packages: [nfs-common]\n",
    );
    inv.write("nodes/n3.yaml", "name: n3\ngroups: [storage]\ninterfaces:\n  - {name: eth0, mac: \"02:00:00:00:00:13\", network: mgmt, ip: 127.0.0.13, boot: true}\n");
    let srv = Server::start(&inv, &[]);
    let (s, own) = body(&srv.url("/cloud-init/compute.yaml"), Some("127.0.0.11"));
    assert_eq!(s, 200, "{own}");
    assert!(own.starts_with("#cloud-config\n"), "{own}");
    assert!(own.contains("htop"), "{own}");
    assert!(!own.contains("nfs-common"), "another group's data: {own}");
    // n1 is not in storage, a host that is no node is nobody.
    let (s, other) = body(&srv.url("/cloud-init/storage.yaml"), Some("127.0.0.11"));
    assert_eq!(s, 404, "{other}");
    assert!(!other.contains("nfs-common"), "{other}");
    assert!(other.contains("not a member of group storage"), "{other}");
    let (s, nobody) = body(&srv.url("/cloud-init/storage.yaml"), Some("127.0.0.1"));
    assert_eq!(s, 404, "{nobody}");
    let (s, member) = body(&srv.url("/cloud-init/storage.yaml"), Some("127.0.0.13"));
    assert_eq!((s, member.contains("nfs-common")), (200, true), "{member}");
}
