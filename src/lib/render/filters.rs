//! Template filters a sysadmin needs: nodesets, addresses, MAC formats, padding,
//! grouping and serialization. Each is documented in docs/rendering.md.

use crate::hostlist::NodeSet;
use crate::inventory::model::MacAddr;
use ipnetwork::IpNetwork;
use minijinja::value::{Rest, Value};
use minijinja::{Environment, Error, ErrorKind};
use std::net::IpAddr;

/// Registers every chami filter on `env`.
pub fn register(env: &mut Environment<'_>) {
    env.add_filter("fold", fold);
    env.add_filter("fold_slurm", fold_slurm);
    env.add_filter("expand", expand);
    env.add_filter("netmask", netmask);
    env.add_filter("prefix", prefix);
    env.add_filter("network", network);
    env.add_filter("broadcast", broadcast);
    env.add_filter("nth_host", nth_host);
    env.add_filter("reverse_dns", reverse_dns);
    env.add_filter("mac", mac);
    env.add_filter("ljust", ljust);
    env.add_filter("rjust", rjust);
    env.add_filter("zfill", zfill);
    env.add_filter("to_json", to_json);
    env.add_filter("to_yaml", to_yaml);
    env.add_filter("group_by", group_by);
    env.add_filter("slug", slug);
    env.add_filter("ansible_group", ansible_group);
    env.add_filter("fold_pairs", fold_pairs);
    env.add_filter("in_groups", in_groups);
    super::escape_filters::register(env);
}

