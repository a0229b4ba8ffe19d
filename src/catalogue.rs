//! The generated catalogue, and the shapes of the tables it is made of.
//!
//! `build.rs` writes `$OUT_DIR/catalogue.rs` from `errors.toml`: the
//! [`ErrorCode`] and [`ErrorKind`] enums, the `ROWS` and `KINDS` tables
//! indexed by their discriminants (read through [`Row`] and [`KindRow`]),
//! the text they point into, the perfect-hash indexes for parsing, and one
//! typed constructor per row on [`ApiError`]. Everything that *does*
//! something with those tables is hand-written in the other modules.

use std::borrow::Cow;
use std::ops::Range;

use http::StatusCode;

use crate::ApiError;
use crate::phf::{Phf, word};

/// Where everything the catalogue says about one code is: a view of its
/// line of [`ROWS`].
///
/// The generated tables are integers and a few long strings, among them
/// [`TEXT`], which holds every row's text end to end. rustc compiles ten
/// thousand lines of integers in a fraction of the time and memory that ten
/// thousand struct literals of string fields take (each string literal is a
/// constant of its own for the type checker and the code generator), and the
/// same integers as bytes the build script writes next to the code, included
/// with [`table!`], in a fraction again. Strings are sliced out of `TEXT` at
/// run time, at a cost that does not depend on the row.
///
/// A row's text is its parts one after the other, starting at
/// [`column::TEXT`]: variant name, description template, published
/// description, scenario, deprecation note, the JSON body up to its
/// description, the description's literal pieces, and `"}`. The columns after
/// it say where each part ends, counted from the row's start; the next part
/// starts there.
#[derive(Clone, Copy)]
pub(crate) struct Row(&'static [u8; column::COUNT * 4]);

/// The columns of [`ROWS`].
pub(crate) mod column {
    /// Where the row's text starts in [`TEXT`](super::TEXT).
    pub const TEXT: usize = 0;
    /// The end of the `ErrorCode` variant's name.
    pub const NAME: usize = 1;
    /// The end of the description as written in the catalogue,
    /// `{placeholders}` and all.
    pub const DESCRIPTION: usize = 2;
    /// The end of the description as the published table shows it.
    pub const PUBLISHED: usize = 3;
    pub const SCENARIO: usize = 4;
    /// The end of what to use instead; the note is empty when the row is not
    /// deprecated (validation refuses an empty note).
    pub const DEPRECATED: usize = 5;
    /// The end of `{"error":"…","error_code":"…","error_description":"`.
    pub const JSON: usize = 6;
    /// The end of the description's first literal piece.
    pub const HEAD: usize = 7;
    /// The row's first entry in [`GAP_SLOTS`](super::GAP_SLOTS) and
    /// [`GAP_ENDS`](super::GAP_ENDS): one per gap between literal pieces,
    /// saying which placeholder fills it and where the piece after it ends.
    pub const GAPS: usize = 8;
    pub const GAP_COUNT: usize = 9;
    /// Where the row's distinct placeholder names start in
    /// [`PLACEHOLDER_NAMES`](super::PLACEHOLDER_NAMES), in order of first
    /// appearance, and how many there are.
    pub const PLACEHOLDERS: usize = 10;
    pub const PLACEHOLDER_COUNT: usize = 11;
    /// The `ErrorKind` discriminant.
    pub const KIND: usize = 12;
    /// The HTTP status, which validation keeps in 100..=999.
    pub const STATUS: usize = 13;
    /// How many columns there are.
    pub const COUNT: usize = 14;
}

/// The closing `"}` that follows a row's last literal piece in [`TEXT`].
const JSON_CLOSE: u32 = 2;

impl Row {
    #[inline]
    pub fn of(code: ErrorCode) -> Row {
        Row(line(&ROWS, code as usize))
    }

    /// The number in `column`.
    #[inline]
    fn get(self, column: usize) -> u32 {
        word(self.0, column)
    }

    #[inline]
    fn part(self, from: usize, to: usize) -> &'static str {
        self.slice(self.get(from), self.get(to))
    }

    #[inline]
    fn slice(self, from: u32, to: u32) -> &'static str {
        slice(TEXT, self.get(column::TEXT), from, to)
    }

    pub fn name(self) -> &'static str {
        self.slice(0, self.get(column::NAME))
    }

    pub fn description(self) -> &'static str {
        self.part(column::NAME, column::DESCRIPTION)
    }

    pub fn published(self) -> &'static str {
        self.part(column::DESCRIPTION, column::PUBLISHED)
    }

    pub fn scenario(self) -> &'static str {
        self.part(column::PUBLISHED, column::SCENARIO)
    }

    pub fn deprecated(self) -> Option<&'static str> {
        Some(self.part(column::SCENARIO, column::DEPRECATED)).filter(|note| !note.is_empty())
    }

    #[inline]
    pub fn kind(self) -> ErrorKind {
        ALL_KINDS[self.get(column::KIND) as usize]
    }

    #[inline]
    pub fn status(self) -> StatusCode {
        // Validation keeps statuses in range; the fallback is never taken.
        u16::try_from(self.get(column::STATUS))
            .ok()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn placeholders(self) -> &'static [&'static str] {
        PLACEHOLDER_NAMES
            .get(span(
                self.get(column::PLACEHOLDERS),
                self.get(column::PLACEHOLDER_COUNT),
            ))
            .unwrap_or_default()
    }

    /// How many gaps the description has.
    #[inline]
    pub fn gap_count(self) -> usize {
        self.get(column::GAP_COUNT) as usize
    }

    /// The description's first literal piece.
    #[inline]
    pub fn head(self) -> &'static str {
        self.part(column::JSON, column::HEAD)
    }

    /// The description's gaps: which placeholder fills each, and the literal
    /// piece after it.
    #[inline]
    pub fn gaps(self) -> Gaps {
        self.gaps_closing(0)
    }

    /// The JSON body up to its first gap; the whole body when there is none.
    #[inline]
    pub fn json_head(self) -> &'static str {
        let close = if self.gap_count() == 0 { JSON_CLOSE } else { 0 };
        self.slice(self.get(column::DEPRECATED), self.get(column::HEAD) + close)
    }

    /// Like [`gaps`](Self::gaps), with the body's closing `"}` after the last
    /// piece.
    #[inline]
    pub fn json_gaps(self) -> Gaps {
        self.gaps_closing(JSON_CLOSE)
    }

    #[inline]
    fn gaps_closing(self, close: u32) -> Gaps {
        Gaps {
            text: self.get(column::TEXT),
            from: self.get(column::HEAD),
            close,
            gaps: span(self.get(column::GAPS), self.get(column::GAP_COUNT)),
        }
    }
}

