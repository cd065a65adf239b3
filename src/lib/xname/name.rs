//! [`Xname`]: a validated, normalized xname, its parsing, formatting, order and serde.

use super::*;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A validated, normalized xname: its type and its numbers.
///
/// Ordering is by location: segment by segment, first the tag letter and then
/// the number (numerically), a component sorting right before its
/// sub-components; so `x1000c0s2b0n0 < x1000c0s10b0n0` and
/// `x1000c0 < x1000c0s0 < x1000c1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Xname {
    pub(super) kind: XnameType,
    pub(super) len: u8,
    /// Numbers of the segments; the slots past `len` are always zero.
    pub(super) ordinals: [u32; MAX_SEGMENTS],
}

/// One "tag + number" piece of the input.
#[derive(Debug)]
pub(super) struct Token<'a> {
    pub(super) tag: &'a str,
    pub(super) digits: &'a str,
    /// `None` when the digits are missing or too large for `u32`.
    pub(super) value: Option<u32>,
}

impl Xname {
    /// Parses and validates an xname.
    ///
    /// Surrounding white space is ignored, upper case letters and leading
    /// zeros are accepted (and normalized away: `X0001C00` is `x1c0`).
    pub fn parse(s: &str) -> Result<Xname, XnameError> {
        let input = s.trim();
        if input.is_empty() {
            return Err(XnameError::Empty);
        }
        let lower = input.to_ascii_lowercase();
        let tokens = tokenize(input, &lower)?;
        let tags: Vec<&str> = tokens.iter().map(|t| t.tag).collect();

        if let Some(missing) = tokens.iter().find(|t| t.digits.is_empty()) {
            let example = match find_spec(&tags) {
                Some(spec) => format!("{} for a {}", fill_example(spec, &tokens), spec.name),
                None => "x1000c0s3b0n0 for a Node".to_string(),
            };
            return Err(XnameError::MissingNumber {
                input: input.to_string(),
                tag: missing.tag.to_string(),
                example,
            });
        }
        if let Some(big) = tokens.iter().find(|t| t.value.is_none()) {
            return Err(XnameError::NumberTooLarge {
                input: input.to_string(),
                tag: big.tag.to_string(),
                digits: big.digits.to_string(),
            });
        }

        let spec = find_spec(&tags).ok_or_else(|| XnameError::UnknownLayout {
            input: input.to_string(),
            reason: layout_reason(&tokens),
        })?;
        let values: Vec<u32> = tokens.iter().filter_map(|t| t.value).collect();
        Self::build(spec, &values, input)
    }

    /// Builds an xname of type `kind` from its numbers (one per segment of
    /// the pattern, e.g. `[1000, 0, 3, 0, 1]` for a Node), checking ranges.
    pub fn new(kind: XnameType, ordinals: &[u32]) -> Result<Xname, XnameError> {
        let spec = kind.spec();
        if !spec.accepts_count(ordinals.len()) {
            return Err(XnameError::WrongOrdinalCount {
                kind,
                pattern: spec.pattern,
                expected: spec.count_text(),
                got: ordinals.len(),
                example: spec.example,
            });
        }
        let text = format_segments(spec.segments, ordinals);
        Self::build(spec, ordinals, &text)
    }

    /// Range-checks `values` against `spec` (whose tags already match).
    pub(super) fn build(spec: &TypeSpec, values: &[u32], input: &str) -> Result<Xname, XnameError> {
        let mut ordinals = [0; MAX_SEGMENTS];
        for (i, (segment, &value)) in spec.segments.iter().zip(values).enumerate() {
            if !segment.contains(value) {
                return Err(XnameError::OutOfRange {
                    input: input.to_string(),
                    kind: spec.kind,
                    field: segment.label,
                    value,
                    min: segment.min,
                    max: segment.max,
                    example: spec.example,
                });
            }
            ordinals[i] = value;
        }
        Ok(Xname {
            kind: spec.kind,
            // At most MAX_SEGMENTS (7), so this cannot truncate.
            len: values.len() as u8,
            ordinals,
        })
    }

    /// The component type.
    pub fn kind(&self) -> XnameType {
        self.kind
    }

    /// The normalized text: lower case, no leading zeros (`x0001c0` -> `x1c0`).
    /// Same as `to_string()`.
    pub fn as_string(&self) -> String {
        self.to_string()
    }

    /// The numbers of the name as parsed, e.g. `x1000c0s3b0n1` ->
    /// `[1000, 0, 3, 0, 1]`, `s0` -> `[0]`, `p1` -> `[1]`, `p1.2` -> `[1, 2]`.
    pub fn ordinals(&self) -> &[u32] {
        &self.ordinals[..usize::from(self.len)]
    }

