//! Rust source written directly in prettyplease's layout.
//!
//! The generator used to build a token stream, parse it with syn and print it
//! with prettyplease. For ten thousand rows that was 17 MB of tokens and
//! nearly four seconds of an unoptimised build script, in every build of
//! every crate that depends on errcat. The generated file has only a few
//! shapes (doc comments, attributes, lists, struct literals, one-line items),
//! so this module lays them out the way prettyplease's printer does, with the
//! same margin and the same rule for when a list breaks. `tests/golden.rs`
//! holds it to that: prettyplease run over generated catalogues of every
//! shape must change nothing.

use proc_macro2::Literal;

/// prettyplease's line width.
const MARGIN: usize = 89;
/// prettyplease's indentation step.
pub const INDENT: usize = 4;

/// An expression as the printer sees it: text that never breaks, or a
/// delimited list that stays on one line when it fits and otherwise puts
/// each element on a line of its own.
pub enum Expr {
    Atom(String),
    /// `[a, b]`, `(a, b)`, or call arguments: the breaking box opens after
    /// the delimiter.
    List {
        open: &'static str,
        items: Vec<Expr>,
        close: &'static str,
    },
    /// A struct literal, always broken one field a line (see
    /// [`Code::struct_literal`]); only ever a field of another one here.
    Struct {
        name: String,
        fields: Vec<(&'static str, Expr)>,
    },
}

impl Expr {
    /// Text that never breaks.
    pub fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    /// `[a, b, ...]`.
    pub fn array(items: impl IntoIterator<Item = Expr>) -> Expr {
        Expr::List {
            open: "[",
            items: items.into_iter().collect(),
            close: "]",
        }
    }

    /// The expression on one line.
    fn flat(&self, out: &mut String) {
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::List { open, items, close } => {
                out.push_str(open);
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    item.flat(out);
                }
                out.push_str(close);
            }
            Expr::Struct { name, fields } => {
                out.push_str(name);
                out.push_str(" { ");
                for (index, (field, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(field);
                    out.push_str(": ");
                    value.flat(out);
                }
                out.push_str(" }");
            }
        }
    }

    fn flat_len(&self) -> usize {
        match self {
            Expr::Atom(text) => text.len(),
            Expr::List { open, items, close } => {
                open.len()
                    + close.len()
                    + items.iter().map(Expr::flat_len).sum::<usize>()
                    + 2 * items.len().saturating_sub(1)
            }
            Expr::Struct { .. } => {
                let mut out = String::new();
                self.flat(&mut out);
                out.len()
            }
        }
    }
}

/// The file being written.
pub struct Code {
    out: String,
}

impl Code {
    /// A file that starts with `header`.
    pub fn new(header: String) -> Code {
        Code { out: header }
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.out
    }

    /// The bytes on the current line so far: prettyplease measures widths in
    /// bytes too.
    fn column(&self) -> usize {
        self.out.len() - self.out.rfind('\n').map_or(0, |at| at + 1)
    }

