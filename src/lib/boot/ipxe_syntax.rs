//! A checker of iPXE scripts against iPXE's documented command syntax (there is no iPXE
//! binary to ask): the `#!ipxe` signature, known commands and their options, `goto`
//! targets that exist, argument counts, balanced `${…}`. It reads a line the way iPXE's
//! `system()` does: words split at white space, a word starting with `#` begins a comment,
//! and `||`, `&&` and `;` words separate commands.

use std::collections::BTreeSet;

/// Image commands: `[--name N] [--timeout T] [--autofree] [--replace] URI [ARGS…]`.
const IMAGE_COMMANDS: [&str; 6] = ["kernel", "initrd", "imgfetch", "module", "chain", "imgexec"];

/// Other commands this checker knows, with (minimum, maximum) plain arguments.
const COMMANDS: [(&str, usize, usize); 14] = [
    ("boot", 0, 1),
    ("exit", 0, 1),
    ("sleep", 1, 1),
    ("echo", 0, usize::MAX),
    ("goto", 1, 1),
    ("isset", 1, 1),
    ("iseq", 2, 2),
    ("set", 1, usize::MAX),
    ("clear", 1, 1),
    ("dhcp", 0, 1),
    ("ifconf", 0, 1),
    ("reboot", 0, 0),
    ("shell", 0, 0),
    ("imgfree", 0, 1),
];

/// The problems of `script` (empty when it is fine), each naming its line.
pub fn check(script: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut lines = script.lines().enumerate();
    match lines.next() {
        Some((_, l)) if l.trim_end() == "#!ipxe" => {}
        _ => problems.push("line 1: a script must start with `#!ipxe`".to_string()),
    }
    let labels: BTreeSet<&str> = script
        .lines()
        .filter_map(|l| l.trim().strip_prefix(':'))
        .collect();
    for (i, line) in lines {
        let n = i + 1;
        let text = line.trim();
        if text.is_empty() || text.starts_with(':') {
            continue;
        }
        let words: Vec<&str> = text
            .split_whitespace()
            .take_while(|w| !w.starts_with('#'))
            .collect();
        if words.is_empty() {
            continue;
        }
        for command in words.split(|w| matches!(*w, "||" | "&&" | ";")) {
            if let Err(e) = check_command(command, &labels) {
                problems.push(format!("line {n}: {e}: {text}"));
            }
        }
    }
    problems
}

fn check_command(words: &[&str], labels: &BTreeSet<&str>) -> Result<(), String> {
    let Some((&name, args)) = words.split_first() else {
        return Err("empty command next to an operator".into());
    };
    for w in words {
        if w.matches("${").count() != w.matches('}').count() {
            return Err(format!("unbalanced `${{…}}` in `{w}`"));
        }
    }
    if IMAGE_COMMANDS.contains(&name) {
        let mut rest = args;
        while let Some((&opt, tail)) = rest.split_first() {
            match opt {
                "--autofree" | "-a" | "--replace" | "-r" => rest = tail,
                "--name" | "-n" | "--timeout" | "-t" => {
                    if tail.is_empty() {
                        return Err(format!("`{opt}` needs a value"));
                    }
                    rest = &tail[1..];
                }
                o if o.starts_with('-') => return Err(format!("`{name}` has no option `{o}`")),
                _ => break,
            }
        }
        let Some(uri) = rest.first() else {
            return Err(format!("`{name}` needs an image URI"));
        };
        if !(uri.contains("://") || uri.starts_with("${") || !uri.contains(':')) {
            return Err(format!("`{uri}` is not a URI"));
        }
        return Ok(());
    }
    let Some(&(_, min, max)) = COMMANDS.iter().find(|(c, _, _)| *c == name) else {
        return Err(format!("unknown command `{name}`"));
    };
    let plain = if name == "echo" {
        args.iter().filter(|a| **a != "-n").count()
    } else {
        args.len()
    };
    if plain < min || plain > max {
        return Err(format!(
            "`{name}` takes {min}..{max} arguments, not {plain}"
        ));
    }
    match name {
        "goto" if !labels.contains(args[0]) => Err(format!("no label `:{}`", args[0])),
        "sleep" if !(args[0].parse::<u32>().is_ok() || args[0].starts_with("${")) => {
            Err(format!("`sleep` needs whole seconds, not `{}`", args[0]))
        }
        "exit" if args.first().is_some_and(|a| a.parse::<u32>().is_err()) => {
            Err(format!("`exit` takes a number, not `{}`", args[0]))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_good_script_and_finds_each_kind_of_mistake() {
        let good = "#!ipxe\n# c\n:retry\nkernel --name k http://h/k a=b ds=x;s=y || goto retry\nsleep 10\nchain --replace --autofree http://h/${mac:hexhyp}.ipxe || goto retry\nexit\n";
        assert_eq!(check(good), Vec::<String>::new());
        let bad = "#!ipxe\nkernal http://h/k\ngoto nowhere\nsleep soon\nchain --bogus http://h/x\ninitrd\necho ${mac\nkernel http://h/k ||\n";
        let p = check(bad);
        assert_eq!(p.len(), 7, "{p:#?}");
        assert!(p[0].contains("unknown command `kernal`"));
        assert!(p[1].contains("no label `:nowhere`"));
        assert!(p[2].contains("whole seconds"));
        assert!(p[3].contains("no option `--bogus`"));
        assert!(p[4].contains("needs an image URI"));
        assert!(p[5].contains("unbalanced"));
        assert!(p[6].contains("empty command"));
        assert_eq!(check("kernel x\n").len(), 1, "no signature");
    }
}
