//! What `#[derive(Catalogued)]` expands to reaches errcat through here. Not
//! a public API: it may change in any release.

pub use std::borrow::Cow;
use std::fmt::Display;

pub use crate::catalogue::CATALOGUE_FINGERPRINT;
use crate::{ApiError, ErrorCode};

/// Fails compilation when the derive checked its codes against another
/// catalogue than the one errcat was built from.
pub const fn assert_same_catalogue(fingerprint: u64) {
    if fingerprint != CATALOGUE_FINGERPRINT {
        panic!(
            "#[derive(Catalogued)] checked its codes against another catalogue than the one errcat was built from; rebuild errcat with the same ERRCAT_CATALOGUE (for example `cargo clean -p errcat`)"
        );
    }
}

/// An error with one value per placeholder, in the code's order; the derive
/// has checked names and count at compile time.
pub fn filled<const N: usize>(code: ErrorCode, values: [Cow<'static, str>; N]) -> ApiError {
    ApiError::filled(code, values)
}

/// A placeholder value from anything `Display`.
pub fn display<T: Display + ?Sized>(value: &T) -> Cow<'static, str> {
    Cow::Owned(value.to_string())
}
