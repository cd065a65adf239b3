//! ClusterShell-compatible node sets ("hostlists") such as `nid[001-128,200]` or
//! `r[1-2]n[01-48]`.
//!
//! This module parses, expands and folds node set expressions exactly like the `nodeset`
//! command of ClusterShell 1.9 (`nodeset -e` / `nodeset -f`), including its quirks:
//!
//! * An index keeps its written form: `a01` and `a1` are different nodes, and a bracket may
//!   mix paddings (`a[1,01,001]`).
//! * Names may hold several digit groups (`r1n01`, `x1000c0s3b0n1`); such names are folded
//!   along every axis with ClusterShell's n-dimensional folding algorithm, so that
//!   [`NodeSet::fold`] prints byte for byte what `nodeset -f` prints.
//! * The operators `,` (union), `!` (difference), `&` (intersection) and `^` (symmetric
//!   difference) all have the same precedence and apply from left to right, as in
//!   ClusterShell: `a,b!c&d` is `((a ∪ b) ∖ c) ∩ d`.
//! * ClusterShell's "autostep" is off (its default): folded ranges never use `/step`.
//!
//! Node groups (`@compute`) and attribute selectors (`labels.rack=r7`) are resolved by a
//! caller-supplied function (see [`NodeSet::parse_with`]).
//!
//! ```
//! use chami::hostlist::NodeSet;
//!
//! let set = NodeSet::parse("r[1-2]n[01-03]!r2n02,login").unwrap();
//! assert_eq!(set.fold(), "login,r1n[01-03],r2n[01,03]");
//! assert_eq!(set.fold_slurm(), "login,r1n[01-03],r2n[01,03]");
//! assert!(set.contains("r2n03") && !set.contains("r2n3"));
//! assert_eq!(set.len(), 6);
//! ```
//!
//! Where chami differs from ClusterShell, on purpose: `*` and `?` in a node name are an
//! error (ClusterShell matches them against every node its group configuration knows);
//! an expression may not stand for more than [`MAX_NAMES`] names (ClusterShell accepts
//! ranges of up to 10⁹ indexes); and the operands that ClusterShell would send to its
//! group configuration go to the caller's resolver instead.
//!
//! Representation: names are split into a *pattern* (the text around the digit groups) and
//! one *index* per digit group. A one-dimensional pattern keeps its indexes as runs of
//! consecutive values, so `nid[000001-100000]` is one run; a multi-dimensional pattern is a
//! cartesian product of such run sets when it can be, and a set of index tuples otherwise.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{btree_map, BTreeMap};
use std::fmt;
use std::sync::OnceLock;

/// The largest number of names a single expression, range or set operation may produce.
///
/// ClusterShell itself only refuses ranges of 10⁹ indexes or more; chami stops earlier so
/// that a typo cannot exhaust memory.
pub const MAX_NAMES: usize = 10_000_000;

/// Why a node set expression could not be parsed or resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HostlistError {
    /// A bracketed range, a step or an index is invalid (e.g. `nid[5-3]`).
    #[error("bad range `{part}` in `{expr}`: {reason}")]
    BadRange {
        /// The whole expression.
        expr: String,
        /// The faulty range (the text between two commas inside the brackets).
        part: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Brackets do not pair up (e.g. `nid[1-3`, `nid]1`, `nid[1][2]`).
    #[error("unbalanced brackets in `{expr}` at `{part}`: {reason}")]
    Brackets {
        /// The whole expression.
        expr: String,
        /// The text where the problem was seen.
        part: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An operator lacks an operand (e.g. `a,,b`, `a!`, `,a`).
    #[error("empty operand for operator `{op}` in `{expr}` at `{part}`")]
    MissingOperand {
        /// The whole expression.
        expr: String,
        /// The operator (`,`, `!`, `&` or `^`).
        op: char,
        /// The text around the missing operand.
        part: String,
    },
    /// A node name (or an index in it) is invalid.
    #[error("bad node name `{part}` in `{expr}`: {reason}")]
    BadName {
        /// The whole expression.
        expr: String,
        /// The faulty name.
        part: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The expression stands for more than [`MAX_NAMES`] names.
    #[error("`{part}` in `{expr}` stands for {count} names, more than the limit of {limit}")]
    TooLarge {
        /// The whole expression.
        expr: String,
        /// The range or operand that went over the limit.
        part: String,
        /// How many names it stands for (at least).
        count: u128,
        /// The limit ([`MAX_NAMES`]).
        limit: usize,
    },
    /// A node group (`@name`) or attribute selector (`key=value`) was found by
    /// [`NodeSet::parse`], which does not resolve them.
    #[error(
        "`{atom}` in `{expr}` is a node group or attribute selector, which cannot be resolved here"
    )]
    NeedsResolver {
        /// The whole expression.
        expr: String,
        /// The group or selector.
        atom: String,
    },
    /// A wildcard (`*` or `?`) was used in a node name; chami does not match names by
    /// wildcard.
    #[error("wildcard in `{atom}` (in `{expr}`): `*` and `?` are not supported in node names")]
    Wildcard {
        /// The whole expression.
        expr: String,
        /// The operand holding the wildcard.
        atom: String,
    },
    /// A resolver passed to [`NodeSet::parse_with`] could not resolve a group or selector;
    /// the message is the resolver's own (it should quote the operand).
    #[error("{0}")]
    Resolve(String),
}

// ---------------------------------------------------------------------------------------
// Integers: ClusterShell indexes are Python integers, so they may be far larger than i64
// (up to 1e100). `Int` is an i64 with a slow arbitrary-precision fallback.
// ---------------------------------------------------------------------------------------

const LIMB: u64 = 1_000_000_000;

/// A signed integer of any size; normalized so that values fitting in i64 use `S`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
enum Int {
    S(i64),
    B(Box<Big>),
}

/// Magnitude in base 1e9, little endian, no high zero limbs; only for values outside i64.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
struct Big {
    neg: bool,
    mag: Vec<u32>,
}

fn mag_from_u128(mut x: u128) -> Vec<u32> {
    let mut v = Vec::new();
    while x > 0 {
        v.push((x % LIMB as u128) as u32);
        x /= LIMB as u128;
    }
    v
}

