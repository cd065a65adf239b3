//! Differential tests of `chami::hostlist` against the real ClusterShell: random node sets
//! and expressions are folded and expanded by both, and must give the same answers byte for
//! byte; a few cases also go through the `nodeset` command-line tool itself.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use chami::hostlist::NodeSet;

use crate::harness;

/// The interpreter that can import ClusterShell (Debian's `clustershell` package).
const PYTHON: &str = "/usr/bin/python3";

/// Reads the case file given as argv[1], one case a line (tab-separated fields:
/// kind, chami's Slurm fold, then the names or the expression) and prints one line per
/// case: `OK`, fold, count, fold with `fold_axis=[-1]`, whether chami's Slurm fold
/// re-parses to the same set, whether ClusterShell's own fold does, then the expanded
/// names; or `ERR` and the error.
const CLUSTERSHELL_SCRIPT: &str = r#"
import sys
from ClusterShell.NodeSet import NodeSet, RESOLVER_NOGROUP

def clean(text):
    return str(text).replace("\t", " ").replace("\n", " ")

def describe(ns, chami_slurm):
    fold = str(ns)
    ns.fold_axis = (-1,)
    slurm = str(ns)
    ns.fold_axis = None
    try:
        again = NodeSet(chami_slurm, resolver=RESOLVER_NOGROUP)
        if again == ns and len(again) == len(ns):
            reparse = "same"
        else:
            reparse = "differs: " + str(again)
    except Exception as exc:
        reparse = "error: " + clean(exc)
    # ClusterShell's own fold does not always re-parse to the same set: a negative index
    # (n[-3]) prints as "n-3", which is another node.
    own = "same" if NodeSet(fold, resolver=RESOLVER_NOGROUP) == ns else "differs"
    return ["OK", fold, str(len(ns)), slurm, reparse, own] + list(ns)

with open(sys.argv[1], encoding="utf-8") as cases:
    for line in cases:
        fields = line.rstrip("\n").split("\t")
        kind, chami_slurm, rest = fields[0], fields[1], fields[2:]
        try:
            if kind == "N":
                ns = NodeSet.fromlist(rest, resolver=RESOLVER_NOGROUP)
            else:
                ns = NodeSet(rest[0], resolver=RESOLVER_NOGROUP)
            result = describe(ns, chami_slurm)
        except Exception as exc:
            result = ["ERR", type(exc).__name__ + ": " + clean(exc)]
        sys.stdout.write("\t".join(result) + "\n")
"#;

/// One differential case: a list of names to fold, or an expression to parse.
enum Case {
    Names(Vec<String>),
    Expr(String),
}

impl Case {
    fn describe(&self) -> String {
        match self {
            Case::Names(names) => format!("names {names:?}"),
            Case::Expr(e) => format!("expression {e:?}"),
        }
    }

    /// chami's view of the case.
    fn chami(&self) -> Result<NodeSet, String> {
        match self {
            Case::Names(names) => Ok(names.iter().map(String::as_str).collect()),
            Case::Expr(e) => NodeSet::parse(e).map_err(|e| e.to_string()),
        }
    }
}

/// Is ClusterShell importable? Otherwise skip (or fail under CHAMI_REQUIRE_INTEROP=1).
fn clustershell_python(test: &str) -> Option<PathBuf> {
    let python = harness::interop_program(test, PYTHON)?;
    let out = harness::run(Command::new(&python).args(["-c", "import ClusterShell.NodeSet"]));
    if !out.status.success() {
        harness::skip_or_fail(
            test,
            &format!(
                "ClusterShell is not importable by {PYTHON} (apt-get install clustershell): {}",
                harness::stderr(&out).trim()
            ),
        );
        return None;
    }
    Some(python)
}

// ----------------------------------------------------------------------------------------
// Random cases
// ----------------------------------------------------------------------------------------

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// A random index, sometimes zero-padded.
fn index(rng: &mut fastrand::Rng, max: u32, width: usize) -> String {
    let v = rng.u32(0..=max);
    if width > 0 {
        format!("{v:0width$}")
    } else {
        v.to_string()
    }
}

