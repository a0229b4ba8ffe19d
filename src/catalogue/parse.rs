//! Why a text is not a code or a token of a catalogue, and what was probably
//! meant.

use std::any::TypeId;
use std::error::Error;
use std::fmt;
use std::sync::{PoisonError, RwLock};

use errcat_core::suggest::Index;
use errcat_core::syntax::{is_code, is_token};

use super::{CatalogueCode, CatalogueKind};
use crate::ErrorCode;
use crate::wire::LogSafe;

/// What was wrong with the text handed to a parser; `C` is the catalogue's
/// code type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseProblem<C: CatalogueCode = ErrorCode> {
    /// Nothing but whitespace.
    Empty,
    /// Not of the form of a code (`[A-Z0-9]+(-[A-Z0-9]+)+`) or of a token
    /// (`[A-Za-z0-9]+(_[A-Za-z0-9]+)*`).
    Malformed,
    /// Well formed, but not in the catalogue.
    Unknown,
    /// A token where a code was expected.
    IsToken(C::Kind),
    /// A code where a token was expected.
    IsCode(C),
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

/// The error of parsing a code: says what was wrong and suggests the
/// nearest code of the catalogue.
///
/// `Display` shows the input escaped as a log line shows a value (see
/// [`ApiError`](crate::ApiError)'s "Safe by default"): a line break or an
/// escape sequence in the input cannot forge a log line or reach a
/// terminal.
///
/// # Cost
///
/// A server may format this error for every request that carries a code of
/// its own, so formatting it never compares the input with every code. The
/// error keeps at most 64 bytes of the input; the suggestion
/// ([`suggestion`](Self::suggestion), which `Display` asks for) searches an
/// index of the catalogue's codes, built once per process at the first
/// suggestion, that reaches only the codes within the edit limit of the
/// input: its cost depends on the input and on how many codes are near it,
/// not on how many the catalogue has (microseconds for a typo at ten
/// thousand codes; `docs/performance.md` in errcat's repository has the
/// figures). A token given for a code lists at most eight of its codes,
/// then how many more it has.
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
///
/// let forged = "GEN-1203\n2026-11-30 INFO forged".parse::<ErrorCode>().unwrap_err();
/// assert!(!forged.to_string().contains('\n'));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseCodeError<C: CatalogueCode = ErrorCode> {
    input: Box<str>,
    problem: ParseProblem<C>,
}

impl<C: CatalogueCode> ParseCodeError<C> {
    pub(crate) fn new(input: &str) -> Self {
        let problem = if input.is_empty() {
            ParseProblem::Empty
        } else if let Some(kind) = C::Kind::from_token(input) {
            ParseProblem::IsToken(kind)
        } else if is_code(input) {
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
    pub fn problem(&self) -> ParseProblem<C> {
        self.problem
    }

    /// The rejected text (surrounding whitespace removed; at most 64 bytes),
    /// as it was: escape it before showing it.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The code the input most likely meant: one a typo or a change of case
    /// away (errcat-core's `suggest` rule). Computed on demand, from an
    /// index of the catalogue's codes built at the first call in the
    /// process: the same suggestion a comparison with every code would
    /// give, at a cost that does not grow with the catalogue.
    pub fn suggestion(&self) -> Option<C> {
        match self.problem {
            ParseProblem::Empty | ParseProblem::IsToken(_) | ParseProblem::IsCode(_) => None,
            ParseProblem::Malformed | ParseProblem::Unknown => {
                let all = C::all();
                index_of::<C>(|| Index::new(all.iter().map(|code| code.code())))
                    .closest(&self.input)
                    .and_then(|at| all.get(at).copied())
            }
        }
    }
}

impl<C: CatalogueCode> fmt::Display for ParseCodeError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = LogSafe(&self.input);
        match self.problem {
            ParseProblem::Empty => {
                f.write_str("empty error code: expected a code such as `")?;
                f.write_str(C::all().first().map_or("", |code| code.code()))?;
                f.write_str("`")
            }
            ParseProblem::IsToken(kind) => {
                write!(f, "`{input}` is an error token, not a code: its codes are ")?;
                list_codes(f, kind.codes())
            }
            ParseProblem::IsCode(_) | ParseProblem::Unknown => {
                write!(f, "unknown error code `{input}`")?;
                suggest(f, self.suggestion().map(C::code))
            }
            ParseProblem::Malformed => {
                write!(
                    f,
                    "`{input}` is not an error code: expected uppercase letters and digits in groups joined by `-`"
                )?;
                suggest(f, self.suggestion().map(C::code))
            }
        }
    }
}

