//! Progress bars on stderr, only on a terminal and never with `-q`.

use super::Printer;
use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar of `len` steps, hidden unless stderr is a terminal and `-q` is off.
pub fn progress_bar(printer: &Printer, len: u64, message: &str) -> ProgressBar {
    if printer.quiet || !printer.tty {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar
}