    fn indent(&mut self, indent: usize) {
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// Starts a line at `indent` with `text`, without ending it.
    pub fn start(&mut self, indent: usize, text: &str) {
        self.indent(indent);
        self.out.push_str(text);
    }

    /// Appends to the current line.
    pub fn push(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// Ends the current line.
    pub fn end(&mut self) {
        self.out.push('\n');
    }

    /// A whole line.
    pub fn line(&mut self, indent: usize, text: &str) {
        self.start(indent, text);
        self.end();
    }

    /// `///` comments, one per line of `text`. prettyplease trims trailing
    /// spaces from each.
    pub fn docs(&mut self, indent: usize, text: &str) {
        for line in text.lines() {
            self.indent(indent);
            self.out.push_str("///");
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(&comment_text(line.trim_end_matches(' ')));
            }
            self.end();
        }
    }

    /// An attribute with one `name = "value"` argument, such as
    /// `#[deprecated(note = "...")]`, on a line of its own.
    pub fn attribute(&mut self, indent: usize, path: &str, name: &str, value: &str) {
        let argument = format!("{name} = {}", string(value));
        self.indent(indent);
        self.out.push_str("#[");
        self.out.push_str(path);
        self.out.push('(');
        // The box opens after `(` and runs to the break after `)]`.
        if self.column() + argument.len() + 2 <= MARGIN {
            self.out.push_str(&argument);
        } else {
            self.end();
            self.start(indent + INDENT, &argument);
            self.end();
            self.indent(indent);
        }
        self.out.push_str(")]");
        self.end();
    }

    /// Writes `expr` at the current position. `indent` is that of the line it
    /// starts on; `trailing` is how many bytes follow it before the next place
    /// the printer may break a line, which counts towards whether it fits.
    pub fn expr(&mut self, expr: &Expr, indent: usize, trailing: usize) {
        match expr {
            Expr::Atom(text) => self.out.push_str(text),
            Expr::List { open, items, close } => {
                self.out.push_str(open);
                let size = expr.flat_len() - open.len() + trailing;
                if items.is_empty() || self.column() + size <= MARGIN {
                    for (index, item) in items.iter().enumerate() {
                        if index > 0 {
                            self.out.push_str(", ");
                        }
                        item.flat(&mut self.out);
                    }
                } else {
                    for (index, item) in items.iter().enumerate() {
                        self.end();
                        self.indent(indent + INDENT);
                        // A comma after an element is text; the one after
                        // the last is only printed when the list breaks.
                        let last = index + 1 == items.len();
                        self.expr(item, indent + INDENT, usize::from(!last));
                        self.out.push(',');
                    }
                    self.end();
                    self.indent(indent);
                }
                self.out.push_str(close);
            }
            Expr::Struct { name, fields } => self.struct_literal(indent, name, fields),
        }
    }

    /// A macro call with one argument, `open` ending in `(`: on the current
    /// line when it fits, otherwise with the argument on a line of its own
    /// and, unlike a function call's, no comma after it (prettyplease prints
    /// a macro's tokens as they are). The caller writes `trailing` after it.
    pub fn macro_call(&mut self, indent: usize, open: &str, argument: &str, trailing: usize) {
        self.out.push_str(open);
        if self.column() + argument.len() + 1 + trailing <= MARGIN {
            self.out.push_str(argument);
        } else {
            self.end();
            self.start(indent + INDENT, argument);
            self.end();
            self.indent(indent);
        }
        self.out.push(')');
    }

    /// A struct literal broken one field a line, as prettyplease breaks every
    /// literal wider than 34 bytes. The caller writes `trailing` after it.
    pub fn struct_literal(&mut self, indent: usize, name: &str, fields: &[(&str, Expr)]) {
        self.out.push_str(name);
        self.out.push_str(" {");
        for (index, (field, value)) in fields.iter().enumerate() {
            self.end();
            self.start(indent + INDENT, field);
            self.out.push_str(": ");
            let last = index + 1 == fields.len();
            self.expr(value, indent + INDENT, usize::from(!last));
            self.out.push(',');
        }
        self.end();
        self.indent(indent);
        self.out.push('}');
    }
}

/// `text` as it may stand in a comment or a doc comment of the generated
/// file: control characters (a lone CR, which rustc refuses in a doc
/// comment; a line break, which would end the comment), the Unicode line
/// separators and the codepoints that change the direction of text (which
/// rustc refuses in comments and literals, lint
/// `text_direction_codepoint_in_comment`) written as `\u{..}`. Catalogue
/// text reaches docs, and a file name the header.
pub fn comment_text(text: &str) -> std::borrow::Cow<'_, str> {
    fn refused(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(refused) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if refused(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` as a Rust string literal, escaped as proc-macro2 escapes it.
/// Printable ASCII other than `"` and `\` needs no escape, which is most of a
/// catalogue's text; the rest goes through proc-macro2, a character at a time.
pub fn string(text: &str) -> String {
    if is_plain(text) {
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        literal.push_str(text);
        literal.push('"');
        return literal;
    }
    if text.bytes().all(|byte| matches!(byte, b' '..=b'~')) {
        // Printable ASCII with quotes or backslashes (the JSON heads): those
        // two escaped, as proc-macro2 escapes them.
        let mut literal = String::with_capacity(text.len() + 8);
        literal.push('"');
        for c in text.chars() {
            if c == '"' || c == '\\' {
                literal.push('\\');
            }
            literal.push(c);
        }
        literal.push('"');
        return literal;
    }
    Literal::string(text).to_string()
}

/// Printable ASCII other than `"` and `\`: text a literal holds as it is.
/// A plain loop, since a build script runs unoptimised and this sees every
/// byte of a catalogue's text.
fn is_plain(text: &str) -> bool {
    for &byte in text.as_bytes() {
        if !matches!(byte, b' '..=b'~') || byte == b'"' || byte == b'\\' {
            return false;
        }
    }
    true
}

/// A string literal holding `parts` end to end, one part a line: each line
/// ends in `\`, which makes Rust skip the line break and the indentation of
/// the next line. A part that starts with a space gets it escaped, so that
/// it is not skipped with the indentation.
pub fn string_lines<'a>(indent: usize, parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("\"\\\n");
    let indentation = " ".repeat(indent);
    for part in parts {
        let escaped;
        let body = if is_plain(part) {
            part
        } else {
            escaped = string(part);
            &escaped[1..escaped.len() - 1]
        };
        out.push_str(&indentation);
        match body.strip_prefix(' ') {
            Some(rest) => {
                out.push_str("\\x20");
                out.push_str(rest);
            }
            None => out.push_str(body),
        }
        out.push_str("\\\n");
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `string` writes plain ASCII itself and leaves the rest to
        /// proc-macro2; either way the literal is the one proc-macro2 writes.
        #[test]
        fn string_literals_are_proc_macro2s(
            text in proptest::prop_oneof!["[ -~]*", "[\\x00-\\x7f]{0,8}", ".*"]
        ) {
            proptest::prop_assert_eq!(string(&text), Literal::string(&text).to_string());
        }

        /// A literal of lines holds its parts end to end: the line breaks and
        /// the indentation are not part of it, a part's leading space is.
        #[test]
        fn string_lines_hold_their_parts_end_to_end(
            parts in proptest::collection::vec("[ -~]{0,12}|.{0,4}", 0..6)
        ) {
            let literal = string_lines(INDENT, parts.iter().map(String::as_str));
            let parsed: syn::LitStr = syn::parse_str(&literal).unwrap();
            proptest::prop_assert_eq!(parsed.value(), parts.concat());
        }
    }

    #[test]
    fn no_part_starts_with_whitespace_the_line_break_would_skip() {
        // Rust skips ASCII whitespace after `\` and a line break, and warns
        // about other whitespace there: a part starts with neither.
        let parts = [" a", "\tb", "\u{a0}c", "\u{3000}d", "", "  e "];
        let literal = string_lines(INDENT, parts);
        for line in literal.lines().skip(1) {
            let rest = &line[INDENT.min(line.len())..];
            assert!(
                !rest.starts_with(char::is_whitespace),
                "{line:?} in {literal}"
            );
        }
        let parsed: syn::LitStr = syn::parse_str(&literal).unwrap();
        assert_eq!(parsed.value(), parts.concat());
    }

    #[test]
    fn lists_break_one_element_a_line_past_the_margin() {
        let short = Expr::array((0..3).map(|i| Expr::atom(i.to_string())));
        let mut code = Code::new(String::new());
        code.start(0, "static A: [u8; 3] = ");
        code.expr(&short, 0, 1);
        code.push(";");
        code.end();
        assert_eq!(code.finish(), "static A: [u8; 3] = [0, 1, 2];\n");

        let long = Expr::array((0..40).map(|i| Expr::atom(i.to_string())));
        let mut code = Code::new(String::new());
        code.start(0, "static A: [u8; 40] = ");
        code.expr(&long, 0, 1);
        code.push(";");
        code.end();
        let text = code.finish();
        assert!(
            text.starts_with("static A: [u8; 40] = [\n    0,\n    1,\n"),
            "{text}"
        );
        assert!(text.ends_with("    39,\n];\n"), "{text}");
    }
}
