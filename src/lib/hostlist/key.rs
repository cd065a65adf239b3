//! Indexes. ClusterShell keeps every index as the string it prints ("7", "007", "-3") and
//! sorts them by (length, text), negative ones first. A `Key` is such a string: `seg` is
//! its length for non-negative indexes (so `val` < 10^seg) and 0 for negative ones. The
//! derived order (seg, val) is exactly ClusterShell's order.

use super::int::Int;

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(super) struct Key {
    pub(super) seg: u32,
    pub(super) val: Int,
}

pub(super) fn seg_for(v: &Int, pad: u32) -> u32 {
    if v.is_neg() {
        0
    } else {
        pad.max(v.ndigits())
    }
}

impl Key {
    /// Python's `"%0*d" % (pad, v)`.
    pub(super) fn from_int_pad(val: Int, pad: u32) -> Key {
        Key {
            seg: seg_for(&val, pad),
            val,
        }
    }

    pub(super) fn write(&self, out: &mut String) {
        if self.seg == 0 {
            out.push('-');
        } else {
            for _ in self.val.ndigits()..self.seg {
                out.push('0');
            }
        }
        self.val.write_mag(out);
    }

    pub(super) fn render(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    /// `len(str)` in Python.
    pub(super) fn digitlen(&self) -> u32 {
        if self.seg == 0 {
            1 + self.val.ndigits()
        } else {
            self.seg
        }
    }

    /// Starts with a zero and has more than one digit.
    pub(super) fn padded(&self) -> bool {
        self.seg > 1 && self.val.ndigits() < self.seg
    }
}