/// One name of a given shape.
fn random_name(rng: &mut fastrand::Rng, shape: u32) -> String {
    match shape {
        // 1-D, no padding
        0 => format!(
            "{}{}",
            pick(rng, &["n", "node", "cn", "gpu-"]),
            rng.u32(0..60)
        ),
        // 1-D, padded
        1 => {
            let w = rng.usize(2..=4);
            format!("{}{}", pick(rng, &["nid", "c"]), index(rng, 40, w))
        }
        // 1-D, mixed padding of one prefix (a1, a01, a001, a10...)
        2 => {
            let w = rng.usize(0..=3);
            format!("a{}", index(rng, 12, w))
        }
        // 2-D
        3 => format!("r{}n{:02}", rng.u32(1..=4), rng.u32(1..=20)),
        // 3-D
        4 => format!("r{}c{}n{}", rng.u32(0..3), rng.u32(0..3), rng.u32(0..12)),
        // HPE/Cray-like, five digit groups
        5 => format!(
            "x{}c{}s{}b{}n{}",
            pick(rng, &["1000", "1001", "3000"]),
            rng.u32(0..2),
            rng.u32(0..8),
            rng.u32(0..2),
            rng.u32(0..4)
        ),
        // no digits
        6 => pick(rng, &["login", "admin", "mgmt", "login-a", "gw"]).to_string(),
        // digits at the start or in the middle, and suffixes
        7 => match rng.u32(0..4) {
            0 => format!("{}a", rng.u32(0..15)),
            1 => format!("n{}-ib", rng.u32(0..15)),
            2 => format!("{}b{}-ib", rng.u32(0..3), rng.u32(0..9)),
            _ => format!("rack{}-sw{}", rng.u32(1..4), rng.u32(0..3)),
        },
        // 2-D with mixed padding on both axes
        _ => {
            let (w1, w2) = (rng.usize(0..=2), rng.usize(0..=2));
            format!("s{}p{}", index(rng, 9, w1), index(rng, 11, w2))
        }
    }
}

/// A random set of names: one or several shapes, sparse or dense, in random order.
fn random_names(rng: &mut fastrand::Rng) -> Vec<String> {
    let mut names = Vec::new();
    let shapes = rng.usize(1..=3);
    for _ in 0..shapes {
        let shape = rng.u32(0..9);
        match rng.u32(0..4) {
            // a full product with a few holes: exercises n-D folding into rectangles
            0 if (3..=5).contains(&shape) => {
                let (a, b) = (rng.u32(1..4), rng.u32(1..10));
                for i in 0..a {
                    for j in 0..b {
                        if rng.u32(0..8) != 0 {
                            names.push(match shape {
                                3 => format!("r{}n{:02}", i + 1, j + 1),
                                4 => format!("r{i}c{}n{j}", j % 2),
                                _ => format!("x1000c0s{i}b0n{j}"),
                            });
                        }
                    }
                }
            }
            _ => {
                for _ in 0..rng.usize(1..40) {
                    names.push(random_name(rng, shape));
                }
            }
        }
    }
    rng.shuffle(&mut names);
    // duplicates must not matter
    if rng.bool() && !names.is_empty() {
        let dup = names[rng.usize(..names.len())].clone();
        names.push(dup);
    }
    names
}

