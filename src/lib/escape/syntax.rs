//! The syntax of the fields that reach a generated file as a word with a meaning: DNS
//! names, interface names, ssh options, conman consoles, powerman plugs and devices, Slurm
//! words and options, CODEOWNERS owners. Each check returns what the field must look like
//! when it does not.

use std::net::{Ipv4Addr, Ipv6Addr};

/// `Ok`, or the description of the syntax the value misses.
pub type Syntax = Result<(), &'static str>;

fn only(s: &str, extra: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
}

fn check(ok: bool, want: &'static str) -> Syntax {
    if ok {
        Ok(())
    } else {
        Err(want)
    }
}

/// One DNS label (`n1`, `cn-01`): letters, digits and `-`, not at either end, at most 63
/// characters. A node's name is one (lint's `invalid-name`).
pub fn is_dns_label(l: &str) -> bool {
    !l.is_empty() && l.len() <= 63 && only(l, "-") && !l.starts_with('-') && !l.ends_with('-')
}

/// A DNS name (`n1.example.org`): dot-separated labels of letters, digits and `-`.
pub fn dns_name(s: &str) -> Syntax {
    check(
        !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns_label),
        "a DNS name: labels of letters, digits and '-' separated by '.'",
    )
}

/// A network interface name (`eth0`, `ib0`, `bond0.100`, `enp1s0f1`): letters, digits,
/// `.` and `-`, so that `NODE-IFACE` (with `.` made `-`) stays a host name in hosts and
/// dnsmasq.
pub fn interface_name(s: &str) -> Syntax {
    check(
        !s.is_empty()
            && s.len() <= 63
            && only(s, ".-")
            && !s.starts_with(['-', '.'])
            && !s.ends_with(['-', '.'])
            && !s.contains(".."),
        "an interface name: letters, digits, '.' and '-', not starting or ending with either",
    )
}

/// A user name for ssh's `User` (`root`, `svc.backup`, `alice@AD.EXAMPLE`).
pub fn ssh_user(s: &str) -> Syntax {
    check(
        !s.is_empty() && s.len() <= 64 && only(s, "_.@$-") && !s.starts_with('-'),
        "a user name: letters, digits and '_', '.', '@', '$', '-', not starting with '-'",
    )
}

/// A TCP port (`22`).
pub fn ssh_port(s: &str) -> Syntax {
    check(
        s.parse::<u16>().is_ok_and(|p| p > 0) && only(s, ""),
        "a port number from 1 to 65535",
    )
}

fn is_host(h: &str) -> bool {
    dns_name(h).is_ok()
        || h.parse::<Ipv4Addr>().is_ok()
        || h.strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .is_some_and(|v6| v6.parse::<Ipv6Addr>().is_ok())
}

/// ssh's `ProxyJump`: `none`, or comma-separated `[user@]host[:port]`.
pub fn ssh_proxy_jump(s: &str) -> Syntax {
    let hop = |h: &str| {
        let (user, rest) = match h.rsplit_once('@') {
            Some((u, r)) => (Some(u), r),
            None => (None, h),
        };
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !rest.ends_with(']') => (h, Some(p)),
            _ => (rest, None),
        };
        user.is_none_or(|u| ssh_user(u).is_ok())
            && is_host(host)
            && port.is_none_or(|p| ssh_port(p).is_ok())
    };
    check(
        s == "none" || (!s.is_empty() && s.split(',').all(hop)),
        "`none` or [user@]host[:port], comma-separated",
    )
}

/// Whether `w` is a word iPXE reads as one plain argument: not starting with `#` (a
/// comment), not `||`, `&&` or `;` (the end of the command), its `${…}` balanced.
pub fn is_ipxe_word(w: &str) -> bool {
    !w.starts_with('#')
        && !matches!(w, "||" | "&&" | ";")
        && w.matches("${").count() == w.matches('}').count()
}

/// Words of an iPXE command line (kernel parameters), each an iPXE word (`is_ipxe_word`).
pub fn ipxe_words(s: &str) -> Syntax {
    check(
        s.split_whitespace().all(is_ipxe_word),
        "iPXE words: none starting with '#' or being '||', '&&' or ';', each `${…}` closed",
    )
}

