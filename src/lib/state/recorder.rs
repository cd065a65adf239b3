//! Recording without slowing anyone down: callers hand events to a bounded queue and
//! never wait (a full queue drops the event and counts it); one thread takes them in
//! batches and appends them to the [`Journal`]. [`Recorder::stop`] writes what is queued
//! and ends the thread.

use super::{Event, Journal};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TryRecvError, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The most events a batch holds.
const BATCH: usize = 1024;

enum Msg {
    Event(Event),
    Stop,
}

/// The queue in front of the writer thread.
pub struct Recorder {
    journal: Journal,
    tx: SyncSender<Msg>,
    dropped: Arc<AtomicU64>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// The latest events per node, read incrementally for the SMD routes.
    cache: super::LatestCache,
}

impl Recorder {
    /// Starts the writer thread for `journal`, with room for `capacity` waiting events.
    pub fn start(journal: Journal, capacity: usize) -> std::io::Result<Recorder> {
        let (tx, rx) = sync_channel(capacity.max(1));
        let writer = journal.clone();
        let thread = std::thread::Builder::new()
            .name("state-writer".into())
            .spawn(move || write_loop(&writer, &rx))?;
        Ok(Recorder {
            journal,
            tx,
            dropped: Arc::default(),
            thread: Mutex::new(Some(thread)),
            cache: super::LatestCache::default(),
        })
    }

    /// Queues `e` without waiting; false (and counted) when the queue is full.
    pub fn record(&self, e: Event) -> bool {
        match self.tx.try_send(Msg::Event(e)) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                false
            }
        }
    }

    /// The state file written to (to read the nodes' latest events back, e.g. for SMD's
    /// `State`: one pass over the file per call).
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Each node's latest events in the state file now (read from where the previous
    /// call stopped, see [`super::LatestCache`]).
    pub fn latest(&self) -> Result<Arc<super::Latest>, super::StateError> {
        self.cache.latest(&self.journal)
    }

    /// Events dropped because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Writes what is queued and ends the writer thread (waits for it).
    pub fn stop(&self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = t.join();
        }
    }
}

/// The writer thread: a batch per wakeup, until told to stop or every sender is gone.
fn write_loop(journal: &Journal, rx: &Receiver<Msg>) {
    let mut last_complaint: Option<Instant> = None;
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let mut stop = match rx.recv() {
            Ok(Msg::Event(e)) => {
                batch.push(e);
                false
            }
            Ok(Msg::Stop) | Err(_) => true,
        };
        while !stop && batch.len() < BATCH {
            match rx.try_recv() {
                Ok(Msg::Event(e)) => batch.push(e),
                Ok(Msg::Stop) | Err(TryRecvError::Disconnected) => stop = true,
                Err(TryRecvError::Empty) => break,
            }
        }
        if let Err(e) = journal.append(&batch) {
            // Once a minute at most: a full disk must not fill the log too.
            if last_complaint.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                eprintln!(
                    "{}",
                    serde_json::json!({"event": "state-write-failed", "lost": batch.len(),
                        "error": e.to_string()})
                );
                last_complaint = Some(Instant::now());
            }
        }
        batch.clear();
        if stop {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Kind, DEFAULT_LIMIT};

    #[test]
    fn writes_everything_queued_before_stop_and_drops_when_full() {
        let t = tempfile::tempdir().unwrap();
        let j = Journal::new(t.path(), DEFAULT_LIMIT);
        let r = Recorder::start(j.clone(), 10_000).unwrap();
        for i in 0..500 {
            assert!(r.record(Event::now(&format!("n{i}"), Kind::Seed, None, None)));
        }
        r.stop();
        assert_eq!(j.latest(|_| true).unwrap().0.len(), 500);
        assert_eq!(r.dropped(), 0);
        // The thread is gone: nothing is taken any more, and the queue holds one.
        let r = Recorder::start(j.clone(), 1).unwrap();
        r.stop();
        let took: usize = (0..5)
            .map(|_| usize::from(r.record(Event::now("x", Kind::Seed, None, None))))
            .sum();
        assert!(took <= 1, "{took}");
        assert_eq!(r.dropped(), 5 - took as u64);
    }
}