fn mag_cmp(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn mag_add(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0u64;
    for i in 0..a.len().max(b.len()) {
        let s = carry + *a.get(i).unwrap_or(&0) as u64 + *b.get(i).unwrap_or(&0) as u64;
        out.push((s % LIMB) as u32);
        carry = s / LIMB;
    }
    if carry > 0 {
        out.push(carry as u32);
    }
    out
}

/// `a - b` for magnitudes with `a >= b`.
fn mag_sub(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &limb) in a.iter().enumerate() {
        let mut d = limb as i64 - borrow - *b.get(i).unwrap_or(&0) as i64;
        if d < 0 {
            d += LIMB as i64;
            borrow = 1;
        } else {
            borrow = 0;
        }
        out.push(d as u32);
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    out
}

impl Int {
    const ZERO: Int = Int::S(0);
    const ONE: Int = Int::S(1);

    fn from_sign_mag(neg: bool, mut mag: Vec<u32>) -> Int {
        while mag.last() == Some(&0) {
            mag.pop();
        }
        if mag.len() <= 3 {
            let mut x: u128 = 0;
            for &l in mag.iter().rev() {
                x = x * LIMB as u128 + l as u128;
            }
            if !neg && x <= i64::MAX as u128 {
                return Int::S(x as i64);
            }
            if neg && x <= i64::MAX as u128 + 1 {
                return Int::S((-(x as i128)) as i64);
            }
        }
        Int::B(Box::new(Big { neg, mag }))
    }

    fn from_i128(x: i128) -> Int {
        match i64::try_from(x) {
            Ok(v) => Int::S(v),
            Err(_) => Int::from_sign_mag(x < 0, mag_from_u128(x.unsigned_abs())),
        }
    }

    /// Sign and magnitude (base 1e9 limbs).
    fn sign_mag(&self) -> (bool, Cow<'_, [u32]>) {
        match self {
            Int::S(v) => (*v < 0, Cow::Owned(mag_from_u128(v.unsigned_abs() as u128))),
            Int::B(b) => (b.neg, Cow::Borrowed(&b.mag)),
        }
    }

    /// Parses ASCII decimal digits.
    fn from_decimal(neg: bool, digits: &[u8]) -> Int {
        let digits = {
            let nz = digits
                .iter()
                .position(|&d| d != b'0')
                .unwrap_or(digits.len());
            &digits[nz..]
        };
        if digits.len() <= 18 {
            let mut v: i64 = 0;
            for &d in digits {
                v = v * 10 + (d - b'0') as i64;
            }
            return Int::S(if neg { -v } else { v });
        }
        let mut mag = Vec::with_capacity(digits.len() / 9 + 1);
        let mut end = digits.len();
        while end > 0 {
            let start = end.saturating_sub(9);
            let mut limb = 0u32;
            for &d in &digits[start..end] {
                limb = limb * 10 + (d - b'0') as u32;
            }
            mag.push(limb);
            end = start;
        }
        Int::from_sign_mag(neg, mag)
    }

    fn is_neg(&self) -> bool {
        match self {
            Int::S(v) => *v < 0,
            Int::B(b) => b.neg,
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, Int::S(0))
    }

    fn to_i64(&self) -> Option<i64> {
        match self {
            Int::S(v) => Some(*v),
            Int::B(_) => None,
        }
    }

    fn neg(&self) -> Int {
        match self {
            Int::S(v) => match v.checked_neg() {
                Some(n) => Int::S(n),
                None => Int::from_i128(-(*v as i128)),
            },
            Int::B(b) => Int::from_sign_mag(!b.neg, b.mag.clone()),
        }
    }

    fn add(&self, o: &Int) -> Int {
        if let (Int::S(a), Int::S(b)) = (self, o) {
            return match a.checked_add(*b) {
                Some(s) => Int::S(s),
                None => Int::from_i128(*a as i128 + *b as i128),
            };
        }
        let (an, am) = self.sign_mag();
        let (bn, bm) = o.sign_mag();
        if an == bn {
            return Int::from_sign_mag(an, mag_add(&am, &bm));
        }
        match mag_cmp(&am, &bm) {
            Ordering::Equal => Int::ZERO,
            Ordering::Greater => Int::from_sign_mag(an, mag_sub(&am, &bm)),
            Ordering::Less => Int::from_sign_mag(bn, mag_sub(&bm, &am)),
        }
    }

    fn sub(&self, o: &Int) -> Int {
        if let (Int::S(a), Int::S(b)) = (self, o) {
            return match a.checked_sub(*b) {
                Some(s) => Int::S(s),
                None => Int::from_i128(*a as i128 - *b as i128),
            };
        }
        self.add(&o.neg())
    }

    fn add1(&self) -> Int {
        self.add(&Int::ONE)
    }

    fn sub1(&self) -> Int {
        self.sub(&Int::ONE)
    }

    /// `10^n`.
    fn pow10(n: u32) -> Int {
        if n <= 18 {
            return Int::S(10i64.pow(n));
        }
        let mut mag = vec![0u32; (n / 9) as usize];
        mag.push(10u32.pow(n % 9));
        Int::from_sign_mag(false, mag)
    }

    /// Number of decimal digits of the absolute value (1 for zero).
    fn ndigits(&self) -> u32 {
        match self {
            Int::S(v) => v.unsigned_abs().checked_ilog10().unwrap_or(0) + 1,
            Int::B(b) => {
                let top = *b.mag.last().unwrap_or(&0);
                (b.mag.len() as u32 - 1) * 9 + top.checked_ilog10().unwrap_or(0) + 1
            }
        }
    }

    /// Appends the decimal digits of the absolute value.
    fn write_mag(&self, out: &mut String) {
        use std::fmt::Write;
        match self {
            Int::S(v) => {
                let mut x = v.unsigned_abs();
                let mut buf = [0u8; 20];
                let mut i = buf.len();
                loop {
                    i -= 1;
                    buf[i] = b'0' + (x % 10) as u8;
                    x /= 10;
                    if x == 0 {
                        break;
                    }
                }
                out.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
            }
            Int::B(b) => {
                let mut it = b.mag.iter().rev();
                if let Some(top) = it.next() {
                    let _ = write!(out, "{top}");
                }
                for l in it {
                    let _ = write!(out, "{l:09}");
                }
            }
        }
    }

    /// A difference that is known to be small, as u64 (saturating).
    fn to_u64_sat(&self) -> u64 {
        match self {
            Int::S(v) if *v >= 0 => *v as u64,
            Int::S(_) => 0,
            Int::B(b) if b.neg => 0,
            Int::B(_) => u64::MAX,
        }
    }
}

impl Ord for Int {
    fn cmp(&self, o: &Int) -> Ordering {
        match (self, o) {
            (Int::S(a), Int::S(b)) => a.cmp(b),
            (Int::B(a), Int::S(_)) => {
                if a.neg {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (Int::S(_), Int::B(b)) => {
                if b.neg {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (Int::B(a), Int::B(b)) => match (a.neg, b.neg) {
                (false, true) => Ordering::Greater,
                (true, false) => Ordering::Less,
                (false, false) => mag_cmp(&a.mag, &b.mag),
                (true, true) => mag_cmp(&b.mag, &a.mag),
            },
        }
    }
}

impl PartialOrd for Int {
    fn partial_cmp(&self, o: &Int) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// `int(1e100)` in Python: ClusterShell refuses indexes above it.
fn max_index() -> &'static Int {
    static MAX: OnceLock<Int> = OnceLock::new();
    MAX.get_or_init(|| {
        Int::from_decimal(
            false,
            b"10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104",
        )
    })
}

// ---------------------------------------------------------------------------------------
// Python string helpers: whitespace and digits follow Python 3 (`str.strip`, `\d`, `int`).
// ---------------------------------------------------------------------------------------

/// `str.isspace()` in Python.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

fn py_lstrip(s: &str) -> &str {
    s.trim_start_matches(is_py_space)
}

fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// Code points of the zero digit of every Unicode decimal digit block (category Nd), as
/// known to Python 3.11 (Unicode 14): Python's `\d` and `int()` accept all of them.
const ND_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The value of a decimal digit (any Unicode Nd character), as Python's `\d` sees it.
fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    let cp = c as u32;
    if cp < 0x660 {
        return None;
    }
    let i = ND_ZEROS.partition_point(|&z| z <= cp);
    let zero = ND_ZEROS[i - 1];
    (cp - zero < 10).then(|| (cp - zero) as u8)
}

/// Python refuses to convert strings of more than 4300 digits to integers.
const PY_MAX_STR_DIGITS: usize = 4300;

/// Python's `int(s)` for base 10: surrounding whitespace, an optional sign, digits (any
/// Unicode decimal digit) with single underscores between them.
fn py_int(s: &str) -> Option<Int> {
    let s = s.trim_matches(char::is_whitespace);
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut digits = Vec::with_capacity(body.len());
    let mut prev_digit = false;
    for c in body.chars() {
        if c == '_' {
            if !prev_digit {
                return None;
            }
            prev_digit = false;
        } else {
            digits.push(b'0' + digit_value(c)?);
            prev_digit = true;
        }
    }
    if !prev_digit || digits.len() > PY_MAX_STR_DIGITS {
        return None;
    }
    Some(Int::from_decimal(neg, &digits))
}

// ---------------------------------------------------------------------------------------
// Indexes. ClusterShell keeps every index as the string it prints ("7", "007", "-3") and
// sorts them by (length, text), negative ones first. A `Key` is such a string: `seg` is
// its length for non-negative indexes (so `val` < 10^seg) and 0 for negative ones. The
// derived order (seg, val) is exactly ClusterShell's order.
// ---------------------------------------------------------------------------------------

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
struct Key {
    seg: u32,
    val: Int,
}

fn seg_for(v: &Int, pad: u32) -> u32 {
    if v.is_neg() {
        0
    } else {
        pad.max(v.ndigits())
    }
}

impl Key {
    /// Python's `"%0*d" % (pad, v)`.
    fn from_int_pad(val: Int, pad: u32) -> Key {
        Key {
            seg: seg_for(&val, pad),
            val,
        }
    }

    fn write(&self, out: &mut String) {
        if self.seg == 0 {
            out.push('-');
        } else {
            for _ in self.val.ndigits()..self.seg {
                out.push('0');
            }
        }
        self.val.write_mag(out);
    }

    fn render(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    /// `len(str)` in Python.
    fn digitlen(&self) -> u32 {
        if self.seg == 0 {
            1 + self.val.ndigits()
        } else {
            self.seg
        }
    }

    /// Starts with a zero and has more than one digit.
    fn padded(&self) -> bool {
        self.seg > 1 && self.val.ndigits() < self.seg
    }
}

// ---------------------------------------------------------------------------------------
// One-dimensional index sets, as sorted runs of consecutive values of one `seg`.
// ---------------------------------------------------------------------------------------

/// The indexes `lo..=hi` of one segment.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Run {
    seg: u32,
    lo: Int,
    hi: Int,
}

impl Run {
    fn count(&self) -> u64 {
        self.hi.sub(&self.lo).to_u64_sat().saturating_add(1)
    }

    fn lo_key(&self) -> Key {
        Key {
            seg: self.seg,
            val: self.lo.clone(),
        }
    }

    fn hi_key(&self) -> Key {
        Key {
            seg: self.seg,
            val: self.hi.clone(),
        }
    }
}

/// A set of indexes: sorted, non-overlapping, non-adjacent runs.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
struct RunVec {
    runs: Vec<Run>,
    len: u64,
}

impl RunVec {
    fn single(k: Key) -> RunVec {
        RunVec {
            runs: vec![Run {
                seg: k.seg,
                hi: k.val.clone(),
                lo: k.val,
            }],
            len: 1,
        }
    }

    /// Appends a run that starts at or after the start of the last run.
    fn push(&mut self, seg: u32, lo: Int, hi: Int) {
        if let Some(last) = self.runs.last_mut() {
            if last.seg == seg && lo <= last.hi.add1() {
                if hi > last.hi {
                    self.len += hi.sub(&last.hi).to_u64_sat();
                    last.hi = hi;
                }
                return;
            }
        }
        let r = Run { seg, lo, hi };
        self.len += r.count();
        self.runs.push(r);
    }

    fn from_unsorted(mut runs: Vec<Run>) -> RunVec {
        runs.sort_by(|a, b| (a.seg, &a.lo).cmp(&(b.seg, &b.lo)));
        let mut out = RunVec::default();
        for r in runs {
            out.push(r.seg, r.lo, r.hi);
        }
        out
    }

    /// From keys in increasing order (duplicates allowed).
    fn from_sorted_keys<I: IntoIterator<Item = Key>>(keys: I) -> RunVec {
        let mut out = RunVec::default();
        for k in keys {
            out.push(k.seg, k.val.clone(), k.val);
        }
        out
    }

    fn contains(&self, k: &Key) -> bool {
        let i = self
            .runs
            .partition_point(|r| (r.seg, &r.hi) < (k.seg, &k.val));
        self.runs
            .get(i)
            .is_some_and(|r| r.seg == k.seg && r.lo <= k.val)
    }

    fn first_key(&self) -> Option<Key> {
        self.runs.first().map(Run::lo_key)
    }

    fn last_key(&self) -> Option<Key> {
        self.runs.last().map(Run::hi_key)
    }

    fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.runs.iter().flat_map(run_keys)
    }

    fn union(&self, o: &RunVec) -> RunVec {
        let mut out = RunVec::default();
        let (mut i, mut j) = (0, 0);
        while i < self.runs.len() || j < o.runs.len() {
            let take_a = match (self.runs.get(i), o.runs.get(j)) {
                (Some(a), Some(b)) => (a.seg, &a.lo) <= (b.seg, &b.lo),
                (Some(_), None) => true,
                _ => false,
            };
            let r = if take_a {
                i += 1;
                &self.runs[i - 1]
            } else {
                j += 1;
                &o.runs[j - 1]
            };
            out.push(r.seg, r.lo.clone(), r.hi.clone());
        }
        out
    }

    fn intersection(&self, o: &RunVec) -> RunVec {
        let mut out = RunVec::default();
        let (mut i, mut j) = (0, 0);
        while let (Some(a), Some(b)) = (self.runs.get(i), o.runs.get(j)) {
            if a.seg == b.seg {
                let lo = (&a.lo).max(&b.lo);
                let hi = (&a.hi).min(&b.hi);
                if lo <= hi {
                    out.push(a.seg, lo.clone(), hi.clone());
                }
            }
            if (a.seg, &a.hi) < (b.seg, &b.hi) {
                i += 1;
            } else {
                j += 1;
            }
        }
        out
    }

    fn difference(&self, o: &RunVec) -> RunVec {
        let mut out = RunVec::default();
        let mut j = 0;
        for r in &self.runs {
            while j < o.runs.len() && (o.runs[j].seg, &o.runs[j].hi) < (r.seg, &r.lo) {
                j += 1;
            }
            let mut cur = r.lo.clone();
            let mut k = j;
            let mut done = false;
            while let Some(b) = o.runs.get(k) {
                if b.seg != r.seg || b.lo > r.hi {
                    break;
                }
                if b.lo > cur {
                    out.push(r.seg, cur.clone(), b.lo.sub1());
                }
                let next = b.hi.add1();
                if next > cur {
                    cur = next;
                }
                if cur > r.hi {
                    done = true;
                    break;
                }
                k += 1;
            }
            if !done {
                out.push(r.seg, cur, r.hi.clone());
            }
        }
        out
    }

    fn is_subset(&self, o: &RunVec) -> bool {
        self.len <= o.len && self.inter_count(o) == self.len
    }

    /// `|self ∩ o|`, looking up the runs of the smaller set in the larger one.
    fn inter_count(&self, o: &RunVec) -> u64 {
        let (small, large) = if self.runs.len() <= o.runs.len() {
            (self, o)
        } else {
            (o, self)
        };
        let mut n = 0;
        for r in &small.runs {
            let mut i = large
                .runs
                .partition_point(|x| (x.seg, &x.hi) < (r.seg, &r.lo));
            while let Some(x) = large.runs.get(i) {
                if x.seg != r.seg || x.lo > r.hi {
                    break;
                }
                let lo = (&x.lo).max(&r.lo);
                let hi = (&x.hi).min(&r.hi);
                n += hi.sub(lo).to_u64_sat() + 1;
                i += 1;
            }
        }
        n
    }

    /// ClusterShell's `RangeSet.__str__` (without brackets).
    fn fold_str(&self) -> String {
        fold_slices(self.runs.iter().map(Cow::Borrowed)).join(",")
    }
}

fn run_keys(r: &Run) -> impl Iterator<Item = Key> + '_ {
    let mut next = Some(r.lo.clone());
    std::iter::from_fn(move || {
        let v = next.take()?;
        if v < r.hi {
            next = Some(v.add1());
        }
        Some(Key { seg: r.seg, val: v })
    })
}

/// Whether adding or removing `n` runs one by one into a tree of `of` runs beats
/// rebuilding it.
fn few_runs(n: usize, of: usize) -> bool {
    n <= 16 || n * 8 < of
}

/// The one-dimensional index set of a pattern, in a tree so that single insertions stay
/// cheap: maps the first key of each run to the last value of the run.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
struct IdxTree {
    map: BTreeMap<Key, Int>,
    len: u64,
}

impl IdxTree {
    fn from_runvec(rv: RunVec) -> IdxTree {
        IdxTree {
            len: rv.len,
            map: rv
                .runs
                .into_iter()
                .map(|r| {
                    (
                        Key {
                            seg: r.seg,
                            val: r.lo,
                        },
                        r.hi,
                    )
                })
                .collect(),
        }
    }

    fn runs(&self) -> impl Iterator<Item = Run> + '_ {
        self.map.iter().map(|(k, hi)| Run {
            seg: k.seg,
            lo: k.val.clone(),
            hi: hi.clone(),
        })
    }

    fn to_runvec(&self) -> RunVec {
        RunVec {
            runs: self.runs().collect(),
            len: self.len,
        }
    }

    fn contains(&self, k: &Key) -> bool {
        self.map
            .range(..=k)
            .next_back()
            .is_some_and(|(s, hi)| s.seg == k.seg && k.val <= *hi)
    }

    /// Adds the indexes `lo..=hi` of a segment, merging with the runs it touches.
    fn insert_run(&mut self, r: &Run) {
        let seg = r.seg;
        let lo_key = Key {
            seg,
            val: r.lo.clone(),
        };
        let mut new_lo = r.lo.clone();
        let mut new_hi = r.hi.clone();
        let mut absorbed: Vec<(Key, u64)> = Vec::new();
        if let Some((k, h)) = self.map.range(..=&lo_key).next_back() {
            if k.seg == seg && h.add1() >= r.lo {
                new_lo = k.val.clone();
                if *h > new_hi {
                    new_hi = h.clone();
                }
                absorbed.push((k.clone(), h.sub(&k.val).to_u64_sat() + 1));
            }
        }
        let upper = Key {
            seg,
            val: r.hi.add1(),
        };
        for (k, h) in self.map.range((
            std::ops::Bound::Excluded(&lo_key),
            std::ops::Bound::Included(&upper),
        )) {
            if *h > new_hi {
                new_hi = h.clone();
            }
            absorbed.push((k.clone(), h.sub(&k.val).to_u64_sat() + 1));
        }
        for (k, n) in absorbed {
            self.map.remove(&k);
            self.len -= n;
        }
        self.len += new_hi.sub(&new_lo).to_u64_sat() + 1;
        self.map.insert(Key { seg, val: new_lo }, new_hi);
    }

    /// Removes the indexes `lo..=hi` of a segment.
    fn remove_run(&mut self, r: &Run) {
        let seg = r.seg;
        let lo_key = Key {
            seg,
            val: r.lo.clone(),
        };
        let hi_key = Key {
            seg,
            val: r.hi.clone(),
        };
        let mut hit: Vec<(Key, Int)> = Vec::new();
        if let Some((k, h)) = self.map.range(..&lo_key).next_back() {
            if k.seg == seg && *h >= r.lo {
                hit.push((k.clone(), h.clone()));
            }
        }
        for (k, h) in self.map.range(&lo_key..=&hi_key) {
            hit.push((k.clone(), h.clone()));
        }
        for (k, h) in hit {
            self.map.remove(&k);
            self.len -= h.sub(&k.val).to_u64_sat() + 1;
            if k.val < r.lo {
                let left_hi = r.lo.sub1();
                self.len += left_hi.sub(&k.val).to_u64_sat() + 1;
                self.map.insert(k.clone(), left_hi);
            }
            if h > r.hi {
                let right_lo = r.hi.add1();
                self.len += h.sub(&right_lo).to_u64_sat() + 1;
                self.map.insert(Key { seg, val: right_lo }, h);
            }
        }
    }

    fn insert(&mut self, k: Key) {
        let mut extend_prev: Option<Key> = None;
        if let Some((s, hi)) = self.map.range(..=&k).next_back() {
            if s.seg == k.seg {
                if k.val <= *hi {
                    return;
                }
                if hi.add1() == k.val {
                    extend_prev = Some(s.clone());
                }
            }
        }
        let next_key = Key {
            seg: k.seg,
            val: k.val.add1(),
        };
        let next_hi = self.map.remove(&next_key);
        match (extend_prev, next_hi) {
            (Some(p), Some(nh)) => {
                self.map.insert(p, nh);
            }
            (Some(p), None) => {
                self.map.insert(p, k.val);
            }
            (None, Some(nh)) => {
                self.map.insert(k, nh);
            }
            (None, None) => {
                let v = k.val.clone();
                self.map.insert(k, v);
            }
        }
        self.len += 1;
    }
}

/// ClusterShell's `RangeSet._slices_padding` with autostep disabled, turned into the
/// strings `RangeSet.__str__` joins: a state machine over the indexes in order that cuts
/// a range where the step or the zero padding changes. Whole runs are skipped over once
/// the current range is known to go on.
fn fold_slices<'a, I: Iterator<Item = Cow<'a, Run>>>(runs: I) -> Vec<String> {
    struct State {
        start: Int,
        padded: bool,
        pad: u32,
        step: Option<Int>,
        last: Int,
    }
    fn fmt(out: &mut Vec<String>, v: &Int, pad: u32) {
        out.push(Key::from_int_pad(v.clone(), pad).render());
    }
    fn emit_range(out: &mut Vec<String>, a: &Int, b: &Int, pad: u32) {
        if a == b {
            fmt(out, a, pad);
        } else {
            let mut s = Key::from_int_pad(a.clone(), pad).render();
            s.push('-');
            Key::from_int_pad(b.clone(), pad).write(&mut s);
            out.push(s);
        }
    }
    /// Python's `for j in range(start, stop, step)` (exclusive stop, step >= 1).
    fn emit_singles(out: &mut Vec<String>, start: &Int, stop: &Int, step: &Int, pad: u32) {
        let mut j = start.clone();
        while j < *stop {
            fmt(out, &j, pad);
            j = j.add(step);
        }
    }

    let mut out = Vec::new();
    let mut cur: Option<State> = None;
    for run in runs {
        let mut v = run.lo.clone();
        loop {
            let key = Key {
                seg: run.seg,
                val: v.clone(),
            };
            let (digitlen, padded) = (key.digitlen(), key.padded());
            match cur.as_mut() {
                None => {
                    cur = Some(State {
                        start: v.clone(),
                        padded,
                        pad: digitlen,
                        step: None,
                        last: v.clone(),
                    })
                }
                Some(st) => {
                    let padding_mismatch = if st.padded {
                        digitlen != st.pad
                    } else {
                        padded
                    };
                    let diff = v.sub(&st.last);
                    let step_mismatch =
                        !padding_mismatch && st.step.as_ref().is_some_and(|s| *s != diff);
                    let pad_out = if st.padded { st.pad } else { 0 };
                    if padding_mismatch || step_mismatch {
                        let (stepped, step) = match &st.step {
                            Some(s) => (*s == Int::ONE, s.clone()),
                            None => (true, Int::ONE),
                        };
                        if stepped {
                            emit_range(&mut out, &st.start, &st.last, pad_out);
                            st.start = v.clone();
                            st.padded = padded;
                            st.pad = digitlen;
                        } else {
                            let stop = if padding_mismatch {
                                st.last.add1()
                            } else {
                                st.last.sub(&step).add1()
                            };
                            emit_singles(&mut out, &st.start, &stop, &step, pad_out);
                            if padding_mismatch {
                                st.start = v.clone();
                                st.padded = padded;
                                st.pad = digitlen;
                            } else {
                                st.start = st.last.clone();
                            }
                        }
                        st.step = if step_mismatch { Some(diff) } else { None };
                        st.last = v.clone();
                    } else {
                        st.step = Some(diff);
                        st.last = v.clone();
                    }
                }
            }
            if v >= run.hi {
                break;
            }
            // Once the range goes on with step 1, the rest of this run continues it: the
            // run's indexes are consecutive and have the same padding class.
            if let Some(st) = cur.as_mut() {
                if st.step == Some(Int::ONE) {
                    st.last = run.hi.clone();
                    break;
                }
            }
            v = v.add1();
        }
    }
    if let Some(st) = cur {
        let pad_out = if st.padded { st.pad } else { 0 };
        match st.step {
            Some(s) if s != Int::ONE => {
                emit_singles(&mut out, &st.start, &st.last.add1(), &s, pad_out)
            }
            _ => emit_range(&mut out, &st.start, &st.last, pad_out),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// n-dimensional index sets.
// ---------------------------------------------------------------------------------------

type Point = Box<[Key]>;

/// A fast non-cryptographic hasher (FxHash, as in rustc) for in-memory lookups.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }

    fn write_i64(&mut self, x: i64) {
        self.write_u64(x as u64);
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
type FxHashSet<T> = std::collections::HashSet<T, FxBuild>;
type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
type PointSet = FxHashSet<Point>;

/// The index tuples of a pattern with two digit groups or more.
#[derive(Clone, Debug)]
enum NdSet {
    /// The cartesian product of non-empty sets (one per axis).
    Product(Vec<RunVec>),
    /// Any other set, point by point (never empty).
    Points(PointSet),
}

/// Iterates over a product in ClusterShell's order (first axis slowest).
fn product_points(dims: &[RunVec]) -> impl Iterator<Item = Point> + '_ {
    let axes: Vec<Vec<Key>> = dims.iter().map(|d| d.keys().collect()).collect();
    let mut idx = vec![0usize; axes.len()];
    let mut done = axes.iter().any(Vec::is_empty);
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let p: Point = idx.iter().zip(&axes).map(|(&i, a)| a[i].clone()).collect();
        // odometer, last axis fastest
        let mut d = axes.len();
        loop {
            if d == 0 {
                done = true;
                break;
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < axes[d].len() {
                break;
            }
            idx[d] = 0;
        }
        Some(p)
    })
}

fn product_len(dims: &[RunVec]) -> u64 {
    dims.iter().fold(1u64, |n, d| n.saturating_mul(d.len))
}

fn product_contains(dims: &[RunVec], p: &[Key]) -> bool {
    dims.iter().zip(p).all(|(d, k)| d.contains(k))
}

/// The union of two products when it is itself one (one contains the other, or they
/// differ along one axis only), as ClusterShell's "univariate" folding finds it.
fn box_union(x: &[RunVec], y: &[RunVec]) -> Option<Vec<RunVec>> {
    if x.iter().zip(y).all(|(a, b)| b.is_subset(a)) {
        return Some(x.to_vec());
    }
    if x.iter().zip(y).all(|(a, b)| a.is_subset(b)) {
        return Some(y.to_vec());
    }
    let differing: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
    if let [i] = differing[..] {
        let mut out = x.to_vec();
        out[i] = x[i].union(&y[i]);
        return Some(out);
    }
    None
}

impl NdSet {
    fn len(&self) -> u64 {
        match self {
            NdSet::Product(d) => product_len(d),
            NdSet::Points(p) => p.len() as u64,
        }
    }

    fn contains(&self, p: &[Key]) -> bool {
        match self {
            NdSet::Product(d) => product_contains(d, p),
            NdSet::Points(s) => s.contains(p),
        }
    }

    fn points(&self) -> Box<dyn Iterator<Item = Point> + '_> {
        match self {
            NdSet::Product(d) => Box::new(product_points(d)),
            NdSet::Points(s) => Box::new(s.iter().cloned()),
        }
    }

    fn into_point_set(self) -> PointSet {
        match self {
            NdSet::Points(s) => s,
            NdSet::Product(d) => product_points(&d).collect(),
        }
    }

    fn insert(&mut self, p: Point) {
        if self.contains(&p) {
            return;
        }
        if let NdSet::Product(d) = self {
            let single: Vec<RunVec> = p.iter().cloned().map(RunVec::single).collect();
            if let Some(u) = box_union(d, &single) {
                *d = u;
                return;
            }
            *self = NdSet::Points(product_points(d).collect());
        }
        if let NdSet::Points(s) = self {
            s.insert(p);
        }
    }

    fn from_points(s: PointSet) -> Option<NdSet> {
        (!s.is_empty()).then_some(NdSet::Points(s))
    }

    /// `self ∪= o`.
    fn update(&mut self, o: &NdSet) {
        if let (NdSet::Product(x), NdSet::Product(y)) = (&mut *self, o) {
            if let Some(u) = box_union(x, y) {
                *x = u;
                return;
            }
        }
        if let NdSet::Product(_) = self {
            if o.len() > self.len() {
                let mut s = o.clone().into_point_set();
                s.extend(self.points());
                *self = NdSet::Points(s);
                return;
            }
            let taken = std::mem::replace(self, NdSet::Points(PointSet::default()));
            *self = NdSet::Points(taken.into_point_set());
        }
        if let NdSet::Points(s) = self {
            s.extend(o.points());
        }
    }

    /// `self ∖= o`; false when nothing is left.
    fn difference_update(&mut self, o: &NdSet) -> bool {
        match self {
            NdSet::Points(s) => {
                if o.len() < s.len() as u64 {
                    for p in o.points() {
                        s.remove(&p);
                    }
                } else {
                    s.retain(|p| !o.contains(p));
                }
                !s.is_empty()
            }
            NdSet::Product(_) => match self.difference(o) {
                Some(d) => {
                    *self = d;
                    true
                }
                None => false,
            },
        }
    }

    fn intersection(&self, o: &NdSet) -> Option<NdSet> {
        match (self, o) {
            (NdSet::Product(x), NdSet::Product(y)) => {
                let d: Vec<RunVec> = x.iter().zip(y).map(|(a, b)| a.intersection(b)).collect();
                d.iter().all(|r| r.len > 0).then_some(NdSet::Product(d))
            }
            _ => {
                let (iter_side, test_side) = match (self, o) {
                    (NdSet::Points(_), NdSet::Product(_)) => (self, o),
                    (NdSet::Product(_), NdSet::Points(_)) => (o, self),
                    _ if self.len() <= o.len() => (self, o),
                    _ => (o, self),
                };
                NdSet::from_points(
                    iter_side
                        .points()
                        .filter(|p| test_side.contains(p))
                        .collect(),
                )
            }
        }
    }

    fn difference(&self, o: &NdSet) -> Option<NdSet> {
        if let (NdSet::Product(x), NdSet::Product(y)) = (self, o) {
            let inter: Vec<RunVec> = x.iter().zip(y).map(|(a, b)| a.intersection(b)).collect();
            if inter.iter().any(|r| r.len == 0) {
                return Some(self.clone());
            }
            let not_covered: Vec<usize> =
                (0..x.len()).filter(|&i| inter[i].len < x[i].len).collect();
            match not_covered[..] {
                [] => return None,
                [i] => {
                    let mut d = x.clone();
                    d[i] = x[i].difference(&y[i]);
                    return Some(NdSet::Product(d));
                }
                _ => {}
            }
        }
        if let NdSet::Points(s) = self {
            if s.len() as u64 > o.len() {
                let mut s = s.clone();
                for p in o.points() {
                    s.remove(&p);
                }
                return NdSet::from_points(s);
            }
        }
        NdSet::from_points(self.points().filter(|p| !o.contains(p)).collect())
    }

    /// The vectors ClusterShell prints for this set: the product itself, or the result of
    /// its multivariate folding.
    fn fold_vectors(&self) -> Vec<Vec<RunVec>> {
        match self {
            NdSet::Product(d) => vec![d.clone()],
            NdSet::Points(s) => match as_product(s) {
                Some(axes) => vec![axes],
                None => multivariate_fold(s),
            },
        }
    }

    /// Stores a set of points as a product when it is one.
    fn normalized(self) -> NdSet {
        match self {
            NdSet::Points(s) => match as_product(&s) {
                Some(axes) => NdSet::Product(axes),
                None => NdSet::Points(s),
            },
            p => p,
        }
    }
}

/// The axes of a set of points when the set is their cartesian product.
fn as_product(s: &PointSet) -> Option<Vec<RunVec>> {
    let dims = s.iter().next().map_or(0, |p| p.len());
    let mut axes = Vec::with_capacity(dims);
    let mut total: u64 = 1;
    for i in 0..dims {
        let mut seen: FxHashSet<&Key> = Default::default();
        for p in s {
            seen.insert(&p[i]);
        }
        total = total.saturating_mul(seen.len() as u64);
        if total > s.len() as u64 {
            return None;
        }
        let mut ks: Vec<Key> = seen.into_iter().cloned().collect();
        ks.sort_unstable();
        axes.push(RunVec::from_sorted_keys(ks));
    }
    (total == s.len() as u64).then_some(axes)
}

/// How two index sets relate, tested in ClusterShell's order (`==`, disjoint, strict
/// subset or superset, partial overlap).
#[derive(PartialEq, Eq, Clone, Copy)]
enum Rel {
    Equal,
    Disjoint,
    Contains,
    Inside,
    Overlap,
}

fn relation(a: &RunVec, b: &RunVec) -> Rel {
    if a.len == b.len && a == b {
        return Rel::Equal;
    }
    let n = a.inter_count(b);
    if n == 0 {
        Rel::Disjoint
    } else if n == b.len && a.len > b.len {
        Rel::Contains
    } else if n == a.len && b.len > a.len {
        Rel::Inside
    } else {
        Rel::Overlap
    }
}

/// Tries to merge `b` into `a` as ClusterShell's `_fold_multivariate_merge` does: when the
/// vectors differ along one axis at most (disjoint or nested sets there).
fn try_merge(a: &mut [RunVec], b: &mut [RunVec]) -> bool {
    let mut change: Option<(usize, Rel)> = None;
    for pos in 0..a.len() {
        match relation(&a[pos], &b[pos]) {
            Rel::Equal => {}
            Rel::Overlap => return false,
            rel => {
                if change.is_some() {
                    return false;
                }
                change = Some((pos, rel));
            }
        }
    }
    match change {
        Some((pos, Rel::Disjoint)) => a[pos] = a[pos].union(&b[pos]),
        Some((pos, Rel::Inside)) => a[pos] = std::mem::take(&mut b[pos]),
        _ => {}
    }
    true
}

/// Sorts vectors as ClusterShell's `RangeSetND._sort` (a stable sort): larger vectors
/// first, then per axis larger sets first, then the first and last index of each axis
/// compared as strings. Each key is encoded as bytes whose order is that order (an index
/// string only holds `-` and digits, so a 0 byte ends it), in one arena.
fn sort_vectors(vl: &mut Vec<Vec<RunVec>>) {
    let mut arena: Vec<u8> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(vl.len());
    let mut text = String::new();
    for v in vl.iter() {
        let start = arena.len();
        arena.extend_from_slice(&(u64::MAX - product_len(v)).to_be_bytes());
        for r in v {
            arena.extend_from_slice(&(u64::MAX - r.len).to_be_bytes());
            for k in [r.first_key(), r.last_key()].into_iter().flatten() {
                text.clear();
                k.write(&mut text);
                arena.extend_from_slice(text.as_bytes());
                arena.push(0);
            }
        }
        spans.push((start, arena.len()));
    }
    let mut order: Vec<usize> = (0..vl.len()).collect();
    order.sort_by(|&a, &b| arena[spans[a].0..spans[a].1].cmp(&arena[spans[b].0..spans[b].1]));
    let mut taken: Vec<Option<Vec<RunVec>>> = std::mem::take(vl).into_iter().map(Some).collect();
    *vl = order
        .into_iter()
        .map(|i| taken[i].take().expect("each index once"))
        .collect();
}

/// ClusterShell's multivariate n-dimensional folding (`RangeSetND._fold_multivariate`):
/// start from single points, sort, and merge neighbours that differ along one axis; first
/// with cheap passes that only look at the next vector, then with full passes.
fn multivariate_fold(points: &PointSet) -> Vec<Vec<RunVec>> {
    let mut vl: Vec<Vec<RunVec>> = points
        .iter()
        .map(|p| p.iter().cloned().map(RunVec::single).collect())
        .collect();
    let mut full = false;
    let mut chg = true;
    while chg {
        chg = false;
        sort_vectors(&mut vl);
        let mut slots: Vec<Option<Vec<RunVec>>> = vl.into_iter().map(Some).collect();
        let n = slots.len();
        for i in 0..n {
            if slots[i].is_none() {
                continue;
            }
            let mut j = i + 1;
            loop {
                while j < n && slots[j].is_none() {
                    j += 1;
                }
                if j >= n {
                    break;
                }
                let (left, right) = slots.split_at_mut(j);
                let a = left[i].as_mut().expect("live slot");
                let b = right[0].as_mut().expect("live slot");
                if try_merge(a, b) {
                    right[0] = None;
                    chg = true;
                } else if !full {
                    break;
                }
                j += 1;
            }
        }
        vl = slots.into_iter().flatten().collect();
        if !chg && !full {
            chg = true;
            full = true;
        }
    }
    vl
}

// ---------------------------------------------------------------------------------------
// Node sets.
// ---------------------------------------------------------------------------------------

/// The indexes of one pattern.
#[derive(Clone, Debug)]
enum Entry {
    /// A name without digits: the pattern is the name.
    Single,
    /// One digit group.
    One(IdxTree),
    /// Two digit groups or more.
    Nd(NdSet),
}

impl Entry {
    fn len(&self) -> u64 {
        match self {
            Entry::Single => 1,
            Entry::One(t) => t.len,
            Entry::Nd(s) => s.len(),
        }
    }

    /// `self ∪= o`, touching only what `o` adds when `o` is small.
    fn update(&mut self, o: &Entry) {
        match (self, o) {
            (Entry::One(a), Entry::One(b)) => {
                if few_runs(b.map.len(), a.map.len()) {
                    for r in b.runs() {
                        a.insert_run(&r);
                    }
                } else {
                    *a = IdxTree::from_runvec(a.to_runvec().union(&b.to_runvec()));
                }
            }
            (Entry::Nd(a), Entry::Nd(b)) => a.update(b),
            _ => {}
        }
    }

    /// `self ∖= o`; false when nothing is left.
    fn difference_update(&mut self, o: &Entry) -> bool {
        match (&mut *self, o) {
            (Entry::One(a), Entry::One(b)) => {
                if few_runs(b.map.len(), a.map.len()) {
                    for r in b.runs() {
                        a.remove_run(&r);
                    }
                } else {
                    *a = IdxTree::from_runvec(a.to_runvec().difference(&b.to_runvec()));
                }
                a.len > 0
            }
            (Entry::Nd(a), Entry::Nd(b)) => a.difference_update(b),
            _ => false,
        }
    }

    fn intersection(&self, o: &Entry) -> Option<Entry> {
        match (self, o) {
            (Entry::One(a), Entry::One(b)) => {
                let r = a.to_runvec().intersection(&b.to_runvec());
                (r.len > 0).then(|| Entry::One(IdxTree::from_runvec(r)))
            }
            (Entry::Nd(a), Entry::Nd(b)) => a.intersection(b).map(Entry::Nd),
            _ => Some(Entry::Single),
        }
    }

    fn same_set(&self, o: &Entry) -> bool {
        match (self, o) {
            (Entry::Single, Entry::Single) => true,
            (Entry::One(a), Entry::One(b)) => a == b,
            (Entry::Nd(NdSet::Product(a)), Entry::Nd(NdSet::Product(b))) => a == b,
            (Entry::Nd(NdSet::Points(a)), Entry::Nd(NdSet::Points(b))) => a == b,
            (Entry::Nd(a), Entry::Nd(b)) => {
                a.len() == b.len() && a.points().all(|p| b.contains(&p))
            }
            _ => false,
        }
    }
}

/// A pattern: the literal text around the digit groups, and its indexes.
#[derive(Clone, Debug)]
struct Group {
    /// Literal text, one piece more than there are digit groups.
    pieces: Vec<String>,
    entry: Entry,
}

/// Splits a ClusterShell pattern (`"r%sn%s"`, with `%%` for a literal `%`) into pieces.
fn pattern_pieces(pat: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut chars = pat.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            match chars.next() {
                Some('s') => pieces.push(String::new()),
                _ => pieces.last_mut().expect("non-empty").push('%'),
            }
        } else {
            pieces.last_mut().expect("non-empty").push(c);
        }
    }
    pieces
}

