//! The `chami` command: everything happens in the library's `run()`.

// Loading 100,000 small records is allocation-bound; mimalloc makes it ~20% faster. It is
// built without its own request for transparent huge pages (feature `no_thp`): zeroing
// 2 MiB pages of which a thread uses a part cost a 100,000-node build 1.5 s of system
// time (docs/benchmarks.md); the system's THP setting still applies.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    chami::run().into()
}
