//! The inside of a bracket (`001-128,200`, `1-9/2`): a transcription of ClusterShell's
//! `RangeSet._parse`.

use super::error::{HostlistError, MAX_NAMES};
use super::int::{max_index, Int};
use super::key::{seg_for, Key};
use super::pystr::{py_int, py_strip};
use super::rangeset::RunVec;
use super::run::Run;
use super::scanner::Scanner;

/// One comma-separated part of a bracket (`001-128`, `1-9/2`, `7`), parsed.
struct SubRange {
    lo: Int,
    hi: Int,
    pad: u32,
    step: Int,
    /// How many indexes it stands for.
    count: u64,
}

impl<'e> Scanner<'e> {
    /// The inside of a bracket (`001-128,200`, `1-9/2`), as ClusterShell's
    /// `RangeSet._parse`. `times` is the number of names of the operand's brackets
    /// before this one: the limit of [`MAX_NAMES`] is checked on the product before any
    /// index of a step is listed.
    pub(super) fn rangeset(&self, pattern: &str, times: u64) -> Result<RunVec, HostlistError> {
        let over = |n: u64| n.saturating_mul(times) > MAX_NAMES as u64;
        let mut runs: Vec<Run> = Vec::new();
        let mut listed: u64 = 0;
        for sub in pattern.split(',') {
            let sub = py_strip(sub);
            let SubRange {
                lo,
                hi,
                pad,
                step,
                count,
            } = self.sub_range(sub)?;
            if over(count) {
                return Err(self.too_large(sub, count.saturating_mul(times) as u128));
            }
            if step == Int::ONE {
                push_value_range(&mut runs, lo, hi, pad);
            } else {
                listed += count;
                if over(listed) {
                    return Err(self.too_large(pattern, listed.saturating_mul(times) as u128));
                }
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
        if over(rv.len) {
            return Err(self.too_large(pattern, rv.len.saturating_mul(times) as u128));
        }
        Ok(rv)
    }

    /// A lower bound of the number of indexes of a bracket, without listing any: the
    /// largest count of its parts (1 when none parses; the bracket's errors are reported
    /// when it is parsed).
    pub(super) fn count_at_least(&self, pattern: &str) -> u64 {
        pattern
            .split(',')
            .filter_map(|sub| self.sub_range(py_strip(sub)).ok())
            .map(|r| r.count)
            .max()
            .unwrap_or(1)
    }

    /// One part of a bracket (`001-128`, `1-9/2`, `7`), checked as ClusterShell checks it.
    fn sub_range(&self, sub: &str) -> Result<SubRange, HostlistError> {
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
        Ok(SubRange {
            lo,
            hi,
            pad,
            step,
            count,
        })
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

#[cfg(test)]
mod tests {
    use crate::hostlist::test_support::ns;
    use crate::hostlist::NodeSet;

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
}
