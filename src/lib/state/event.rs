//! One event: a node, what happened, when, from which address, and a detail (the seed
//! file, the boot file's path, the power state). One JSON line each, never longer than
//! [`MAX_LINE`] bytes, so that an append is one `write(2)` of whole lines.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The longest line written or read (PIPE_BUF on Linux): a longer detail is cut.
pub const MAX_LINE: usize = 4096;

/// What a node did or was seen doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Fetched its iPXE boot script.
    Script,
    /// Fetched its kernel.
    Kernel,
    /// Fetched its initrd.
    Initrd,
    /// Fetched its root image.
    Root,
    /// Fetched a cloud-init seed file.
    Seed,
    /// Its BMC reported its power state (`detail`: Redfish's PowerState).
    Power,
}

impl Kind {
    /// Every kind, in boot order.
    pub const ALL: [Kind; 6] = [
        Kind::Script,
        Kind::Kernel,
        Kind::Initrd,
        Kind::Root,
        Kind::Seed,
        Kind::Power,
    ];

    /// The name written in the file.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Script => "script",
            Kind::Kernel => "kernel",
            Kind::Initrd => "initrd",
            Kind::Root => "root",
            Kind::Seed => "seed",
            Kind::Power => "power",
        }
    }
}

/// One line of the state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The node's name in the inventory.
    pub node: String,
    /// What happened.
    pub what: Kind,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The address it came from (the BMC's for power).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<IpAddr>,
    /// The seed file, the boot file's path, the power state, the script's route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Event {
    /// An event of now.
    pub fn now(node: &str, what: Kind, from: Option<IpAddr>, detail: Option<String>) -> Event {
        Event {
            node: node.to_string(),
            what,
            at: super::rfc3339(std::time::SystemTime::now()),
            from,
            detail,
        }
    }

    /// The event as one line with its newline, at most [`MAX_LINE`] bytes (the detail cut
    /// at a character boundary when needed; `None` when even without it the line is too
    /// long, i.e. the node name is absurd).
    pub fn line(&self) -> Option<String> {
        let text = |e: &Event| {
            serde_json::to_string(e).ok().map(|mut s| {
                s.push('\n');
                s
            })
        };
        let line = text(self)?;
        if line.len() <= MAX_LINE {
            return Some(line);
        }
        // Escapes make the written detail longer than the text: halve until it fits.
        let mut cut = self.clone();
        let detail = cut.detail.take().unwrap_or_default();
        let mut end = detail.len().min(MAX_LINE);
        loop {
            while !detail.is_char_boundary(end) {
                end -= 1;
            }
            cut.detail = (end > 0).then(|| detail[..end].to_string());
            let line = text(&cut)?;
            if line.len() <= MAX_LINE {
                return Some(line);
            }
            if end == 0 {
                return None;
            }
            end /= 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_line_and_bounded() {
        let e = Event::now(
            "n1",
            Kind::Seed,
            "10.0.0.5".parse().ok(),
            Some("user-data".into()),
        );
        let line = e.line().unwrap();
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        assert!(line.contains(r#""what":"seed""#), "{line}");
        assert_eq!(serde_json::from_str::<Event>(&line).unwrap(), e);
        let long = Event::now("n1", Kind::Kernel, None, Some("é\n".repeat(5000)));
        let line = long.line().unwrap();
        assert!(line.len() <= MAX_LINE, "{}", line.len());
        assert_eq!(
            line.matches('\n').count(),
            1,
            "newlines in a detail are escaped"
        );
        let back: Event = serde_json::from_str(&line).unwrap();
        assert!(back.detail.unwrap().starts_with("é\n"));
        assert_eq!(
            Event::now(&"x".repeat(5000), Kind::Root, None, None).line(),
            None
        );
    }
}
