//! Node names scanned byte by byte, for folding many names at once: the ClusterShell
//! pattern of a name goes into a reused buffer and each digit group becomes one packed
//! integer, so that gathering a million names allocates nothing per name. [`PlainAcc`]
//! groups them by pattern and builds the node set in bulk; a name the packed form cannot
//! hold (non-ASCII, an index of more than 17 digits) takes the general scanner instead.

use super::fxhash::FxHashMap;
use super::idxtree::IdxTree;
use super::int::Int;
use super::key::Key;
use super::name::ScanBuf;
use super::ndset::NdSet;
use super::nodeset::NodeSet;
use super::pattern::{pattern_pieces, Entry, Group};
use super::point::{Point, PointSet};
use super::pystr::py_strip;
use super::rangeset::RunVec;
use super::run::Run;

/// The longest digit group kept packed: its length and value then fit in a u64.
const MAX_PACKED_DIGITS: usize = 17;
/// The bits of a packed index that hold its value (the ones above hold its length).
const VAL_BITS: u32 = 59;
const VAL_MASK: u64 = (1 << VAL_BITS) - 1;

/// An index as written in a name (`len` digits, leading zeros included): its length above
/// its value, so that packed indexes sort as ClusterShell sorts them (by length, then
/// value; an index written in a name is never negative).
fn pack(len: usize, val: u64) -> u64 {
    ((len as u64) << VAL_BITS) | val
}

/// The index a packed one stands for: a `Key`'s `seg` is the written length of a
/// non-negative index (see [`Key`]).
fn unpack(p: u64) -> (u32, Int) {
    ((p >> VAL_BITS) as u32, Int::S((p & VAL_MASK) as i64))
}

fn unpack_key(p: u64) -> Key {
    let (seg, val) = unpack(p);
    Key { seg, val }
}

/// Python's `str.isspace()` on one ASCII byte.
fn is_py_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b'\x1c'..=b'\x1f' | b' ')
}

/// An ASCII name without its surrounding whitespace (Python's `str.strip`).
pub(super) fn py_strip_ascii(name: &[u8]) -> &[u8] {
    let start = name.iter().position(|&b| !is_py_space(b));
    let Some(start) = start else {
        return &[];
    };
    let end = name
        .iter()
        .rposition(|&b| !is_py_space(b))
        .expect("non-blank");
    &name[start..=end]
}

/// Scans a stripped, non-empty ASCII name as [`ScanBuf::scan`] does: its pattern into
/// `pat` (`%s` for each digit group, `%%` for a `%`), its indexes packed into `idx`.
/// False when the packed form cannot hold it (a byte above ASCII, an index of more than
/// [`MAX_PACKED_DIGITS`] digits).
fn scan_packed(name: &[u8], pat: &mut Vec<u8>, idx: &mut Vec<u64>) -> bool {
    pat.clear();
    idx.clear();
    let mut i = 0;
    while i < name.len() {
        let b = name[i];
        if b.is_ascii_digit() {
            let start = i;
            let mut v: u64 = 0;
            while i < name.len() && name[i].is_ascii_digit() {
                v = v.wrapping_mul(10).wrapping_add(u64::from(name[i] - b'0'));
                i += 1;
            }
            if i - start > MAX_PACKED_DIGITS {
                return false;
            }
            pat.extend_from_slice(b"%s");
            idx.push(pack(i - start, v));
        } else {
            match b {
                b'%' => pat.extend_from_slice(b"%%"),
                0x80.. => return false,
                _ => pat.push(b),
            }
            i += 1;
        }
    }
    true
}

/// The names gathered for one pattern.
struct PatAcc {
    /// The ClusterShell pattern (`"nid%s"`).
    pat: Vec<u8>,
    /// The number of digit groups.
    dims: usize,
    /// Packed indexes, `dims` per name.
    packed: Vec<u64>,
    /// The indexes of the names that the packed form cannot hold.
    other: Vec<Point>,
}

