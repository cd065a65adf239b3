//! `chami serve`'s OpenCHAMI read APIs on a live server: SMD's `/hsm/v2` (exact answers,
//! field names and types, filters, RFC 7807 400/404 bodies, nodes without an xname left
//! out, a reload seen) and BSS's `/boot/v1` list forms (`bootparameters` without
//! arguments, `name=` as the xname, `hosts`, `service/*`).

use super::harness::TestInventory;
use super::serve::{body, curl, free_port, Server};
use serde_json::{json, Value};

/// n1 (x1000c0s0b0n0, enabled, BMC b1, hardware, group compute, tenant t1), n2
/// (x1000c0s0b0n1, disabled, group compute), n3 (no xname).
fn inventory() -> TestInventory {
    let inv = TestInventory::empty();
    inv.write(
        "cluster.yaml",
        &format!(
            "format: 1\nname: smd\nnetworks:\n  - {{name: mgmt, cidr: 127.0.0.0/8, dns: [127.0.0.1]}}\n\
             boot_server: {{address: 127.0.0.1, http_port: {}}}\n\
             boot_profiles:\n  - {{name: diskless, kind: diskless, kernel: images/vmlinuz, initrd: images/initrd.img, rootfs: images/root.squashfs}}\n\
             defaults: {{boot: {{profile: diskless}}}}\n",
            free_port()
        ),
    );
    inv.write(
        "nodes/n1.yaml",
        "name: n1\nxname: x1000c0s0b0n0\nnid: 1\nrole: Compute\narch: x86_64\nbmc: b1\ngroups: [compute]\n\
         interfaces:\n  - {name: eth0, mac: \"02:00:00:00:00:11\", network: mgmt, ip: 127.0.0.11, boot: true}\n\
         hardware: {manufacturer: Acme, model: S1, serial: SN1, uuid: 11111111-2222-3333-4444-555555555555, \
         cpu_model: EPYC, sockets: 2, memory_mib: 262144}\n",
    );
    inv.write(
        "nodes/n2.yaml",
        "name: n2\nxname: X1000C0S0B0N01\nnid: 2\nenabled: false\nrole: storage\nsubrole: Worker\ngroups: [compute]\n\
         interfaces:\n  - {name: eth0, mac: \"02:00:00:00:00:12\", network: mgmt, ip: 127.0.0.12, boot: true}\n",
    );
    inv.write(
        "nodes/n3.yaml",
        "name: n3\nnid: 3\ninterfaces:\n  - {name: eth0, mac: \"02:00:00:00:00:13\", network: mgmt, ip: 127.0.0.13, boot: true}\n",
    );
    inv.write(
        "groups/compute.yaml",
        "name: compute\ndescription: compute nodes\n",
    );
    inv.write(
        "bmcs/b1.yaml",
        "name: b1\nxname: x1000c0s0b0\nip: 127.0.0.21\nmac: \"02:00:00:00:00:21\"\nnetwork: mgmt\ncredentials: b1secret\n",
    );
    inv.write(
        "tenants/t1.yaml",
        "name: t1\ndescription: tenant one\nnodes: n1\n",
    );
    inv
}

/// GET `path`: status, Content-Type and the body as JSON (Null when empty).
fn get(srv: &Server, path: &str) -> (u16, String, Value) {
    let (s, head, b) = curl(&srv.url(path), None, &[]);
    let ctype = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    let v = if b.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&b).unwrap_or_else(|e| panic!("{path}: {e}: {b:?}"))
    };
    (s, ctype, v)
}

/// GET `path`, expecting 200 JSON.
fn ok(srv: &Server, path: &str) -> Value {
    let (s, ctype, v) = get(srv, path);
    assert_eq!(s, 200, "{path}: {v}");
    assert!(ctype.starts_with("application/json"), "{path}: {ctype}");
    v
}

/// GET `path`, expecting SMD's/BSS's problem body with `status` and `detail`.
fn problem(srv: &Server, path: &str, status: u16, detail: &str) {
    let (s, ctype, v) = get(srv, path);
    assert_eq!(s, status, "{path}: {v}");
    assert_eq!(ctype, "application/problem+json", "{path}");
    let title = if status == 404 {
        "Not Found"
    } else {
        "Bad Request"
    };
    assert_eq!(
        v,
        json!({"type": "about:blank", "title": title, "detail": detail, "status": status}),
        "{path}"
    );
}

