//! errcat: the PSD2 Account API's error table as typed Rust.
//!
//! The table lives in `errors.toml`; the build script turns every row into a
//! variant of [`ErrorCode`] with its HTTP status, token ([`ErrorKind`]),
//! description, scenario and placeholders. [`ApiError`] is one occurrence of
//! an error, with its placeholder values filled in, ready to send as the API's
//! JSON body. The [`table`] module prints the catalogue for people.
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
//! assert_eq!(
//!     error.to_json(),
//!     r#"{"error":"missing_input","error_code":"GEN-1201-100001","error_description":"Missing required header input 'Request-ID'"}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Your own error types attach to the catalogue with
//! [`#[derive(Catalogued)]`](Catalogued): each variant names its code and
//! its scenario, checked at compile time.
//!
//! Another API's table: build with `ERRCAT_CATALOGUE=/path/to/errors.toml`.
//!
//! Servers answer with [`ApiError`] (see [`problem`] for the RFC 9457 body
//! and, with the `axum` feature, `server` for axum and tower); clients decode
//! responses with [`client`].
//!
//! # Features
//! - `cli` (default): the `errcat` binary and its dependencies. A server that
//!   only needs the library depends on errcat with `default-features = false`.
//! - `axum`: `IntoResponse` for [`ApiError`] and derived types, and the tower
//!   layers of `errcat::server` (content negotiation, Response-ID). Enables
//!   `tracing`.
//! - `tracing`: `ApiError::log`, an event with structured fields.
//! - `reqwest`: `client::decode_response` for a `reqwest::Response`.
//! - `scan`, `publish`: the libraries behind `errcat scan` and `errcat table`.
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/catalogue.md"))]
#![forbid(unsafe_code)]

mod api_error;
mod catalogue;
mod catalogued;
pub mod client;
mod code;
mod kind;
#[allow(dead_code)]
mod markdown;
mod parse;
mod phf;
pub mod problem;
#[cfg(feature = "publish")]
pub mod publish;
#[cfg(feature = "scan")]
pub mod scan;
#[cfg(feature = "axum")]
pub mod server;
mod strum_impls;
pub mod table;
#[cfg(feature = "tracing")]
mod trace;
mod wire;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use api_error::{ApiError, FillError};
pub use catalogue::{ErrorCode, ErrorKind};
pub use catalogued::{CatalogueEntry, Catalogued};
/// Derives [`Catalogued`]: see the trait for the attribute.
pub use errcat_macros::Catalogued;
pub use parse::{ParseCodeError, ParseKindError, ParseProblem};

/// The README's examples, compiled and run as doctests so they cannot drift
/// (with the README's test command, which enables every feature).
#[cfg(all(doctest, feature = "axum"))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
