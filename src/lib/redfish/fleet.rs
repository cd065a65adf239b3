//! Running one async job per BMC across a fleet: at most N BMCs at once, each result
//! handed to a callback as soon as it is ready (to print a JSON line and move a
//! progress bar), a failure on one host never stopping the others.

use futures_util::stream::{self, StreamExt};
use std::future::Future;

/// Runs `job` over `items`, `concurrency` at a time, calling `done` with each result in
/// the order they finish.
pub async fn run_fleet<I, T, F, Fut>(
    items: Vec<I>,
    concurrency: usize,
    job: F,
    mut done: impl FnMut(T),
) where
    F: Fn(I) -> Fut,
    Fut: Future<Output = T>,
{
    let mut s = stream::iter(items)
        .map(job)
        .buffer_unordered(concurrency.max(1));
    while let Some(r) = s.next().await {
        done(r);
    }
}
