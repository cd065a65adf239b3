//! Aligned tables for humans.

use comfy_table::{presets, ContentArrangement, Table};

/// A table with the given header, in chami's plain style (no borders, so it greps well).
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(|h| h.to_string()));
    t
}

/// The table as text, trailing blanks trimmed, ending in a newline.
pub fn render_table(t: &mut Table) -> String {
    for col in t.column_iter_mut() {
        col.set_padding((0, 2));
    }
    let mut out = String::new();
    for line in t.to_string().lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
