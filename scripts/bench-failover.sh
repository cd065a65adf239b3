#!/usr/bin/env bash
# Benchmark: boot-server failover under a boot storm. N nodes (default 100,000) in an
# inventory with two boot servers (cluster.yaml `boot_servers:`), two `chami serve`
# replicas of it on 127.0.0.1 and 127.0.0.2 (same token secret), and a storm of clients
# that each do what iPXE does with chami's scripts: fetch the node's script from the
# first server, or from the second when the first does not answer; then, block by block
# as the script says, load the kernel from a server (next block on failure) and fetch the
# seed named on that block's kernel line (no fallback: a kernel command line is fixed).
# Half-way through, replica 1 is killed (SIGKILL, by PID). Prints the script, kernel and
# seed fetches that failed after the fallback (goal: 0), how many nodes fell over,
# requests/s and the time; apart, the seeds lost by nodes in flight at the kill (kernel
# loaded from replica 1 before it died, seed asked after: their kernel command line names
# replica 1, which no iPXE script can change once the kernel is loaded; on a real cluster
# that window is the whole boot, so kill a replica only when no node is booting from it,
# or put a floating address in front of the seeds).
# Clients present each node's address in X-Forwarded-For (serve trusts 127.0.0.0/8 as a
# proxy here), so each gets its own script with its seed token, as a node would.
# Usage: scripts/bench-failover.sh [NODES] [CONCURRENCY]   (needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
CONC=${2:-256}
source scripts/bench-common.sh
bench_setup
ulimit -n 65536 2> /dev/null || ulimit -n "$(ulimit -Hn)"
PORT_A=$((20000 + RANDOM % 10000))
PORT_B=$((PORT_A + 1))
write_cluster "$W"
printf 'boot_servers:\n- {address: 127.0.0.1, http_port: %s}\n- {address: 127.0.0.2, http_port: %s}\n' \
  "$PORT_A" "$PORT_B" >> "$W/cluster.yaml"
echo "chami $("$B" --version | cut -d' ' -f2), $N nodes, $(nproc) cores, $CONC concurrent clients"
cpu_reference
"$B" -q -C "$W" inventory add "nid[000001-$(printf %06d "$N")]" \
  --ip 10.0.0.10+ --mac 02:00:00:00:00:01+ --nid 1+
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$W/secret"
chmod 600 "$W/secret"
mkdir "$W/files"
head -c 4096 /dev/urandom > "$W/files/vmlinuz" # a small kernel: the storm is about requests

serve() { # ADDRESS PORT
  "$B" -q -C "$W" serve --listen "$1:$2" --files "$W/files" --token-secret "$W/secret" \
    --trusted-proxy 127.0.0.0/8 --no-watch &
}
serve 127.0.0.1 "$PORT_A"; PID_A=$!
serve 127.0.0.2 "$PORT_B"; PID_B=$!
trap 'kill $PID_A $PID_B 2> /dev/null; wait 2> /dev/null; rm -rf "$W"' EXIT
wait_port() { for _ in $(seq 300); do (exec 3<>"/dev/tcp/$1/$2") 2> /dev/null && return; sleep 0.1; done; echo "$1:$2 never opened" >&2; exit 1; }
wait_port 127.0.0.1 "$PORT_A"
wait_port 127.0.0.2 "$PORT_B"

python3 - "$N" "$CONC" "$PID_A" "$PORT_A" "$PORT_B" <<'PY'
import asyncio, ipaddress, os, re, signal, sys, time

n, conc, pid_a, port_a, port_b = (int(a) for a in sys.argv[1:])
servers = [("127.0.0.1", port_a), ("127.0.0.2", port_b)]
kernel_re = re.compile(r"^kernel (\S+) .* ds=nocloud-net;s=(\S+)", re.M)
stats = dict(requests=0, script_failed=0, kernel_failed=0, seed_failed=0, seed_in_flight=0,
             script_fell_over=0, kernel_fell_over=0, conn_errors=0, done=0)
killed_at = None

