//! Progress spinners on stderr, only on a terminal and never with `-q`.

use super::Printer;
use indicatif::{ProgressBar, ProgressStyle};

/// A spinner with a message for work of unknown length (loading, writing), hidden unless
/// stderr is a terminal and `-q` is off. Call `finish_and_clear` when done.
pub fn spinner(printer: &Printer, message: &str) -> ProgressBar {
    if printer.quiet || !printer.tty {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// A progress bar over `len` steps, hidden unless stderr is a terminal and `-q` is off.
pub fn bar(printer: &Printer, len: u64, message: &str) -> ProgressBar {
    if printer.quiet || !printer.tty {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
