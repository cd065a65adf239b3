//! One writer per kind of slot in an output format: each returns the value as the format
//! must carry it (quoted where the format can quote) or refuses it with [`Unsafe`]. The
//! template filters and the native generators both call these, so a built-in target
//! written either way escapes the same.

use super::control::{first_control, why_refused};
use super::error::Unsafe;
use super::syntax;
use std::borrow::Cow;

/// A writer: the value as written, or why it cannot be.
pub type Writer = fn(&str) -> Result<Cow<'_, str>, Unsafe>;

/// Refuses a value with a control character (a line break, NUL, U+2028 …) or a
/// noncharacter (U+FFFE …) in `format`.
pub fn single_line<'a>(format: &'static str, s: &'a str) -> Result<&'a str, Unsafe> {
    match first_control(s) {
        None => Ok(s),
        Some(c) => Err(Unsafe::new(format, s, format!("it {}", why_refused(c)))),
    }
}

/// A value of a field with a syntax (see the `syntax` module) written as is, or refused naming
/// the syntax it misses.
pub fn checked<'a>(
    format: &'static str,
    s: &'a str,
    syntax: fn(&str) -> syntax::Syntax,
) -> Result<Cow<'a, str>, Unsafe> {
    match syntax(s) {
        Ok(()) => Ok(Cow::Borrowed(s)),
        Err(want) => Err(Unsafe::new(format, s, format!("use {want}"))),
    }
}

/// A host or DNS name as a word of `/etc/hosts`, dnsmasq, ssh_config `Host`, or an
/// Ansible INI host line.
pub fn host_name(s: &str) -> Result<Cow<'_, str>, Unsafe> {
    checked("a host name field", s, syntax::dns_name)
}

/// An ssh_config argument: as is when it is plain, else in double quotes with `"` and `\`
/// escaped (OpenSSH's `argv_split` reads both), so `#`, `=` and spaces stay inside it.
pub fn ssh_arg(s: &str) -> Result<Cow<'_, str>, Unsafe> {
    single_line("ssh_config", s)?;
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@%+:/,[]-".contains(c))
    {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Ok(Cow::Owned(out))
}

/// The inside of a double-quoted string of conman.conf or powerman.conf: neither format
/// has an escape for `"`, so a quote, a backslash or a control character is refused.
pub fn conf_string(s: &str) -> Result<Cow<'_, str>, Unsafe> {
    single_line("conman.conf/powerman.conf", s)?;
    match s.find(['"', '\\']) {
        None => Ok(Cow::Borrowed(s)),
        Some(_) => Err(Unsafe::new(
            "conman.conf/powerman.conf",
            s,
            "it holds a '\"' or '\\', which these files cannot quote",
        )),
    }
}

/// A file path in a CODEOWNERS pattern: spaces escaped as `\ `; glob and comment
/// characters (`* ? [ ] ! # \`) refused, as a file named `*` would give its owner every
/// file.
pub fn codeowners_path(s: &str) -> Result<Cow<'_, str>, Unsafe> {
    single_line("CODEOWNERS", s)?;
    if s.contains(['*', '?', '[', ']', '!', '#', '\\']) {
        return Err(Unsafe::new(
            "CODEOWNERS",
            s,
            "a file path with '*', '?', '[', ']', '!', '#' or '\\' would be read as a pattern: rename the file",
        ));
    }
    Ok(if s.contains(' ') {
        Cow::Owned(s.replace(' ', "\\ "))
    } else {
        Cow::Borrowed(s)
    })
}

/// An XML attribute value in double quotes (libvirt's domain XML): `&`, `<`, `>`, `"`
/// and `'` as entities; a control character, which XML 1.0 cannot hold or would
/// normalise to a space, refused.
pub fn xml_attr(s: &str) -> Result<Cow<'_, str>, Unsafe> {
    single_line("XML", s)?;
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_attributes_are_escaped_or_refused() {
        assert_eq!(xml_attr("/var/lib/a.qcow2").unwrap(), "/var/lib/a.qcow2");
        assert_eq!(
            xml_attr("x\" dev=\"<a>&'").unwrap(),
            "x&quot; dev=&quot;&lt;a&gt;&amp;&apos;"
        );
        assert!(xml_attr("x\ny").is_err());
    }

    #[test]
    fn ssh_args_are_quoted_or_refused() {
        assert_eq!(ssh_arg("root").unwrap(), "root");
        assert_eq!(ssh_arg("a b#c").unwrap(), "\"a b#c\"");
        assert_eq!(ssh_arg("x\"y\\").unwrap(), "\"x\\\"y\\\\\"");
        assert_eq!(ssh_arg("").unwrap(), "\"\"");
        assert!(ssh_arg("a\nProxyCommand sh").is_err());
    }

    #[test]
    fn conf_strings_codeowners_and_hosts() {
        assert_eq!(conf_string("/usr/bin/x -h a").unwrap(), "/usr/bin/x -h a");
        assert!(conf_string("a\" dev=\"/bin/sh").is_err());
        assert!(conf_string("a\u{2028}b").is_err());
        assert_eq!(
            codeowners_path("nodes/a b.yaml").unwrap(),
            "nodes/a\\ b.yaml"
        );
        assert!(codeowners_path("nodes/*").is_err() && codeowners_path("a\nb").is_err());
        assert!(host_name("n1.x").is_ok() && host_name("n1\n6.6.6.6 evil").is_err());
        let e = single_line("hosts", "a\0b").unwrap_err().to_string();
        assert!(e.contains("\"a\\0b\"") && e.contains("hosts"), "{e}");
    }
}
