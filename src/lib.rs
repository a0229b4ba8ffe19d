//! errcat: an API's error table as typed Rust, for servers that answer with
//! its errors, clients that decode them, and people who publish it.
//!
//! Every API is its own catalogue: a crate's build script hands the API's
//! error table (`errors.toml`) to `errcat-build`, and
//! [`include_catalogue!`] makes it a module with an `ErrorCode` enum (one
//! variant a row, with its HTTP status, token, description, scenario and
//! placeholders), an `ErrorKind` enum (one variant an error token), typed
//! constructors, and its tables. What the codes *do* is written once, here,
//! for every catalogue: parsing in constant time with a suggestion on a miss
//! ([`CatalogueCode`]), [`ApiError`] (one occurrence of an error, with its
//! values, as the API's JSON body or an RFC 9457 problem), decoding
//! ([`client`]), answering with axum (`server`), logging, scanning logs
//! (`scan`) and publishing the table ([`table`], `publish`).
//!
//! errcat carries one catalogue of its own, the PSD2 Account API's, as
//! [`ErrorCode`] and [`ErrorKind`]: the default of every generic type here.
//!
//! ```
//! use errcat::{ApiError, ErrorCode};
//! use http::StatusCode;
//!
//! // A log line says GEN-1201-100001: what is it?
//! let code: ErrorCode = "GEN-1201-100001".parse()?;
//! assert_eq!(code.status(), StatusCode::BAD_REQUEST);
//! assert_eq!(code.description(), "Missing required header input '{input}'");
//!
//! // A server answers with it.
//! let error = ApiError::missing_header_input("Request-ID");
//! assert_eq!(error.to_string(), "Missing required header input 'Request-ID'");
//! // In the body of the catalogue's first wire format (see `format`).
//! let body: serde_json::Value = serde_json::from_str(&error.to_json())?;
//! assert_eq!(body["error_code"], "GEN-1201-100001");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Your own error types attach to a catalogue with
//! [`#[derive(Catalogued)]`](Catalogued): each variant names its code and
//! its scenario, checked at compile time against that catalogue.
//!
//! Servers answer with [`ApiError`] in the wire formats their catalogue
//! speaks (see [`format`](mod@crate::format): the OAuth-style body, RFC 9457, AIP-193, JSON:API,
//! the Berlin Group's, or a team's own; with the `axum` feature, `server`
//! for axum and tower); clients decode responses with [`client`].
//!
//! # Another API's catalogue
//!
//! ```toml
//! # Cargo.toml
//! [dependencies]
//! errcat = "0.1"
//! [build-dependencies]
//! errcat-build = "0.1"
//! ```
//!
//! ```ignore
//! // build.rs
//! fn main() {
//!     errcat_build::compile(["payments.toml"]);
//! }
//!
//! // src/lib.rs
//! errcat::include_catalogue!(pub mod payments);
//!
//! // One typed constructor per row, on the catalogue's own `ErrorCode`.
//! let error: payments::ApiError = payments::ErrorCode::amount_limit_exceeded("EUR 2500.00");
//! ```
//!
//! # Features
//! - `axum`: `IntoResponse` for [`ApiError`] and derived types, and the tower
//!   layers of `errcat::server` (content negotiation, Response-ID). Enables
//!   `tracing`.
//! - `tracing`: `ApiError::log`, an event with structured fields.
//! - `reqwest`: `client::decode_response` for a `reqwest::Response`.
//! - `utoipa`: utoipa's `IntoResponses` and `ToSchema` for [`ApiError`] and
//!   derived types, so that a service's OpenAPI document lists exactly the
//!   catalogue errors each handler answers (`errcat::openapi`). Needs Rust
//!   1.88, utoipa's own floor.
//! - `scan`, `publish`: finding codes in logs, and the table as HTML, CSV
//!   and OpenAPI; the libraries behind the `errcat` command (the
//!   `errcat-cli` crate).
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/errcat/accounts.md"))]
#![forbid(unsafe_code)]

// The derive's expansion names `::errcat`, which inside errcat is this crate.
extern crate self as errcat;

mod accounts;
mod api_error;
mod catalogue;
mod catalogued;
pub mod client;
mod fields;
pub mod format;
#[cfg(feature = "utoipa")]
pub mod openapi;
#[cfg(feature = "publish")]
pub mod publish;
mod retry;
#[cfg(feature = "scan")]
pub mod scan;
#[cfg(feature = "axum")]
pub mod server;
pub mod table;
#[cfg(feature = "tracing")]
mod trace;
mod wire;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

#[doc(hidden)]
pub use accounts::__errcat_catalogue;
pub use accounts::{CATALOGUE, ErrorCode, ErrorKind};
pub use api_error::{ApiError, FillError};
pub use catalogue::{
    Catalogue, CatalogueCode, CatalogueKind, ParseCodeError, ParseKindError, ParseProblem, Roles,
};
pub use catalogued::{CatalogueEntry, Catalogued};
/// Derives [`Catalogued`]: see the trait for the attribute.
pub use errcat_macros::Catalogued;
pub use retry::{ParseRetryAfterError, RetryAfter};

/// Declares the module of a catalogue that the crate's build script
/// generated with errcat-build: its code, its tables and, as the module's
/// documentation, its whole table.
///
/// ```ignore
/// // build.rs: errcat_build::compile(["errors/payments.toml"]);
/// errcat::include_catalogue!(pub mod payments);
///
/// // A catalogue named otherwise than the module:
/// errcat::include_catalogue!(pub(crate) mod consent = "consent_v2");
/// ```
///
/// The module holds `ErrorCode` (with one typed constructor per row),
/// `ErrorKind`, `CATALOGUE` and the `ApiError` alias.
#[macro_export]
macro_rules! include_catalogue {
    ($(#[$attribute:meta])* $visibility:vis mod $module:ident) => {
        $(#[$attribute])*
        $visibility mod $module {
            #![doc = ::core::include_str!(::core::concat!(::core::env!("OUT_DIR"), "/errcat/", ::core::stringify!($module), ".md"))]
            ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/errcat/", ::core::stringify!($module), ".rs"));
        }
    };
    ($(#[$attribute:meta])* $visibility:vis mod $module:ident = $name:literal) => {
        $(#[$attribute])*
        $visibility mod $module {
            #![doc = ::core::include_str!(::core::concat!(::core::env!("OUT_DIR"), "/errcat/", $name, ".md"))]
            ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/errcat/", $name, ".rs"));
        }
    };
}

/// The README's examples, compiled and run as doctests so they cannot drift
/// (with the README's test command, which enables every feature).
#[cfg(all(doctest, feature = "axum", feature = "utoipa"))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
