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
}

impl Expr {
    pub fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

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
        }
    }
}

/// The file being written.
pub struct Code {
    out: String,
}

impl Code {
    pub fn new(header: String) -> Code {
        Code { out: header }
    }

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
                self.out.push_str(line.trim_end_matches(' '));
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
        }
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

/// `text` as a Rust string literal, escaped as proc-macro2 escapes it.
/// Printable ASCII other than `"` and `\` needs no escape, which is most of a
/// catalogue's text; the rest goes through proc-macro2, a character at a time.
pub fn string(text: &str) -> String {
    if text
        .bytes()
        .all(|byte| matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\')
    {
        return format!("\"{text}\"");
    }
    Literal::string(text).to_string()
}

/// A string literal holding `parts` end to end, one part a line: each line
/// ends in `\`, which makes Rust skip the line break and the indentation of
/// the next line. A part that starts with a space gets it escaped, so that
/// it is not skipped with the indentation.
pub fn string_lines<'a>(indent: usize, parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("\"\\\n");
    for part in parts {
        let literal = string(part);
        let body = &literal[1..literal.len() - 1];
        out.extend(std::iter::repeat_n(' ', indent));
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
