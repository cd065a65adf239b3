//! `chami secrets set|get|list|rm` and age-encrypted secrets files, checked against the
//! real `age` command line (Debian package `age`): a file chami writes is decrypted by
//! `age -d`, a file `age` encrypts (binary or armored) is read by chami, `list` never
//! prints a password, a wrong identity is refused without leaking anything, and `bmc
//! power status` logs in to the mock BMC with credentials from an encrypted file.

use super::discover::{bmc_inventory, fleet, json_lines, RACK};
use super::harness::{assert_code, chami, interop_program, run, run_stdin, stderr, stdout};
use super::redfish_mock::loopback_addrs;
use std::path::{Path, PathBuf};
use std::process::Command;

const PASSWORD: &str = "mock-pw";

/// `age-keygen -o DIR/NAME`; returns the key file and its public key.
fn keygen(keygen: &Path, dir: &Path, name: &str) -> (PathBuf, String) {
    let key = dir.join(name);
    let out = run(Command::new(keygen).arg("-o").arg(&key));
    assert!(out.status.success(), "age-keygen: {}", stderr(&out));
    let public = run(Command::new(keygen).arg("-y").arg(&key));
    (key, stdout(&public).trim().to_string())
}

fn secrets(args: &[&str], file: &Path, extra: &[&str]) -> Command {
    let mut c = chami();
    c.arg("secrets")
        .args(args)
        .arg("--secrets")
        .arg(file)
        .args(extra);
    c
}

#[test]
fn secrets_round_trip_with_the_age_cli_and_a_bmc_login() {
    let test = "secrets_round_trip_with_the_age_cli_and_a_bmc_login";
    let (Some(age), Some(age_keygen)) = (
        interop_program(test, "age"),
        interop_program(test, "age-keygen"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = keygen(&age_keygen, dir.path(), "key.txt");
    let (other_key, _) = keygen(&age_keygen, dir.path(), "other.txt");
    let id = ["--identity", key.to_str().unwrap()];
    let file = dir.path().join("secrets.age");

    // set: the password from stdin, never argv; written armored, mode 0600.
    let out = run_stdin(
        &mut secrets(&["set", "default", "--username", "admin"], &file, &id),
        &format!("{PASSWORD}\n"),
    );
    assert_code(&out, 0);
    let out = run_stdin(
        &mut secrets(&["set", "b1", "-u", "root"], &file, &id),
        "other-pw\n",
    );
    assert_code(&out, 0);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let sealed = std::fs::read_to_string(&file).unwrap();
    assert!(
        sealed.starts_with("-----BEGIN AGE ENCRYPTED FILE-----") && !sealed.contains(PASSWORD),
        "{sealed}"
    );
    // The real age opens what chami wrote.
    let out = run(Command::new(&age).arg("-d").arg("-i").arg(&key).arg(&file));
    assert!(out.status.success(), "age -d: {}", stderr(&out));
    let plain: serde_json::Value = serde_yaml::from_str(&stdout(&out)).unwrap();
    assert_eq!(plain["default"]["username"], "admin");
    assert_eq!(plain["default"]["password"], PASSWORD);
    assert_eq!(plain["b1"]["password"], "other-pw");

    // get prints the password (and only that); list never does.
    let out = run(&mut secrets(&["get", "default"], &file, &id));
    assert_code(&out, 0);
    assert_eq!(stdout(&out), format!("{PASSWORD}\n"));
    for format in ["table", "json"] {
        let out = run(&mut secrets(&["list", "-o", format], &file, &id));
        assert_code(&out, 0);
        let text = stdout(&out) + &stderr(&out);
        assert!(text.contains("default") && text.contains("admin") && text.contains("b1"));
        assert!(
            !text.contains(PASSWORD) && !text.contains("other-pw"),
            "list printed a password: {text}"
        );
    }
    // The identity from the environment works as well as --identity.
    let out = run(secrets(&["get", "b1"], &file, &[]).env("CHAMI_AGE_IDENTITY", &key));
    assert_eq!(stdout(&out), "other-pw\n");

    // A wrong identity, or none: refused, clearly, with nothing leaked.
    let out = run(&mut secrets(
        &["get", "default"],
        &file,
        &["--identity", other_key.to_str().unwrap()],
    ));
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(
        e.contains("cannot decrypt") && e.contains("other.txt") && e.contains("secrets.age"),
        "{e}"
    );
    assert!(!e.contains(PASSWORD) && !e.contains("AGE-SECRET-KEY") && stdout(&out).is_empty());
    let out = run(&mut secrets(&["list"], &file, &[]));
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--identity"), "{}", stderr(&out));

    // rm, then the entry is gone.
    assert_code(&run(&mut secrets(&["rm", "b1"], &file, &id)), 0);
    let out = run(&mut secrets(&["get", "b1"], &file, &id));
    assert_code(&out, 2);
    assert!(stderr(&out).contains("no entry `b1`"), "{}", stderr(&out));

    // A file the real age encrypted (binary, to the public key) is read by chami, and
    // stays binary when chami rewrites it.
    let plain_file = dir.path().join("plain.yaml");
    std::fs::write(
        &plain_file,
        format!("default: {{username: admin, password: {PASSWORD}}}\n"),
    )
    .unwrap();
    let by_age = dir.path().join("by-age.age");
    let out = run(Command::new(&age)
        .arg("-r")
        .arg(&public)
        .arg("-o")
        .arg(&by_age)
        .arg(&plain_file));
    assert!(out.status.success(), "age -r: {}", stderr(&out));
    std::fs::set_permissions(&by_age, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run(&mut secrets(&["get", "default"], &by_age, &id));
    assert_code(&out, 0);
    assert_eq!(stdout(&out), format!("{PASSWORD}\n"));
    let out = run_stdin(
        &mut secrets(&["set", "b2", "-u", "ops"], &by_age, &id),
        "pw-2\n",
    );
    assert_code(&out, 0);
    assert!(std::fs::read(&by_age)
        .unwrap()
        .starts_with(b"age-encryption.org/v1"));
    let out = run(Command::new(&age)
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg(&by_age));
    assert!(stdout(&out).contains("pw-2"), "{}", stderr(&out));

    // bmc power status logs in with the encrypted file's credentials.
    let a = loopback_addrs(1, "127.78.0.10".parse().unwrap());
    let fleet = fleet(&[(a[0], RACK, None)], false, true);
    let inv = bmc_inventory(&fleet, &a);
    let status = |identity: &Path| {
        inv.chami(&[
            "bmc",
            "power",
            "status",
            "n0",
            "--http",
            "--secrets",
            file.to_str().unwrap(),
            "--identity",
            identity.to_str().unwrap(),
        ])
    };
    let out = status(&key);
    assert_code(&out, 0);
    assert_eq!(json_lines(&out)[0]["power_state"], "On", "{}", stdout(&out));
    let out = status(&other_key);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("cannot decrypt"), "{}", stderr(&out));
    assert_eq!(fleet.sessions_open(), 0);
}
