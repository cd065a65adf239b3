//! `chami serve`'s bounds on what clients can hold: a client that asks for a large file
//! and stops reading is cut after `--send-timeout`; beyond `--max-connections` new
//! connections wait, unanswered, until one closes; and when file descriptors run out the
//! accept loop pauses instead of spinning a core.

use super::serve::{free_port, inventory, Server};
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// A connection whose receive buffer is as small as the kernel allows.
fn small_window(port: u16) -> TcpStream {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    sock.set_recv_buffer_size(4096).unwrap();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    sock.connect(&addr.into()).unwrap();
    sock.into()
}

#[test]
fn a_client_that_stops_reading_is_cut_after_the_send_timeout() {
    let inv = inventory(free_port());
    let files = tempfile::tempdir().unwrap();
    // Far more than the socket buffers on both ends hold.
    let size = 32 << 20;
    std::fs::write(files.path().join("big.img"), vec![7u8; size]).unwrap();
    let dir = files.path().to_str().unwrap();
    let srv = Server::start(&inv, &["--files", dir, "--send-timeout", "500ms"]);
    let mut c = small_window(srv.port);
    c.write_all(b"GET /big.img HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    // Read nothing for well over the timeout.
    std::thread::sleep(Duration::from_secs(3));
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let (mut got, mut buf) = (0usize, vec![0u8; 1 << 16]);
    let end = loop {
        match c.read(&mut buf) {
            Ok(0) => break None,
            Ok(n) => got += n,
            Err(e) => break Some(e.kind()),
        }
    };
    assert!(
        matches!(end, None | Some(ErrorKind::ConnectionReset)),
        "the connection was not closed: {end:?} after {got} bytes"
    );
    assert!(got < size, "the whole file came through: {got} bytes");
    // A client that reads gets all of it.
    let mut c = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    c.write_all(b"GET /big.img HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut all = vec![];
    c.read_to_end(&mut all).unwrap();
    assert!(all.starts_with(b"HTTP/1.1 200"));
    assert!(all.len() > size, "{} bytes", all.len());
}

/// Sends `GET /healthz` on `c` (kept alive) and reads the answer: its status line, or
/// the error (a read timeout: no answer).
fn healthz(c: &mut TcpStream, wait: Duration) -> std::io::Result<String> {
    c.set_read_timeout(Some(wait))?;
    c.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")?;
    let mut got = vec![];
    let mut buf = [0u8; 1024];
    while !got.ends_with(b"\r\n\r\nok\n") {
        match c.read(&mut buf)? {
            0 => return Err(ErrorKind::UnexpectedEof.into()),
            n => got.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&got);
    Ok(text.lines().next().unwrap_or_default().to_string())
}

#[test]
fn beyond_max_connections_new_connections_wait_until_one_closes() {
    let inv = inventory(free_port());
    let srv = Server::start(&inv, &["--max-connections", "2"]);
    let connect = || TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    let (mut c1, mut c2) = (connect(), connect());
    let wait = Duration::from_secs(5);
    assert_eq!(healthz(&mut c1, wait).unwrap(), "HTTP/1.1 200 OK");
    assert_eq!(healthz(&mut c2, wait).unwrap(), "HTTP/1.1 200 OK");
    // Both places are taken (kept alive): a third connection is not served...
    let mut c3 = connect();
    let err = healthz(&mut c3, Duration::from_secs(1)).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{err}"
    );
    // ...until one closes; then it is, its request not lost.
    drop(c1);
    let mut buf = vec![];
    let mut chunk = [0u8; 1024];
    c3.set_read_timeout(Some(wait)).unwrap();
    while !buf.ends_with(b"\r\n\r\nok\n") {
        let n = c3
            .read(&mut chunk)
            .expect("the waiting request is answered");
        assert!(n > 0, "closed unanswered");
        buf.extend_from_slice(&chunk[..n]);
    }
    assert!(buf.starts_with(b"HTTP/1.1 200"));
    assert_eq!(healthz(&mut c2, wait).unwrap(), "HTTP/1.1 200 OK");
}

/// The CPU time (clock ticks, user and system) process `pid` has used.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After "pid (comm) ": state is field 3, utime and stime fields 14 and 15.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

fn open_fds(pid: u32) -> u64 {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count() as u64
}

#[test]
fn the_accept_loop_pauses_when_file_descriptors_run_out() {
    let inv = inventory(free_port());
    let srv = Server::start(&inv, &["--no-watch"]);
    let mut probe = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    assert_eq!(
        healthz(&mut probe, Duration::from_secs(5)).unwrap(),
        "HTTP/1.1 200 OK"
    );
    drop(probe);
    std::thread::sleep(Duration::from_millis(200));
    // Room for 4 more connections, then accept fails with EMFILE.
    let room = open_fds(srv.pid()) + 4;
    let lim = libc::rlimit {
        rlim_cur: room,
        rlim_max: room,
    };
    // SAFETY: prlimit reads `lim` and writes nothing back (null old limit).
    let rc = unsafe {
        libc::prlimit(
            srv.pid() as libc::pid_t,
            libc::RLIMIT_NOFILE,
            &lim,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(rc, 0, "prlimit: {}", std::io::Error::last_os_error());
    // Silent connections (well within the 10 s header timeout), more than there is room.
    let started = Instant::now();
    let held: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(("127.0.0.1", srv.port)).unwrap())
        .collect();
    srv.wait_log("\"event\":\"accept-failed\"");
    let before = cpu_ticks(srv.pid());
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(srv.pid()) - before;
    assert!(
        started.elapsed() < Duration::from_secs(9),
        "too slow to measure"
    );
    // Spinning takes a core, about 200 ticks in 2 s; pausing 50 ms between tries, ~0.
    assert!(used < 40, "{used} clock ticks in 2 s while out of fds");
    assert_eq!(
        srv.log().matches("accept-failed").count(),
        1,
        "logged once: {}",
        srv.log()
    );
    // Once the connections close, the server accepts again.
    drop(held);
    let mut probe = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    assert_eq!(
        healthz(&mut probe, Duration::from_secs(5)).unwrap(),
        "HTTP/1.1 200 OK"
    );
}
