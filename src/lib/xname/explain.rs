//! Tokenizing an input and explaining why it is not an xname: the valid prefix, what
//! may follow it, and names with one more segment that would be valid.

use super::*;

/// Splits the lower-cased input into "tag + digits" tokens. Tags are single
/// letters, `.` (partitions) or `sms`; a run of several other letters means
/// that all but the last lack a number.
pub(super) fn tokenize<'a>(input: &str, lower: &'a str) -> Result<Vec<Token<'a>>, XnameError> {
    for (i, (orig, ch)) in input.chars().zip(lower.chars()).enumerate() {
        if !(ch.is_ascii_alphanumeric() || ch == '.') {
            return Err(XnameError::InvalidCharacter {
                input: input.to_string(),
                character: orig,
                position: i + 1,
            });
        }
    }
    // From here on the text is ASCII, so byte indexing is safe.
    let bytes = lower.as_bytes();
    if bytes[0].is_ascii_digit() {
        return Err(XnameError::StartsWithNumber {
            input: input.to_string(),
        });
    }
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i] == b'.' {
            i += 1;
        } else {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
        }
        let letters = &lower[start..i];
        if letters != "sms" && letters.len() > 1 {
            for j in 0..letters.len() - 1 {
                tokens.push(Token {
                    tag: &letters[j..=j],
                    digits: "",
                    value: None,
                });
            }
        }
        let tag = if letters == "sms" {
            letters
        } else {
            &letters[letters.len() - 1..]
        };
        let digit_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &lower[digit_start..i];
        tokens.push(Token {
            tag,
            digits,
            value: digits.parse().ok(),
        });
    }
    Ok(tokens)
}

pub(super) fn find_spec(tags: &[&str]) -> Option<&'static TypeSpec> {
    TYPES.iter().find(|spec| spec.accepts_tags(tags))
}

/// A valid name of type `spec` using the numbers of `tokens` where they fit.
pub(super) fn fill_example(spec: &TypeSpec, tokens: &[Token<'_>]) -> String {
    let values: Vec<u32> = spec
        .segments
        .iter()
        .zip(tokens)
        .map(|(segment, token)| {
            token
                .value
                .filter(|v| segment.contains(*v))
                .unwrap_or(segment.min)
        })
        .collect();
    format_segments(spec.segments, &values)
}

/// Joins `a, b or c`.
pub(super) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Explains why the tags of `tokens` match no type: which prefix is valid,
/// what may follow it, and a guess at what was meant.
pub(super) fn layout_reason(tokens: &[Token<'_>]) -> String {
    let tags: Vec<&str> = tokens.iter().map(|t| t.tag).collect();
    let prefix = (1..tags.len())
        .rev()
        .find_map(|k| find_spec(&tags[..k]).map(|spec| (k, spec)));

    let mut reason = match prefix {
        None => {
            let roots: Vec<String> = TYPES
                .iter()
                .filter(|t| matches!(t.parent, None | Some(XnameType::System)))
                .map(|t| format!("`{}` ({}, like {})", t.segments[0].tag, t.name, t.example))
                .collect();
            format!(
                "`{}` cannot start an xname; an xname starts with {}",
                tags[0],
                join_or(&roots)
            )
        }
        Some((k, spec)) => {
            let values: Vec<u32> = tokens[..k].iter().filter_map(|t| t.value).collect();
            let text = format_segments(spec.segments, &values);
            let followers: Vec<String> = TYPES
                .iter()
                .filter(|t| t.segments.len() == k + 1 && spec.accepts_tags(&tag_list(t)[..k]))
                .map(|t| format!("`{}` ({})", t.segments[k].tag, t.name))
                .collect();
            if followers.is_empty() {
                format!(
                    "`{}` cannot follow {text}, which is a {} and has no sub-components",
                    tags[k], spec.name
                )
            } else {
                format!(
                    "`{}` cannot follow {text} (a {}); a {} can be followed by {}",
                    tags[k],
                    spec.name,
                    spec.name,
                    join_or(&followers)
                )
            }
        }
    };
    let suggestions = suggestions(tokens);
    if !suggestions.is_empty() {
        reason.push_str(&format!("; did you mean {}?", join_or(&suggestions)));
    }
    reason
}

pub(super) fn tag_list(spec: &TypeSpec) -> Vec<&'static str> {
    spec.segments.iter().map(|s| s.tag).collect()
}

/// Valid names that have exactly one more segment than the input, in any
/// position (`x1000c0s3n0` -> `x1000c0s3b0n0 (a Node)`).
pub(super) fn suggestions(tokens: &[Token<'_>]) -> Vec<String> {
    let mut found = Vec::new();
    for spec in TYPES
        .iter()
        .filter(|t| t.segments.len() == tokens.len() + 1)
    {
        for skip in 0..spec.segments.len() {
            let mut values = Vec::with_capacity(spec.segments.len());
            let mut user = tokens.iter();
            let fits = spec.segments.iter().enumerate().all(|(i, segment)| {
                if i == skip {
                    values.push(segment.min);
                    return true;
                }
                match user.next() {
                    Some(t) if segment.accepts_tag(t.tag) => match t.value {
                        Some(v) if segment.contains(v) => {
                            values.push(v);
                            true
                        }
                        _ => false,
                    },
                    _ => false,
                }
            });
            if fits {
                let text = format_segments(spec.segments, &values);
                let entry = format!("{text} (a {})", spec.name);
                if !found.contains(&entry) {
                    found.push(entry);
                }
            }
        }
    }
    found.truncate(3);
    found
}