/// The IDs of a components answer.
fn ids(v: &Value) -> Vec<&str> {
    v["Components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ID"].as_str().unwrap())
        .collect()
}

fn n1() -> Value {
    json!({"ID": "x1000c0s0b0n0", "Type": "Node", "State": "Ready", "Flag": "OK",
        "Enabled": true, "Role": "Compute", "NID": 1, "Arch": "X86",
        "ReservationDisabled": false, "Locked": false})
}

fn n2() -> Value {
    json!({"ID": "x1000c0s0b0n1", "Type": "Node", "State": "Populated", "Flag": "OK",
        "Enabled": false, "Role": "storage", "SubRole": "Worker", "NID": 2,
        "ReservationDisabled": false, "Locked": false})
}

#[test]
fn components_answer_smds_fields_and_filters() {
    let inv = inventory();
    let srv = Server::start(&inv, &[]);
    // n3 has no xname: not a component.
    assert_eq!(
        ok(&srv, "/hsm/v2/State/Components"),
        json!({"Components": [n1(), n2()]})
    );
    for (query, want) in [
        ("state=Ready", vec!["x1000c0s0b0n0"]),
        ("state=populated", vec!["x1000c0s0b0n1"]),
        (
            "state=Ready&state=Populated",
            vec!["x1000c0s0b0n0", "x1000c0s0b0n1"],
        ),
        ("type=Node&role=compute&state=Ready", vec!["x1000c0s0b0n0"]),
        ("role=Storage&subrole=worker", vec!["x1000c0s0b0n1"]),
        ("nid=2", vec!["x1000c0s0b0n1"]),
        ("nid_start=2&nid_end=9", vec!["x1000c0s0b0n1"]),
        ("id=X1000C0S0B0N00", vec!["x1000c0s0b0n0"]),
        ("ID=x1000c0s0b0n1", vec!["x1000c0s0b0n1"]),
        ("enabled=false", vec!["x1000c0s0b0n1"]),
        ("flag=OK&arch=x86", vec!["x1000c0s0b0n0"]),
        ("group=compute", vec!["x1000c0s0b0n0", "x1000c0s0b0n1"]),
        ("partition=t1", vec!["x1000c0s0b0n0"]),
        ("type=NodeBMC", vec![]),
        ("class=River", vec![]),
        // SMD's negation: none of the `!` values, and one of the plain ones if any.
        ("state=!Ready", vec!["x1000c0s0b0n1"]),
        ("role=!COMPUTE", vec!["x1000c0s0b0n1"]),
        ("state=!Ready&state=!Populated", vec![]),
        ("type=Node&id=!x1000c0s0b0n1", vec!["x1000c0s0b0n0"]),
        ("enabled=!true&flag=!Warning", vec!["x1000c0s0b0n1"]),
        ("state=Ready&role=!Storage", vec!["x1000c0s0b0n0"]),
    ] {
        let v = ok(&srv, &format!("/hsm/v2/State/Components?{query}"));
        assert_eq!(ids(&v), want, "{query}");
    }
    assert_eq!(
        ok(
            &srv,
            "/hsm/v2/State/Components?stateonly=true&id=x1000c0s0b0n0"
        ),
        json!({"Components": [{"ID": "x1000c0s0b0n0", "Type": "Node", "State": "Ready",
            "Flag": "OK", "ReservationDisabled": false, "Locked": false}]})
    );
    assert_eq!(
        ok(&srv, "/hsm/v2/State/Components/X1000C0S0B0N0"),
        n1(),
        "any spelling of the xname"
    );
    problem(
        &srv,
        "/hsm/v2/State/Components/x1000c0s0b0n7",
        404,
        "no such xname.",
    );
    problem(&srv, "/hsm/v2/State/Components/n3", 404, "no such xname.");
    problem(
        &srv,
        "/hsm/v2/State/Components?state=Ready&colour=red",
        400,
        "bad query param: unknown parameter 'colour'; this collection takes id, type, \
         state, flag, enabled, softwarestatus, role, subrole, subtype, arch, class, nid, \
         nid_start, nid_end, group, partition, locked, reservation_disabled, stateonly, \
         flagonly, roleonly, nidonly",
    );
    problem(
        &srv,
        "/hsm/v2/State/Components?state=Booting",
        400,
        "bad query param: Argument was not a valid HMS State ('state=Booting')",
    );
    problem(
        &srv,
        "/hsm/v2/State/Components?state=!Booting",
        400,
        "bad query param: Argument was not a valid HMS State ('state=!Booting')",
    );
    problem(
        &srv,
        "/hsm/v2/State/Components?group=!compute",
        400,
        "bad query param: a group or partition filter cannot be negated ('group=!compute')",
    );
    problem(
        &srv,
        "/hsm/v2/State/Components?type=Toaster",
        400,
        "bad query param: Argument was not a valid HMS Type ('type=Toaster')",
    );
    problem(
        &srv,
        "/hsm/v2/State/Components?nid=one",
        400,
        "bad query param: a required argument was not an integer ('nid=one')",
    );
    let (s, _, v) = get(&srv, "/hsm/v2/service/liveness");
    assert_eq!((s, v), (204, Value::Null));
    assert_eq!(
        ok(&srv, "/hsm/v2/service/ready"),
        json!({"code": 0, "message": "HSM is healthy"})
    );
}

