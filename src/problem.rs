//! Which body an error response carries, and the RFC 9457 one.
//!
//! The API answers errors with its own OAuth-style body
//! (`{"error":…,"error_code":…,"error_description":…}`, see
//! [`ApiError::write_json`]). A client that prefers
//! `application/problem+json` in its `Accept` header gets an RFC 9457 problem
//! document instead:
//!
//! ```json
//! {"type":"/problems/GEN-1203-100003","title":"Invalid access token","status":401,
//!  "detail":"Invalid access token","error":"failed_security_validation","error_code":"GEN-1203-100003"}
//! ```
//!
//! - `type` is a URI per code: a base (the catalogue's
//!   [`problem_base`](crate::Catalogue::problem_base), by default
//!   [`DEFAULT_TYPE_BASE`], a relative reference a server can answer with the
//!   row's documentation) followed by the code.
//! - `title` is the description as the table publishes it (the same for every
//!   occurrence); `detail` is this occurrence's
//!   [`description`](ApiError::description), with the same safety rules as
//!   the OAuth body; `status` is the HTTP status.
//! - `error` and `error_code` are extension members carrying the token and the
//!   code, so that a client reads both formats alike.

use http::HeaderValue;
use http::header::{ACCEPT, HeaderMap};
use mediatype::{MediaTypeList, ReadParams, names};
use serde::Serialize;

use crate::api_error::Wire;
use crate::{ApiError, CatalogueCode, CatalogueKind};

/// The `type` base of a catalogue that does not set its own
/// `problem_base`: a relative URI reference, resolved against the request's
/// URL.
pub const DEFAULT_TYPE_BASE: &str = "/problems/";

/// The body format of an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ErrorFormat {
    /// The API's own body, `Content-Type: application/json`.
    #[default]
    Json,
    /// An RFC 9457 problem document, `Content-Type: application/problem+json`.
    Problem,
}

impl ErrorFormat {
    /// The format a request asks for with its `Accept` header.
    ///
    /// A client opts in to `application/problem+json` by naming it: it is
    /// chosen unless a JSON type the header accepts (`application/json`, the
    /// API's `application/vnd.…+json` types, or a wildcard covering them) has
    /// a higher quality. So `application/vnd.belfius.api+json; version=1,
    /// application/problem+json` gets resources in the API's type and errors
    /// as problems. Wildcards alone, a missing or unreadable header get the
    /// API's own body, which is what the API documents.
    ///
    /// ```
    /// use errcat::problem::ErrorFormat;
    /// use http::HeaderValue;
    ///
    /// let format = |accept: &'static str| ErrorFormat::from_accept(Some(&HeaderValue::from_static(accept)));
    /// assert_eq!(format("application/problem+json"), ErrorFormat::Problem);
    /// assert_eq!(format("application/json;q=0.5, application/problem+json"), ErrorFormat::Problem);
    /// assert_eq!(format("application/vnd.belfius.api+json; version=1, application/problem+json"), ErrorFormat::Problem);
    /// assert_eq!(format("application/vnd.belfius.api+json; version=1"), ErrorFormat::Json);
    /// assert_eq!(format("application/json, application/problem+json;q=0.5"), ErrorFormat::Json);
    /// assert_eq!(format("*/*"), ErrorFormat::Json);
    /// assert_eq!(ErrorFormat::from_accept(None), ErrorFormat::Json);
    /// ```
    pub fn from_accept(accept: Option<&HeaderValue>) -> ErrorFormat {
        let Some(accept) = accept.and_then(|value| value.to_str().ok()) else {
            return ErrorFormat::Json;
        };
        let mut problem = Preference::default();
        let mut json = Preference::default();
        for range in MediaTypeList::new(accept).filter_map(Result::ok) {
            let quality = range
                .get_param(names::Q)
                .and_then(|q| q.as_str().parse::<f32>().ok())
                .filter(|q| (0.0..=1.0).contains(q))
                .unwrap_or(1.0);
            let ty = range.ty.as_str();
            let subtype = range.subty.as_str();
            let suffix = range.suffix.as_ref().map(|suffix| suffix.as_str());
            let application = ty.eq_ignore_ascii_case("application");
            let specificity = match (ty, subtype) {
                ("*", "*") => 1,
                (_, "*") if application => 2,
                _ if application => 3,
                _ => continue,
            };
            let is_problem = subtype.eq_ignore_ascii_case("problem")
                && suffix.is_some_and(|suffix| suffix.eq_ignore_ascii_case("json"));
            let is_json = subtype.eq_ignore_ascii_case("json")
                || suffix.is_some_and(|suffix| suffix.eq_ignore_ascii_case("json"));
            if specificity < 3 || is_problem {
                problem.offer(specificity, quality);
            }
            if specificity < 3 || (is_json && !is_problem) {
                json.offer(specificity, quality);
            }
        }
        let named = problem.specificity == 3 && problem.quality > 0.0;
        if problem.quality > json.quality || (named && problem.quality == json.quality) {
            ErrorFormat::Problem
        } else {
            ErrorFormat::Json
        }
    }

    /// The format a request asks for: [`from_accept`](Self::from_accept) on
    /// its `Accept` header.
    pub fn from_headers(headers: &HeaderMap) -> ErrorFormat {
        ErrorFormat::from_accept(headers.get(ACCEPT))
    }

    /// The response's `Content-Type`.
    ///
    /// ```
    /// use errcat::problem::ErrorFormat;
    /// assert_eq!(ErrorFormat::Problem.content_type(), "application/problem+json");
    /// ```
    pub fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            ErrorFormat::Json => "application/json",
            ErrorFormat::Problem => "application/problem+json",
        })
    }
}

/// The quality a request gives a format: that of the most specific media
/// ranges that match it (RFC 9110 §12.5.1), the best of them when several
/// are equally specific.
#[derive(Default)]
struct Preference {
    specificity: u8,
    quality: f32,
}

impl Preference {
    fn offer(&mut self, specificity: u8, quality: f32) {
        if specificity > self.specificity {
            *self = Preference {
                specificity,
                quality,
            };
        } else if specificity == self.specificity && quality > self.quality {
            self.quality = quality;
        }
    }
}

#[derive(Serialize)]
#[serde(bound = "")]
struct Problem<'a, C: CatalogueCode> {
    #[serde(rename = "type")]
    type_uri: TypeUri<'a>,
    title: &'static str,
    status: u16,
    detail: Detail<'a, C>,
    error: &'static str,
    error_code: &'static str,
}

struct TypeUri<'a> {
    base: &'a str,
    code: &'static str,
}

impl Serialize for TypeUri<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}{}", self.base, self.code))
    }
}

struct Detail<'a, C: CatalogueCode>(&'a ApiError<C>);

impl<C: CatalogueCode> Serialize for Detail<'_, C> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&Wire(self.0))
    }
}

/// Writes `error`'s problem document into `out`.
pub(crate) fn write<C: CatalogueCode>(error: &ApiError<C>, type_base: &str, out: &mut Vec<u8>) {
    let code = error.code();
    let problem = Problem {
        type_uri: TypeUri {
            base: type_base,
            code: code.code(),
        },
        title: code.published_description(),
        status: error.status().as_u16(),
        detail: Detail(error),
        error: error.kind().wire_token(),
        error_code: code.code(),
    };
    // Writing plain strings and a number into a Vec cannot fail.
    let _ = serde_json::to_writer(out, &problem);
}