/// One iPXE word (a kernel, initrd or image location): no white space, not starting with
/// `#`, not `||`, `&&` or `;`.
pub fn ipxe_word(s: &str) -> Syntax {
    check(
        !s.chars().any(char::is_whitespace) && ipxe_words(s).is_ok(),
        "one iPXE word: no white space (percent-encode it: %20), not starting with '#'",
    )
}

/// A conman console `dev`: `host:port`, `unix:/path`, `ipmi:host` or an absolute script
/// path with arguments, without quotes, backslashes or control characters.
pub fn console_dev(s: &str) -> Syntax {
    let path = |p: &str| p.starts_with('/') && only(p, "_./:@%+=,-");
    let ok = if let Some(p) = s.strip_prefix("unix:") {
        path(p)
    } else if let Some(h) = s.strip_prefix("ipmi:") {
        is_host(h)
    } else if s.starts_with('/') {
        s.len() <= 1024 && only(s, "_./:@%+=,- ") && !s.ends_with(' ')
    } else {
        s.rsplit_once(':')
            .is_some_and(|(h, p)| is_host(h) && ssh_port(p).is_ok())
    };
    check(
        ok,
        "host:port, unix:/path, ipmi:host or /path/to/script ARGS (letters, digits, spaces and _ . / : @ % + = , -)",
    )
}

/// A powerman plug: a number, host name or address (`3`, `n1-bmc`, `10.0.0.5`).
pub fn power_plug(s: &str) -> Syntax {
    check(
        !s.is_empty() && s.len() <= 255 && only(s, "_.:/[]-") && !s.starts_with('-'),
        "a plug name: letters, digits and '_', '.', ':', '/', '[', ']', '-'",
    )
}

/// A BMC user name on a conman script console's command line (`ADMIN`, `svc.console`).
pub fn bmc_user(s: &str) -> Syntax {
    check(
        !s.is_empty() && s.len() <= 32 && only(s, "_.-") && !s.starts_with('-'),
        "a BMC user name: letters, digits and '_', '.', '-', not starting with '-'",
    )
}

/// A powerman device script name (the `X` of `/etc/powerman/X.dev`): a file name, not a
/// path.
pub fn power_device(s: &str) -> Syntax {
    check(
        !s.is_empty() && s.len() <= 128 && only(s, "_.-") && !s.starts_with(['-', '.']),
        "a device script name: letters, digits and '_', '.', '-', not starting with '.' or '-'",
    )
}

/// A powerman device connection: a command ending in `|&`, `host:port` or a `/dev/` path,
/// without quotes, backslashes or control characters.
pub fn power_command(s: &str) -> Syntax {
    let plain =
        !s.is_empty() && !s.contains(['"', '\\']) && !s.chars().any(super::control::is_control);
    let host_port = s
        .rsplit_once(':')
        .is_some_and(|(h, p)| is_host(h) && ssh_port(p).is_ok());
    check(
        plain && (s.ends_with("|&") || host_port || s.starts_with("/dev/")),
        "a command ending in '|&', host:port or /dev/PATH, without quotes or backslashes",
    )
}

/// One Slurm word (a partition name, a Gres list like `gpu:a100:4`).
pub fn slurm_word(s: &str) -> Syntax {
    check(
        !s.is_empty() && s.len() <= 1024 && only(s, "_.:,@/+()-") && !s.starts_with('-'),
        "a Slurm word: letters, digits and '_', '.', ':', ',', '@', '/', '+', '(', ')', '-'",
    )
}

/// The keys that start a record of their own in slurm.conf: never inside options.
const SLURM_RECORD_KEYS: [&str; 8] = [
    "nodename",
    "partitionname",
    "nodeset",
    "frontendname",
    "downnodes",
    "switchname",
    "include",
    "slurmctldhost",
];

/// Slurm options appended to a NodeName or PartitionName line: space-separated
/// `Key=Value`, no key that starts a record of its own, no `#`, quotes or backslashes.
pub fn slurm_options(s: &str) -> Syntax {
    let option = |o: &str| {
        o.split_once('=').is_some_and(|(k, v)| {
            !k.is_empty()
                && k.bytes().all(|b| b.is_ascii_alphabetic())
                && !SLURM_RECORD_KEYS.contains(&k.to_ascii_lowercase().as_str())
                && !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_graphic() && !"#\"'\\".contains(c))
        })
    };
    check(
        s.len() <= 4096 && s.split(' ').filter(|o| !o.is_empty()).all(option),
        "space-separated Key=Value options (no NodeName=, PartitionName=, Include=…; no '#', quotes or backslashes)",
    )
}