impl Group {
    fn render(&self, keys: &[Key]) -> String {
        let mut s = String::with_capacity(
            self.pieces.iter().map(String::len).sum::<usize>() + 8 * keys.len(),
        );
        s.push_str(&self.pieces[0]);
        for (k, piece) in keys.iter().zip(&self.pieces[1..]) {
            k.write(&mut s);
            s.push_str(piece);
        }
        s
    }

    fn render_strs(&self, parts: &[String]) -> String {
        let mut s = self.pieces[0].clone();
        for (p, piece) in parts.iter().zip(&self.pieces[1..]) {
            s.push_str(p);
            s.push_str(piece);
        }
        s
    }
}

/// A set of node names with ClusterShell's semantics and ordering.
///
/// Build one with [`NodeSet::parse`] (or [`NodeSet::parse_with`] to resolve node groups
/// and attribute selectors), from names with [`FromIterator`] or [`NodeSet::insert`], and
/// print it with [`NodeSet::fold`] (`nodeset -f`) or iterate it ([`NodeSet::iter`], the
/// order of `nodeset -e`).
#[derive(Clone, Default)]
pub struct NodeSet {
    /// By ClusterShell pattern string (`"nid%s"`), which is also the printing order.
    groups: BTreeMap<String, Group>,
}

/// Reusable buffers for [`scan_single`].
#[derive(Default)]
struct ScanBuf {
    /// The ClusterShell pattern of the name (`"nid%s"`).
    pat: String,
    /// One index per digit group.
    keys: Vec<Key>,
    digits: Vec<u8>,
}

