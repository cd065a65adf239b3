//! Large values a command is done with are left for the process exit to reclaim: freeing
//! a 100,000-node inventory and its render context allocation by allocation costs about
//! 0.2 s of a 2 s run, and the kernel takes the whole address space back at once anyway.
//! Only for values that hold nothing but memory (no files, locks or child processes), and
//! only in one-shot commands, never in `serve`, which loads again on every reload.

/// Keeps `value` alive until the process exits, without running its destructor.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}
