//! The generated catalogue, and the shapes of the tables it is made of.
//!
//! `build.rs` writes `$OUT_DIR/catalogue.rs` from `errors.toml`: the
//! [`ErrorCode`] and [`ErrorKind`] enums, the [`Row`] and [`KindRow`] tables
//! indexed by their discriminants, the perfect-hash indexes for parsing, and
//! one typed constructor per row on [`ApiError`]. Everything that *does*
//! something with those tables is hand-written in the other modules.

use std::borrow::Cow;
use std::ops::Range;

use http::StatusCode;

use crate::ApiError;
use crate::phf::Phf;

/// Everything the catalogue says about one code.
///
/// Lists (placeholders, description pieces) live in flat arrays shared by all
/// rows, and a row holds ranges into them: a table of ten thousand rows is
/// then plain data, where nested `&[...]` literals would make rustc's borrow
/// checker work through ten thousand temporaries.
#[derive(Debug)]
pub(crate) struct Row {
    pub code: &'static str,
    /// The `ErrorCode` variant's name.
    pub name: &'static str,
    pub kind: ErrorKind,
    pub status: StatusCode,
    /// The description as written in the catalogue, `{placeholders}` and all.
    pub description: &'static str,
    /// The description as the published table shows it.
    pub published: &'static str,
    pub scenario: &'static str,
    /// Distinct placeholder names, in order of first appearance: a range of
    /// [`PLACEHOLDER_NAMES`].
    pub placeholders: Range<u32>,
    /// The description's literal pieces, a range of [`TEXT_PIECES`]; one more
    /// than the slots.
    pub pieces: Range<u32>,
    /// The JSON body up to its first placeholder (the whole body when there
    /// is none), already escaped.
    pub json_head: &'static str,
    /// For each gap between pieces, which placeholder fills it: a range of
    /// [`SLOTS`] and of [`JSON_TAILS`], the body's piece after each gap.
    pub slots: Range<u32>,
    /// What to use instead, when the row is deprecated.
    pub deprecated: Option<&'static str>,
}

impl Row {
    pub fn placeholders(&self) -> &'static [&'static str] {
        &PLACEHOLDER_NAMES[span(&self.placeholders)]
    }

    pub fn text(&self) -> &'static [&'static str] {
        &TEXT_PIECES[span(&self.pieces)]
    }

    pub fn json_tails(&self) -> &'static [&'static str] {
        &JSON_TAILS[span(&self.slots)]
    }

    pub fn slots(&self) -> &'static [u16] {
        &SLOTS[span(&self.slots)]
    }
}

/// Everything the catalogue says about one error token.
#[derive(Debug)]
pub(crate) struct KindRow {
    /// As the published table prints it: `MISSING_INPUT`.
    pub token: &'static str,
    /// As response bodies carry it: `missing_input`.
    pub wire: &'static str,
    /// The `ErrorKind` variant's name.
    pub name: &'static str,
    /// A range of [`KIND_CODES`].
    pub codes: Range<u32>,
}

impl KindRow {
    pub fn codes(&self) -> &'static [ErrorCode] {
        &KIND_CODES[span(&self.codes)]
    }
}

#[inline]
fn span(range: &Range<u32>) -> Range<usize> {
    range.start as usize..range.end as usize
}

/// A status the build script has checked is in 100..=999. Evaluated while
/// compiling the tables, so it cannot fail at run time.
const fn status(code: u16) -> StatusCode {
    match StatusCode::from_u16(code) {
        Ok(status) => status,
        Err(_) => panic!("errors.toml was validated to hold statuses in 100..=999"),
    }
}

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
