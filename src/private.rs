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

#[cfg(feature = "axum")]
pub use axum_core;

/// `IntoResponse` for a derived type, through its `From<T> for ApiError`;
/// nothing when errcat is built without its `axum` feature.
#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_into_response {
    ([$($impl_generics:tt)*] [$($ty:tt)*] [$($where_clause:tt)*]) => {
        #[automatically_derived]
        impl $($impl_generics)* $crate::__private::axum_core::response::IntoResponse for $($ty)* $($where_clause)* {
            fn into_response(self) -> $crate::__private::axum_core::response::Response {
                $crate::__private::axum_core::response::IntoResponse::into_response(
                    <$crate::ApiError as ::core::convert::From<Self>>::from(self),
                )
            }
        }
    };
}

/// `IntoResponse` for a derived type, through its `From<T> for ApiError`;
/// nothing when errcat is built without its `axum` feature.
#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_into_response {
    ($($ignored:tt)*) => {};
}

pub use crate::__errcat_into_response as into_response;
