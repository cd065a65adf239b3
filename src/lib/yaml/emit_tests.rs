//! Tests of the YAML 1.1-safe writer: the strings YAML 1.1 would retype are quoted, keys
//! too, multi-line strings are literal blocks, and the output reads back (with serde_yaml,
//! a YAML 1.2 reader) as the value written.

use super::*;
use serde_json::json;

fn back(text: &str) -> Value {
    crate::yaml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn strings_yaml_1_1_would_retype_are_quoted() {
    for s in [
        "no",
        "No",
        "yes",
        "on",
        "OFF",
        "y",
        "n",
        "true",
        "null",
        "Null",
        "~",
        "",
        "1:20",
        "2001-12-14",
        "0o17",
        "0x1f",
        "0b101",
        "1_000",
        "012",
        "1e3",
        ".inf",
        "-.inf",
        ".nan",
        "<<",
        "=",
        "-",
        "- x",
        "a: b",
        "a #b",
        " lead",
        "trail ",
        "@x",
        "*x",
        "&x",
        "!x",
        "%x",
        "'x'",
        "\"x\"",
        "{a}",
        "[a]",
        "a,b",
        "?x",
        "|",
        ">",
    ] {
        let q = string_scalar(s);
        assert!(q.starts_with('"'), "{s:?} written as {q}");
        assert_eq!(back(&format!("k: {q}\n"))["k"], json!(s), "{q}");
    }
    for s in [
        "nid01",
        "a.b-c_d",
        "nvidia-smi -pm 1",
        "/etc/x",
        "Europe/Paris",
        "yess",
    ] {
        assert_eq!(string_scalar(s), s);
    }
    assert_eq!(string_scalar("a\nb\u{2028}c"), "\"a\\nb\\u2028c\"");
    assert_eq!(string_scalar("GPU\u{fffe}"), "\"GPU\\ufffe\"");
}

#[test]
fn the_finding_s_fragment_keeps_every_type() {
    let v = json!({
        "ssh_pwauth": "no",
        "timezone": "1:20",
        "note": "2001-12-14",
        "write_files": [{"path": "/etc/x", "permissions": "0644", "content": "yes"}],
        "<<": {"bootcmd": ["echo merged"]},
        "enabled": true,
        "count": 3,
        "ratio": 1.5,
        "big": 1e20,
        "none": null,
        "empty": {},
        "nothing": [],
    });
    let text = to_string(&v);
    assert_eq!(
        text,
        "ssh_pwauth: \"no\"\ntimezone: \"1:20\"\nnote: \"2001-12-14\"\nwrite_files:\n\
         - path: /etc/x\n  permissions: \"0644\"\n  content: \"yes\"\n\
         \"<<\":\n  bootcmd:\n  - echo merged\nenabled: true\ncount: 3\nratio: 1.5\n\
         big: 100000000000000000000.0\nnone: null\nempty: {}\nnothing: []\n"
    );
    assert_eq!(back(&text), v);
    assert_eq!(number(&Number::from_f64(1e300).unwrap()), "1.0e+300");
    assert_eq!(number(&Number::from_f64(-2.5e-30).unwrap()), "-2.5e-30");
}

#[test]
fn nesting_and_multi_line_strings() {
    let v = json!({
        "runcmd": [["echo", "1"], "ls"],
        "users": [{"name": "a", "groups": ["wheel"]}, {}],
        "write_files": [{"content": "#!/bin/sh\necho \"hi\": # x\n\n  indented\n"}],
        "strip": "a\nb",
        "crlf": "a\r\nb",
        "lead": " a\nb",
        "trailing": "a\n\n",
    });
    let text = to_string(&v);
    assert_eq!(
        text,
        "runcmd:\n- - echo\n  - \"1\"\n- ls\nusers:\n- name: a\n  groups:\n  - wheel\n- {}\n\
         write_files:\n- content: |\n    #!/bin/sh\n    echo \"hi\": # x\n\n      indented\n\
         strip: |-\n  a\n  b\ncrlf: \"a\\r\\nb\"\nlead: \" a\\nb\"\ntrailing: \"a\\n\\n\"\n"
    );
    assert_eq!(back(&text), v);
}

#[test]
fn a_long_key_is_explicit() {
    let long = "k".repeat(200);
    let v = json!({ long.clone(): {"a": 1, "b": [2]}, "z": "x" });
    let text = to_string(&v);
    assert!(
        text.starts_with(&format!("? {long}\n: a: 1\n  b:\n  - 2\nz: x\n")),
        "{text}"
    );
    assert_eq!(back(&text), v);
}
