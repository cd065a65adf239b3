//! One run of indexes: the consecutive values `lo..=hi` of one segment, the piece
//! one-dimensional sets are made of and folding prints.

use super::int::Int;
use super::key::Key;

/// The indexes `lo..=hi` of one segment.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(super) struct Run {
    pub(super) seg: u32,
    pub(super) lo: Int,
    pub(super) hi: Int,
}

impl Run {
    pub(super) fn count(&self) -> u64 {
        self.hi.sub(&self.lo).to_u64_sat().saturating_add(1)
    }

    pub(super) fn lo_key(&self) -> Key {
        Key {
            seg: self.seg,
            val: self.lo.clone(),
        }
    }

    pub(super) fn hi_key(&self) -> Key {
        Key {
            seg: self.seg,
            val: self.hi.clone(),
        }
    }
}