/// Node names gathered by pattern, to be built into a [`NodeSet`] at once.
#[derive(Default)]
pub(super) struct PlainAcc {
    index: FxHashMap<Vec<u8>, usize>,
    pats: Vec<PatAcc>,
    /// The pattern of the previous name (names usually come in runs of one pattern).
    last: Option<usize>,
    pat: Vec<u8>,
    idx: Vec<u64>,
    general: ScanBuf,
}

impl PlainAcc {
    /// The accumulator of the pattern in `self.pat`, created when new.
    fn slot(&mut self, dims: usize) -> usize {
        if let Some(i) = self.last.filter(|&i| self.pats[i].pat == self.pat) {
            return i;
        }
        let i = match self.index.get(self.pat.as_slice()) {
            Some(&i) => i,
            None => {
                self.index.insert(self.pat.clone(), self.pats.len());
                self.pats.push(PatAcc {
                    pat: self.pat.clone(),
                    dims,
                    packed: Vec::new(),
                    other: Vec::new(),
                });
                self.pats.len() - 1
            }
        };
        self.last = Some(i);
        i
    }

    /// Adds a stripped, non-empty ASCII name when the packed form holds it; false
    /// otherwise (nothing is added then).
    pub(super) fn add_packed(&mut self, name: &[u8]) -> bool {
        if !scan_packed(name, &mut self.pat, &mut self.idx) {
            return false;
        }
        let i = self.slot(self.idx.len());
        self.pats[i].packed.extend_from_slice(&self.idx);
        true
    }

    /// Adds one name taken literally, as [`NodeSet::insert`] does: surrounding whitespace
    /// is ignored, and so is an empty name or one the scanner refuses.
    pub(super) fn add_name(&mut self, name: &str) {
        if name.is_ascii() {
            let name = py_strip_ascii(name.as_bytes());
            if name.is_empty() || self.add_packed(name) {
                return;
            }
        }
        if self.general.scan(py_strip(name)).is_err() {
            return;
        }
        self.pat.clear();
        self.pat.extend_from_slice(self.general.pat.as_bytes());
        let i = self.slot(self.general.keys.len());
        let keys: Point = self.general.keys.as_slice().into();
        self.pats[i].other.push(keys);
    }

    /// The node set of the names added.
    pub(super) fn build(self) -> NodeSet {
        let mut set = NodeSet::new();
        for pa in self.pats {
            let pat = String::from_utf8(pa.pat).expect("patterns come from ASCII or a str");
            let entry = match pa.dims {
                0 => Entry::Single,
                1 => Entry::One(IdxTree::from_runvec(one_axis(pa.packed, pa.other))),
                dims => {
                    let mut points: PointSet = pa.other.into_iter().collect();
                    points.reserve(pa.packed.len() / dims);
                    for p in pa.packed.chunks_exact(dims) {
                        points.insert(p.iter().map(|&k| unpack_key(k)).collect());
                    }
                    Entry::Nd(NdSet::Points(points).normalized())
                }
            };
            let pieces = pattern_pieces(&pat);
            set.groups.insert(pat, Group { pieces, entry });
        }
        set
    }
}

/// The one-dimensional index set of packed indexes and general ones.
fn one_axis(mut packed: Vec<u64>, other: Vec<Point>) -> RunVec {
    if !packed.is_sorted() {
        packed.sort_unstable();
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < packed.len() {
        // A run of consecutive values of one length (duplicates included).
        let mut j = i + 1;
        while j < packed.len() && packed[j] - packed[j - 1] <= 1 {
            j += 1;
        }
        let ((seg, lo), (_, hi)) = (unpack(packed[i]), unpack(packed[j - 1]));
        runs.push(Run { seg, lo, hi });
        i = j;
    }
    for k in other.into_iter().map(|p| p[0].clone()) {
        runs.push(Run {
            seg: k.seg,
            hi: k.val.clone(),
            lo: k.val,
        });
    }
    RunVec::from_unsorted(runs)
}
