//! What an import did: every fix, every decision and every row that needs
//! a person, each placed at its line of the source.

use std::fmt;

use errcat_core::log_safe::{LogSafe, breaks_log_line};

/// What a [`Note`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// An encoding artefact removed from a cell; the note shows the
    /// original.
    Fixed,
    /// A decision the import made that changes no published text: the
    /// format, the columns, a status carried down, a placeholder.
    Decided,
    /// Something a person should look at: kept as it is, or left out,
    /// as the note says.
    Check,
}

impl NoteKind {
    /// `fixed`, `decided` or `check`, as the report prints it.
    ///
    /// ```
    /// assert_eq!(errcat_build::import::NoteKind::Check.as_str(), "check");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Fixed => "fixed",
            NoteKind::Decided => "decided",
            NoteKind::Check => "check",
        }
    }
}

/// One line of the report: `FILE:LINE: KIND: CODE: message`, the text
/// taken from the source escaped (a no-break space shows as `\u{a0}`).
///
/// ```
/// use errcat_build::import::{Importer, Input, NoteKind};
///
/// let table = "status,error,code,description,scenario\n401,BAD_TOKEN,AUTH-1,Bad token\u{a0},\n";
/// let imported = Importer::new("auth.toml").import(&[Input { name: "auth.csv", text: table }]).unwrap();
/// let fixed = imported.report.of(NoteKind::Fixed).next().unwrap();
/// assert_eq!((fixed.line, fixed.code.as_deref()), (2, Some("AUTH-1")));
/// assert!(fixed.to_string().starts_with("auth.csv:2: fixed: AUTH-1: removed a no-break space"));
/// assert!(fixed.to_string().contains(r#"the cell was "Bad token\u{a0}""#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The source file, as the user named it.
    pub file: String,
    /// The line of the source, from 1 (0 for the file as a whole).
    pub line: usize,
    /// What the note is about.
    pub kind: NoteKind,
    /// The code of the row it is about, when it is about one.
    pub code: Option<String>,
    /// What was done, with the text from the source escaped.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", LogSafe(&self.file))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": {}: ", self.kind.as_str())?;
        if let Some(code) = &self.code {
            write!(f, "{}: ", LogSafe(code))?;
        }
        f.write_str(&self.message)
    }
}

/// Every note of an import, in the order of the sources and their lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The notes.
    pub notes: Vec<Note>,
}

impl Report {
    /// The notes of one kind.
    pub fn of(&self, kind: NoteKind) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |note| note.kind == kind)
    }

    pub(crate) fn push(
        &mut self,
        file: &str,
        line: usize,
        kind: NoteKind,
        code: Option<&str>,
        message: impl Into<String>,
    ) {
        self.notes.push(Note {
            file: file.to_owned(),
            line,
            kind,
            code: code.map(str::to_owned),
            message: message.into(),
        });
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for note in &self.notes {
            writeln!(f, "{note}")?;
        }
        Ok(())
    }
}

/// Longest text a note quotes whole; a longer one is shown by its ends.
const SHOWN_CHARS: usize = 200;

/// `text` in double quotes for a note: whatever cannot be seen (control
/// characters, no-break and zero-width spaces, direction marks) escaped
/// as `\u{a0}`, and a long text cut in its middle.
pub(crate) fn shown(text: &str) -> String {
    let count = text.chars().count();
    let mut out = String::with_capacity(text.len().min(4 * SHOWN_CHARS) + 2);
    out.push('"');
    let (head, tail) = if count > SHOWN_CHARS {
        (SHOWN_CHARS * 2 / 3, SHOWN_CHARS / 3)
    } else {
        (count, 0)
    };
    for c in text.chars().take(head) {
        push_escaped(&mut out, c);
    }
    if tail > 0 {
        out.push_str(&format!("…({} characters)…", count - head - tail));
        for c in text.chars().skip(count - tail) {
            push_escaped(&mut out, c);
        }
    }
    out.push('"');
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if breaks_log_line(c) || invisible(c) => {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
        c => out.push(c),
    }
}

/// Characters a reader cannot see or tell from a space.
pub(crate) fn invisible(c: char) -> bool {
    (c.is_whitespace() && c != ' ')
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_show_what_cannot_be_seen() {
        assert_eq!(shown("a\u{a0}b\u{1b}\"c"), "\"a\\u{a0}b\\u{1b}\\\"c\"");
        let long = "x".repeat(1000);
        let cut = shown(&long);
        assert!(cut.len() < 300 && cut.contains("characters"), "{cut}");
    }
}
