//! Discovery benchmarks, both in one run: `cargo bench --bench discover -- run`.
//!
//! (a) `chami discover scan` of a /16 on loopback against `nmap -sT` on the same range
//!     (50 listeners among 65,536 addresses); both must find the same listeners.
//! (b) `chami discover collect` of 1,000 emulated BMCs (the DMTF rackmount bundle) with
//!     50 ms added to every answer, against the lower bound max(requests × latency ÷
//!     concurrency, longest chain of dependent requests × latency).
//!
//! The fleet is the integration tests' Redfish mock, included by path.

#[path = "../tests/it/redfish_mock/mod.rs"]
#[allow(dead_code, unused_imports)]
mod redfish_mock;

use redfish_mock::{loopback_addrs, Fleet, FleetConfig, Member};
use std::collections::BTreeSet;
use std::io::Write;
use std::net::Ipv4Addr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHAMI: &str = env!("CARGO_BIN_EXE_chami");

fn main() {
    if !std::env::args().any(|a| a == "run") {
        println!("usage: cargo bench --bench discover -- run [CONCURRENCY]");
        return;
    }
    let concurrency: usize = std::env::args()
        .skip_while(|a| a != "run")
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    if std::env::var_os("BENCH_PERF").is_none() {
        scan_vs_nmap();
    }
    collect_fleet(1000, Duration::from_millis(50), concurrency);
}

fn members(addrs: &[Ipv4Addr]) -> Vec<Member> {
    addrs
        .iter()
        .map(|a| Member {
            addr: *a,
            bundle: "public-rackmount1".into(),
            fault: None,
        })
        .collect()
}

fn scan_vs_nmap() {
    // 50 listeners spread over 127.90.0.0/16.
    let addrs: Vec<Ipv4Addr> = (0..50u32)
        .map(|i| Ipv4Addr::from(u32::from(Ipv4Addr::new(127, 90, 0, 0)) + 1 + i * 1303))
        .collect();
    let fleet = Fleet::start(FleetConfig {
        members: members(&addrs),
        tls: false,
        latency: Duration::ZERO,
        auth: None,
        port: 0,
    });
    let port = fleet.port().to_string();
    let target = "127.90.0.0/16";
    let t = Instant::now();
    let out = Command::new(CHAMI)
        .args(["-q", "discover", "scan", target, "-p", &port])
        .output()
        .unwrap();
    let chami_s = t.elapsed().as_secs_f64();
    let found: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["address"].as_str().unwrap().to_string())
        .collect();
    let t = Instant::now();
    let nmap = Command::new("nmap")
        .args([
            "-n",
            "-Pn",
            "-sT",
            "-p",
            &port,
            "--open",
            "-T5",
            "--max-retries",
            "0",
            target,
            "-oG",
            "-",
        ])
        .output();
    let nmap_s = t.elapsed().as_secs_f64();
    let want: BTreeSet<String> = addrs.iter().map(ToString::to_string).collect();
    println!("(a) scan of a /16 (65,536 addresses, 1 port, 50 listeners) on loopback");
    println!(
        "    chami discover scan   {chami_s:7.2} s   found {} of 50 (Redfish-identified)",
        found.len()
    );
    match nmap {
        Ok(o) if o.status.success() => {
            let by_nmap: BTreeSet<String> = String::from_utf8_lossy(&o.stdout)
                .lines()
                .filter(|l| l.contains("/open/"))
                .filter_map(|l| {
                    l.strip_prefix("Host: ")?
                        .split_whitespace()
                        .next()
                        .map(str::to_string)
                })
                .collect();
            println!(
                "    nmap -sT -T5          {nmap_s:7.2} s   found {} of 50",
                by_nmap.len()
            );
            println!("    ratio chami/nmap      {:7.2}", chami_s / nmap_s);
            assert_eq!(by_nmap, want, "nmap found other listeners");
        }
        _ => println!("    nmap: not installed (apt-get install nmap)"),
    }
    assert_eq!(found, want, "chami found other listeners");
}

fn collect_fleet(n: usize, latency: Duration, concurrency: usize) {
    let addrs = loopback_addrs(n, Ipv4Addr::new(127, 91, 0, 1));
    let fleet = Fleet::start(FleetConfig {
        members: members(&addrs),
        tls: false,
        latency,
        auth: None,
        port: 0,
    });
    let input: String = addrs
        .iter()
        .map(|a| format!("http://{a}:{}\n", fleet.port()))
        .collect();
    let t = Instant::now();
    // BENCH_PERF=FILE records a profile of the collect run.
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args([
        "-f",
        "    chami CPU             %U s user, %S s system, peak RSS %M KiB",
    ]);
    if let Ok(f) = std::env::var("BENCH_PERF") {
        cmd.args(["perf", "record", "-q", "-F", "999", "-g", "-o", &f]);
    }
    let mut child = cmd
        .arg(CHAMI)
        .args([
            "-q",
            "discover",
            "collect",
            "-j",
            &concurrency.to_string(),
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let wall = t.elapsed().as_secs_f64();
    let ok = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("\"ok\":true"))
        .count();
    let requests = fleet.total_requests();
    let lat = latency.as_secs_f64();
    // With $expand: service root → collection (members inline) → sub-collection
    // (Processors, Memory, EthernetInterfaces …, members inline): three in a row.
    let chain = 3.0;
    let bound_throughput = requests as f64 * lat / concurrency as f64;
    let bound = bound_throughput.max(chain * lat);
    println!(
        "(b) collect of {n} BMCs, {} ms per answer, --concurrency {concurrency}",
        latency.as_millis()
    );
    println!("    wall                  {wall:7.2} s   {ok} of {n} ok, {requests} requests ({:.1} per BMC)", requests as f64 / n as f64);
    println!("    lower bound           {bound:7.2} s   (requests × latency ÷ concurrency = {bound_throughput:.2} s; chain {chain} × latency = {:.2} s)", chain * lat);
    println!(
        "    ratio wall/bound      {:7.2}   (target ≤ 1.30)",
        wall / bound
    );
}
