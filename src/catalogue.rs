//! The generated catalogue, and the shapes of the tables it is made of.
//!
//! `build.rs` writes `$OUT_DIR/catalogue.rs` from `errors.toml`: the
//! [`ErrorCode`] and [`ErrorKind`] enums, the [`Row`] and [`KindRow`] tables
//! indexed by their discriminants, the perfect-hash indexes for parsing, and
//! one typed constructor per row on [`ApiError`]. Everything that *does*
//! something with those tables is hand-written in the other modules.

use std::borrow::Cow;

use http::StatusCode;

use crate::ApiError;
use crate::phf::Phf;

/// Everything the catalogue says about one code.
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
    /// Distinct placeholder names, in order of first appearance.
    pub placeholders: &'static [&'static str],
    /// The description's literal pieces; one more than `slots`.
    pub text: &'static [&'static str],
    /// The JSON body's literal pieces, already escaped; one more than `slots`.
    pub json: &'static [&'static str],
    /// For each gap between pieces, which placeholder fills it.
    pub slots: &'static [u16],
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
    pub codes: &'static [ErrorCode],
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
