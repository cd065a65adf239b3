//! Process resource settings for runs that hold thousands of sockets at once (a BMC fleet
//! run, and the tests' mock fleet).

/// Raises the soft limit on open files to the hard limit: a fleet run keeps one socket
/// per request in flight, more than the usual 1024. Also turns transparent huge pages
/// off for this process: thousands of small connection buffers would otherwise each
/// touch (and the kernel zero) a fresh 2 MiB page.
pub fn raise_fd_limit() {
    // SAFETY: prctl with these arguments only sets a flag of the calling process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed in.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}
