//! A crawl budget per BMC: at most so many requests, so many members read from one
//! collection, and a deadline for the whole conversation. A hostile or broken BMC that
//! lists thousands of resources is cut off, and the cut is recorded (a [`Cut`] in the
//! result and a warning) instead of being silently truncated or running forever.

use super::RedfishError;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// The limits, the same for every BMC of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests sent to one BMC (a retry is part of its request).
    pub max_requests: u64,
    /// Members read from one collection.
    pub max_members: usize,
    /// Time from the first request to the last (the session logout excepted).
    pub deadline: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_requests: 2000,
            max_members: 1024,
            deadline: Duration::from_secs(120),
        }
    }
}

/// Which limit cut the conversation short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "budget", rename_all = "snake_case")]
pub enum Cut {
    /// --max-requests was reached; later requests were not sent.
    Requests {
        /// The limit.
        limit: u64,
    },
    /// A collection listed more members than --max-members; the rest were not read.
    Members {
        /// The collection's URL.
        collection: String,
        /// How many members it listed.
        listed: u64,
        /// The limit.
        limit: u64,
    },
    /// --deadline passed; requests in flight were dropped and no more were sent.
    Deadline {
        /// The limit, in seconds.
        secs: f64,
    },
}

impl Cut {
    /// The cut as a warning line.
    pub fn warning(&self) -> String {
        match self {
            Cut::Requests { limit } => format!(
                "crawl cut after {limit} requests (--max-requests): what was not read yet is left out"
            ),
            Cut::Members {
                collection,
                listed,
                limit,
            } => format!(
                "{collection} lists {listed} members: only the first {limit} were read (--max-members)"
            ),
            Cut::Deadline { secs } => format!(
                "crawl cut at the {secs:.1} s deadline (--deadline): what was not read yet is left out"
            ),
        }
    }
}

/// The budget of one BMC, spent as requests go out.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    deadline: Instant,
    used: AtomicU64,
    cuts: Mutex<Vec<Cut>>,
}

impl Budget {
    /// A fresh budget; the deadline starts now.
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            deadline: Instant::now() + limits.deadline,
            used: AtomicU64::new(0),
            cuts: Mutex::new(vec![]),
        }
    }

    /// When the conversation must be over.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Spends one request on `url`, or says which limit forbids it.
    pub fn spend(&self, url: &str) -> Result<(), RedfishError> {
        if Instant::now() >= self.deadline {
            return Err(self.deadline_passed(url));
        }
        let limit = self.limits.max_requests;
        if self.used.fetch_add(1, Ordering::Relaxed) >= limit {
            self.used.fetch_sub(1, Ordering::Relaxed);
            return Err(self.cut(url, Cut::Requests { limit }));
        }
        Ok(())
    }

    /// Records that the deadline passed while `url` was asked for.
    pub fn deadline_passed(&self, url: &str) -> RedfishError {
        let secs = self.limits.deadline.as_secs_f64();
        self.cut(url, Cut::Deadline { secs })
    }

    /// Keeps the first --max-members of `members`, recording a cut when there were more.
    pub fn cap_members<T>(&self, collection: &str, members: &mut Vec<T>) {
        let limit = self.limits.max_members;
        if members.len() > limit {
            let listed = members.len() as u64;
            members.truncate(limit);
            self.record(Cut::Members {
                collection: collection.to_string(),
                listed,
                limit: limit as u64,
            });
        }
    }

    /// The cuts so far, each once.
    pub fn cuts(&self) -> Vec<Cut> {
        self.cuts.lock().expect("not poisoned").clone()
    }

    fn cut(&self, url: &str, cut: Cut) -> RedfishError {
        let why = cut.warning();
        self.record(cut);
        RedfishError::OverBudget {
            url: url.to_string(),
            why,
        }
    }

    fn record(&self, cut: Cut) {
        let mut cuts = self.cuts.lock().expect("not poisoned");
        if !cuts.contains(&cut) {
            cuts.push(cut);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn requests_members_and_deadline() {
        let b = Budget::new(Limits {
            max_requests: 2,
            max_members: 3,
            deadline: Duration::from_millis(50),
        });
        assert!(b.spend("/a").is_ok() && b.spend("/b").is_ok());
        let e = b.spend("/c").unwrap_err().to_string();
        assert!(e.contains("--max-requests"), "{e}");
        assert!(b.spend("/d").is_err());
        assert_eq!(b.used.load(Ordering::Relaxed), 2);
        let mut v: Vec<u32> = (0..10).collect();
        b.cap_members("/coll", &mut v);
        assert_eq!(v, [0, 1, 2]);
        tokio::time::sleep(Duration::from_millis(60)).await;
        let e = b.spend("/e").unwrap_err().to_string();
        assert!(e.contains("--deadline"), "{e}");
        let cuts = b.cuts();
        assert_eq!(cuts.len(), 3, "each cut once: {cuts:?}");
        assert_eq!(
            serde_json::to_value(&cuts[1]).unwrap(),
            serde_json::json!({"budget": "members", "collection": "/coll", "listed": 10, "limit": 3})
        );
    }
}
