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

mod accept;

use http::HeaderValue;
use http::header::{ACCEPT, HeaderMap};

pub use accept::{Accept, MediaRange, Quality};

use crate::catalogue::tables::Row;
use crate::{ApiError, Catalogue, CatalogueCode};

/// The `type` base of a catalogue that does not set its own
/// `problem_base`: a relative URI reference, resolved against the request's
/// URL.
pub const DEFAULT_TYPE_BASE: &str = "/problems/";

const JSON: &str = "application/json";
const PROBLEM_JSON: &str = "application/problem+json";

/// The body format of an error response, and its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ErrorFormat {
    /// The API's own body, `Content-Type: application/json`.
    #[default]
    Json,
    /// The API's own body under the catalogue's own media type
    /// ([`Catalogue::media_type`], `application/vnd.belfius.api+json` for
    /// the Account API), for a catalogue that declares one.
    Vendor(&'static Catalogue),
    /// An RFC 9457 problem document, `Content-Type: application/problem+json`.
    Problem,
}

impl ErrorFormat {
    /// The format an error of `catalogue` is answered in, for a request
    /// with this `Accept` header (RFC 9110 §12.5): the error layer's rule.
    ///
    /// The server can send three representations: the API's own body as
    /// `application/json`, the same body under the catalogue's own media
    /// type when it declares one, and an RFC 9457 problem document as
    /// `application/problem+json`. Each gets the quality of the most
    /// specific range that matches it ([`Accept`] says how ranges are read,
    /// including invalid `q` values and parameters). The highest quality
    /// wins, so a refused type (`q=0`) is never chosen while another is
    /// acceptable. Equal qualities go to the type the client named more
    /// specifically (`application/problem+json` beats `application/*`, which
    /// beats `*/*`), and then, among types the client named exactly, to the
    /// problem document, then the catalogue's type, then `application/json`
    /// (naming `application/problem+json` beside a JSON type opts in to
    /// problem documents), and among types only wildcards cover, to
    /// `application/json`, then the catalogue's type, then the problem
    /// document (a client that names nothing gets the body the API
    /// documents).
    ///
    /// When no representation is acceptable, and when the header is missing
    /// or unreadable, the error is still answered, in the API's own body as
    /// `application/json`: RFC 9110 §12.5.1 lets a server disregard `Accept`
    /// rather than answer 406, and an error answered is more use than a 406
    /// that hides it.
    ///
    /// ```
    /// use errcat::problem::ErrorFormat;
    /// use http::HeaderValue;
    ///
    /// let format = |accept: &'static str| ErrorFormat::negotiate(Some(&HeaderValue::from_static(accept)), &errcat::CATALOGUE);
    /// let vendor = ErrorFormat::Vendor(&errcat::CATALOGUE);
    /// assert_eq!(format("application/problem+json"), ErrorFormat::Problem);
    /// assert_eq!(format("application/json;q=0.5, application/problem+json"), ErrorFormat::Problem);
    /// assert_eq!(format("application/json, application/problem+json"), ErrorFormat::Problem);
    /// assert_eq!(format("application/json, application/problem+json;q=0.5"), ErrorFormat::Json);
    /// assert_eq!(format("application/vnd.belfius.api+json"), vendor);
    /// // An unknown vendor type is no alias of the API's body.
    /// assert_eq!(format("application/vnd.example+json, application/problem+json;q=0.5"), ErrorFormat::Problem);
    /// // `application/*` covers application/json, at a higher quality.
    /// assert_eq!(format("application/*, application/problem+json;q=0.8"), ErrorFormat::Json);
    /// assert_eq!(format("application/json;q=0, */*"), vendor);
    /// assert_eq!(format("*/*"), ErrorFormat::Json);
    /// // Nothing acceptable: the API's body all the same.
    /// assert_eq!(format("text/html"), ErrorFormat::Json);
    /// assert_eq!(ErrorFormat::negotiate(None, &errcat::CATALOGUE), ErrorFormat::Json);
    /// ```
    pub fn negotiate(accept: Option<&HeaderValue>, catalogue: &'static Catalogue) -> ErrorFormat {
        let vendor = (!catalogue.media_type().eq_ignore_ascii_case(JSON))
            .then_some(ErrorFormat::Vendor(catalogue));
        choose(accept, vendor)
    }

