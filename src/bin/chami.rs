//! The `chami` command: everything happens in the library's `run()`.

fn main() -> std::process::ExitCode {
    chami::run().into()
}
