//! Reading a password without it ever being an argument: asked at the terminal with
//! echo off, or the first line of stdin when stdin is not a terminal (a pipe, a file).

use anyhow::{bail, Context};
use std::io::{BufRead, IsTerminal, Write};

/// The password, from the terminal (after `prompt` on stderr) or the first line of stdin.
pub fn read_password(prompt: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let line = if stdin.is_terminal() {
        let mut err = std::io::stderr().lock();
        write!(err, "{prompt}")?;
        err.flush()?;
        without_echo(|| read_line(&stdin))?
    } else {
        read_line(&stdin)?
    };
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        bail!("no password given: type it at the prompt, or pipe it in on stdin (one line)");
    }
    Ok(password)
}

fn read_line(stdin: &std::io::Stdin) -> anyhow::Result<String> {
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    Ok(line)
}

/// Runs `f` with the terminal on stdin not echoing what is typed, then restores it.
fn without_echo<T>(f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    // SAFETY: termios is plain data; tcgetattr fills it for fd 0, a terminal.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: fd 0 and a valid pointer to the struct above.
    if unsafe { libc::tcgetattr(0, &mut saved) } != 0 {
        return f();
    }
    let mut quiet = saved;
    quiet.c_lflag &= !libc::ECHO;
    quiet.c_lflag |= libc::ECHONL;
    // SAFETY: as above; the settings come from tcgetattr.
    unsafe { libc::tcsetattr(0, libc::TCSANOW, &quiet) };
    let result = f();
    // SAFETY: restores what tcgetattr returned.
    unsafe { libc::tcsetattr(0, libc::TCSANOW, &saved) };
    result
}
