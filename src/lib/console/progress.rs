//! Progress on stderr: spinners and bars, only on a terminal, never with `-q`, and only
//! drawn once the work has taken [`SHOW_AFTER`] (a 60 ms command shows nothing).

use super::Printer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// How long work runs before its progress is drawn.
pub const SHOW_AFTER: Duration = Duration::from_millis(200);

/// A spinner with a message for work of unknown length (loading, writing), hidden unless
/// stderr is a terminal and `-q` is off. Change the message per phase with
/// `set_message`; call `finish_and_clear` when done.
pub fn spinner(printer: &Printer, message: &str) -> ProgressBar {
    if printer.quiet || !printer.tty {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    show_later(bar)
}

/// A progress bar over `len` steps with count, rate and time left, hidden unless stderr
/// is a terminal and `-q` is off.
pub fn bar(printer: &Printer, len: u64, message: &str) -> ProgressBar {
    if printer.quiet || !printer.tty {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {human_pos}/{human_len} ({per_sec}, {elapsed}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(200));
    show_later(bar)
}

/// Draws `bar` on stderr once [`SHOW_AFTER`] has passed, unless it is finished by then.
fn show_later(bar: ProgressBar) -> ProgressBar {
    // Weak: a bar dropped early (an error) is not kept alive, nor drawn by this thread.
    let later = bar.downgrade();
    let spawned = std::thread::Builder::new()
        .name("progress".into())
        .spawn(move || {
            std::thread::sleep(SHOW_AFTER);
            if let Some(bar) = later.upgrade().filter(|b| !b.is_finished()) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        });
    if spawned.is_err() {
        // No thread to wait with: show it now rather than never.
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
    bar
}