impl<C: CatalogueCode> Error for ParseCodeError<C> {}

/// The error of parsing a kind from a token; `K` is the catalogue's kind
/// type. Its `Display` escapes the input as [`ParseCodeError`]'s does, and
/// costs as little: its suggestion searches an index of the tokens.
///
/// ```
/// use errcat::{ErrorKind, ParseProblem};
///
/// let error = "MISSING_INPUTS".parse::<ErrorKind>().unwrap_err();
/// assert_eq!(error.problem(), ParseProblem::Unknown);
/// assert_eq!(error.suggestion(), Some(ErrorKind::MissingInput));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseKindError<K: CatalogueKind = crate::ErrorKind> {
    input: Box<str>,
    problem: ParseProblem<K::Code>,
}

impl<K: CatalogueKind> ParseKindError<K> {
    pub(crate) fn new(input: &str) -> Self {
        let problem = if input.is_empty() {
            ParseProblem::Empty
        } else if let Some(code) = K::Code::from_code(input) {
            ParseProblem::IsCode(code)
        } else if is_token(&input.to_ascii_uppercase()) {
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
    pub fn problem(&self) -> ParseProblem<K::Code> {
        self.problem
    }

    /// The rejected text (surrounding whitespace removed; at most 64 bytes),
    /// as it was: escape it before showing it.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The token the input most likely meant, found as
    /// [`ParseCodeError::suggestion`] finds a code.
    pub fn suggestion(&self) -> Option<K> {
        match self.problem {
            ParseProblem::Malformed | ParseProblem::Unknown => {
                let all = K::all();
                index_of::<K>(|| Index::new(all.iter().map(|kind| kind.token())))
                    .closest(&self.input)
                    .and_then(|at| all.get(at).copied())
            }
            _ => None,
        }
    }
}

impl<K: CatalogueKind> fmt::Display for ParseKindError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = LogSafe(&self.input);
        match self.problem {
            ParseProblem::Empty => {
                f.write_str("empty error token: expected a token such as `")?;
                f.write_str(K::all().first().map_or("", |kind| kind.token()))?;
                f.write_str("`")
            }
            ParseProblem::IsCode(code) => write!(
                f,
                "`{input}` is an error code, not a token: its token is `{}`",
                code.kind().token()
            ),
            _ => {
                write!(f, "unknown error token `{input}`")?;
                suggest(f, self.suggestion().map(K::token))
            }
        }
    }
}

impl<K: CatalogueKind> Error for ParseKindError<K> {}

/// The suggestion index of each catalogue's codes and of its tokens, by the
/// type they are suggested as: built at the first suggestion, then kept for
/// the life of the process (a catalogue's tables are `static` too).
static INDEXES: RwLock<Vec<(TypeId, &'static Index)>> = RwLock::new(Vec::new());

/// The index of `T`'s texts, made by `build` the first time.
fn index_of<T: 'static>(build: impl FnOnce() -> Index) -> &'static Index {
    let id = TypeId::of::<T>();
    let find = |indexes: &[(TypeId, &'static Index)]| {
        indexes
            .iter()
            .find(|(of, _)| *of == id)
            .map(|&(_, index)| index)
    };
    if let Some(index) = find(&INDEXES.read().unwrap_or_else(PoisonError::into_inner)) {
        return index;
    }
    let mut indexes = INDEXES.write().unwrap_or_else(PoisonError::into_inner);
    if let Some(index) = find(&indexes) {
        return index;
    }
    let index: &'static Index = Box::leak(Box::new(build()));
    indexes.push((id, index));
    index
}

/// How many of a token's codes the message of a token given for a code
/// lists: the first ones, then how many more there are.
const LISTED_CODES: usize = 8;

fn suggest(f: &mut fmt::Formatter<'_>, suggestion: Option<&str>) -> fmt::Result {
    match suggestion {
        Some(suggestion) => write!(f, "; did you mean `{suggestion}`?"),
        None => Ok(()),
    }
}

fn list_codes<C: CatalogueCode>(f: &mut fmt::Formatter<'_>, codes: &[C]) -> fmt::Result {
    for (index, code) in codes.iter().take(LISTED_CODES).enumerate() {
        if index > 0 {
            f.write_str(", ")?;
        }
        f.write_str(code.code())?;
    }
    match codes.len().saturating_sub(LISTED_CODES) {
        0 => Ok(()),
        more => write!(f, " and {more} more"),
    }
}
