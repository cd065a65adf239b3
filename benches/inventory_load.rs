//! Phase timings of loading and linting an existing inventory folder:
//! `cargo bench --bench inventory_load -- DIR` (make DIR with scripts/bench-inventory.sh,
//! or any inventory). Prints the time of each phase, best of 3.

use rayon::prelude::*;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

fn best<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..3 {
        let t = Instant::now();
        out = Some(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("{label:<40} {:>8.3} s", best);
    out.unwrap()
}

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        println!("usage: cargo bench --bench inventory_load -- INVENTORY_DIR");
        return;
    };
    let root = std::path::PathBuf::from(dir);
    chami::inventory::use_cache_dir(chami::settings::caches_dir());
    let confined = chami::inventory::confine::Confined::new(&root);
    let files = best("list node files", || {
        chami::inventory::load::record_files(&confined, &root.join("nodes"))
    });
    println!("{} node files", files.len());
    let texts: Vec<String> = best("read node files (parallel)", || {
        files
            .par_iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    });
    best("parse node YAML (parallel)", || {
        texts
            .par_iter()
            .map(|t| chami::yaml::from_str::<chami::inventory::model::Node>(t).unwrap())
            .collect::<Vec<_>>()
            .len()
    });
    best("parse node YAML (1 thread)", || {
        texts
            .iter()
            .map(|t| chami::yaml::from_str::<chami::inventory::model::Node>(t).unwrap())
            .collect::<Vec<_>>()
            .len()
    });
    best("load, no cache (read + parse + assemble)", || {
        chami::inventory::load::load_uncached(&root)
    });
    best("stat node files (parallel)", || {
        files
            .par_iter()
            .filter_map(|p| confined.check(p).ok())
            .map(|(_, meta)| chami::inventory::cache::Stamp::of_meta(&meta))
            .count()
    });
    best("read node files, checked (parallel)", || {
        files.par_iter().map(|p| confined.read(p).unwrap()).count()
    });
    let loaded = best("load, parse cache warm", || chami::inventory::load(&root));
    best("lint rules", || {
        chami::inventory::lint::lint(&loaded).errors
    });
}