/// A random operand of an expression.
fn random_operand(rng: &mut fastrand::Rng) -> String {
    let lo = rng.u32(0..20);
    let hi = lo + rng.u32(0..15);
    match rng.u32(0..17) {
        0 => {
            let shape = rng.u32(0..9);
            random_name(rng, shape)
        }
        1 => format!("n[{lo}-{hi}]"),
        2 => format!("n[{lo}-{hi},{}]", hi + rng.u32(2..9)),
        3 => format!("nid[{lo:03}-{hi:03}]"),
        4 => format!("a[{lo}-{hi}/{}]", rng.u32(1..4)),
        5 => format!("r[1-{}]n[{:02}-{:02}]", rng.u32(1..4), lo + 1, hi + 1),
        6 => format!("r{}n[{lo}-{hi}]", rng.u32(1..4)),
        7 => format!(
            "x[1000-{}]c0s[0-{}]b0n[0-3]",
            1000 + rng.u32(0..2),
            rng.u32(0..7)
        ),
        8 => format!(
            "a[{},0{},00{}]",
            rng.u32(0..10),
            rng.u32(0..10),
            rng.u32(0..10)
        ),
        9 => format!("n1[{}-{}]", rng.u32(0..5), rng.u32(5..10)),
        10 => format!("n[{}-{}]0", rng.u32(0..3), rng.u32(3..6)),
        11 => format!("r[{}]c[0-1]n[{lo}-{hi}]", rng.u32(0..3)),
        12 => pick(rng, &["login", "login[1-2]", "mgmt", "[1-3]a", "n[1-2]-ib"]).to_string(),
        13 => format!(
            "s[{},{:02}]p[{}-{}]",
            rng.u32(0..5),
            rng.u32(0..12),
            lo % 10,
            hi % 10 + 9
        ),
        14 => format!("n[{lo:02}-{hi}]"),
        // rarer syntax: digits next to brackets, spaces, signs, huge or non-ASCII indexes
        15 => pick(
            rng,
            &[
                "n0[1-3]",
                "n[1-3]00",
                "n1[01-03]",
                "r[1-2]n0[1-2]",
                "n[ 1 - 3 , 5 ]",
                "n[+1-3]",
                "n[1_0-1_2]",
                "n[05 /1]",
                "n[7-0-3]",
                "n[-5--2]",
                "n[-12-3]",
                "a%b[1-3]",
                "n[99999999999999999998-100000000000000000001]",
                "n123456789012345678901234567890",
                "n[٣-٥],n٧",
                "n[1-4]-ib[0-1]",
                "[0-2]n[0-1]",
                "n[0-9,10-11,100]",
                "n[98-101],n[099-100]",
            ],
        )
        .to_string(),
        // rarely, something ClusterShell rejects
        _ => pick(
            rng,
            &[
                "n[5-3]",
                "a[1",
                "a]",
                "n[01-5]",
                "a[1][2]",
                "n[1-3/0]",
                "n[]",
                "n[1,]",
                "a[x]",
                "n[1-2/2]0",
                "n[-2-1]",
                "n[-3]",
            ],
        )
        .to_string(),
    }
}

/// A random expression: operands joined by random operators, with random spacing.
fn random_expr(rng: &mut fastrand::Rng) -> String {
    let mut e = random_operand(rng);
    for _ in 0..rng.usize(0..4) {
        let op = pick(rng, &[",", ",", "!", "&", "^"]);
        let space = if rng.u32(0..5) == 0 { " " } else { "" };
        write!(e, "{space}{op}{space}{}", random_operand(rng)).unwrap();
    }
    if rng.u32(0..20) == 0 {
        e = format!("  {e} ");
    }
    e
}

// ----------------------------------------------------------------------------------------
// Comparison
// ----------------------------------------------------------------------------------------

/// Splits a fold on the commas outside brackets.
fn top_level_elements(fold: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in fold.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&fold[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&fold[start..]);
    out
}