thread_local! {
    static SCAN_BUF: std::cell::RefCell<ScanBuf> = const {
        std::cell::RefCell::new(ScanBuf {
            pat: String::new(),
            keys: Vec::new(),
            digits: Vec::new(),
        })
    };
}

/// Appends literal text to a pattern, escaping `%` as ClusterShell does.
fn push_literal(pat: &mut String, text: &str) {
    if text.contains('%') {
        pat.push_str(&text.replace('%', "%%"));
    } else {
        pat.push_str(text);
    }
}

impl ScanBuf {
    /// Adds the index of one digit group: `digits` are its ASCII values, `nchars` its
    /// length in characters and `lead_zero` whether it starts with an ASCII `0`.
    fn push_index(&mut self, nchars: usize, lead_zero: bool) -> Result<(), String> {
        if nchars > PY_MAX_STR_DIGITS {
            return Err(format!("index of {nchars} digits is too long"));
        }
        let val = Int::from_decimal(false, &self.digits);
        self.digits.clear();
        // ClusterShell: the index keeps its length when it starts with "0" (or is "00...")
        let pad = if (!val.is_zero() && lead_zero) || (val.is_zero() && nchars > 1) {
            nchars as u32
        } else {
            0
        };
        if let Int::B(_) = val {
            if val > *max_index() {
                return Err("index is larger than 1e100".into());
            }
        }
        self.pat.push_str("%s");
        self.keys.push(Key::from_int_pad(val, pad));
        Ok(())
    }

    /// Splits one node name into its ClusterShell pattern and indexes (ClusterShell's
    /// `_scan_string_single`): digit groups become indexes, everything else is literal.
    fn scan(&mut self, text: &str) -> Result<(), String> {
        self.pat.clear();
        self.keys.clear();
        self.digits.clear();
        if text.is_empty() {
            return Err("empty node name".into());
        }
        if text.is_ascii() {
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let start = i;
                if bytes[i].is_ascii_digit() {
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    self.digits.extend_from_slice(&bytes[start..i]);
                    self.push_index(i - start, bytes[start] == b'0')?;
                } else {
                    while i < bytes.len() && !bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    push_literal(&mut self.pat, &text[start..i]);
                }
            }
            return Ok(());
        }
        // Any Unicode decimal digit counts, as Python's `\d`.
        let mut nchars = 0usize;
        let mut lead_zero = false;
        let mut lit_start: Option<usize> = None;
        for (i, c) in text.char_indices() {
            match digit_value(c) {
                Some(d) => {
                    if let Some(ls) = lit_start.take() {
                        push_literal(&mut self.pat, &text[ls..i]);
                    }
                    if nchars == 0 {
                        lead_zero = c == '0';
                    }
                    self.digits.push(b'0' + d);
                    nchars += 1;
                }
                None => {
                    if nchars > 0 {
                        self.push_index(nchars, lead_zero)?;
                        nchars = 0;
                    }
                    lit_start.get_or_insert(i);
                }
            }
        }
        if let Some(ls) = lit_start {
            push_literal(&mut self.pat, &text[ls..]);
        }
        if nchars > 0 {
            self.push_index(nchars, lead_zero)?;
        }
        Ok(())
    }
}

/// [`ScanBuf::scan`] into fresh buffers.
fn scan_single(text: &str) -> Result<(String, Vec<Key>), String> {
    let mut b = ScanBuf::default();
    b.scan(text)?;
    Ok((b.pat, b.keys))
}

impl NodeSet {
    /// An empty set.
    pub fn new() -> Self {
        NodeSet::default()
    }

    fn from_atom(pat: String, rsets: Vec<RunVec>) -> NodeSet {
        let entry = match rsets.len() {
            0 => Entry::Single,
            1 => Entry::One(IdxTree::from_runvec(rsets.into_iter().next().expect("one"))),
            _ => Entry::Nd(NdSet::Product(rsets)),
        };
        let mut ns = NodeSet::new();
        ns.groups.insert(
            pat.clone(),
            Group {
                pieces: pattern_pieces(&pat),
                entry,
            },
        );
        ns
    }

    /// Adds (or removes) the names of one parsed operand, without building a set for it.
    fn apply_simple(&mut self, add: bool, pat: String, rsets: Vec<RunVec>) {
        let Some(g) = self.groups.get_mut(&pat) else {
            if add {
                self.update(&NodeSet::from_atom(pat, rsets));
            }
            return;
        };
        let keep = match (&mut g.entry, rsets.len()) {
            (Entry::Single, _) => add,
            (Entry::One(t), 1) if few_runs(rsets[0].runs.len(), t.map.len()) => {
                for r in &rsets[0].runs {
                    if add {
                        t.insert_run(r);
                    } else {
                        t.remove_run(r);
                    }
                }
                t.len > 0
            }
            (entry, _) => {
                let other = NodeSet::from_atom(pat.clone(), rsets);
                let oe = &other.groups[&pat].entry;
                if add {
                    entry.update(oe);
                    true
                } else {
                    entry.difference_update(oe)
                }
            }
        };
        if !keep {
            self.groups.remove(&pat);
        }
    }

    fn insert_scanned(&mut self, pat: String, mut keys: Vec<Key>) {
        match self.groups.get_mut(&pat) {
            Some(g) => match &mut g.entry {
                Entry::Single => {}
                Entry::One(t) => t.insert(keys.pop().expect("one index")),
                Entry::Nd(s) => s.insert(keys.into_boxed_slice()),
            },
            None => {
                let entry = match keys.len() {
                    0 => Entry::Single,
                    1 => Entry::One(IdxTree::from_runvec(RunVec::single(
                        keys.pop().expect("one"),
                    ))),
                    _ => Entry::Nd(NdSet::Product(
                        keys.into_iter().map(RunVec::single).collect(),
                    )),
                };
                let pieces = pattern_pieces(&pat);
                self.groups.insert(pat, Group { pieces, entry });
            }
        }
    }