/// The gaps of a row's description, in order: see [`Row::gaps`].
pub(crate) struct Gaps {
    text: u32,
    from: u32,
    close: u32,
    /// The gaps not yet visited, as entries of [`GAP_SLOTS`] and [`GAP_ENDS`].
    gaps: Range<usize>,
}

impl Iterator for Gaps {
    /// The placeholder's index in [`Row::placeholders`], and the piece after it.
    type Item = (usize, &'static str);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let gap = self.gaps.next()?;
        let slot = word(&GAP_SLOTS, gap) as usize;
        let mut end = word(&GAP_ENDS, gap);
        if self.gaps.is_empty() {
            end += self.close;
        }
        let piece = slice(TEXT, self.text, self.from, end);
        self.from = end;
        Some((slot, piece))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.gaps.size_hint()
    }
}

impl ExactSizeIterator for Gaps {}

/// Where everything the catalogue says about one error token is: a view of
/// its line of [`KINDS`], whose columns are named in [`kind_column`].
#[derive(Clone, Copy)]
pub(crate) struct KindRow(&'static [u8; kind_column::COUNT * 4]);

/// The columns of [`KINDS`].
pub(crate) mod kind_column {
    /// Where the kind's text starts in [`KIND_TEXT`](super::KIND_TEXT).
    pub const TEXT: usize = 0;
    /// The end of the token as response bodies carry it, in lowercase,
    /// counted from the kind's start.
    pub const WIRE: usize = 1;
    /// The end of the `ErrorKind` variant's name.
    pub const NAME: usize = 2;
    /// Where the kind's codes start in [`KIND_CODES`](super::KIND_CODES), and
    /// how many there are.
    pub const CODES: usize = 3;
    pub const CODE_COUNT: usize = 4;
    /// How many columns there are.
    pub const COUNT: usize = 5;
}

impl KindRow {
    #[inline]
    pub fn of(kind: ErrorKind) -> KindRow {
        KindRow(line(&KINDS, kind as usize))
    }

    /// The number in `column`.
    #[inline]
    fn get(self, column: usize) -> u32 {
        word(self.0, column)
    }

    /// The kind's text from `from` to where the column `end` says.
    #[inline]
    fn text(self, from: u32, end: usize) -> &'static str {
        slice(KIND_TEXT, self.get(kind_column::TEXT), from, self.get(end))
    }

    /// The token as response bodies carry it: `missing_input`.
    pub fn wire(self) -> &'static str {
        self.text(0, kind_column::WIRE)
    }

    pub fn name(self) -> &'static str {
        self.text(self.get(kind_column::WIRE), kind_column::NAME)
    }

    pub fn codes(self) -> &'static [ErrorCode] {
        KIND_CODES
            .get(span(
                self.get(kind_column::CODES),
                self.get(kind_column::CODE_COUNT),
            ))
            .unwrap_or_default()
    }
}

