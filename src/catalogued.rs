//! Your own error types, attached to the catalogue: the trait that
//! `#[derive(Catalogued)]` implements.

use http::StatusCode;

use crate::catalogue::ALL_CODES;
use crate::{ApiError, ErrorCode};

/// An error type whose every value answers with a catalogue code, in a
/// scenario of its own. Derive it:
///
/// ```
/// use errcat::{Catalogued, ErrorCode};
///
/// #[derive(Debug, Catalogued)]
/// enum AccountsError {
///     #[catalogue(code = "GEN-1203-100003", scenario = "The access token is older than 90 days")]
///     TokenExpired,
///     #[catalogue(code = ErrorCode::MissingHeaderInput, input = "Request-ID", scenario = "No Request-ID header")]
///     MissingRequestId,
///     #[catalogue(code = "GEN-1201-100002", input = field, scenario = "A required query parameter is absent")]
///     MissingQuery { field: String },
/// }
///
/// let error = AccountsError::MissingQuery { field: "dateFrom".into() };
/// assert_eq!(error.error_code(), ErrorCode::MissingParameterInput);
/// assert_eq!(error.status(), http::StatusCode::BAD_REQUEST);
/// assert_eq!(error.scenario(), "A required query parameter is absent");
/// assert_eq!(
///     error.api_error().to_json(),
///     r#"{"error":"missing_input","error_code":"GEN-1201-100002","error_description":"Missing required body/path/query input 'dateFrom'"}"#
/// );
/// assert_eq!(
///     AccountsError::MissingRequestId.api_error().to_string(),
///     "Missing required header input 'Request-ID'"
/// );
/// assert_eq!(AccountsError::ENTRIES.len(), 3);
/// ```
///
/// # The attribute
///
/// `#[catalogue(...)]` goes on every variant of an enum, or on a struct:
/// - `code`: the catalogue code, as text (`"GEN-1203-100003"`) or as its
///   variant (`ErrorCode::InvalidAccessToken`);
/// - `scenario`: when *your* service answers with it (required);
/// - one `name = value` per placeholder of the code's description, no more:
///   a string literal, a field (`input = field`, or `input = 0` for a tuple
///   field), or an expression of the fields (`_0`, `_1`, ... for tuple fields)
///   whose value is `Display`.
///
/// A field marked `#[source]` becomes the [`ApiError`]'s detail: logged,
/// never sent. Every mistake in an attribute is a compile error on its own
/// tokens, checked against the catalogue errcat was built from.
pub trait Catalogued {
    /// Every variant of the type with its code and scenario, in declaration
    /// order: the type's own error table (see [`crate::table::markdown_entries`]).
    const ENTRIES: &'static [CatalogueEntry];

    /// The catalogue code this value answers with.
    fn error_code(&self) -> ErrorCode;

    /// When the type answers with this value, in its own words.
    fn scenario(&self) -> &'static str;

    /// The error to answer with, placeholders filled.
    fn api_error(&self) -> ApiError;

    /// The HTTP status to answer with.
    fn status(&self) -> StatusCode {
        self.error_code().status()
    }

    /// The catalogue codes no variant of the type answers with, in catalogue
    /// order, for those who want every code covered.
    ///
    /// ```
    /// use errcat::{Catalogued, ErrorCode};
    ///
    /// #[derive(Catalogued)]
    /// #[catalogue(code = "GEN-1204-100001", scenario = "Nightly maintenance")]
    /// struct Maintenance;
    ///
    /// let unused = Maintenance::unused_codes();
    /// assert_eq!(unused.len(), ErrorCode::COUNT - 1);
    /// assert!(!unused.contains(&ErrorCode::ServiceUnavailable));
    /// ```
    fn unused_codes() -> Vec<ErrorCode>
    where
        Self: Sized,
    {
        ALL_CODES
            .iter()
            .copied()
            .filter(|code| Self::ENTRIES.iter().all(|entry| entry.code != *code))
            .collect()
    }
}

/// One variant of a [`Catalogued`] type: which code it answers with, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CatalogueEntry {
    /// The variant's name (the type's name for a struct).
    pub variant: &'static str,
    /// The catalogue code.
    pub code: ErrorCode,
    /// The type's own scenario.
    pub scenario: &'static str,
}
