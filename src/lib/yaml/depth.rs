//! A linear pre-check of how deeply a YAML document nests, run before the parser.
//!
//! libyaml (under serde_yaml) keeps one "simple key" per open flow collection and walks them
//! all at every token, so 100,000 nested `[` cost minutes before its own recursion limit
//! (128) says no. This scan reads each byte once and refuses a document that nests deeper
//! than [`MAX_DEPTH`] levels, naming the line and column where it does, so a hostile record
//! file costs no more than its size.
//!
//! The depth counted is block nesting (indentation levels and `- ` items that open on one
//! line) plus flow nesting (`[` and `{` that open a collection). Quoted scalars, comments and
//! block scalars (`|`, `>`) are skipped, so brackets inside text never count.

/// The deepest nesting chami reads. Records are a few levels deep; 64 leaves room for any
/// cloud-init fragment while keeping every parser's work and stack small.
pub const MAX_DEPTH: usize = 64;

/// Where a document first nests deeper than [`MAX_DEPTH`]: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in bytes).
    pub column: usize,
}

/// Checks `text` in one pass: `Err` with the position where nesting first exceeds
/// [`MAX_DEPTH`].
pub fn check(text: &str) -> Result<(), TooDeep> {
    let mut scan = Scan::default();
    for (i, line) in text.split('\n').enumerate() {
        scan.line(line.as_bytes(), i + 1)?;
    }
    Ok(())
}

#[derive(Default)]
struct Scan {
    /// Indentation of the open block levels.
    indents: Vec<usize>,
    /// Open flow collections (`[`, `{`).
    flow: usize,
    /// Inside a quoted scalar that goes on past the line: its quote byte.
    quote: Option<u8>,
    /// Inside a block scalar: lines indented deeper than this belong to it.
    block_scalar: Option<usize>,
}

impl Scan {
    fn line(&mut self, b: &[u8], line: usize) -> Result<(), TooDeep> {
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        let blank = b[indent..].iter().all(|c| c.is_ascii_whitespace());
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                return Ok(());
            }
            self.block_scalar = None;
        }
        let mut i = 0;
        if self.quote.is_none() && self.flow == 0 {
            if blank || b[indent] == b'#' {
                return Ok(());
            }
            while self.indents.last().is_some_and(|&top| top >= indent) {
                self.indents.pop();
            }
            self.indents.push(indent);
            i = indent;
            // `- - - x`: each item marker on the line opens one more level.
            while i + 1 < b.len() && b[i] == b'-' && b[i + 1] == b' ' {
                self.indents.push(i + 2);
                i += 2;
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
            }
            self.limit(line, i)?;
        }
        let mut prev = b' ';
        // Inside a plain scalar of block context (`x[[[`): brackets are text until `: `.
        let mut plain = false;
        while i < b.len() {
            let c = b[i];
            if let Some(q) = self.quote {
                match c {
                    b'\\' if q == b'"' => i += 1,
                    b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
                    _ if c == q => self.quote = None,
                    _ => {}
                }
                i += 1;
                prev = c;
                continue;
            }
            if plain {
                match c {
                    b':' if matches!(b.get(i + 1), None | Some(b' ' | b'\t')) => plain = false,
                    b'#' if matches!(prev, b' ' | b'\t') => return Ok(()),
                    _ => {}
                }
                prev = c;
                i += 1;
                continue;
            }
            let token_start =
                matches!(prev, b' ' | b'\t' | b'[' | b'{' | b',' | b':' | b'-' | b'?');
            match c {
                b'#' if matches!(prev, b' ' | b'\t') => return Ok(()),
                b'"' | b'\'' if token_start => self.quote = Some(c),
                b'[' | b'{' if token_start || self.flow > 0 => {
                    self.flow += 1;
                    self.limit(line, i)?;
                }
                b']' | b'}' if self.flow > 0 => self.flow -= 1,
                b'|' | b'>' if token_start && self.flow == 0 && is_block_header(&b[i + 1..]) => {
                    self.block_scalar = Some(indent);
                    return Ok(());
                }
                b' ' | b'\t' | b',' | b']' | b'}' | b':' | b'-' | b'?' => {}
                _ if token_start && self.flow == 0 => plain = true,
                _ => {}
            }
            prev = c;
            i += 1;
        }
        Ok(())
    }

    fn limit(&self, line: usize, at: usize) -> Result<(), TooDeep> {
        if self.indents.len() + self.flow > MAX_DEPTH {
            Err(TooDeep {
                line,
                column: at + 1,
            })
        } else {
            Ok(())
        }
    }
}

/// Whether what follows a `|` or `>` is a block scalar header: indicators (`-`, `+`, a
/// digit), then only spaces or a comment.
fn is_block_header(rest: &[u8]) -> bool {
    let n = rest
        .iter()
        .take_while(|c| matches!(c, b'-' | b'+' | b'1'..=b'9'))
        .count();
    let tail = &rest[n..];
    let body = tail.iter().take_while(|c| c.is_ascii_whitespace()).count();
    body == tail.len() || (body > 0 && tail[body] == b'#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_flow(n: usize) -> String {
        format!("name: x\nvars:\n  a: {}{}\n", "[".repeat(n), "]".repeat(n))
    }

    #[test]
    fn shallow_documents_pass() {
        let doc = "name: cn01\nvars:\n  a: [1, [2, {b: [3]}]]\n  s: \"[[[[[[\"\n  t: '{{{{'\n  \
                   u: n[01-10]\nlist:\n- - - x\n  - y\nscript: |\n  [[[[[[[[[[[[[[[[\n    {{\nend: 1\n";
        assert_eq!(check(doc), Ok(()));
        assert_eq!(check(&nested_flow(MAX_DEPTH - 3)), Ok(()));
    }

    #[test]
    fn deep_flow_is_refused_where_it_gets_too_deep() {
        let e = check(&nested_flow(100_000)).unwrap_err();
        assert_eq!(e.line, 3);
        // `  a: ` is 5 bytes; two block levels are open, so the 63rd `[` is one too many.
        assert_eq!(e.column, 5 + MAX_DEPTH - 2 + 1);
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut doc = String::new();
        for d in 0..100 {
            doc.push_str(&format!("{}k{d}:\n", " ".repeat(d)));
        }
        let e = check(&doc).unwrap_err();
        assert_eq!(e.line, MAX_DEPTH + 1);
        let dashes = format!("a:\n  {}x\n", "- ".repeat(100));
        assert_eq!(check(&dashes).unwrap_err().line, 2);
    }

    #[test]
    fn brackets_in_quotes_comments_and_block_scalars_do_not_count() {
        let many = "[".repeat(1000);
        for doc in [
            format!("a: \"{many}\"\n"),
            format!("a: '{many}'\n"),
            format!("a: 1 # {many}\n"),
            format!("a: |\n  {many}\nb: 2\n"),
            format!("a: >-\n\n  {many}\n"),
            format!("a: x{many}\n"),
        ] {
            assert_eq!(check(&doc), Ok(()), "{doc:.40}");
        }
    }

    #[test]
    fn a_quote_that_spans_lines_is_skipped_whole() {
        let doc = format!("a: \"one\n  {}\n  two\"\nb: [1]\n", "[".repeat(500));
        assert_eq!(check(&doc), Ok(()));
    }
}