fn bad(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

/// Names from a list of strings, or the names of a nodeset expression.
fn names(v: &Value) -> Result<NodeSet, Error> {
    if let Some(s) = v.as_str() {
        return NodeSet::parse(s).map_err(|e| bad(format!("bad nodeset {s:?}: {e}")));
    }
    let mut set = NodeSet::new();
    for item in v.try_iter()? {
        match item.as_str() {
            Some(s) => set.insert(s),
            None => return Err(bad(format!("fold expects names, got {}", item.kind()))),
        }
    }
    Ok(set)
}

/// `names | fold`: the folded nodeset (`nid[01-16]`), as ClusterShell prints it.
fn fold(v: Value) -> Result<String, Error> {
    Ok(names(&v)?.fold())
}

/// `names | fold_slurm`: folded on the last numeric axis only, which Slurm parses.
fn fold_slurm(v: Value) -> Result<String, Error> {
    Ok(names(&v)?.fold_slurm())
}

/// `"nid[01-03]" | expand`: the list of names.
fn expand(v: Value) -> Result<Vec<String>, Error> {
    Ok(names(&v)?.to_vec())
}

fn cidr(v: &Value) -> Result<IpNetwork, Error> {
    let s = v.to_string();
    s.parse::<IpNetwork>()
        .map_err(|e| bad(format!("not a CIDR {s:?}: {e}")))
}

/// `"10.0.0.0/24" | netmask` → `255.255.255.0`.
fn netmask(v: Value) -> Result<String, Error> {
    Ok(cidr(&v)?.mask().to_string())
}

/// `"10.0.0.0/24" | prefix` → `24`.
fn prefix(v: Value) -> Result<u8, Error> {
    Ok(cidr(&v)?.prefix())
}

/// `"10.0.0.7/24" | network` → `10.0.0.0`.
fn network(v: Value) -> Result<String, Error> {
    Ok(cidr(&v)?.network().to_string())
}

/// `"10.0.0.0/24" | broadcast` → `10.0.0.255` (IPv4 only).
fn broadcast(v: Value) -> Result<String, Error> {
    match cidr(&v)? {
        IpNetwork::V4(n) => Ok(n.broadcast().to_string()),
        IpNetwork::V6(_) => Err(bad("IPv6 networks have no broadcast address")),
    }
}

/// `"10.0.0.0/24" | nth_host(5)` → `10.0.0.5`; negative counts from the end
/// (`-1` is the broadcast address of an IPv4 network, `-2` the last host).
fn nth_host(v: Value, n: i64) -> Result<String, Error> {
    let net = cidr(&v)?;
    let size: u128 = match net {
        IpNetwork::V4(n4) => 1u128 << (32 - n4.prefix()),
        IpNetwork::V6(n6) => 1u128
            .checked_shl(128 - n6.prefix() as u32)
            .unwrap_or(u128::MAX),
    };
    let offset = if n >= 0 {
        n as u128
    } else {
        size.checked_sub(n.unsigned_abs() as u128)
            .ok_or_else(|| bad(format!("nth_host({n}) is outside {net}")))?
    };
    if offset >= size {
        return Err(bad(format!("nth_host({n}) is outside {net}")));
    }
    Ok(match net.network() {
        IpAddr::V4(a) => std::net::Ipv4Addr::from(u32::from(a) + offset as u32).to_string(),
        IpAddr::V6(a) => std::net::Ipv6Addr::from(u128::from(a) + offset).to_string(),
    })
}

/// `"10.0.0.11" | reverse_dns` → `11.0.0.10.in-addr.arpa` (nibbles under ip6.arpa for
/// IPv6).
fn reverse_dns(v: Value) -> Result<String, Error> {
    let s = v.to_string();
    let ip: IpAddr = s
        .parse()
        .map_err(|_| bad(format!("not an IP address: {s:?}")))?;
    Ok(match ip {
        IpAddr::V4(a) => {
            let o = a.octets();
            format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
        }
        IpAddr::V6(a) => {
            let mut out = String::new();
            for byte in a.octets().iter().rev() {
                out.push_str(&format!("{:x}.{:x}.", byte & 0xf, byte >> 4));
            }
            out + "ip6.arpa"
        }
    })
}

/// `mac | mac(style)`: `colon` (default, `aa:bb:…`), `hyphen` (`aa-bb-…`), `bootif`
/// (`01-aa-bb-…`, the PXELINUX/BOOTIF form), `upper` (`AA:BB:…`), `bare` (`aabb…`),
/// `cisco` (`aabb.ccdd.eeff`).
fn mac(v: Value, style: Option<&str>) -> Result<String, Error> {
    let s = v.to_string();
    let m: MacAddr = s
        .parse()
        .map_err(|e| bad(format!("not a MAC address {s:?}: {e}")))?;
    let colon = m.to_string();
    let bare: String = colon.chars().filter(|c| *c != ':').collect();
    Ok(match style.unwrap_or("colon") {
        "colon" => colon,
        "hyphen" => m.hyphenated(),
        "bootif" => format!("01-{}", m.hyphenated()),
        "upper" => colon.to_uppercase(),
        "bare" => bare,
        "cisco" => format!("{}.{}.{}", &bare[0..4], &bare[4..8], &bare[8..12]),
        other => {
            return Err(bad(format!(
                "unknown MAC style {other:?}: use colon, hyphen, bootif, upper, bare or cisco"
            )))
        }
    })
}

/// `text | ljust(20)`: padded with spaces on the right to at least 20 characters.
fn ljust(v: Value, width: usize) -> String {
    format!("{:<width$}", v.to_string())
}

/// `text | rjust(8)`: padded with spaces on the left.
fn rjust(v: Value, width: usize) -> String {
    format!("{:>width$}", v.to_string())
}

/// `7 | zfill(4)` → `0007`.
fn zfill(v: Value, width: usize) -> String {
    format!("{:0>width$}", v.to_string())
}

/// `value | to_json` (compact) or `to_json(2)` (indented), keys in order; marked safe, as
/// JSON escapes every control character inside its strings. Characters YAML cannot carry
/// raw (U+FFFE, C1 …) are escaped too, so the text can stand in a YAML file.
fn to_json(v: Value, indent: Option<usize>) -> Result<Value, Error> {
    let r = match indent {
        None => serde_json::to_string(&v),
        Some(n) => {
            let ind = " ".repeat(n);
            let mut out = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(ind.as_bytes());
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            serde::Serialize::serialize(&v, &mut ser)
                .map(|_| String::from_utf8(out).unwrap_or_default())
        }
    };
    r.map(|s| Value::from_safe_string(crate::escape::yaml_safe_json(s)))
        .map_err(|e| bad(format!("cannot write JSON: {e}")))
}

/// `value | to_yaml`: block YAML without the leading `---`; marked safe, as the serializer
/// quotes what YAML cannot hold plain.
fn to_yaml(v: Value) -> Result<Value, Error> {
    crate::yaml::to_string(&v)
        .map(|s| Value::from_safe_string(s.trim_end().to_string()))
        .map_err(|e| bad(format!("cannot write YAML: {e}")))
}

/// `items | group_by("a", "b.c")`: groups items with equal values of the attributes,
/// keeping the order of first appearance. A missing attribute counts as `none` (so
/// `group_by("vars.slurm_gres")` works when only some nodes set it). Each group is `{grouper: [values…], list:
/// [items…]}`.
fn group_by(items: Value, attrs: Rest<String>) -> Result<Value, Error> {
    if attrs.is_empty() {
        return Err(bad("group_by needs at least one attribute"));
    }
    let mut keys: Vec<Vec<Value>> = Vec::new();
    let mut lists: Vec<Vec<Value>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for item in items.try_iter()? {
        let key: Vec<Value> = attrs.iter().map(|a| lookup(&item, a)).collect();
        let text = serde_json::to_string(&key).unwrap_or_default();
        let i = *index.entry(text).or_insert_with(|| {
            keys.push(key);
            lists.push(Vec::new());
            keys.len() - 1
        });
        lists[i].push(item);
    }
    Ok(Value::from_iter(keys.into_iter().zip(lists).map(
        |(k, l)| {
            minijinja::context! { grouper => Value::from(k), list => Value::from(l) }
        },
    )))
}

fn lookup(item: &Value, path: &str) -> Value {
    let mut v = item.clone();
    for part in path.split('.') {
        v = match v.get_attr(part) {
            Ok(x) if !x.is_undefined() => x,
            _ => return Value::from(()),
        };
    }
    v
}

fn get_path(item: &Value, path: &str) -> Result<Value, Error> {
    let mut v = item.clone();
    for part in path.split('.') {
        v = v.get_attr(part)?;
        if v.is_undefined() {
            return Err(Error::new(
                ErrorKind::UndefinedError,
                format!("group_by: the item has no attribute {path:?}"),
            ));
        }
    }
    Ok(v)
}

/// `text | slug`: every character outside `A-Z a-z 0-9 _ . -` (and the ones given, e.g.
/// `slug(":/")`) becomes `_`.
fn slug(v: Value, extra: Option<&str>) -> String {
    slug_text(&v.to_string(), extra.unwrap_or(""))
}

/// The text of the `slug` filter: characters outside `A-Z a-z 0-9 _ . -` and `extra`
/// become `_`.
pub fn slug_text(text: &str, extra: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_.-".contains(c) || extra.contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `name | ansible_group`: a valid Ansible group name, by the rules of
/// `chami ansible-inventory` ([`crate::ansible::ansible_group_name`]).
fn ansible_group(v: Value) -> String {
    crate::ansible::ansible_group_name(&v.to_string())
}

/// `nodes | in_groups(["compute", "gpu"])`: the nodes that are in at least one of the
/// groups.
fn in_groups(nodes: Value, groups: Vec<String>) -> Result<Value, Error> {
    let mut out = Vec::new();
    for n in nodes.try_iter()? {
        let member = n
            .get_attr("groups")?
            .try_iter()?
            .any(|g| g.as_str().is_some_and(|g| groups.iter().any(|x| x == g)));
        if member {
            out.push(n);
        }
    }
    Ok(Value::from(out))
}

/// `items | fold_pairs("name", "power.plug")`: `[[nodeset, plugset], …]` with as few lines
/// as possible, each expanding back to the same pairing of the two attributes (powerman
/// pairs the n-th node with the n-th plug).
fn fold_pairs(items: Value, left: &str, right: &str) -> Result<Value, Error> {
    let mut list: Vec<(String, String)> = Vec::new();
    for item in items.try_iter()? {
        list.push((
            get_path(&item, left)?.to_string(),
            get_path(&item, right)?.to_string(),
        ));
    }
    let lines = crate::render::pairs::fold_pairs(&list);
    Ok(Value::from_iter(
        lines.into_iter().map(|(a, b)| Value::from(vec![a, b])),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str) -> Result<String, Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        register(&mut env);
        env.render_str(src, ())
    }

    #[test]
    fn address_helpers() {
        assert_eq!(
            render(r#"{{ "10.0.0.0/24"|netmask }} {{ "10.0.0.0/24"|prefix }} {{ "10.0.0.9/24"|network }} {{ "10.0.0.0/24"|broadcast }}"#).unwrap(),
            "255.255.255.0 24 10.0.0.0 10.0.0.255"
        );
        assert_eq!(
            render(r#"{{ "10.0.0.0/24"|nth_host(5) }} {{ "10.0.0.0/24"|nth_host(-2) }}"#).unwrap(),
            "10.0.0.5 10.0.0.254"
        );
        assert!(render(r#"{{ "10.0.0.0/24"|nth_host(256) }}"#).is_err());
        assert_eq!(
            render(r#"{{ "10.0.0.11"|reverse_dns }}"#).unwrap(),
            "11.0.0.10.in-addr.arpa"
        );
        assert!(render(r#"{{ "2001:db8::1"|reverse_dns }}"#)
            .unwrap()
            .starts_with("1.0.0.0."));
        assert!(render(r#"{{ "nonsense"|netmask }}"#)
            .unwrap_err()
            .to_string()
            .contains("not a CIDR"));
    }

    #[test]
    fn mac_styles() {
        let m = "02:00:00:0A:01:FF";
        let out = render(&format!(
            r#"{{{{ "{m}"|mac }}}} {{{{ "{m}"|mac("hyphen") }}}} {{{{ "{m}"|mac("bootif") }}}} {{{{ "{m}"|mac("upper") }}}} {{{{ "{m}"|mac("bare") }}}} {{{{ "{m}"|mac("cisco") }}}}"#
        ))
        .unwrap();
        assert_eq!(
            out,
            "02:00:00:0a:01:ff 02-00-00-0a-01-ff 01-02-00-00-0a-01-ff 02:00:00:0A:01:FF 0200000a01ff 0200.000a.01ff"
        );
        assert!(render(r#"{{ "02:00:00:0a:01:ff"|mac("dots") }}"#).is_err());
    }

    #[test]
    fn nodesets_padding_and_grouping() {
        assert_eq!(
            render(r#"{{ ["n3","n1","n2","x"]|fold }} {{ "n[1-3]"|expand|join(",") }} {{ ["r1n1","r1n2","r2n1"]|fold_slurm }}"#).unwrap(),
            "n[1-3],x n1,n2,n3 r1n[1-2],r2n1"
        );
        assert_eq!(
            render(r#"[{{ "ab"|ljust(4) }}][{{ "ab"|rjust(4) }}][{{ 7|zfill(3) }}]"#).unwrap(),
            "[ab  ][  ab][007]"
        );
        let src = r#"{% for g in items|group_by("hw.cpus") %}{{ g.grouper[0] }}={{ g.list|map(attribute="n")|join(",") }};{% endfor %}"#;
        let mut env = Environment::new();
        register(&mut env);
        let items = serde_json::json!([
            {"n": "a", "hw": {"cpus": 4}}, {"n": "b", "hw": {"cpus": 8}}, {"n": "c", "hw": {"cpus": 4}}
        ]);
        let out = env
            .render_str(
                src,
                minijinja::context! { items => Value::from(minijinja::value::Serde(&items)) },
            )
            .unwrap();
        assert_eq!(out, "4=a,c;8=b;");
    }

    #[test]
    fn serialization_and_names() {
        assert_eq!(
            render(r#"{{ {"a": [1, 2]}|to_json }}|{{ {"a": 1}|to_yaml }}"#).unwrap(),
            r#"{"a":[1,2]}|a: 1"#
        );
        assert_eq!(render(r#"{{ "a b/c:d"|slug }}"#).unwrap(), "a_b_c_d");
        assert_eq!(render(r#"{{ "a b/c"|slug("/") }}"#).unwrap(), "a_b/c");
        assert_eq!(
            render(r#"{{ "gpu-a100"|ansible_group }}"#).unwrap(),
            "gpu_a100"
        );
    }
}