#[test]
fn inventory_routes_answer_interfaces_endpoints_and_hardware() {
    let inv = inventory();
    let srv = Server::start(&inv, &[]);
    let eth = ok(&srv, "/hsm/v2/Inventory/EthernetInterfaces");
    let eth = eth.as_array().unwrap();
    assert_eq!(eth.len(), 3, "n1, n2 and b1; not n3: {eth:?}");
    let stamp = eth[0]["LastUpdate"].as_str().unwrap().to_string();
    assert!(
        stamp.len() == 20 && stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T',
        "{stamp}"
    );
    assert_eq!(
        eth[0],
        json!({"ID": "020000000011", "Description": "eth0", "MACAddress": "02:00:00:00:00:11",
            "LastUpdate": stamp, "ComponentID": "x1000c0s0b0n0", "Type": "Node",
            "IPAddresses": [{"IPAddress": "127.0.0.11", "Network": "mgmt"}]})
    );
    assert_eq!(eth[2]["ComponentID"], "x1000c0s0b0");
    assert_eq!(eth[2]["Type"], "NodeBMC");
    let one = |q: &str| {
        let v = ok(&srv, &format!("/hsm/v2/Inventory/EthernetInterfaces?{q}"));
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e["ID"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(one("MACAddress=02:00:00:00:00:12"), ["020000000012"]);
    assert_eq!(one("macaddress=020000000012"), ["020000000012"]);
    assert_eq!(one("IPAddress=127.0.0.21"), ["020000000021"]);
    assert_eq!(one("ComponentID=x1000c0s0b0n0"), ["020000000011"]);
    assert_eq!(
        one("ComponentID=x1000c0s0b0n0&IPAddress=127.0.0.12"),
        [""; 0]
    );
    problem(
        &srv,
        "/hsm/v2/Inventory/EthernetInterfaces?ComponentID=n1",
        400,
        "bad query param: Invalid CompID. ('componentid=n1')",
    );
    problem(
        &srv,
        "/hsm/v2/Inventory/EthernetInterfaces/020000000099",
        404,
        "No such component ethernet interface: 020000000099",
    );

    // The BMC, without its credentials' name or any password.
    let eps = ok(&srv, "/hsm/v2/Inventory/RedfishEndpoints");
    assert_eq!(
        eps,
        json!({"RedfishEndpoints": [{"ID": "x1000c0s0b0", "Type": "NodeBMC", "Name": "b1",
            "Hostname": "127.0.0.21", "Domain": "", "FQDN": "127.0.0.21", "Enabled": true,
            "User": "", "Password": "", "MACAddr": "02:00:00:00:00:21",
            "IPAddress": "127.0.0.21", "RediscoverOnUpdate": false,
            "DiscoveryInfo": {"LastDiscoveryStatus": "NotYetQueried"}}]})
    );
    assert!(!eps.to_string().contains("b1secret"));
    assert_eq!(
        ok(
            &srv,
            "/hsm/v2/Inventory/ComponentEndpoints?redfish_ep=x1000c0s0b0"
        ),
        json!({"ComponentEndpoints": [{"ID": "x1000c0s0b0n0", "Type": "Node",
            "RedfishType": "ComputerSystem", "RedfishSubtype": "Physical",
            "MACAddr": "02:00:00:00:00:11", "UUID": "11111111-2222-3333-4444-555555555555",
            "OdataID": "", "RedfishEndpointID": "x1000c0s0b0", "Enabled": true,
            "RedfishEndpointFQDN": "127.0.0.21", "RedfishURL": "127.0.0.21",
            "ComponentEndpointType": "ComponentEndpointComputerSystem"}]})
    );
    problem(
        &srv,
        "/hsm/v2/Inventory/RedfishEndpoints/x1000c0s1b0",
        404,
        "no such xname.",
    );

    let hw = ok(&srv, "/hsm/v2/Inventory/Hardware");
    assert_eq!(
        hw.as_array().unwrap().len(),
        1,
        "only n1 has hardware: {hw}"
    );
    assert_eq!(hw[0]["ID"], "x1000c0s0b0n0");
    assert_eq!(hw[0]["HWInventoryByLocationType"], "HWInvByLocNode");
    assert_eq!(
        hw[0]["NodeLocationInfo"]["ProcessorSummary"],
        json!({"Count": 2, "Model": "EPYC"})
    );
    assert_eq!(
        hw[0]["NodeLocationInfo"]["MemorySummary"],
        json!({"TotalSystemMemoryGiB": 256})
    );
    assert_eq!(hw[0]["PopulatedFRU"]["FRUID"], "Node.Acme.S1.SN1");
    assert_eq!(hw[0]["PopulatedFRU"]["NodeFRUInfo"]["SerialNumber"], "SN1");
    assert_eq!(ok(&srv, "/hsm/v2/Inventory/Hardware/x1000c0s0b0n0"), hw[0]);
    problem(
        &srv,
        "/hsm/v2/Inventory/Hardware/x1000c0s0b0n1",
        404,
        "no such xname.",
    );
}

#[test]
fn groups_partitions_and_memberships_and_a_reload() {
    let inv = inventory();
    let srv = Server::start(&inv, &[]);
    let compute = json!({"label": "compute", "description": "compute nodes",
        "members": {"ids": ["x1000c0s0b0n0", "x1000c0s0b0n1"]}});
    assert_eq!(ok(&srv, "/hsm/v2/groups"), json!([compute]));
    assert_eq!(ok(&srv, "/hsm/v2/groups/compute"), compute);
    assert_eq!(
        ok(&srv, "/hsm/v2/groups?partition=t1")[0]["members"],
        json!({"ids": ["x1000c0s0b0n0"]})
    );
    assert_eq!(ok(&srv, "/hsm/v2/groups?tag=x"), json!([]));
    problem(&srv, "/hsm/v2/groups/gpu", 404, "No such group: gpu");
    assert_eq!(
        ok(&srv, "/hsm/v2/partitions"),
        json!([{"name": "t1", "description": "tenant one",
            "members": {"ids": ["x1000c0s0b0n0"]}}])
    );
    problem(&srv, "/hsm/v2/partitions/t9", 404, "No such partition: t9");
    assert_eq!(
        ok(&srv, "/hsm/v2/memberships"),
        json!([{"id": "x1000c0s0b0n0", "groupLabels": ["compute"], "partitionName": "t1"},
            {"id": "x1000c0s0b0n1", "groupLabels": ["compute"], "partitionName": ""}])
    );
    assert_eq!(
        ok(&srv, "/hsm/v2/memberships?state=Populated"),
        json!([{"id": "x1000c0s0b0n1", "groupLabels": ["compute"], "partitionName": ""}])
    );
    assert_eq!(
        ok(&srv, "/hsm/v2/memberships/x1000c0s0b0n1")["id"],
        "x1000c0s0b0n1"
    );
    problem(&srv, "/hsm/v2/memberships/n1", 400, "invalid xname");
    problem(
        &srv,
        "/hsm/v2/memberships/x1000c0s0b0n5",
        404,
        "No such xname: x1000c0s0b0n5",
    );
    // An xname given to n3: after the reload it is a component.
    inv.write(
        "nodes/n3.yaml",
        "name: n3\nxname: x1000c0s1b0n0\nnid: 3\ninterfaces:\n  - {name: eth0, mac: \"02:00:00:00:00:13\", network: mgmt, ip: 127.0.0.13, boot: true}\n",
    );
    srv.wait_log("\"event\":\"reload\"");
    assert_eq!(ok(&srv, "/hsm/v2/State/Components/x1000c0s1b0n0")["NID"], 3);
}

#[test]
fn bss_lists_every_node_and_reads_name_as_the_xname() {
    let inv = inventory();
    let srv = Server::start(&inv, &[]);
    let all = ok(&srv, "/boot/v1/bootparameters");
    let hosts: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["hosts"])
        .collect();
    assert_eq!(
        hosts,
        [
            &json!(["x1000c0s0b0n0"]),
            &json!(["x1000c0s0b0n1"]),
            &json!(["n3"])
        ],
        "every node, by xname, by name without one: {all}"
    );
    assert_eq!(all[0]["macs"], json!(["02:00:00:00:00:11"]));
    assert_eq!(all[0]["nids"], json!([1]));
    assert!(all[0]["params"].as_str().unwrap().contains("chami.node=n1"));
    assert!(all[1].get("kernel").is_none(), "n2 is disabled: {}", all[1]);
    // name= is the xname (any spelling), a host name also found; comma lists.
    assert_eq!(
        ok(&srv, "/boot/v1/bootparameters?name=X1000C0S0B0N0"),
        json!([all[0]])
    );
    assert_eq!(ok(&srv, "/boot/v1/bootparameters?name=n1"), json!([all[0]]));
    assert_eq!(
        ok(&srv, "/boot/v1/bootparameters?name=x1000c0s0b0n0,n3&nid=1"),
        json!([all[0], all[2]])
    );
    let (s, script) = body(&srv.url("/boot/v1/bootscript?name=x1000c0s0b0n0"), None);
    assert_eq!(s, 200);
    assert!(script.contains("chami.node=n1"), "{script}");
    problem(
        &srv,
        "/boot/v1/bootparameters?name=x9c0s0b0n0&mac=02:00:00:00:00:99",
        404,
        "Cannot find boot parameters for requested Hosts or MACs",
    );
    problem(
        &srv,
        "/boot/v1/bootparameters?nid=x",
        400,
        "Bad Request - Invalid nid 'x'",
    );
    // hosts: SMD components with BSS's FQDN, MAC, EndpointEnabled.
    let mut h1 = n1();
    h1["FQDN"] = json!("n1");
    h1["MAC"] = json!(["02:00:00:00:00:11"]);
    h1["EndpointEnabled"] = json!(true);
    assert_eq!(
        ok(&srv, "/boot/v1/hosts?mac=02:00:00:00:00:11"),
        json!([h1])
    );
    assert_eq!(ok(&srv, "/boot/v1/hosts").as_array().unwrap().len(), 2);
    problem(
        &srv,
        "/boot/v1/hosts?name=n3",
        404,
        "Not Found - Unknown host name 'n3'",
    );
    assert_eq!(
        ok(&srv, "/boot/v1/service/status"),
        json!({"bss-status": "running"})
    );
    assert_eq!(
        ok(&srv, "/boot/v1/service/version"),
        json!({"bss-version": env!("CARGO_PKG_VERSION")})
    );
}

/// schemathesis (PyPI) generates requests from docs/openapi.yaml, valid and invalid, and
/// checks every answer against it: status codes, content types, bodies (no field the
/// document does not name), valid input accepted and invalid input refused.
#[test]
fn serve_keeps_to_its_openapi_document_under_schemathesis() {
    let test = "serve_smd::serve_keeps_to_its_openapi_document_under_schemathesis";
    let Some(st) = super::harness::venv_program(test, "schemathesis") else {
        return;
    };
    let inv = inventory();
    let srv = Server::start(&inv, &[]);
    let work = tempfile::tempdir().unwrap();
    let doc = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.yaml");
    let out = std::process::Command::new(st)
        .current_dir(work.path())
        .env("NO_COLOR", "1")
        .arg("run")
        .arg(&doc)
        .args(["--url", &srv.url("")])
        .args(["--checks", "all", "--max-examples", "25", "--seed", "1"])
        .args(["--workers", "1", "--no-color", "--request-timeout", "10"])
        .output()
        .expect("schemathesis");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found answers that break docs/openapi.yaml:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("29 passed") || text.contains("Selected: 29/29"),
        "every route was tested:\n{text}"
    );
}