    /// [`negotiate`](Self::negotiate) for a catalogue without a media type
    /// of its own: `application/json` or `application/problem+json`.
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
        choose(accept, None)
    }

    /// The format a request asks for: [`from_accept`](Self::from_accept) on
    /// its `Accept` header.
    pub fn from_headers(headers: &HeaderMap) -> ErrorFormat {
        ErrorFormat::from_accept(headers.get(ACCEPT))
    }

    /// The media type of the body.
    ///
    /// ```
    /// use errcat::problem::ErrorFormat;
    /// assert_eq!(ErrorFormat::Problem.media_type(), "application/problem+json");
    /// assert_eq!(ErrorFormat::Vendor(&errcat::CATALOGUE).media_type(), "application/vnd.belfius.api+json");
    /// ```
    pub fn media_type(self) -> &'static str {
        match self {
            ErrorFormat::Json => JSON,
            ErrorFormat::Vendor(catalogue) => catalogue.media_type(),
            ErrorFormat::Problem => PROBLEM_JSON,
        }
    }

    /// The response's `Content-Type`: [`media_type`](Self::media_type).
    ///
    /// ```
    /// use errcat::problem::ErrorFormat;
    /// assert_eq!(ErrorFormat::Problem.content_type(), "application/problem+json");
    /// ```
    pub fn content_type(self) -> HeaderValue {
        match self {
            ErrorFormat::Vendor(catalogue) => HeaderValue::from_str(catalogue.media_type())
                // errcat-build accepts only `type/subtype` tokens.
                .unwrap_or(HeaderValue::from_static(JSON)),
            other => HeaderValue::from_static(other.media_type()),
        }
    }
}

/// The format of [`ErrorFormat::negotiate`], `vendor` being the
/// catalogue's own type when it has one.
fn choose(accept: Option<&HeaderValue>, vendor: Option<ErrorFormat>) -> ErrorFormat {
    let Some(accept) = Accept::from_header(accept) else {
        return ErrorFormat::Json;
    };
    // In the order of preference among types the client named exactly;
    // wildcards alone prefer the reverse.
    let offers = [Some(ErrorFormat::Problem), vendor, Some(ErrorFormat::Json)];
    let mut best = None;
    for (rank, format) in offers.into_iter().enumerate() {
        let Some(format) = format else { continue };
        let Some((quality, specificity)) = accept.best_match(format.media_type()) else {
            continue;
        };
        if !quality.is_acceptable() {
            continue;
        }
        let preference = if specificity.is_exact() {
            offers.len() - rank
        } else {
            rank
        };
        let key = (quality, specificity, preference);
        if best.is_none_or(|(best_key, _)| key > best_key) {
            best = Some((key, format));
        }
    }
    best.map_or(ErrorFormat::Json, |(_, format)| format)
}

/// Writes `error`'s problem document into `out`: the row's fixed parts,
/// pre-rendered by the generator in serde_json's escaping, around the `type`
/// base (escaped here) and the description (the OAuth body's, which needs
/// no escaping). The same bytes as serde_json on a struct of the six
/// members, which the tests check.
#[inline]
pub(crate) fn write<C: CatalogueCode>(error: &ApiError<C>, type_base: &str, out: &mut Vec<u8>) {
    let row = Row::of(error.code());
    out.extend_from_slice(b"{\"type\":\"");
    errcat_core::json::escape_into(type_base, out);
    out.extend_from_slice(row.problem_head());
    out.extend_from_slice(row.head_bytes());
    if row.gap_count() != 0 {
        error.write_gaps(row.gaps(), out);
    }
    out.extend_from_slice(row.problem_tail());
}
