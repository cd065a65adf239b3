//! Integers: ClusterShell indexes are Python integers, so they may be far larger than i64
//! (up to 1e100). `Int` is an i64 with a slow arbitrary-precision fallback.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::OnceLock;

const LIMB: u64 = 1_000_000_000;

/// A signed integer of any size; normalized so that values fitting in i64 use `S`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(super) enum Int {
    S(i64),
    B(Box<Big>),
}

/// Magnitude in base 1e9, little endian, no high zero limbs; only for values outside i64.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(super) struct Big {
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
    pub(super) const ZERO: Int = Int::S(0);
    pub(super) const ONE: Int = Int::S(1);

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
    pub(super) fn from_decimal(neg: bool, digits: &[u8]) -> Int {
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

    pub(super) fn is_neg(&self) -> bool {
        match self {
            Int::S(v) => *v < 0,
            Int::B(b) => b.neg,
        }
    }

    pub(super) fn is_zero(&self) -> bool {
        matches!(self, Int::S(0))
    }

    pub(super) fn to_i64(&self) -> Option<i64> {
        match self {
            Int::S(v) => Some(*v),
            Int::B(_) => None,
        }
    }

    pub(super) fn neg(&self) -> Int {
        match self {
            Int::S(v) => match v.checked_neg() {
                Some(n) => Int::S(n),
                None => Int::from_i128(-(*v as i128)),
            },
            Int::B(b) => Int::from_sign_mag(!b.neg, b.mag.clone()),
        }
    }

    pub(super) fn add(&self, o: &Int) -> Int {
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

    pub(super) fn sub(&self, o: &Int) -> Int {
        if let (Int::S(a), Int::S(b)) = (self, o) {
            return match a.checked_sub(*b) {
                Some(s) => Int::S(s),
                None => Int::from_i128(*a as i128 - *b as i128),
            };
        }
        self.add(&o.neg())
    }

    pub(super) fn add1(&self) -> Int {
        self.add(&Int::ONE)
    }

    pub(super) fn sub1(&self) -> Int {
        self.sub(&Int::ONE)
    }

    /// `10^n`.
    pub(super) fn pow10(n: u32) -> Int {
        if n <= 18 {
            return Int::S(10i64.pow(n));
        }
        let mut mag = vec![0u32; (n / 9) as usize];
        mag.push(10u32.pow(n % 9));
        Int::from_sign_mag(false, mag)
    }

    /// Number of decimal digits of the absolute value (1 for zero).
    pub(super) fn ndigits(&self) -> u32 {
        match self {
            Int::S(v) => v.unsigned_abs().checked_ilog10().unwrap_or(0) + 1,
            Int::B(b) => {
                let top = *b.mag.last().unwrap_or(&0);
                (b.mag.len() as u32 - 1) * 9 + top.checked_ilog10().unwrap_or(0) + 1
            }
        }
    }

    /// Appends the decimal digits of the absolute value.
    pub(super) fn write_mag(&self, out: &mut String) {
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
    pub(super) fn to_u64_sat(&self) -> u64 {
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
pub(super) fn max_index() -> &'static Int {
    static MAX: OnceLock<Int> = OnceLock::new();
    MAX.get_or_init(|| {
        Int::from_decimal(
            false,
            b"10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostlist::pystr::py_int;

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
}