/// Checks chami's answers for one case against ClusterShell's output line; returns the
/// differences found.
fn compare(case: &Case, chami: &Result<NodeSet, String>, cs_line: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let fields: Vec<&str> = cs_line.split('\t').collect();
    match (chami, fields[0]) {
        (Err(e), "ERR") => {
            // both refuse the expression
            let _ = e;
        }
        (Err(e), _) => problems.push(format!(
            "chami refused it ({e}) but ClusterShell folds it to {:?}",
            fields.get(1).unwrap_or(&"")
        )),
        (Ok(set), "ERR") => problems.push(format!(
            "chami accepted it (fold {:?}) but ClusterShell refused it: {}",
            set.fold(),
            fields.get(1).unwrap_or(&"")
        )),
        (Ok(set), _) => {
            let (cs_fold, cs_len, cs_slurm, cs_reparse) =
                (fields[1], fields[2], fields[3], fields[4]);
            // Where ClusterShell's own fold is ambiguous (negative indexes), only the exact
            // strings are compared, not the round trips.
            let round_trips = fields[5] == "same";
            let cs_names: Vec<&str> = fields[6..]
                .iter()
                .copied()
                .filter(|s| !s.is_empty())
                .collect();
            let fold = set.fold();
            if fold != cs_fold {
                problems.push(format!("fold: chami {fold:?}, ClusterShell {cs_fold:?}"));
            }
            let names = set.to_vec();
            if names != cs_names {
                problems.push(format!(
                    "expansion: chami {names:?}, ClusterShell {cs_names:?}"
                ));
            }
            if set.len().to_string() != cs_len {
                problems.push(format!("count: chami {}, ClusterShell {cs_len}", set.len()));
            }
            let slurm = set.fold_slurm();
            if slurm != cs_slurm {
                problems.push(format!(
                    "fold_slurm: chami {slurm:?}, ClusterShell (fold_axis=[-1]) {cs_slurm:?}"
                ));
            }
            if !round_trips {
                return problems;
            }
            if cs_reparse != "same" {
                problems.push(format!(
                    "fold_slurm {slurm:?} re-parsed by ClusterShell is not the same set: {cs_reparse}"
                ));
            }
            match NodeSet::parse(&slurm) {
                Ok(again) if again == *set => {}
                Ok(again) => problems.push(format!(
                    "fold_slurm {slurm:?} re-parsed by chami is {:?}, not the same set",
                    again.fold()
                )),
                Err(e) => problems.push(format!(
                    "fold_slurm {slurm:?} does not re-parse in chami: {e}"
                )),
            }
            for elem in top_level_elements(&slurm) {
                if elem.matches('[').count() > 1 {
                    problems.push(format!("fold_slurm element {elem:?} has several brackets"));
                }
            }
            match NodeSet::parse(&fold) {
                Ok(again) if again == *set => {}
                _ => problems.push(format!(
                    "fold {fold:?} does not re-parse in chami to the same set"
                )),
            }
            if let Case::Names(input) = case {
                let distinct: BTreeSet<&str> = input.iter().map(String::as_str).collect();
                if let Some(missing) = distinct.iter().find(|n| !set.contains(n)) {
                    problems.push(format!("contains({missing:?}) is false"));
                }
                // the same names added one at a time
                let mut one_by_one = NodeSet::new();
                for name in input {
                    one_by_one.insert(name);
                }
                if one_by_one != *set || one_by_one.fold() != fold || one_by_one.to_vec() != names {
                    problems.push(format!(
                        "insert() one by one gives {:?}, collect() gives {fold:?}",
                        one_by_one.fold()
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn nodeset_differential_random() {
    let test = "nodeset_differential_random";
    let Some(python) = clustershell_python(test) else {
        return;
    };
    // CHAMI_HOSTLIST_SEED and CHAMI_HOSTLIST_CASES allow longer soak runs.
    let env_num = |var: &str, default: u64| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let seed = env_num("CHAMI_HOSTLIST_SEED", 0x00c1_a5e7_2024);
    let mut rng = fastrand::Rng::with_seed(seed);
    let per_kind = env_num("CHAMI_HOSTLIST_CASES", 3000) / 2;
    let mut cases: Vec<Case> = Vec::new();
    for _ in 0..per_kind {
        cases.push(Case::Names(random_names(&mut rng)));
    }
    for _ in 0..per_kind {
        cases.push(Case::Expr(random_expr(&mut rng)));
    }

    let started = std::time::Instant::now();
    let results: Vec<Result<NodeSet, String>> = cases.iter().map(Case::chami).collect();
    let mut input = String::new();
    for (case, result) in cases.iter().zip(&results) {
        let slurm = result.as_ref().map(NodeSet::fold_slurm).unwrap_or_default();
        let fields: Vec<&str> = match case {
            Case::Names(names) => names.iter().map(String::as_str).collect(),
            Case::Expr(e) => vec![e.as_str()],
        };
        assert!(
            fields.iter().all(|f| !f.contains(['\t', '\n'])),
            "generated case cannot be written: {}",
            case.describe()
        );
        let kind = if matches!(case, Case::Names(_)) {
            "N"
        } else {
            "E"
        };
        writeln!(input, "{kind}\t{slurm}\t{}", fields.join("\t")).unwrap();
    }
    let chami_time = started.elapsed();
    let path =
        std::env::temp_dir().join(format!("chami-hostlist-cases-{}.txt", std::process::id()));
    std::fs::write(&path, &input).unwrap();
    let out = harness::run(
        Command::new(&python)
            .arg("-c")
            .arg(CLUSTERSHELL_SCRIPT)
            .arg(&path),
    );
    // CHAMI_KEEP_CASES=1 keeps the case file for debugging.
    if std::env::var_os("CHAMI_KEEP_CASES").is_none() {
        let _ = std::fs::remove_file(&path);
    }
    let cs_time = started.elapsed() - chami_time;
    assert!(
        out.status.success(),
        "the ClusterShell script failed: {}",
        harness::stderr(&out)
    );
    let stdout = harness::stdout(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        cases.len(),
        "ClusterShell answered {} cases of {}",
        lines.len(),
        cases.len()
    );

    let mut failures = Vec::new();
    let mut errors_agreed = 0;
    for ((case, result), line) in cases.iter().zip(&results).zip(&lines) {
        if result.is_err() && line.starts_with("ERR") {
            errors_agreed += 1;
        }
        let problems = compare(case, result, line);
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n    {}",
                case.describe(),
                problems.join("\n    ")
            ));
        }
    }
    eprintln!(
        "{test}: {} cases (seed {seed:#x}) compared with ClusterShell ({} rejected by both), \
         {} mismatches (chami {chami_time:?}, ClusterShell {cs_time:?})",
        cases.len(),
        errors_agreed,
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from ClusterShell; first ones:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn nodeset_cli_fold_expand_count() {
    let test = "nodeset_cli_fold_expand_count";
    let Some(nodeset) = harness::interop_program(test, "nodeset") else {
        return;
    };
    let exprs = [
        "nid[001-128,200]",
        "r[1-2]n[01-48]!r2n[10-20]",
        "x1000c0s[0-7]b0n[0-1],x1000c1s0b0n0",
        "a1,a01,a001,a[2-3]",
        "n[1-9/2]^n[3-5],login",
        "r1n1,r1n2,r2n1,r2n2,r3n1",
        "node[1-20]&node[15-30]",
        "n[8-12],n[08-10]",
    ];
    for expr in exprs {
        let set =
            NodeSet::parse(expr).unwrap_or_else(|e| panic!("chami cannot parse {expr:?}: {e}"));
        for (flag, ours) in [
            ("-f", set.fold()),
            ("-e", set.to_vec().join(" ")),
            ("-c", set.len().to_string()),
            ("-f --axis=-1", set.fold_slurm()),
        ] {
            let mut cmd = Command::new(&nodeset);
            cmd.args(flag.split(' ')).arg(expr);
            let out = harness::run(&mut cmd);
            assert!(
                out.status.success(),
                "nodeset {flag} {expr:?} failed: {}",
                harness::stderr(&out)
            );
            let theirs = harness::stdout(&out).trim_end_matches('\n').to_string();
            assert_eq!(
                ours, theirs,
                "nodeset {flag} {expr:?}: chami printed {ours:?}, ClusterShell printed {theirs:?}"
            );
        }
    }
}

/// Runs a program with `input` on stdin and returns its stdout (it must succeed).
fn with_stdin(cmd: &mut Command, input: &str) -> String {
    let out = harness::run_stdin(cmd, input);
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        harness::stderr(&out)
    );
    harness::stdout(&out)
}

/// `chami hostlist` on names from stdin (its byte-level path) against `nodeset` on the
/// same input: padded and unpadded indexes, several patterns, names without digits,
/// duplicates, scattered 4-D xnames, and a few expressions among the names.
#[test]
fn nodeset_cli_names_on_stdin() {
    let test = "nodeset_cli_names_on_stdin";
    let Some(nodeset) = harness::interop_program(test, "nodeset") else {
        return;
    };
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    for round in 0..4 {
        let mut lines: Vec<String> = (0..3000)
            .map(|_| {
                let shape = rng.u32(0..9);
                random_name(&mut rng, shape)
            })
            .collect();
        for x in 1000..1004 {
            for c in 0..4 {
                for s in 0..8 {
                    for n in 0..4 {
                        if rng.u32(0..5) != 0 {
                            lines.push(format!("x{x}c{c}s{s}b0n{n}"));
                        }
                    }
                }
            }
        }
        for i in 0..2000 {
            lines.push(format!("cn{:06}", i * (round + 1)));
        }
        lines.extend(["n[1-40]", "r[1-2]n[01-03]", ""].map(String::from));
        rng.shuffle(&mut lines);
        let input = lines.join("\n") + "\n";
        for flag in ["-f", "-c"] {
            let ours = with_stdin(harness::chami().args(["hostlist", flag]), &input);
            let theirs = with_stdin(Command::new(&nodeset).arg(flag), &input);
            assert_eq!(
                ours, theirs,
                "round {round}, {flag}: chami and nodeset differ on stdin"
            );
        }
    }
}