    /// Adds one node name, taken literally (no brackets or operators are interpreted, as
    /// ClusterShell's `NodeSet._fromlist1`); surrounding whitespace is ignored, and an empty
    /// name is ignored.
    pub fn insert(&mut self, name: &str) {
        SCAN_BUF.with(|b| {
            let mut b = b.borrow_mut();
            if b.scan(py_strip(name)).is_err() {
                return;
            }
            let b = &mut *b;
            match self.groups.get_mut(b.pat.as_str()) {
                Some(g) => match &mut g.entry {
                    Entry::Single => {}
                    Entry::One(t) => t.insert(b.keys.pop().expect("one index")),
                    Entry::Nd(s) => s.insert(b.keys.as_slice().into()),
                },
                None => self.insert_scanned(b.pat.clone(), std::mem::take(&mut b.keys)),
            }
        })
    }

    /// Whether the set holds this node name (a single name, not an expression).
    pub fn contains(&self, name: &str) -> bool {
        SCAN_BUF.with(|b| {
            let mut b = b.borrow_mut();
            if b.scan(py_strip(name)).is_err() {
                return false;
            }
            match self.groups.get(b.pat.as_str()).map(|g| &g.entry) {
                None => false,
                Some(Entry::Single) => true,
                Some(Entry::One(t)) => t.contains(&b.keys[0]),
                Some(Entry::Nd(s)) => s.contains(&b.keys),
            }
        })
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        let n: u64 = self.groups.values().map(|g| g.entry.len()).sum();
        usize::try_from(n).unwrap_or(usize::MAX)
    }

    /// Whether the set has no names.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The names in ClusterShell's order (what `nodeset -e` prints, split on spaces).
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            groups: self.groups.values(),
            current: None,
        }
    }

    /// The names in ClusterShell's order, as a vector.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().collect()
    }

    /// The folded form, byte for byte what `nodeset -f` prints for the same set (for
    /// example `nid[001-128,200],r[1-2]n[01-48]`).
    pub fn fold(&self) -> String {
        self.fold_with(false)
    }

    /// A fold that Slurm can parse: only the last digit group of each name is folded, so
    /// that every comma-separated element holds one bracket at most (for example
    /// `r1n[01-48],r2n[01-48]`). This is what `nodeset -f --axis=-1` prints.
    pub fn fold_slurm(&self) -> String {
        self.fold_with(true)
    }

    fn fold_with(&self, last_axis_only: bool) -> String {
        let mut out: Vec<String> = Vec::new();
        for g in self.groups.values() {
            match &g.entry {
                Entry::Single => out.push(g.pieces[0].clone()),
                Entry::One(t) => {
                    let folded = if t.len > 1 {
                        format!("[{}]", fold_slices(t.runs().map(Cow::Owned)).join(","))
                    } else {
                        fold_slices(t.runs().map(Cow::Owned)).join(",")
                    };
                    out.push(g.render_strs(&[folded]));
                }
                Entry::Nd(s) => {
                    for vec in s.fold_vectors() {
                        if last_axis_only {
                            push_nd_last_axis(g, &vec, &mut out);
                        } else {
                            let parts: Vec<String> = vec.iter().map(axis_str).collect();
                            out.push(g.render_strs(&parts));
                        }
                    }
                }
            }
        }
        out.join(",")
    }

    fn remove_empty(&mut self) {
        self.groups.retain(|_, g| g.entry.len() > 0);
    }

    /// Adds every name of `other` (union, in place).
    pub fn update(&mut self, other: &NodeSet) {
        for (pat, og) in &other.groups {
            match self.groups.get_mut(pat) {
                Some(g) => g.entry.update(&og.entry),
                None => {
                    self.groups.insert(pat.clone(), og.clone());
                }
            }
        }
    }

    /// Removes every name of `other` (difference, in place).
    pub fn difference_update(&mut self, other: &NodeSet) {
        for (pat, og) in &other.groups {
            if let Some(g) = self.groups.get_mut(pat) {
                if !g.entry.difference_update(&og.entry) {
                    self.groups.remove(pat);
                }
            }
        }
    }

    /// Keeps only the names also in `other` (intersection, in place).
    pub fn intersection_update(&mut self, other: &NodeSet) {
        let groups = std::mem::take(&mut self.groups);
        for (pat, mut g) in groups {
            if let Some(og) = other.groups.get(&pat) {
                if let Some(e) = g.entry.intersection(&og.entry) {
                    g.entry = e;
                    self.groups.insert(pat, g);
                }
            }
        }
    }

    /// Keeps the names in exactly one of the two sets (symmetric difference, in place).
    pub fn symmetric_difference_update(&mut self, other: &NodeSet) {
        let right_only = other.difference(self);
        self.difference_update(other);
        self.update(&right_only);
        self.remove_empty();
    }

    /// The names in either set.
    pub fn union(&self, other: &NodeSet) -> NodeSet {
        let mut s = self.clone();
        s.update(other);
        s
    }

    /// The names of `self` that are not in `other`.
    pub fn difference(&self, other: &NodeSet) -> NodeSet {
        let mut s = self.clone();
        s.difference_update(other);
        s
    }

    /// The names in both sets.
    pub fn intersection(&self, other: &NodeSet) -> NodeSet {
        let mut s = self.clone();
        s.intersection_update(other);
        s
    }

    /// The names in exactly one of the two sets.
    pub fn symmetric_difference(&self, other: &NodeSet) -> NodeSet {
        let mut s = self.clone();
        s.symmetric_difference_update(other);
        s
    }

    /// Whether every name of `self` is in `other`.
    pub fn is_subset(&self, other: &NodeSet) -> bool {
        self.difference(other).is_empty()
    }
}

/// One axis of a folded vector: `[ranges]` when it has several indexes.
fn axis_str(r: &RunVec) -> String {
    if r.len > 1 {
        format!("[{}]", r.fold_str())
    } else {
        r.fold_str()
    }
}

/// ClusterShell's `_iter_nd_pat` with `fold_axis=[-1]`: every axis but the last is
/// expanded, and the combinations are listed with the first axis varying fastest.
fn push_nd_last_axis(g: &Group, vec: &[RunVec], out: &mut Vec<String>) {
    let last = vec.len() - 1;
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for (axis, r) in vec.iter().enumerate() {
        let strs: Vec<String> = if r.len > 1 && axis != last {
            r.keys().map(|k| k.render()).collect()
        } else {
            vec![axis_str(r)]
        };
        let mut next = Vec::with_capacity(combos.len() * strs.len());
        for s in &strs {
            for c in &combos {
                let mut c = c.clone();
                c.push(s.clone());
                next.push(c);
            }
        }
        combos = next;
    }
    for c in combos {
        out.push(g.render_strs(&c));
    }
}

/// Iterator over the names of a [`NodeSet`], in ClusterShell's order.
pub struct Iter<'a> {
    groups: btree_map::Values<'a, String, Group>,
    current: Option<Box<dyn Iterator<Item = String> + 'a>>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        loop {
            if let Some(it) = self.current.as_mut() {
                if let Some(s) = it.next() {
                    return Some(s);
                }
            }
            let g: &'a Group = self.groups.next()?;
            self.current = Some(match &g.entry {
                Entry::Single => Box::new(std::iter::once(g.pieces[0].clone())),
                Entry::One(t) => Box::new(
                    t.map
                        .iter()
                        .flat_map(|(k, hi)| {
                            let mut next = Some(k.val.clone());
                            let seg = k.seg;
                            std::iter::from_fn(move || {
                                let v = next.take()?;
                                if v < *hi {
                                    next = Some(v.add1());
                                }
                                Some(Key { seg, val: v })
                            })
                        })
                        .map(move |k| g.render(std::slice::from_ref(&k))),
                ),
                Entry::Nd(s) => {
                    let vectors = s.fold_vectors();
                    Box::new(vectors.into_iter().flat_map(move |v| {
                        product_points(&v).map(|p| g.render(&p)).collect::<Vec<_>>()
                    }))
                }
            });
        }
    }
}

impl<'a> IntoIterator for &'a NodeSet {
    type Item = String;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl PartialEq for NodeSet {
    fn eq(&self, other: &NodeSet) -> bool {
        self.groups.len() == other.groups.len()
            && self
                .groups
                .iter()
                .zip(&other.groups)
                .all(|((pa, a), (pb, b))| pa == pb && a.entry.same_set(&b.entry))
    }
}

impl Eq for NodeSet {}

impl fmt::Debug for NodeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeSet({:?})", self.fold())
    }
}

impl fmt::Display for NodeSet {
    /// The folded form ([`NodeSet::fold`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fold())
    }
}

impl<S: AsRef<str>> Extend<S> for NodeSet {
    /// Adds names, each taken literally as by [`NodeSet::insert`].
    fn extend<I: IntoIterator<Item = S>>(&mut self, names: I) {
        enum Acc {
            Single,
            One(Vec<Key>),
            Nd(Vec<Point>),
        }
        // Gather the indexes per pattern first, then build each pattern in bulk.
        let mut index: FxHashMap<String, usize> = Default::default();
        let mut last: Option<usize> = None;
        let mut accs: Vec<(String, Acc)> = Vec::new();
        let mut b = ScanBuf::default();
        for name in names {
            if b.scan(py_strip(name.as_ref())).is_err() {
                continue;
            }
            let i = match last
                .filter(|&i| accs[i].0 == b.pat)
                .or_else(|| index.get(b.pat.as_str()).copied())
            {
                Some(i) => i,
                None => {
                    let acc = match b.keys.len() {
                        0 => Acc::Single,
                        1 => Acc::One(Vec::new()),
                        _ => Acc::Nd(Vec::new()),
                    };
                    index.insert(b.pat.clone(), accs.len());
                    accs.push((b.pat.clone(), acc));
                    accs.len() - 1
                }
            };
            last = Some(i);
            match &mut accs[i].1 {
                Acc::Single => {}
                Acc::One(v) => v.push(b.keys.pop().expect("one index")),
                Acc::Nd(v) => v.push(b.keys.as_slice().into()),
            }
        }
        let mut add = NodeSet::new();
        for (pat, acc) in accs {
            let entry = match acc {
                Acc::Single => Entry::Single,
                Acc::One(mut keys) => {
                    keys.sort_unstable();
                    Entry::One(IdxTree::from_runvec(RunVec::from_sorted_keys(keys)))
                }
                Acc::Nd(points) => {
                    Entry::Nd(NdSet::Points(points.into_iter().collect()).normalized())
                }
            };
            let pieces = pattern_pieces(&pat);
            add.groups.insert(pat, Group { pieces, entry });
        }
        if self.is_empty() {
            *self = add;
        } else {
            self.update(&add);
        }
    }
}

impl FromIterator<String> for NodeSet {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> NodeSet {
        let mut s = NodeSet::new();
        s.extend(names);
        s
    }
}

impl<'a> FromIterator<&'a str> for NodeSet {
    fn from_iter<I: IntoIterator<Item = &'a str>>(names: I) -> NodeSet {
        let mut s = NodeSet::new();
        s.extend(names);
        s
    }
}

/// Expands an expression to node names, in ClusterShell's order (`nodeset -e`).
pub fn expand(expr: &str) -> Result<Vec<String>, HostlistError> {
    Ok(NodeSet::parse(expr)?.to_vec())
}

/// Folds node names (each taken literally) into ClusterShell's folded form (`nodeset -f`).
pub fn fold<I, S>(names: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut s = NodeSet::new();
    s.extend(names);
    s.fold()
}

// ---------------------------------------------------------------------------------------
// Parsing: a transcription of ClusterShell's ParsingEngine._scan_string and RangeSet._parse.
// ---------------------------------------------------------------------------------------

fn is_op(b: u8) -> bool {
    matches!(b, b',' | b'!' | b'&' | b'^')
}

/// The first operator of `s`: its byte offset and character.
fn next_op(s: &str) -> Option<(usize, char)> {
    s.bytes()
        .position(is_op)
        .map(|i| (i, s.as_bytes()[i] as char))
}

/// Whether a `[` comes before the first operator of `s` (or anywhere when there is none).
fn bracket_before_op(s: &str) -> bool {
    let limit = next_op(s).map_or(s.len(), |(i, _)| i);
    s.as_bytes()[..limit].contains(&b'[')
}

/// A resolver of node groups and attribute selectors (see [`NodeSet::parse_with`]).
type ResolveFn<'r> = dyn FnMut(&str) -> Result<NodeSet, HostlistError> + 'r;

/// One operand of an expression, with the operator that applies it.
struct Atom<'a> {
    op: char,
    text: &'a str,
    kind: AtomKind,
}

enum AtomKind {
    /// Nodes (or a `@group` when the pattern starts with `@`).
    Nodes { pat: String, rsets: Vec<RunVec> },
    /// An attribute selector (`key=value`), kept verbatim.
    Selector,
}

struct Scanner<'e> {
    expr: &'e str,
}

impl<'e> Scanner<'e> {
    fn bad_range(&self, part: &str, reason: impl Into<String>) -> HostlistError {
        HostlistError::BadRange {
            expr: self.expr.to_string(),
            part: part.to_string(),
            reason: reason.into(),
        }
    }

    fn brackets(&self, part: &str, reason: &str) -> HostlistError {
        HostlistError::Brackets {
            expr: self.expr.to_string(),
            part: part.to_string(),
            reason: reason.to_string(),
        }
    }

    fn too_large(&self, part: &str, count: u128) -> HostlistError {
        HostlistError::TooLarge {
            expr: self.expr.to_string(),
            part: part.to_string(),
            count,
            limit: MAX_NAMES,
        }
    }

