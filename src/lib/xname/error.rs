//! Why a string is not a valid xname: [`XnameError`] and the phrases its messages use.

use super::*;

/// Why a string is not a valid xname (or type name). The messages quote the
/// input, say what is wrong and show a valid example.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XnameError {
    /// The input was empty (or only white space).
    #[error("an empty string is not a valid xname (a node looks like x1000c0s3b0n0)")]
    Empty,

    /// The input contains something other than letters, digits (and the `.`
    /// of a partition).
    #[error(
        "`{input}` is not a valid xname: unexpected character {character:?} at position \
         {position}; xnames contain only letters and digits (like x1000c0s3b0n0)"
    )]
    InvalidCharacter {
        /// The input as given (trimmed).
        input: String,
        /// The offending character.
        character: char,
        /// Its 1-based position in the trimmed input.
        position: usize,
    },

    /// The input starts with a number instead of a component letter.
    #[error(
        "`{input}` is not a valid xname: it must start with a component letter, such as x for \
         a cabinet (like x1000c0s3b0n0 for a Node)"
    )]
    StartsWithNumber {
        /// The input as given (trimmed).
        input: String,
    },

    /// A component letter is not followed by a number.
    #[error(
        "`{input}` is not a valid xname: a component letter must be followed by a number \
         (`{tag}` has none; like {example})"
    )]
    MissingNumber {
        /// The input as given (trimmed).
        input: String,
        /// The letter without a number.
        tag: String,
        /// A valid name close to the input, with its type (`x1000c0s3b0n0 for a Node`).
        example: String,
    },

    /// A number does not fit in 32 bits.
    #[error(
        "`{input}` is not a valid xname: the number {digits} after `{tag}` is too large \
         (at most 4294967295)"
    )]
    NumberTooLarge {
        /// The input as given (trimmed).
        input: String,
        /// The letter before the number.
        tag: String,
        /// The digits as given.
        digits: String,
    },

    /// The letters do not form the pattern of any component type.
    #[error("`{input}` is not a valid xname: {reason}")]
    UnknownLayout {
        /// The input as given (trimmed).
        input: String,
        /// What cannot follow what, which letters may follow, and possibly a
        /// suggestion.
        reason: String,
    },

    /// A number is outside the range hms-xname allows for it.
    #[error(
        "`{input}` is not a valid xname: {field} number {value} {} ({kind} xnames look like \
         {example})",
        range_phrase(*.min, *.max)
    )]
    OutOfRange {
        /// The input as given (trimmed), or the name built by [`Xname::new`].
        input: String,
        /// The type the name would have.
        kind: XnameType,
        /// What the number counts ("chassis", "slot", ...).
        field: &'static str,
        /// The number given.
        value: u32,
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value (`u32::MAX` when unbounded).
        max: u32,
        /// A valid example of the type.
        example: &'static str,
    },

    /// [`Xname::new`] was given the wrong amount of numbers for the type.
    #[error(
        "a {kind} xname ({pattern}) takes {expected} numbers, but {got} were given \
         (like {example})"
    )]
    WrongOrdinalCount {
        /// The requested type.
        kind: XnameType,
        /// Its pattern in hms-xname notation.
        pattern: &'static str,
        /// How many numbers it takes ("5", or "1 or 2").
        expected: String,
        /// How many were given.
        got: usize,
        /// A valid example of the type.
        example: &'static str,
    },

    /// A component type name that hms-xname does not know.
    #[error("`{input}` is not a known xname type (known types: {})", type_list())]
    UnknownType {
        /// The input as given.
        input: String,
    },
}

pub(super) fn range_phrase(min: u32, max: u32) -> String {
    if min == max {
        format!("must be {min}")
    } else if max == UNBOUNDED {
        format!("must be at least {min}")
    } else {
        format!("is out of range {min}-{max}")
    }
}

pub(super) fn type_list() -> String {
    TYPES.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
}
