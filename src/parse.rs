//! Why a text is not a code or a token, and what was probably meant.

use std::error::Error;
use std::fmt;

use crate::catalogue::{ALL_CODES, ALL_KINDS};
use crate::{ErrorCode, ErrorKind};

/// What was wrong with the text handed to a parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseProblem {
    /// Nothing but whitespace.
    Empty,
    /// Not of the form of a code (`[A-Z0-9]+(-[A-Z0-9]+)+`) or of a token
    /// (`[A-Za-z0-9]+(_[A-Za-z0-9]+)*`).
    Malformed,
    /// Well formed, but not in the catalogue.
    Unknown,
    /// A token where a code was expected.
    IsToken(ErrorKind),
    /// A code where a token was expected.
    IsCode(ErrorCode),
}

/// Longest part of a rejected input an error keeps, so that hostile input
/// cannot make errors large.
const KEPT_INPUT: usize = 64;

fn keep(input: &str) -> Box<str> {
    let mut end = input.len().min(KEPT_INPUT);
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    input[..end].into()
}

/// The error of parsing an [`ErrorCode`]: says what was wrong and suggests
/// the nearest code.
///
/// ```
/// use errcat::{ErrorCode, ParseProblem};
///
/// let error = "GEN-1203-10003".parse::<ErrorCode>().unwrap_err();
/// assert_eq!(error.problem(), ParseProblem::Unknown);
/// assert_eq!(error.suggestion(), Some(ErrorCode::InvalidAccessToken));
/// assert_eq!(
///     error.to_string(),
///     "unknown error code `GEN-1203-10003`; did you mean `GEN-1203-100003`?"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseCodeError {
    input: Box<str>,
    problem: ParseProblem,
}

impl ParseCodeError {
    pub(crate) fn new(input: &str) -> Self {
        let problem = if input.is_empty() {
            ParseProblem::Empty
        } else if let Some(kind) = ErrorKind::from_token(input) {
            ParseProblem::IsToken(kind)
        } else if is_dashed(input.as_bytes(), b'-') {
            ParseProblem::Unknown
        } else {
            ParseProblem::Malformed
        };
        ParseCodeError {
            input: keep(input),
            problem,
        }
    }

    /// What was wrong.
    pub fn problem(&self) -> ParseProblem {
        self.problem
    }

    /// The rejected text (surrounding whitespace removed; at most 64 bytes).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The code the input most likely meant: one a typo or a change of case
    /// away. Costs a comparison with every code, so it is computed on demand.
    pub fn suggestion(&self) -> Option<ErrorCode> {
        match self.problem {
            ParseProblem::Empty | ParseProblem::IsToken(_) | ParseProblem::IsCode(_) => None,
            ParseProblem::Malformed | ParseProblem::Unknown => nearest(
                &self.input,
                ALL_CODES.iter().map(|&code| (code.code(), code)),
            ),
        }
    }
}

impl fmt::Display for ParseCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = &self.input;
        match self.problem {
            ParseProblem::Empty => {
                f.write_str("empty error code: expected a code such as `")?;
                f.write_str(ALL_CODES[0].code())?;
                f.write_str("`")
            }
            ParseProblem::IsToken(kind) => {
                write!(f, "`{input}` is an error token, not a code: its codes are ")?;
                list_codes(f, kind.codes())
            }
            ParseProblem::IsCode(_) | ParseProblem::Unknown => {
                write!(f, "unknown error code `{input}`")?;
                suggest(f, self.suggestion().map(ErrorCode::code))
            }
            ParseProblem::Malformed => {
                write!(
                    f,
                    "`{input}` is not an error code: expected uppercase letters and digits in groups joined by `-`"
                )?;
                suggest(f, self.suggestion().map(ErrorCode::code))
            }
        }
    }
}

impl Error for ParseCodeError {}

/// The error of parsing an [`ErrorKind`] from a token.
///
/// ```
/// use errcat::{ErrorKind, ParseProblem};
///
/// let error = "MISSING_INPUTS".parse::<ErrorKind>().unwrap_err();
/// assert_eq!(error.problem(), ParseProblem::Unknown);
/// assert_eq!(error.suggestion(), Some(ErrorKind::MissingInput));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseKindError {
    input: Box<str>,
    problem: ParseProblem,
}

impl ParseKindError {
    pub(crate) fn new(input: &str) -> Self {
        let problem = if input.is_empty() {
            ParseProblem::Empty
        } else if let Some(code) = ErrorCode::from_code(input) {
            ParseProblem::IsCode(code)
        } else if is_dashed(&input.as_bytes().to_ascii_uppercase(), b'_') || is_word(input) {
            ParseProblem::Unknown
        } else {
            ParseProblem::Malformed
        };
        ParseKindError {
            input: keep(input),
            problem,
        }
    }

    /// What was wrong.
    pub fn problem(&self) -> ParseProblem {
        self.problem
    }

    /// The rejected text (surrounding whitespace removed; at most 64 bytes).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The token the input most likely meant.
    pub fn suggestion(&self) -> Option<ErrorKind> {
        match self.problem {
            ParseProblem::Malformed | ParseProblem::Unknown => nearest(
                &self.input,
                ALL_KINDS.iter().map(|&kind| (kind.token(), kind)),
            ),
            _ => None,
        }
    }
}

impl fmt::Display for ParseKindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = &self.input;
        match self.problem {
            ParseProblem::Empty => {
                f.write_str("empty error token: expected a token such as `")?;
                f.write_str(ALL_KINDS[0].token())?;
                f.write_str("`")
            }
            ParseProblem::IsCode(code) => write!(
                f,
                "`{input}` is an error code, not a token: its token is `{}`",
                code.kind().token()
            ),
            _ => {
                write!(f, "unknown error token `{input}`")?;
                suggest(f, self.suggestion().map(ErrorKind::token))
            }
        }
    }
}

impl Error for ParseKindError {}

fn suggest(f: &mut fmt::Formatter<'_>, suggestion: Option<&str>) -> fmt::Result {
    match suggestion {
        Some(suggestion) => write!(f, "; did you mean `{suggestion}`?"),
        None => Ok(()),
    }
}

fn list_codes(f: &mut fmt::Formatter<'_>, codes: &[ErrorCode]) -> fmt::Result {
    for (index, code) in codes.iter().enumerate() {
        if index > 0 {
            f.write_str(", ")?;
        }
        f.write_str(code.code())?;
    }
    Ok(())
}

/// The candidate closest to `input`, ignoring case, when it is at most a few
/// edits away (one for short inputs, up to three for long ones).
fn nearest<T>(input: &str, candidates: impl Iterator<Item = (&'static str, T)>) -> Option<T> {
    let wanted = input.to_ascii_uppercase();
    let length = wanted.chars().count();
    let limit = (length / 4).clamp(1, 3);
    candidates
        // A distance is at least the difference in length: candidates too
        // long or too short are skipped without computing it.
        .filter(|(text, _)| text.chars().count().abs_diff(length) <= limit)
        .map(|(text, value)| (strsim::osa_distance(&wanted, text), value))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, value)| value)
}

/// `[A-Z0-9]+(SEP[A-Z0-9]+)+`
pub(crate) fn is_dashed(text: &[u8], separator: u8) -> bool {
    text.contains(&separator)
        && text.split(|&b| b == separator).all(|group| {
            !group.is_empty()
                && group
                    .iter()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

fn is_word(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric())
}
