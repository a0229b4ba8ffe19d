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
}

impl Diagnostic {
    /// A mistake at `span` of the catalogue's text.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            message: message.into(),
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
        let (line, column) = self.diagnostic.line_col(self.source.text);
        write!(
            f,
            "{}:{line}:{column}: {}",
            self.source.name, self.diagnostic.message
        )
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
