//! Build errors that point into the catalogue file.

use std::fmt;
use std::ops::Range;

/// The catalogue's text and the name it is reported under.
pub struct Source<'a> {
    /// How messages name the file: the path as the user gave it.
    pub name: &'a str,
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

/// The closest of `candidates` to `wrong`, when it is close enough to be the
/// intended one.
pub fn closest<'c>(wrong: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(wrong, candidate), candidate))
        .min()
        .filter(|(distance, candidate)| *distance <= (wrong.len().max(candidate.len()) / 3).max(1))
        .map(|(_, candidate)| candidate)
}

/// `"; did you mean `x`?"` for the closest candidate, or nothing.
pub fn did_you_mean<'c>(wrong: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    closest(wrong, candidates).map_or_else(String::new, |candidate| {
        format!("; did you mean `{candidate}`?")
    })
}
