//! One-dimensional folding: a sorted index set printed as ClusterShell's `RangeSet` prints
//! it (`1-3,05,7`), cutting ranges where the step or the zero padding changes.

use super::int::Int;
use super::key::Key;
use super::run::Run;
use std::borrow::Cow;

/// ClusterShell's `RangeSet._slices_padding` with autostep disabled, turned into the
/// strings `RangeSet.__str__` joins: a state machine over the indexes in order that cuts
/// a range where the step or the zero padding changes. Whole runs are skipped over once
/// the current range is known to go on.
pub(super) fn fold_slices<'a, I: Iterator<Item = Cow<'a, Run>>>(runs: I) -> Vec<String> {
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