    /// The parent component, following hms-xname's parent table (Node ->
    /// NodeBMC -> ComputeModule -> Chassis -> Cabinet -> System `s0`); `None`
    /// for System, Partition and SMSBox.
    pub fn parent(&self) -> Option<Xname> {
        let parent = self.kind.parent()?;
        let ordinals: &[u32] = if parent == XnameType::System {
            &[0]
        } else {
            // The parent's numbers are always a prefix of the child's (for a
            // NodeFpga the BMC number becomes the enclosure number).
            &self.ordinals()[..parent.spec().segments.len()]
        };
        Xname::new(parent, ordinals).ok()
    }

    /// The closest ancestor of type `kind` (or `self` if it has that type).
    pub fn ancestor(&self, kind: XnameType) -> Option<Xname> {
        let mut current = Some(*self);
        while let Some(x) = current {
            if x.kind == kind {
                return Some(x);
            }
            current = x.parent();
        }
        None
    }

    /// Whether `self` is a strict ancestor of `other` (e.g. `x1000c0` of
    /// `x1000c0s3b0n0`, `s0` of every cabinet and CDU).
    pub fn is_ancestor_of(&self, other: &Xname) -> bool {
        let mut current = other.parent();
        while let Some(x) = current {
            if x == *self {
                return true;
            }
            current = x.parent();
        }
        false
    }

    /// Tag of segment `i`, if the name has that many segments.
    pub(super) fn tag(&self, i: usize) -> Option<&'static str> {
        self.kind.spec().segments.get(i).map(|s| s.tag)
    }

    /// The number after `tags[last]` when the name starts with exactly these
    /// tags.
    pub(super) fn number_after(&self, tags: &[&str]) -> Option<u32> {
        let matches = tags
            .iter()
            .enumerate()
            .all(|(i, tag)| self.tag(i) == Some(*tag));
        if matches && !tags.is_empty() {
            Some(self.ordinals[tags.len() - 1])
        } else {
            None
        }
    }

    /// The cabinet number, for every name inside a cabinet (`x1000c0s3` -> 1000).
    pub fn cabinet(&self) -> Option<u32> {
        self.number_after(&["x"])
    }

    /// The chassis number, for every name inside a chassis (`x1000c2s3` -> 2).
    pub fn chassis(&self) -> Option<u32> {
        self.number_after(&["x", "c"])
    }

    /// The blade slot number, for compute (`s`) and router (`r`) modules and
    /// everything inside them (`x1000c0s3b0n1` -> 3, `x1000c0r7b0` -> 7).
    pub fn slot(&self) -> Option<u32> {
        self.number_after(&["x", "c", "s"])
            .or_else(|| self.number_after(&["x", "c", "r"]))
    }

    /// The node number, for a Node and everything inside one
    /// (`x1000c0s3b0n1` -> 1, `x1000c0s3b0n1p0` -> 1); `None` otherwise.
    pub fn node(&self) -> Option<u32> {
        self.number_after(&["x", "c", "s", "b", "n"])
    }

    /// Whether this is a Node (not a component inside one).
    pub fn is_node(&self) -> bool {
        self.kind == XnameType::Node
    }
}

/// Parses and normalizes an xname: `normalize("X1000C0S03B0N01")` is
/// `Ok("x1000c0s3b0n1")`.
pub fn normalize(s: &str) -> Result<String, XnameError> {
    Xname::parse(s).map(|x| x.as_string())
}

pub(super) fn format_segments(segments: &[Segment], ordinals: &[u32]) -> String {
    use fmt::Write as _;
    let mut out = String::new();
    for (segment, value) in segments.iter().zip(ordinals) {
        // Writing to a String cannot fail.
        let _ = write!(out, "{}{}", segment.tag, value);
    }
    out
}

impl fmt::Display for Xname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (segment, value) in self.kind.spec().segments.iter().zip(self.ordinals()) {
            write!(f, "{}{}", segment.tag, value)?;
        }
        Ok(())
    }
}

impl FromStr for Xname {
    type Err = XnameError;

    /// Same as [`Xname::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Xname::parse(s)
    }
}

impl TryFrom<&str> for Xname {
    type Error = XnameError;

    /// Same as [`Xname::parse`].
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Xname::parse(s)
    }
}

impl From<Xname> for String {
    /// The normalized text.
    fn from(x: Xname) -> String {
        x.as_string()
    }
}

impl Ord for Xname {
    fn cmp(&self, other: &Self) -> Ordering {
        let mine = self.kind.spec().segments.iter().zip(self.ordinals());
        let theirs = other.kind.spec().segments.iter().zip(other.ordinals());
        mine.map(|(s, v)| (s.tag, *v))
            .cmp(theirs.map(|(s, v)| (s.tag, *v)))
    }
}

impl PartialOrd for Xname {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Xname {
    /// Serializes as the normalized string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Xname {
    /// Deserializes from a string, validating and normalizing it.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Xname::parse(&text).map_err(serde::de::Error::custom)
    }
}