    fn single(&self, text: &str) -> Result<(String, Vec<Key>), HostlistError> {
        scan_single(text).map_err(|reason| HostlistError::BadName {
            expr: self.expr.to_string(),
            part: text.to_string(),
            reason,
        })
    }

    fn scan(&self) -> Result<Vec<Atom<'e>>, HostlistError> {
        let mut atoms = Vec::new();
        let mut rest: &'e str = py_strip(self.expr);
        let mut op = ',';
        while !rest.is_empty() {
            let ns = py_lstrip(rest);
            let (text, next) = self.extent(ns)?;
            if !text.starts_with('@') && text.contains('=') {
                atoms.push(Atom {
                    op,
                    text,
                    kind: AtomKind::Selector,
                });
            } else {
                let (pat, rsets) = self.scan_atom(ns)?;
                atoms.push(Atom {
                    op,
                    text,
                    kind: AtomKind::Nodes { pat, rsets },
                });
            }
            match next {
                Some((o, r)) => {
                    op = o;
                    rest = r;
                }
                None => rest = "",
            }
        }
        Ok(atoms)
    }

    /// Where the operand at the start of `ns` ends (operators inside brackets do not
    /// count): its text, and the next operator with the rest of the expression.
    #[allow(clippy::type_complexity)]
    fn extent(&self, ns: &'e str) -> Result<(&'e str, Option<(char, &'e str)>), HostlistError> {
        let mut pos = 0;
        loop {
            let tail = &ns[pos..];
            let op = next_op(tail);
            let limit = op.map_or(tail.len(), |(i, _)| i);
            match tail[..limit].find('[') {
                Some(b) => match tail[b + 1..].find(']') {
                    Some(c) => pos += b + 1 + c + 1,
                    None => return Err(self.brackets(ns, "missing closing bracket")),
                },
                None => {
                    return Ok(match op {
                        None => (py_rstrip(ns), None),
                        Some((i, c)) => {
                            let text = &ns[..pos + i];
                            let after = &ns[pos + i + 1..];
                            if after.is_empty() || py_rstrip(text).is_empty() {
                                return Err(HostlistError::MissingOperand {
                                    expr: self.expr.to_string(),
                                    op: c,
                                    part: if after.is_empty() { text } else { after }.to_string(),
                                });
                            }
                            (py_rstrip(text), Some((c, after)))
                        }
                    })
                }
            }
        }
    }

    /// Parses the node pattern at the start of `ns` as ClusterShell does (the operator that
    /// ends it was already found by [`Scanner::extent`]).
    fn scan_atom(&self, ns: &str) -> Result<(String, Vec<RunVec>), HostlistError> {
        let mut rsets: Vec<RunVec> = Vec::new();
        if !bracket_before_op(ns) {
            let node = match next_op(ns) {
                Some((i, _)) => &ns[..i],
                None => ns,
            };
            if node.contains(']') {
                return Err(self.brackets(node, "closing bracket without opening bracket"));
            }
            let (pat, keys) = self.single(py_rstrip(node))?;
            rsets.extend(keys.into_iter().map(RunVec::single));
            return Ok((pat, rsets));
        }
        let mut newpat = String::new();
        let mut sfx: &str = ns;
        loop {
            let b = sfx.find('[').expect("bracket before operator");
            let pfx = &sfx[..b];
            let after = &sfx[b + 1..];
            let c = after
                .find(']')
                .ok_or_else(|| self.brackets(ns, "missing closing bracket"))?;
            let mut rng: Cow<str> = Cow::Borrowed(&after[..c]);
            let mut s2 = &after[c + 1..];
            if pfx.contains(']') {
                return Err(self.brackets(pfx, "closing bracket without opening bracket"));
            }
            if let Some(i) = s2.find(['[', ']']) {
                if s2.as_bytes()[i] == b']' {
                    return Err(self.brackets(s2, "closing bracket without opening bracket"));
                }
            }
            if !s2.is_empty() {
                let (s3, r3) = self.amend_trailing(s2, rng)?;
                s2 = s3;
                rng = r3;
            }
            let mut pfx_pat = String::new();
            if !pfx.is_empty() {
                let (p2, r2) = self.amend_leading(pfx, rng)?;
                rng = r2;
                if !p2.is_empty() {
                    let (pp, keys) = self.single(p2)?;
                    pfx_pat = pp;
                    rsets.extend(keys.into_iter().map(RunVec::single));
                }
            }
            sfx = s2;
            if sfx.starts_with('[') {
                return Err(self.brackets(sfx, "a bracket cannot follow another bracket"));
            }
            newpat.push_str(&pfx_pat);
            newpat.push_str("%s");
            rsets.push(self.rangeset(&rng)?);
            if !bracket_before_op(sfx) {
                break;
            }
        }
        let tail = match next_op(sfx) {
            Some((i, _)) => &sfx[..i],
            None => sfx,
        };
        let tail = py_rstrip(tail);
        if !tail.is_empty() {
            let (tp, keys) = self.single(tail)?;
            newpat.push_str(&tp);
            rsets.extend(keys.into_iter().map(RunVec::single));
        }
        Ok((newpat, rsets))
    }

    /// Digits right after a bracket are appended to each bound (`n[1-3]0` is
    /// `n[10-30/10]`), as ClusterShell's `_amend_trailing_digits`.
    fn amend_trailing<'s>(
        &self,
        outer: &'s str,
        inner: Cow<'s, str>,
    ) -> Result<(&'s str, Cow<'s, str>), HostlistError> {
        let stripped = outer.trim_start_matches(|c: char| c.is_ascii_digit());
        if stripped.len() == outer.len() {
            return Ok((outer, inner));
        }
        if inner.contains('/') {
            return Err(self.bad_range(outer, "digits cannot follow a range with a step"));
        }
        let digits = &outer[..outer.len() - stripped.len()];
        let amended: Vec<String> = inner
            .split(',')
            .map(|elem| {
                let s = elem
                    .split('-')
                    .map(|b| format!("{b}{digits}"))
                    .collect::<Vec<_>>()
                    .join("-");
                if s.contains('-') {
                    format!("{s}/1{}", "0".repeat(digits.len()))
                } else {
                    s
                }
            })
            .collect();
        Ok((stripped, Cow::Owned(amended.join(","))))
    }

    /// Digits right before a bracket are prepended to each bound (`n1[0-2]` is
    /// `n[10-12]`), as ClusterShell's `_amend_leading_digits`.
    fn amend_leading<'s>(
        &self,
        outer: &'s str,
        inner: Cow<'s, str>,
    ) -> Result<(&'s str, Cow<'s, str>), HostlistError> {
        let stripped = outer.trim_end_matches(|c: char| c.is_ascii_digit());
        if stripped.len() == outer.len() {
            return Ok((outer, inner));
        }
        let digits = &outer[stripped.len()..];
        let rs = self.rangeset(&inner)?;
        let amended: Vec<String> = fold_slices(rs.runs.iter().map(Cow::Borrowed))
            .iter()
            .map(|slice| {
                slice
                    .split('-')
                    .map(|b| format!("{digits}{b}"))
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect();
        Ok((stripped, Cow::Owned(amended.join(","))))
    }

    /// The inside of a bracket (`001-128,200`, `1-9/2`), as ClusterShell's
    /// `RangeSet._parse`.
    fn rangeset(&self, pattern: &str) -> Result<RunVec, HostlistError> {
        let mut runs: Vec<Run> = Vec::new();
        for sub in pattern.split(',') {
            let sub = py_strip(sub);
            let (base, step) = match sub.split_once('/') {
                None => (sub, Int::ONE),
                Some((b, s)) => (
                    b,
                    py_int(s).ok_or_else(|| self.bad_range(sub, "the step is not an integer"))?,
                ),
            };
            let (begin, end, begin_neg, end_neg);
            if !base.contains('-') {
                if step != Int::ONE {
                    return Err(self.bad_range(sub, "a step needs a range (`a-b/step`)"));
                }
                (begin, end, begin_neg, end_neg) = (base, base, false, false);
            } else {
                let parts: Vec<&str> = base.split('-').map(py_strip).collect();
                (begin, end, begin_neg, end_neg) = match parts[..] {
                    ["", e] => (e, e, true, true),
                    [b, e] => (b, e, false, false),
                    [_, b, e] => (b, e, true, false),
                    [_, b, _, e] => (b, e, true, true),
                    _ => return Err(self.bad_range(sub, "too many `-`")),
                };
            }
            let not_int = || {
                if sub.is_empty() {
                    self.bad_range(sub, "empty range")
                } else {
                    self.bad_range(sub, "not an integer range")
                }
            };
            let nchars = |s: &str| s.chars().count() as u32;
            let ibegin = py_int(begin).ok_or_else(not_int)?;
            let (pad, start) = if !ibegin.is_zero() {
                let begins = begin.trim_start_matches('0');
                let pad = if begins.len() < begin.len() {
                    nchars(begin)
                } else {
                    0
                };
                (pad, py_int(begins).ok_or_else(not_int)?)
            } else {
                (if nchars(begin) > 1 { nchars(begin) } else { 0 }, Int::ZERO)
            };
            let iend = py_int(end).ok_or_else(not_int)?;
            let ends = if !iend.is_zero() {
                end.trim_start_matches('0')
            } else {
                end
            };
            let endpad = ends.len() < end.len();
            if (pad > 0 || endpad) && nchars(begin) != nchars(end) {
                return Err(self.bad_range(sub, "the bounds are padded to different lengths"));
            }
            let stop = py_int(ends).ok_or_else(not_int)?;
            if pad > 0 && begin_neg {
                return Err(self.bad_range(sub, "negative indexes cannot be zero-padded"));
            }
            let lo = if begin_neg { start.neg() } else { start };
            let hi = if end_neg { stop.neg() } else { stop.clone() };
            if stop > *max_index() {
                return Err(self.bad_range(sub, "index is larger than 1e100"));
            }
            if lo > hi {
                return Err(self.bad_range(sub, "start is after end"));
            }
            if step < Int::ONE {
                return Err(self.bad_range(sub, "the step must be at least 1"));
            }
            let width = hi.add1().sub(&lo);
            if width >= Int::S(1_000_000_000) {
                return Err(self.too_large(sub, width.to_u64_sat() as u128));
            }
            let width = width.to_u64_sat();
            let step_u = step.to_i64().map_or(u64::MAX, |s| s as u64);
            let count = width.div_ceil(step_u);
            if count > MAX_NAMES as u64 {
                return Err(self.too_large(sub, count as u128));
            }
            if step_u == 1 {
                push_value_range(&mut runs, lo, hi, pad);
            } else {
                let mut v = lo;
                for _ in 0..count {
                    let k = Key::from_int_pad(v.clone(), pad);
                    runs.push(Run {
                        seg: k.seg,
                        lo: k.val.clone(),
                        hi: k.val,
                    });
                    v = v.add(&step);
                }
            }
        }
        let rv = RunVec::from_unsorted(runs);
        if rv.len > MAX_NAMES as u64 {
            return Err(self.too_large(pattern, rv.len as u128));
        }
        Ok(rv)
    }
}

/// The indexes `lo..=hi` printed with `"%0*d" % (pad, i)`, as runs (one per printed length).
fn push_value_range(runs: &mut Vec<Run>, mut lo: Int, hi: Int, pad: u32) {
    if lo.is_neg() {
        let neg_hi = if hi.is_neg() { hi.clone() } else { Int::S(-1) };
        runs.push(Run {
            seg: 0,
            lo,
            hi: neg_hi,
        });
        if hi.is_neg() {
            return;
        }
        lo = Int::ZERO;
    }
    while lo <= hi {
        let seg = seg_for(&lo, pad);
        let seg_max = Int::pow10(seg).sub1();
        let h = if hi < seg_max { hi.clone() } else { seg_max };
        let next = h.add1();
        runs.push(Run { seg, lo, hi: h });
        lo = next;
    }
}

impl NodeSet {
    /// Parses an expression without group or attribute resolution: an operand that is a
    /// node group (`@x`) or an attribute selector (`k=v`) is an error.
    ///
    /// The syntax is ClusterShell's: `nid[001-128,200]`, steps `a[1-9/2]`, several digit
    /// groups `r[1-2]n[01-48]`, and the operators `,` `!` `&` `^`, applied from left to
    /// right with equal precedence.
    pub fn parse(expr: &str) -> Result<NodeSet, HostlistError> {
        Self::parse_inner(expr, None)
    }

    /// Parses with a resolver for node groups and attribute selectors.
    ///
    /// The resolver is called for every operand that starts with `@` or contains `=`, and
    /// returns the set it stands for; operators combine its result like any other operand.
    /// An attribute selector is passed as written (`labels.rack=r7`). A node group is
    /// passed as written too (`@compute`), except that brackets in it are expanded as
    /// ClusterShell does: `@rack[1-2]` calls the resolver for `@rack1` and `@rack2`.
    pub fn parse_with(
        expr: &str,
        resolve: &mut dyn FnMut(&str) -> Result<NodeSet, HostlistError>,
    ) -> Result<NodeSet, HostlistError> {
        Self::parse_inner(expr, Some(resolve))
    }

    fn parse_inner(
        expr: &str,
        mut resolve: Option<&mut ResolveFn<'_>>,
    ) -> Result<NodeSet, HostlistError> {
        let sc = Scanner { expr };
        let atoms = sc.scan()?;
        let mut acc = NodeSet::new();
        for atom in atoms {
            let operand = match atom.kind {
                AtomKind::Selector => match resolve.as_mut() {
                    Some(r) => r(atom.text)?,
                    None => {
                        return Err(HostlistError::NeedsResolver {
                            expr: expr.to_string(),
                            atom: atom.text.to_string(),
                        })
                    }
                },
                AtomKind::Nodes { pat, rsets } => {
                    let count = rsets
                        .iter()
                        .fold(1u128, |n, r| n.saturating_mul(r.len as u128));
                    if count > MAX_NAMES as u128 {
                        return Err(sc.too_large(atom.text, count));
                    }
                    let is_group = pat.starts_with('@');
                    if !is_group && pat.contains(['*', '?']) {
                        return Err(HostlistError::Wildcard {
                            expr: expr.to_string(),
                            atom: atom.text.to_string(),
                        });
                    }
                    if !is_group && matches!(atom.op, ',' | '!') {
                        acc.apply_simple(atom.op == ',', pat, rsets);
                        let n = acc.len();
                        if n > MAX_NAMES {
                            return Err(sc.too_large(atom.text, n as u128));
                        }
                        continue;
                    }
                    let nodes = NodeSet::from_atom(pat, rsets);
                    if is_group {
                        let Some(r) = resolve.as_mut() else {
                            return Err(HostlistError::NeedsResolver {
                                expr: expr.to_string(),
                                atom: atom.text.to_string(),
                            });
                        };
                        let mut group = NodeSet::new();
                        for name in nodes.iter() {
                            group.update(&r(&name)?);
                        }
                        group
                    } else {
                        nodes
                    }
                }
            };
            match atom.op {
                ',' => acc.update(&operand),
                '!' => acc.difference_update(&operand),
                '&' => acc.intersection_update(&operand),
                _ => acc.symmetric_difference_update(&operand),
            }
            let n = acc.len();
            if n > MAX_NAMES {
                return Err(sc.too_large(atom.text, n as u128));
            }
        }
        Ok(acc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn ns(expr: &str) -> NodeSet {
        NodeSet::parse(expr).unwrap_or_else(|e| panic!("{expr:?}: {e}"))
    }

    /// (expression, `nodeset -f`, `nodeset -f --axis=-1`, `nodeset -c`), from ClusterShell 1.9.
    const FOLDS: &[(&str, &str, &str, usize)] = &[
        (
            "nid[001-128,200]",
            "nid[001-128,200]",
            "nid[001-128,200]",
            129,
        ),
        ("a01,a1,a001", "a[1,01,001]", "a[1,01,001]", 3),
        ("a[1,01,001,2-3]", "a[1-3,01,001]", "a[1-3,01,001]", 5),
        ("n[8-12],n[08-10]", "n[8-9,08-12]", "n[8-9,08-12]", 7),
        (
            "n[98-101],n[099-100]",
            "n[98-99,099-101]",
            "n[98-99,099-101]",
            5,
        ),
        ("a[1-9/2]", "a[1,3,5,7,9]", "a[1,3,5,7,9]", 5),
        ("a[0-20/5]", "a[0,5,10,15,20]", "a[0,5,10,15,20]", 5),
        (
            "r[1-2]n[01-48]",
            "r[1-2]n[01-48]",
            "r1n[01-48],r2n[01-48]",
            96,
        ),
        (
            "r1n01,r1n02,r2n01",
            "r1n[01-02],r2n01",
            "r1n[01-02],r2n01",
            3,
        ),
        ("r1n1,r2n2", "r1n1,r2n2", "r1n1,r2n2", 2),
        (
            "r1n1,r1n2,r2n1,r2n2",
            "r[1-2]n[1-2]",
            "r1n[1-2],r2n[1-2]",
            4,
        ),
        (
            "x1000c0s[0-7]b0n[0-1],x1000c1s0b0n0",
            "x1000c0s[0-7]b0n[0-1],x1000c1s0b0n0",
            "x1000c0s0b0n[0-1],x1000c0s1b0n[0-1],x1000c0s2b0n[0-1],x1000c0s3b0n[0-1],\
             x1000c0s4b0n[0-1],x1000c0s5b0n[0-1],x1000c0s6b0n[0-1],x1000c0s7b0n[0-1],x1000c1s0b0n0",
            17,
        ),
        ("login", "login", "login", 1),
        (
            "login,login1,login[2-3]",
            "login,login[1-3]",
            "login,login[1-3]",
            4,
        ),
        ("1a,2a,3a", "[1-3]a", "[1-3]a", 3),
        ("n1-ib,n2-ib", "n[1-2]-ib", "n[1-2]-ib", 2),
        ("a[1-5]!a[2-3]", "a[1,4-5]", "a[1,4-5]", 3),
        ("a[1-5]&a[3-8]", "a[3-5]", "a[3-5]", 3),
        ("a[1-5]^a[3-8]", "a[1-2,6-8]", "a[1-2,6-8]", 5),
        ("a[1-3],b1!a2", "a[1,3],b1", "a[1,3],b1", 3),
        ("a[1-5],b[1-2]&a[2-9]", "a[2-5]", "a[2-5]", 4),
        ("a[1-5]^a[2-3]!a1", "a[4-5]", "a[4-5]", 2),
        (" a1 , a2 ", "a[1-2]", "a[1-2]", 2),
        ("a [1-2]", "a [1-2]", "a [1-2]", 2),
        ("n[ 1 - 3 ]", "n[1-3]", "n[1-3]", 3),
        ("n1[0-2]", "n[10-12]", "n[10-12]", 3),
        ("n[1-3]0", "n[10,20,30]", "n[10,20,30]", 3),
        ("n0[1-3]", "n[01-03]", "n[01-03]", 3),
        ("r[1-2]n[1-2]!r1n1", "r2n[1-2],r1n2", "r2n[1-2],r1n2", 3),
        (
            "x[1-2]y[3-4]z[5-6]!x1y3z5",
            "x2y[3-4]z[5-6],x1y4z[5-6],x1y3z6",
            "x2y3z[5-6],x2y4z[5-6],x1y4z[5-6],x1y3z6",
            7,
        ),
        ("n[-2-1]", "n[-2-1]", "n[-2-1]", 4),
        (
            "n[99999999999999999999-100000000000000000001]",
            "n[99999999999999999999-100000000000000000001]",
            "n[99999999999999999999-100000000000000000001]",
            3,
        ),
        ("a%b[1-2]", "a%b[1-2]", "a%b[1-2]", 2),
        (
            "r[1-3]n[1-2],r[2-4]n[2-3]",
            "r[2-3]n[1-3],r1n[1-2],r4n[2-3]",
            "r2n[1-3],r3n[1-3],r1n[1-2],r4n[2-3]",
            10,
        ),
        (
            "c[1-2]g[1-3],c3g[1-2]",
            "c[1-2]g[1-3],c3g[1-2]",
            "c1g[1-3],c2g[1-3],c3g[1-2]",
            8,
        ),
        ("n[0-1]c[0-1]!n1c1", "n0c[0-1],n1c0", "n0c[0-1],n1c0", 3),
        ("", "", "", 0),
    ];

    #[test]
    fn folds_like_clustershell() {
        for &(expr, fold, slurm, count) in FOLDS {
            let set = ns(expr);
            assert_eq!(set.fold(), fold, "fold of {expr:?}");
            assert_eq!(set.fold_slurm(), slurm, "fold_slurm of {expr:?}");
            assert_eq!(set.len(), count, "len of {expr:?}");
            assert_eq!(set.is_empty(), count == 0);
            assert_eq!(set.to_vec().len(), count, "expansion of {expr:?}");
            // the fold of names is the fold of the set they come from (except for negative
            // indexes: `n-2` is another node than the index -2 of `n[-2]`)
            if !expr.contains("[-") {
                assert_eq!(
                    fold_names(&set.to_vec()),
                    fold,
                    "fold of the names of {expr:?}"
                );
            }
        }
    }

    fn fold_names(names: &[String]) -> String {
        fold(names)
    }

    /// (expression, `nodeset -e`), from ClusterShell 1.9.
    const EXPANSIONS: &[(&str, &str)] = &[
        ("a01,a1,a001", "a1 a01 a001"),
        ("a[1,01,001,2-3]", "a1 a2 a3 a01 a001"),
        ("n[8-12],n[08-10]", "n8 n9 n08 n09 n10 n11 n12"),
        ("n[98-101],n[099-100]", "n98 n99 n099 n100 n101"),
        ("r1n1,r1n2,r2n1,r2n2", "r1n1 r1n2 r2n1 r2n2"),
        ("r[1-2]n[1-2]!r1n1", "r2n1 r2n2 r1n2"),
        (
            "x[1-2]y[3-4]z[5-6]!x1y3z5",
            "x2y3z5 x2y3z6 x2y4z5 x2y4z6 x1y4z5 x1y4z6 x1y3z6",
        ),
        ("login,login1,login[2-3]", "login login1 login2 login3"),
        ("[1-3]a", "1a 2a 3a"),
        ("a [1-2]", "a 1 a 2"),
        ("n[-2-1]", "n-2 n-1 n0 n1"),
        (
            "n[99999999999999999999-100000000000000000001]",
            "n99999999999999999999 n100000000000000000000 n100000000000000000001",
        ),
        ("a%b[1-2]", "a%b1 a%b2"),
        (
            "r[1-3]n[1-2],r[2-4]n[2-3]",
            "r2n1 r2n2 r2n3 r3n1 r3n2 r3n3 r1n1 r1n2 r4n2 r4n3",
        ),
        ("b1,a[9-10],a[08-09]", "a9 a08 a09 a10 b1"),
    ];

    #[test]
    fn expands_in_clustershell_order() {
        for &(expr, names) in EXPANSIONS {
            assert_eq!(ns(expr).to_vec().join(" "), names, "expansion of {expr:?}");
            assert_eq!(expand(expr).unwrap().join(" "), names);
            assert_eq!(ns(expr).iter().collect::<Vec<_>>().join(" "), names);
        }
    }

    #[test]
    fn padding_makes_different_nodes() {
        let set = ns("a[1,01,001]");
        assert_eq!(set.len(), 3);
        for name in ["a1", "a01", "a001"] {
            assert!(set.contains(name), "{name}");
        }
        assert!(!set.contains("a0001"));
        assert!(!ns("nid[001-010]").contains("nid1"));
        assert!(ns("nid[001-010]").contains("nid001"));
        // a padded range goes on past its width without padding
        assert_eq!(ns("n[098-101]").to_vec(), ["n098", "n099", "n100", "n101"]);
        assert_eq!(ns("n[8-10]").fold(), "n[8-10]");
        assert_eq!(ns("n[08-10]").fold(), "n[08-10]");
    }

    #[test]
    fn steps() {
        assert_eq!(ns("a[1-9/2]").to_vec(), ["a1", "a3", "a5", "a7", "a9"]);
        assert_eq!(ns("a[01-10/3]").fold(), "a[01,04,07,10]");
        // autostep is off: folded sets never use /step
        assert_eq!(
            ns("a[0-100/10]").fold(),
            "a[0,10,20,30,40,50,60,70,80,90,100]"
        );
        assert_eq!(ns("a[1-2/5]").fold(), "a1");
        assert!(NodeSet::parse("a[3/2]").is_err());
        assert!(NodeSet::parse("a[1-3/0]").is_err());
        assert!(NodeSet::parse("a[1-3/x]").is_err());
        assert!(NodeSet::parse("a[1-3/2]0").is_err());
    }

    #[test]
    fn several_dimensions() {
        let set = ns("r[1-2]n[01-03]");
        assert_eq!(set.len(), 6);
        assert!(set.contains("r2n03"));
        assert!(!set.contains("r2n3"));
        assert!(!set.contains("r3n01"));
        assert_eq!(set.fold_slurm(), "r1n[01-03],r2n[01-03]");
        let names: NodeSet = ["r2n1", "r1n1", "r1n2", "r2n2", "r1n2"]
            .into_iter()
            .collect();
        assert_eq!(names.fold(), "r[1-2]n[1-2]");
        let hpe: NodeSet = (0..4)
            .flat_map(|s| (0..2).map(move |n| format!("x1000c0s{s}b0n{n}")))
            .collect();
        assert_eq!(hpe.fold(), "x1000c0s[0-3]b0n[0-1]");
        assert_eq!(hpe.len(), 8);
        // digits at the start and in the middle
        assert_eq!(ns("1a2,1a3,2a2,2a3").fold(), "[1-2]a[2-3]");
    }

    #[test]
    fn multivariate_folding() {
        // ClusterShell 1.9 outputs
        assert_eq!(ns("r[1-3]n[1-4]!r2n2").fold(), "r[1,3]n[1-4],r2n[1,3-4]");
        assert_eq!(
            ns("a1b1,a1b2,a2b2,a2b3,a3b3").fold(),
            "a1b[1-2],a2b[2-3],a3b3"
        );
        let diagonal: NodeSet = (0..5).map(|i| format!("c{i}g{i}")).collect();
        assert_eq!(diagonal.fold(), "c0g0,c1g1,c2g2,c3g3,c4g4");
    }

    #[test]
    fn operators_apply_left_to_right() {
        // ((a ∪ b) ∖ c) ∩ d, no precedence
        assert_eq!(ns("n[1-5],n[6-9]!n[3-7]&n[1-8]").fold(), "n[1-2,8]");
        assert_eq!(ns("n[1-5]&n[3-9],n[20-21]").fold(), "n[3-5,20-21]");
        assert_eq!(ns("n[1-5]^n[4-6]^n5").fold(), "n[1-3,5-6]");
        assert_eq!(ns("n1!n1,n1").fold(), "n1");
        assert_eq!(ns("n1 ! n1").fold(), "");
        assert_eq!(ns("login,n1&login").fold(), "login");
        assert_eq!(ns("login^login").fold(), "");
        assert_eq!(ns("r[1-2]n[1-2]^r[2-3]n[1-2]").fold(), "r[1,3]n[1-2]");
        assert_eq!(ns("r[1-2]n[1-2]&r2n[2-3]").fold(), "r2n2");
    }

    #[test]
    fn set_methods() {
        let a = ns("n[1-5],r1n[1-2]");
        let b = ns("n[4-8],r1n2,login");
        assert_eq!(a.union(&b).fold(), "login,n[1-8],r1n[1-2]");
        assert_eq!(a.intersection(&b).fold(), "n[4-5],r1n2");
        assert_eq!(a.difference(&b).fold(), "n[1-3],r1n1");
        assert_eq!(a.symmetric_difference(&b).fold(), "login,n[1-3,6-8],r1n1");
        assert!(ns("n[2-3]").is_subset(&a));
        assert!(!b.is_subset(&a));
        let mut c = a.clone();
        c.update(&b);
        c.difference_update(&ns("n[2-7]"));
        c.intersection_update(&ns("n[1-10],login"));
        c.symmetric_difference_update(&ns("n[8-9]"));
        assert_eq!(c.fold(), "login,n[1,9]");
        assert_eq!(a, ns("r1n2,n[1-5],r1n1"));
        assert_ne!(a, b);
        assert_eq!(NodeSet::new(), NodeSet::default());
        assert_eq!(format!("{a:?}"), "NodeSet(\"n[1-5],r1n[1-2]\")");
        assert_eq!(a.to_string(), "n[1-5],r1n[1-2]");
    }

    #[test]
    fn insert_contains_and_collect() {
        let mut set = NodeSet::new();
        for name in [
            "nid003", "nid001", "nid002", " nid010 ", "login", "r1n1", "r1n2", "r2n1", "",
        ] {
            set.insert(name);
        }
        assert_eq!(set.fold(), "login,nid[001-003,010],r1n[1-2],r2n1");
        assert_eq!(set.len(), 8);
        assert!(set.contains("nid010") && set.contains(" login") && set.contains("r2n1"));
        assert!(!set.contains("nid004") && !set.contains("r2n2") && !set.contains(""));
        // names are taken literally
        set.insert("odd[1-2]");
        assert!(set.contains("odd[1-2]"));
        let collected: NodeSet = set.iter().collect();
        assert_eq!(collected, set);
        let from_strs: NodeSet = vec!["b2", "b1"].into_iter().collect();
        assert_eq!(from_strs.fold(), "b[1-2]");
        assert_eq!(fold(["c1", "c2", "c3"]), "c[1-3]");
        assert_eq!(fold(Vec::<String>::new()), "");
    }

    #[test]
    fn clustershell_quirks() {
        // digits next to brackets join the range
        assert_eq!(ns("n1[2-3]4b").fold(), "n[124,134]b");
        assert_eq!(ns("n[-3]0").fold(), "n[0,10,20,30]");
        // Python int(): signs, underscores, surrounding spaces, any Unicode digit
        assert_eq!(ns("n[+5]").fold(), "n5");
        assert_eq!(ns("n[1_0]").fold(), "n10");
        assert_eq!(ns("n[05 /1]").fold(), "n005");
        assert_eq!(ns("n٣,n[٠١-٠٣]").fold(), "n[1-3]");
        assert_eq!(ns("n[7-0-3]").fold(), "n[0-3]");
        // a negative index prints like another node
        assert_eq!(ns("n[-5],n-5").fold(), "n-5,n-5");
        assert_eq!(ns("n[-5],n-5").len(), 2);
    }

    fn err(expr: &str) -> HostlistError {
        match NodeSet::parse(expr) {
            Ok(s) => panic!("{expr:?} parsed as {:?}", s.fold()),
            Err(e) => e,
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            err("nid[5-3]").to_string(),
            "bad range `5-3` in `nid[5-3]`: start is after end"
        );
        assert!(matches!(err("nid[1-3"), HostlistError::Brackets { .. }));
        assert!(matches!(err("nid1-3]"), HostlistError::Brackets { .. }));
        assert!(matches!(err("nid[1]]"), HostlistError::Brackets { .. }));
        assert!(matches!(err("a[1][2]"), HostlistError::Brackets { .. }));
        assert!(matches!(err("a[1]2[3]"), HostlistError::Brackets { .. }));
        assert!(matches!(err("a[1],b]"), HostlistError::Brackets { .. }));
        for e in ["a,,b", "a,", ",a", "a!", "a & ,b", "a[1]^"] {
            assert!(
                matches!(err(e), HostlistError::MissingOperand { .. }),
                "{e}"
            );
        }
        for e in [
            "n[]",
            "n[1,]",
            "n[a]",
            "n[01-5]",
            "n[-01]",
            "n[1-2-3-4-5]",
            "n[1-3/-1]",
        ] {
            assert!(matches!(err(e), HostlistError::BadRange { .. }), "{e}");
        }
        assert!(err("n[01-5]").to_string().contains("`01-5`"));
        let big = "1".repeat(102);
        assert!(matches!(
            err(&format!("n[{big}]")),
            HostlistError::BadRange { .. }
        ));
        assert!(matches!(
            err(&format!("n{big}")),
            HostlistError::BadName { .. }
        ));
        assert!(matches!(
            err("n[1-20000000]"),
            HostlistError::TooLarge { .. }
        ));
        assert!(matches!(
            err("n[1-9999999999]"),
            HostlistError::TooLarge { .. }
        ));
        assert!(matches!(
            err("r[1-4000]n[1-4000]"),
            HostlistError::TooLarge { .. }
        ));
        assert!(matches!(
            err("n[1-6000000],m[1-6000000]"),
            HostlistError::TooLarge { .. }
        ));
        assert!(err("n[1-20000000]")
            .to_string()
            .contains("limit of 10000000"));
        assert!(matches!(
            err("@compute"),
            HostlistError::NeedsResolver { .. }
        ));
        assert!(matches!(
            err("n1,rack=r7"),
            HostlistError::NeedsResolver { .. }
        ));
        assert!(matches!(err("n*"), HostlistError::Wildcard { .. }));
        assert!(matches!(err("n[1-2]?"), HostlistError::Wildcard { .. }));
        // expanding cannot fail where parsing succeeded
        assert!(expand("n[3-1]").is_err());
    }

    #[test]
    fn resolver() {
        let calls = std::cell::RefCell::new(Vec::new());
        let mut resolve = |atom: &str| -> Result<NodeSet, HostlistError> {
            calls.borrow_mut().push(atom.to_string());
            match atom {
                "@compute" => NodeSet::parse("n[1-10]"),
                "@rack1" => NodeSet::parse("n[1-4]"),
                "@rack2" => NodeSet::parse("n[5-8]"),
                "labels.gpu=a100" => NodeSet::parse("n[3-6]"),
                _ => Err(HostlistError::Resolve(format!("unknown group `{atom}`"))),
            }
        };
        let set = NodeSet::parse_with(
            "@compute!@rack[1-2],login&labels.gpu=a100 ^ n9",
            &mut resolve,
        )
        .unwrap();
        assert_eq!(set.fold(), "n9");
        let set = NodeSet::parse_with("labels.gpu=a100,@rack2!n8", &mut resolve).unwrap();
        assert_eq!(set.fold(), "n[3-7]");
        assert_eq!(
            *calls.borrow(),
            [
                "@compute",
                "@rack1",
                "@rack2",
                "labels.gpu=a100",
                "labels.gpu=a100",
                "@rack2"
            ]
        );
        let e = NodeSet::parse_with("n1,@nope", &mut resolve).unwrap_err();
        assert_eq!(e, HostlistError::Resolve("unknown group `@nope`".into()));
        // syntax errors are reported before anything is resolved
        let mut count = 0;
        let mut counting = |_: &str| {
            count += 1;
            Ok(NodeSet::new())
        };
        assert!(NodeSet::parse_with("@a,n[", &mut counting).is_err());
        assert_eq!(count, 0);
    }

    // ------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------

    #[test]
    fn big_integers() {
        let a = Int::from_decimal(false, b"99999999999999999999999");
        let one = Int::ONE;
        let b = a.add(&one);
        let mut s = String::new();
        b.write_mag(&mut s);
        assert_eq!(s, "100000000000000000000000");
        assert_eq!(b.sub(&one), a);
        assert_eq!(b.ndigits(), 24);
        assert!(a.neg() < Int::S(i64::MIN) && Int::S(i64::MAX) < a);
        assert_eq!(Int::S(i64::MAX).add1().sub1(), Int::S(i64::MAX));
        assert_eq!(Int::S(i64::MIN).sub1().add1(), Int::S(i64::MIN));
        assert_eq!(Int::pow10(30).sub(&Int::pow10(30)), Int::ZERO);
        assert_eq!(py_int(" +1_000 "), Some(Int::S(1000)));
        assert_eq!(py_int("1__0"), None);
        assert_eq!(py_int("_1"), None);
        assert_eq!(py_int("٣"), Some(Int::S(3)));
        assert_eq!(py_int(""), None);
    }

    fn random_runvec(rng: &mut fastrand::Rng) -> RunVec {
        let mut keys: Vec<Key> = (0..rng.usize(0..30))
            .map(|_| Key::from_int_pad(Int::S(rng.i64(-5..40)), rng.u32(0..3)))
            .collect();
        keys.sort();
        RunVec::from_sorted_keys(keys)
    }

    fn key_set(r: &RunVec) -> HashSet<Key> {
        r.keys().collect()
    }

    #[test]
    fn run_sets_match_plain_sets() {
        let mut rng = fastrand::Rng::with_seed(42);
        for _ in 0..2000 {
            let (a, b) = (random_runvec(&mut rng), random_runvec(&mut rng));
            let (sa, sb) = (key_set(&a), key_set(&b));
            assert_eq!(a.len as usize, sa.len());
            assert_eq!(key_set(&a.union(&b)), &sa | &sb);
            assert_eq!(key_set(&a.intersection(&b)), &sa & &sb);
            assert_eq!(key_set(&a.difference(&b)), &sa - &sb);
            assert_eq!(a.inter_count(&b) as usize, (&sa & &sb).len());
            assert_eq!(a.union(&b), b.union(&a), "canonical");
            // the tree, run by run, gives the same canonical runs
            let mut t = IdxTree::from_runvec(a.clone());
            for r in &b.runs {
                t.insert_run(r);
            }
            assert_eq!(t.to_runvec(), a.union(&b));
            let mut t = IdxTree::from_runvec(a.clone());
            for r in &b.runs {
                t.remove_run(r);
            }
            assert_eq!(t.to_runvec(), a.difference(&b));
            let mut t = IdxTree::default();
            for k in b.keys() {
                t.insert(k);
            }
            assert_eq!(t.to_runvec(), b);
            for k in a.keys() {
                assert!(a.contains(&k));
            }
        }
    }

    fn random_ndset(rng: &mut fastrand::Rng) -> NdSet {
        if rng.bool() {
            NdSet::Product((0..2).map(|_| random_small_runvec(rng)).collect())
        } else {
            let mut s = PointSet::default();
            for _ in 0..rng.usize(1..20) {
                s.insert(
                    (0..2)
                        .map(|_| Key::from_int_pad(Int::S(rng.i64(0..5)), 0))
                        .collect(),
                );
            }
            NdSet::Points(s)
        }
    }

    fn random_small_runvec(rng: &mut fastrand::Rng) -> RunVec {
        let mut keys: Vec<Key> = (0..rng.usize(1..4))
            .map(|_| Key::from_int_pad(Int::S(rng.i64(0..5)), 0))
            .collect();
        keys.sort();
        RunVec::from_sorted_keys(keys)
    }

    fn point_set(s: &NdSet) -> HashSet<Point> {
        s.points().collect()
    }

    #[test]
    fn nd_sets_match_plain_sets() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2000 {
            let (a, b) = (random_ndset(&mut rng), random_ndset(&mut rng));
            let (sa, sb) = (point_set(&a), point_set(&b));
            let mut u = a.clone();
            u.update(&b);
            assert_eq!(point_set(&u), &sa | &sb);
            let inter = a
                .intersection(&b)
                .map(|s| point_set(&s))
                .unwrap_or_default();
            assert_eq!(inter, &sa & &sb);
            let mut d = a.clone();
            let left = d.difference_update(&b);
            assert_eq!(left, !(&sa - &sb).is_empty());
            if left {
                assert_eq!(point_set(&d), &sa - &sb);
            }
            // folded vectors cover the set exactly once
            let mut covered: Vec<Point> = a
                .fold_vectors()
                .iter()
                .flat_map(|v| product_points(v).collect::<Vec<_>>())
                .collect();
            let n = covered.len();
            covered.sort();
            covered.dedup();
            assert_eq!(covered.len(), n);
            assert_eq!(covered.into_iter().collect::<HashSet<_>>(), sa);
            assert_eq!(a.clone().normalized().len(), a.len());
        }
    }

    #[test]
    fn fold_state_machine() {
        let f = |keys: &[&str]| {
            let mut ks: Vec<Key> = keys
                .iter()
                .map(|s| {
                    let v = py_int(s).unwrap();
                    let pad = if s.len() > 1 && s.starts_with('0') {
                        s.len() as u32
                    } else {
                        0
                    };
                    Key::from_int_pad(v, pad)
                })
                .collect();
            ks.sort();
            RunVec::from_sorted_keys(ks).fold_str()
        };
        assert_eq!(f(&["1", "2", "3", "5", "6"]), "1-3,5-6");
        assert_eq!(f(&["1", "3", "4"]), "1,3-4");
        assert_eq!(f(&["9", "05", "10"]), "9,05,10");
        assert_eq!(f(&["08", "09", "10", "11"]), "08-11");
        assert_eq!(f(&["9", "10", "11"]), "9-11");
        assert_eq!(f(&["-3", "-2", "0"]), "-3--2,0");
        assert_eq!(f(&["00", "0"]), "0,00");
    }
}
