//! Build errors that point into the catalogue file.

use std::fmt;
use std::ops::Range;

/// A catalogue's text and the name it is reported under.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// How messages name the file: the path as the user gave it.
    pub name: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

/// One mistake in the catalogue: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range in the catalogue's text.
    pub span: Range<usize>,
    /// What is wrong and what was expected, naming the offending value.
    pub message: String,
    /// The value that was probably meant, when the message says "did you
    /// mean": what an editor offers as a fix.
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// A mistake at `span` of the catalogue's text.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            message: message.into(),
            suggestion: None,
        }
    }

    /// A mistake at `span` whose message ends in "did you mean" the closest
    /// of `candidates` to `wrong`, when one is close (errcat-core's rule),
    /// and which carries that candidate as its [`suggestion`](Self::suggestion).
    pub fn suggesting<'c>(
        span: Range<usize>,
        message: impl Into<String>,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Self {
        let mut message = message.into();
        let suggestion = errcat_core::suggest::closest(wrong, candidates);
        if let Some(candidate) = suggestion {
            message.push_str(&format!("; did you mean `{candidate}`?"));
        }
        Diagnostic {
            span,
            message,
            suggestion: suggestion.map(str::to_owned),
        }
    }

    /// The 1-based line and column (in characters) where the span starts.
    pub fn line_col(&self, text: &str) -> (usize, usize) {
        let start = floor_char_boundary(text, self.span.start.min(text.len()));
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// The mistake placed in `source`: its file, line and column, for a
    /// report or a machine-readable list.
    pub fn locate(&self, source: &Source<'_>) -> Mistake {
        let (line, column) = self.line_col(source.text);
        Mistake {
            file: source.name.to_owned(),
            line,
            column,
            message: self.message.clone(),
            suggestion: self.suggestion.clone(),
        }
    }

    /// Every diagnostic placed in `source`, in the order given: one pass
    /// over the text for them all, however many there are (placing each
    /// on its own would read the text once per mistake).
    ///
    /// ```
    /// use errcat_build::{Diagnostic, Source};
    /// let source = Source { name: "errors.toml", text: "a\nbc\nd" };
    /// let placed = Diagnostic::locate_all(
    ///     &[Diagnostic::new(5..6, "d"), Diagnostic::new(0..1, "a"), Diagnostic::new(3..4, "c")],
    ///     &source,
    /// );
    /// let places: Vec<_> = placed.iter().map(|mistake| (mistake.line, mistake.column)).collect();
    /// assert_eq!(places, [(3, 1), (1, 1), (2, 2)]);
    /// ```
    pub fn locate_all(diagnostics: &[Diagnostic], source: &Source<'_>) -> Vec<Mistake> {
        let text = source.text;
        let mut order: Vec<usize> = (0..diagnostics.len()).collect();
        order.sort_by_key(|&index| diagnostics[index].span.start);
        let mut places = vec![(1, 1); diagnostics.len()];
        let (mut at, mut line, mut column) = (0, 1, 1);
        for index in order {
            let start = floor_char_boundary(text, diagnostics[index].span.start.min(text.len()));
            for c in text[at..start].chars() {
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            at = start;
            places[index] = (line, column);
        }
        diagnostics
            .iter()
            .zip(places)
            .map(|(diagnostic, (line, column))| Mistake {
                file: source.name.to_owned(),
                line,
                column,
                message: diagnostic.message.clone(),
                suggestion: diagnostic.suggestion.clone(),
            })
            .collect()
    }

    /// `FILE:LINE:COL: message`, the form editors and terminals link.
    pub fn display<'a>(&'a self, source: &'a Source<'a>) -> impl fmt::Display + 'a {
        DisplayIn {
            diagnostic: self,
            source,
        }
    }
}

struct DisplayIn<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Source<'a>,
}

impl fmt::Display for DisplayIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.locate(self.source).fmt(f)
    }
}

/// One mistake of a catalogue file, placed: what `FILE:LINE:COL: message`
/// says, field by field, for tools (an editor, a CI annotation).
///
/// ```
/// let source = errcat_build::Source { name: "errors.toml", text: "[catalogue]\nnmae = \"Accounts\"\n" };
/// let defaults = errcat_build::Defaults { name: "errors".into(), version: "1.0.0".into() };
/// let mistakes: Vec<_> = errcat_build::load(&source, &defaults)
///     .unwrap_err()
///     .iter()
///     .map(|diagnostic| diagnostic.locate(&source))
///     .collect();
/// let misspelt = mistakes.iter().find(|mistake| mistake.suggestion.is_some()).unwrap();
/// assert_eq!((misspelt.line, misspelt.column), (2, 1));
/// assert_eq!(misspelt.suggestion.as_deref(), Some("name"));
/// assert!(misspelt.to_string().starts_with("errors.toml:2:1: unknown key `nmae`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mistake {
    /// The file, as the user named it.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
    /// The value that was probably meant, when there is one.
    pub suggestion: Option<String>,
}

impl fmt::Display for Mistake {
    /// `FILE:LINE:COL: message`, the file name escaped as every text errcat
    /// shows (the message is already).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            errcat_core::log_safe::LogSafe(&self.file),
            self.line,
            self.column,
            self.message
        )
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
