//! The Markdown form of the catalogue table.
//!
//! Shared by the generator (the table in a catalogue's rustdoc) and the
//! runtime (`errcat::table::markdown`), so docs.rs and the command line print
//! the same table.

/// The columns of the published table, in its order.
pub const HEADER: [&str; 5] = [
    "HTTP status",
    "Error",
    "Error-code",
    "Error-description",
    "Scenario",
];

/// One line of the table.
pub struct MarkdownRow<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The token as published: `MISSING_INPUT`.
    pub token: &'a str,
    /// The code.
    pub code: &'a str,
    /// The description as published.
    pub description: &'a str,
    /// When the API answers with the code.
    pub scenario: &'a str,
    /// What to use instead, when the row is deprecated: shown in the
    /// scenario's cell.
    pub deprecated: Option<&'a str>,
    /// A link target for the code cell (rustdoc's intra-doc links).
    pub code_link: Option<&'a str>,
}

/// Appends the whole table, header included, one row per line.
pub fn write_table<'a>(out: &mut String, rows: impl IntoIterator<Item = MarkdownRow<'a>>) {
    out.push('|');
    for title in HEADER {
        out.push(' ');
        out.push_str(title);
        out.push_str(" |");
    }
    out.push_str("\n|");
    for _ in HEADER {
        out.push_str("---|");
    }
    out.push('\n');
    for row in rows {
        out.push_str("| ");
        out.push_str(&row.status.to_string());
        out.push_str(" | `");
        out.push_str(row.token);
        out.push_str("` | ");
        match row.code_link {
            Some(link) => {
                out.push_str("[`");
                out.push_str(row.code);
                out.push_str("`](");
                out.push_str(link);
                out.push(')');
            }
            None => {
                out.push('`');
                out.push_str(row.code);
                out.push('`');
            }
        }
        out.push_str(" | ");
        escape_cell(out, row.description);
        out.push_str(" | ");
        escape_cell(out, row.scenario);
        if let Some(note) = row.deprecated {
            if !row.scenario.is_empty() {
                out.push_str("<br>");
            }
            out.push_str("**Deprecated:** ");
            escape_cell(out, note);
        }
        out.push_str(" |\n");
    }
}

/// Appends `text` so that it stays one literal table cell: pipes, Markdown
/// punctuation and HTML are escaped, line breaks become `<br>`.
pub fn escape_cell(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}
