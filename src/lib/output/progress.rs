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