class Conn:
    """One keep-alive HTTP/1.1 connection per client and server, opened on demand."""
    def __init__(self, host, port):
        self.host, self.port, self.rw = host, port, None

    async def get(self, path, xff):
        for attempt in (0, 1):  # a kept-alive connection may have been closed: once more
            fresh = self.rw is None
            try:
                if fresh:
                    self.rw = await asyncio.wait_for(
                        asyncio.open_connection(self.host, self.port), 5)
                r, w = self.rw
                w.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n"
                        f"X-Forwarded-For: {xff}\r\n\r\n".encode())
                head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 10)
                lines = head.decode("latin-1").split("\r\n")
                status = int(lines[0].split()[1])
                length = next(int(l.split(":", 1)[1]) for l in lines
                              if l.lower().startswith("content-length:"))
                body = await asyncio.wait_for(r.readexactly(length), 10)
                stats["requests"] += 1
                return status, body
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, StopIteration):
                self.close()
                if fresh or attempt:
                    stats["conn_errors"] += 1
                    return None, None

    def close(self):
        if self.rw:
            self.rw[1].close()
        self.rw = None

def url_parts(url):
    m = re.match(r"http://([^/:]+):(\d+)(/.*)", url)
    return (m.group(1), int(m.group(2))), m.group(3)

async def boot(i, conns):
    global killed_at
    name = f"nid{i:06d}"
    mac = "02-00-00-" + "-".join(f"{(i >> s) & 0xff:02x}" for s in (16, 8, 0))
    ip = str(ipaddress.IPv4Address("10.0.0.10") + (i - 1))
    script = None
    for k, srv in enumerate(servers):
        status, body = await conns[srv].get(f"/ipxe/{mac}.ipxe", ip)
        if status == 200:
            script = body.decode()
            stats["script_fell_over"] += k > 0
            break
    if script is None:
        stats["script_failed"] += 1
        return
    for k, (kernel, seed) in enumerate(kernel_re.findall(script)):
        srv, path = url_parts(kernel)
        loaded_at = time.monotonic()
        status, _ = await conns[srv].get(path, ip)
        if status != 200:
            continue  # `kernel … || goto serverN`
        stats["kernel_fell_over"] += k > 0
        srv, path = url_parts(seed + "meta-data")
        status, body = await conns[srv].get(path, ip)
        if status != 200 or name.encode() not in body:
            # A kernel loaded from replica 1 before the kill names replica 1's seed on
            # its command line: nothing in iPXE can change that after the load.
            in_flight = killed_at is not None and loaded_at < killed_at
            stats["seed_in_flight" if in_flight else "seed_failed"] += 1
        return
    stats["kernel_failed"] += 1

async def client(queue):
    conns = {s: Conn(*s) for s in servers}
    global killed_at
    while True:
        try:
            i = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        await boot(i, conns)
        stats["done"] += 1
        if killed_at is None and stats["done"] >= n // 2:
            os.kill(pid_a, signal.SIGKILL)
            killed_at = time.monotonic()
    for c in conns.values():
        c.close()

async def main():
    queue = asyncio.Queue()
    for i in range(1, n + 1):
        queue.put_nowait(i)
    start = time.monotonic()
    await asyncio.gather(*(client(queue) for _ in range(conc)))
    t = time.monotonic() - start
    s = stats
    print(f"storm: {n} nodes in {t:.1f} s, {s['requests']} answered requests, "
          f"{s['requests'] / t:.0f} requests/s; replica 1 killed at "
          f"{killed_at - start:.1f} s ({n // 2} nodes done)")
    print(f"fell over to replica 2: {s['script_fell_over']} script fetches, "
          f"{s['kernel_fell_over']} kernel loads; connection errors seen (then retried "
          f"elsewhere): {s['conn_errors']}")
    print(f"FAILED after the fallback: script {s['script_failed']}, kernel "
          f"{s['kernel_failed']}, seed {s['seed_failed']} (goal: 0)")
    print(f"seed fetches lost with replica 1 by nodes whose kernel it had served before the "
          f"kill (in flight; their kernel line names it): {s['seed_in_flight']}")
    sys.exit(1 if s["script_failed"] + s["kernel_failed"] + s["seed_failed"] else 0)

asyncio.run(main())
PY
echo "replica 2 peak RSS: $(grep VmHWM /proc/$PID_B/status | awk '{print $2}') KiB"