/// A CODEOWNERS owner: `@user`, `@org/team` or an e-mail address.
pub fn codeowners_owner(s: &str) -> Syntax {
    let handle = |h: &str| !h.is_empty() && h.len() <= 100 && only(h, "-") && !h.starts_with('-');
    let ok = match s.strip_prefix('@') {
        Some(rest) => match rest.split_once('/') {
            Some((org, team)) => handle(org) && !team.is_empty() && only(team, "_.-"),
            None => handle(rest),
        },
        None => s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && only(local, "._%+-")
                && !local.starts_with(['-', '.'])
                && domain.contains('.')
                && dns_name(domain).is_ok()
        }),
    };
    check(ok, "@user, @org/team or an e-mail address")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ssh() {
        assert!(dns_name("n1.example.org").is_ok() && dns_name("a").is_ok());
        for bad in ["", "a..b", "-a.b", "a b", "a\nb", "a,b", "a_b"] {
            assert!(dns_name(bad).is_err(), "{bad:?}");
        }
        assert!(interface_name("bond0.100").is_ok() && interface_name("eth 0").is_err());
        assert!(interface_name("eth0:1").is_err() && interface_name("eth0.").is_err());
        assert!(ssh_user("svc.backup").is_ok() && ssh_user("-oProxyCommand=x").is_err());
        assert!(ssh_user("a b").is_err() && ssh_user("a\"b").is_err());
        assert!(ssh_port("22").is_ok() && ssh_port("0").is_err() && ssh_port("+22").is_err());
        for ok in ["none", "jump", "u@jump:2222,10.0.0.1", "[fd00::1]:22"] {
            assert!(ssh_proxy_jump(ok).is_ok(), "{ok}");
        }
        for bad in ["-oProxyCommand=sh", "a b", "h:x", ""] {
            assert!(ssh_proxy_jump(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn consoles_power_slurm_owners() {
        assert!(ipxe_words("quiet console=ttyS0 a#b").is_ok());
        assert!(ipxe_words("quiet # x").is_err() && ipxe_words("a || shell").is_err());
        assert!(ipxe_words("ip=${net0/ip}").is_ok() && ipxe_words("{{ 7*7 }}").is_err());
        assert!(ipxe_word("images/k").is_ok() && ipxe_word("a b").is_err());
        assert!(console_dev("/usr/bin/ipmiconsole -h n1-bmc").is_ok());
        assert!(console_dev("a\" dev=\"/bin/sh").is_err() && console_dev("-x").is_err());
        for ok in [
            "n1-bmc:7001",
            "unix:/run/c1",
            "ipmi:10.1.0.5",
            "/usr/bin/c -x 1",
        ] {
            assert!(console_dev(ok).is_ok(), "{ok}");
        }
        assert!(console_dev("x,6.6.6.6").is_err() && console_dev("unix:/a b").is_err());
        assert!(power_plug("10.0.0.5").is_ok() && power_plug("p\" include \"x").is_err());
        assert!(power_command("/usr/sbin/x -h a |&").is_ok() && power_command("h:23").is_ok());
        assert!(power_command("x # y").is_err() && power_command("a\" b |&").is_err());
        assert!(power_device("redfishpower-cray").is_ok() && power_device("../x").is_err());
        assert!(slurm_word("gpu:a100:4,mps:100").is_ok() && slurm_word("a b").is_err());
        assert!(slurm_options("Weight=10 Features=a,b").is_ok());
        for bad in [
            "x PartitionName=evil",
            "A=b #c",
            "nodename=x",
            "A=\"b\"",
            "A=",
        ] {
            assert!(slurm_options(bad).is_err(), "{bad}");
        }
        for ok in ["@alice", "@org/team-a", "ops@example.org"] {
            assert!(codeowners_owner(ok).is_ok(), "{ok}");
        }
        for bad in ["* @evil", "@a b", "alice", "@", "@org/", "x@localhost"] {
            assert!(codeowners_owner(bad).is_err(), "{bad}");
        }
    }
}
