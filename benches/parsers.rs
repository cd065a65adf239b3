//! Parser benchmarks: nodeset expressions and YAML records of about 1 MB each, in shapes
//! that were quadratic before (many brackets in one operand, long operator chains, deep
//! nesting). Prints the time and bytes per second of each: `cargo bench --bench parsers`.

use chami::hostlist::NodeSet;
use std::time::Instant;

fn main() {
    let shapes: Vec<(&str, String)> = vec![
        (
            "200,000 brackets in one name",
            (0..200_000).map(|i| format!("x[{}]", i % 10)).collect(),
        ),
        (
            "80,000 ranges joined by `,`",
            (0..80_000)
                .map(|i| format!("n[{}-{}]", i * 10, i * 10 + 3))
                .collect::<Vec<_>>()
                .join(","),
        ),
        (
            "60,000 2-D operands joined by `^`",
            (0..60_000)
                .map(|i| format!("r{}n[{}-{}]", i % 50, i, i + 5))
                .collect::<Vec<_>>()
                .join("^"),
        ),
        (
            "150,000 indexes in one bracket",
            format!(
                "n[{}]",
                (0..150_000)
                    .map(|i| (i * 7).to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        (
            "150,000 names joined by `!`",
            (0..150_000)
                .map(|i| format!("n{i}"))
                .collect::<Vec<_>>()
                .join("!"),
        ),
    ];
    println!(
        "{:<36} {:>9} {:>10} {:>9}",
        "nodeset", "bytes", "seconds", "MB/s"
    );
    for (what, expr) in &shapes {
        let t = Instant::now();
        let set = NodeSet::parse(expr).expect(what);
        let secs = t.elapsed().as_secs_f64();
        std::hint::black_box(set.len());
        println!(
            "{what:<36} {:>9} {secs:>10.3} {:>9.1}",
            expr.len(),
            expr.len() as f64 / secs / 1e6
        );
    }
    println!();
    println!(
        "{:<36} {:>9} {:>10} {:>9}",
        "YAML record", "bytes", "seconds", "MB/s"
    );
    let yaml: Vec<(&str, String)> = vec![
        (
            "1 MB of nested `[` (refused)",
            format!("name: x\nvars:\n  a: {}\n", "[".repeat(1 << 20)),
        ),
        (
            "1 MB quoted string of `[`",
            format!("name: x\nvars:\n  a: \"{}\"\n", "[".repeat(1 << 20)),
        ),
        (
            "20,000 flat vars",
            format!(
                "name: x\nvars:\n{}",
                (0..20_000)
                    .map(|i| format!("  k{i}: [a, b, {{c: {i}}}]\n"))
                    .collect::<String>()
            ),
        ),
    ];
    for (what, text) in &yaml {
        let t = Instant::now();
        let parsed = chami::yaml::from_str::<serde_json::Value>(text);
        let secs = t.elapsed().as_secs_f64();
        std::hint::black_box(parsed.is_ok());
        println!(
            "{what:<36} {:>9} {secs:>10.3} {:>9.1}",
            text.len(),
            text.len() as f64 / secs / 1e6
        );
    }
}
