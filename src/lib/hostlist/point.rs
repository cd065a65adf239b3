//! A point of an n-dimensional index set (one index an axis), and a set of points: what
//! n-dimensional sets hold and n-dimensional folding takes.

use super::fxhash::FxHashSet;
use super::key::Key;

/// One index tuple.
pub(super) type Point = Box<[Key]>;
/// Index tuples, point by point.
pub(super) type PointSet = FxHashSet<Point>;