/// `Clone`, `Copy`, `PartialEq`, `Eq`, `PartialOrd`, `Ord` and `Hash` for a
/// generated enum, through its `u16` discriminant: what the derives would
/// give. They are written here rather than derived because a derive on the
/// generated enum costs rustc memory in proportion to its variants: at 10,000,
/// about 15 MiB after macro expansion and 19 MiB at the peak (`-Z
/// time-passes`: 245 against 230 MiB, then 500 against 481). Unlike derived
/// ones, these do not make constants of the type usable as patterns; the
/// variants themselves match as usual.
macro_rules! value_traits {
    ($name:ident) => {
        impl Clone for $name {
            #[inline]
            fn clone(&self) -> Self {
                *self
            }
        }

        impl Copy for $name {}

        impl PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                *self as u16 == *other as u16
            }
        }

        impl Eq for $name {}

        impl PartialOrd for $name {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            #[inline]
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                (*self as u16).cmp(&(*other as u16))
            }
        }

        impl std::hash::Hash for $name {
            #[inline]
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                (*self as u16).hash(state);
            }
        }
    };
}

value_traits!(ErrorCode);
value_traits!(ErrorKind);

/// The codes at `indexes` (a table of little-endian `u32`s) of `all`,
/// picked while compiling: a table of indexes compiles in a fraction of the
/// time a table of ten thousand paths to variants takes.
const fn pick<const N: usize, const M: usize>(
    all: &[ErrorCode; N],
    indexes: &[u8],
) -> [ErrorCode; M] {
    let mut codes = [all[0]; M];
    let mut index = 0;
    while index < M {
        let at = index * 4;
        let bytes = [
            indexes[at],
            indexes[at + 1],
            indexes[at + 2],
            indexes[at + 3],
        ];
        codes[index] = all[u32::from_le_bytes(bytes) as usize];
        index += 1;
    }
    codes
}

/// A table of numbers the build script wrote next to the generated code, as
/// a byte array: rustc reads it in one piece, where an array of integer
/// literals costs it a constant per number.
macro_rules! table {
    ($file:literal) => {
        *include_bytes!(concat!(env!("OUT_DIR"), "/", $file))
    };
}

/// Line `index` of `table`, whose lines are `N` bytes; zeros past its end,
/// which the generator's tests rule out.
#[inline]
fn line<const N: usize>(table: &'static [u8], index: usize) -> &'static [u8; N] {
    table
        .get(index * N..)
        .and_then(<[u8]>::first_chunk)
        .unwrap_or(&[0; N])
}

/// `text[at + from..at + to]`; empty if the tables were inconsistent, which
/// the generator's tests rule out.
#[inline]
fn slice(text: &'static str, at: u32, from: u32, to: u32) -> &'static str {
    text.get(at as usize + from as usize..at as usize + to as usize)
        .unwrap_or_default()
}

#[inline]
fn span(start: u32, count: u32) -> Range<usize> {
    start as usize..start as usize + count as usize
}

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
