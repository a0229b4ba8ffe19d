//! Which rows answer the failures a web framework finds before a handler
//! runs.

use crate::CatalogueCode;

/// The rows of a catalogue that answer what a server finds wrong before its
/// own code runs: a missing or malformed header, path, query or body value,
/// a path that is no route, a method a route does not take, a failure of
/// the server itself.
///
/// With these, errcat turns a framework's rejections into catalogue errors
/// (with the `axum` feature, `From<PathRejection>`, `From<QueryRejection>`,
/// `From<JsonRejection>` for [`ApiError`](crate::ApiError), and the
/// fallbacks and the catch-all layer of `errcat::server`), so that every
/// error response of the server is one a client can decode.
///
/// A catalogue says which row plays each role in its `[roles]` table, and
/// errcat-build implements this trait from it:
///
/// ```toml
/// [roles]
/// missing_header = "GEN-1201-100001"
/// invalid_header = "GEN-1202-100001"
/// missing_input = "GEN-1201-100002"
/// invalid_input = "GEN-1202-100002"
/// not_found = "GEN-1206-100001"
/// method_not_allowed = "GEN-1206-100003"
/// internal = "GEN-1206-100004"
/// ```
///
/// `invalid_input` and `internal` are required; every other role falls back
/// to a more general one when the table leaves it out (see each constant).
/// A row playing a role has at most one placeholder: it is filled with the
/// offending header's or parameter's name. A catalogue without a `[roles]`
/// table can implement the trait by hand on its `ErrorCode`.
///
/// ```
/// use errcat::{ApiError, ErrorCode, Roles};
///
/// assert_eq!(ErrorCode::MISSING_INPUT, ErrorCode::MissingParameterInput);
/// let error = ApiError::naming(ErrorCode::MISSING_INPUT, "len");
/// assert_eq!(error.to_string(), "Missing required body/path/query input 'len'");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no rows for the errors a server finds before its handlers run",
    note = "add a `[roles]` table to the catalogue's file (see `errcat::Roles`), or implement `errcat::Roles` for `{Self}`"
)]
pub trait Roles: CatalogueCode {
    /// A required header is missing; filled with the header's name. By
    /// default [`MISSING_INPUT`](Self::MISSING_INPUT).
    const MISSING_HEADER: Self = Self::MISSING_INPUT;
    /// A header is malformed; filled with the header's name. By default
    /// [`INVALID_INPUT`](Self::INVALID_INPUT).
    const INVALID_HEADER: Self = Self::INVALID_INPUT;
    /// A required path, query or body value is missing; filled with its
    /// name. By default [`INVALID_INPUT`](Self::INVALID_INPUT).
    const MISSING_INPUT: Self = Self::INVALID_INPUT;
    /// A path, query or body value is malformed; filled with its name.
    const INVALID_INPUT: Self;
    /// The body's `Content-Type` is not one the route reads. By default
    /// [`INVALID_HEADER`](Self::INVALID_HEADER), naming `Content-Type`.
    const UNSUPPORTED_MEDIA_TYPE: Self = Self::INVALID_HEADER;
    /// The body is larger than the server reads. By default
    /// [`INVALID_INPUT`](Self::INVALID_INPUT), naming the body.
    const PAYLOAD_TOO_LARGE: Self = Self::INVALID_INPUT;
    /// No route has this path. By default
    /// [`INVALID_INPUT`](Self::INVALID_INPUT), naming the path.
    const NOT_FOUND: Self = Self::INVALID_INPUT;
    /// The route does not take this method. By default
    /// [`INVALID_INPUT`](Self::INVALID_INPUT), naming the method.
    const METHOD_NOT_ALLOWED: Self = Self::INVALID_INPUT;
    /// The server failed: a route's extractor is misconfigured, an
    /// extension is missing, a response without a catalogue error.
    const INTERNAL: Self;
}
