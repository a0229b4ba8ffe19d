//! A catalogue's errors in a service's own OpenAPI document, through
//! [utoipa](https://docs.rs/utoipa) (the `utoipa` feature).
//!
//! Name the errors a handler can answer in its `#[utoipa::path]`, and the
//! document lists exactly those rows:
//!
//! - [`ApiError<C>`](ApiError) and every `#[derive(Catalogued)]` type
//!   implement utoipa's `IntoResponses`: one response per HTTP status of
//!   the type's codes, each in every media type the server answers errors
//!   in (every media type of every wire format the catalogue speaks, see
//!   [`format::negotiate`]), with the format's
//!   schema for exactly the response's rows, one example per code, and the
//!   header fields the status calls for (`WWW-Authenticate` on a 401,
//!   `Allow` on a 405, `Retry-After` on a 429 or 503). [`responses_in`]
//!   documents a team's own format too.
//! - [`ApiError<C>`](ApiError) and [`Problem<C>`] implement `ToSchema`: the
//!   body of the catalogue's first format and the problem document, with
//!   every code of the catalogue, as components named after
//!   the catalogue's [`id`](crate::Catalogue::id)
//!   (`psd2-account-api.ErrorBody`, `psd2-account-api.Problem`), for
//!   `body = ...` in a response written by hand.
//!
//! ```
//! use errcat::{Catalogued, ErrorCode};
//! use utoipa::{IntoResponses, OpenApi};
//!
//! #[derive(Debug, Catalogued)]
//! enum AccountError {
//!     #[catalogue(code = "GEN-1206-100007", scenario = "No account has this id")]
//!     UnknownAccount,
//!     #[catalogue(code = "GEN-1203-100003", scenario = "The token is unknown")]
//!     BadToken,
//! }
//!
//! /// One account.
//! #[utoipa::path(get, path = "/accounts/{id}", responses(
//!     (status = 200, description = "The account", body = String),
//!     AccountError,
//! ))]
//! async fn account() {}
//!
//! #[derive(OpenApi)]
//! #[openapi(paths(account))]
//! struct Api;
//!
//! let document = serde_json::to_value(Api::openapi())?;
//! let responses = &document["paths"]["/accounts/{id}"]["get"]["responses"];
//! // 200, and one response per status of the type's codes: no more.
//! assert_eq!(responses.as_object().unwrap().len(), 3);
//! let unauthorized = &responses["401"];
//! assert_eq!(
//!     unauthorized["content"]["application/json"]["schema"]["properties"]["error_code"]["enum"],
//!     serde_json::json!(["GEN-1203-100003"])
//! );
//! assert_eq!(
//!     unauthorized["content"]["application/problem+json"]["examples"]["GEN-1203-100003"]["value"]["status"],
//!     401
//! );
//! assert!(unauthorized["headers"]["WWW-Authenticate"].is_object());
//! assert_eq!(AccountError::responses().len(), 2);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::marker::PhantomData;

use http::StatusCode;
use serde_json::Value;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{Object, Schema, Type};
use utoipa::openapi::{ContentBuilder, RefOr};
use utoipa::{IntoResponses, PartialSchema, ToSchema};

use crate::format::{self, Example, WireFormat};
use crate::table::Entry;
use crate::{ApiError, CatalogueCode, CatalogueKind, Catalogued, ErrorCode};

/// The RFC 9457 problem document of catalogue `C`'s errors, as a type to
/// name where utoipa wants one: `body = Problem<C>` (with
/// `content_type = "application/problem+json"`) in a response written by
/// hand. No value of it exists; the errors themselves are [`ApiError`]s.
///
/// ```
/// use utoipa::{PartialSchema, ToSchema};
///
/// assert_eq!(errcat::openapi::Problem::<errcat::ErrorCode>::name(), "psd2-account-api.Problem");
/// let schema = serde_json::to_value(errcat::openapi::Problem::<errcat::ErrorCode>::schema())?;
/// assert_eq!(schema["required"], serde_json::json!(["type", "title", "status", "detail", "error", "error_code"]));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub struct Problem<C = ErrorCode>(PhantomData<fn() -> C>);

/// The errors of several `#[derive(Catalogued)]` types of one catalogue, as
/// one `IntoResponses`: `responses(Errors<(CheckError, AccountError)>)` for a
/// handler behind a middleware that answers `CheckError` and itself answering
/// `AccountError`. Naming the two types side by side in `responses(...)`
/// would lose rows: utoipa keeps one response per status, the last type's.
///
/// ```
/// use errcat::Catalogued;
/// use errcat::openapi::Errors;
/// use utoipa::IntoResponses;
///
/// #[derive(Catalogued)]
/// #[catalogue(code = "GEN-1201-100001", input = "Request-ID", scenario = "No Request-ID")]
/// struct NoRequestId;
///
/// #[derive(Catalogued)]
/// #[catalogue(code = "GEN-1202-100002", scenario = "The id is not UTF-8")]
/// struct BadId;
///
/// let responses = serde_json::to_value(Errors::<(NoRequestId, BadId)>::responses())?;
/// assert_eq!(
///     responses["400"]["content"]["application/json"]["schema"]["properties"]["error_code"]["enum"],
///     serde_json::json!(["GEN-1201-100001", "GEN-1202-100002"])
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
pub struct Errors<T>(PhantomData<fn() -> T>);

macro_rules! errors_of_tuples {
    ($($types:ident),+) => {
        impl<C: CatalogueCode, $($types: Catalogued<Code = C>),+> IntoResponses for Errors<($($types,)+)> {
            /// Every type's codes, with its own scenarios.
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                responses(
                    std::iter::empty()
                        $(.chain($types::ENTRIES.iter().map(|entry| (entry.code, entry.scenario))))+
                )
            }
        }
    };
}

errors_of_tuples!(A);
errors_of_tuples!(A, B);
errors_of_tuples!(A, B, D);
errors_of_tuples!(A, B, D, E);
errors_of_tuples!(A, B, D, E, F);
errors_of_tuples!(A, B, D, E, F, G);

impl<C: CatalogueCode> PartialSchema for ApiError<C> {
    /// The body of the catalogue's first format with every code of the
    /// catalogue.
    fn schema() -> RefOr<Schema> {
        schema_of::<C>(format::default_of(C::CATALOGUE), C::all())
    }
}

impl<C: CatalogueCode> ToSchema for ApiError<C> {
    /// `ID.ErrorBody`, `ID` being the catalogue's [`id`](crate::Catalogue::id)
    /// with any character an OpenAPI component name may not hold replaced
    /// by `_`: one component per catalogue.
    ///
    /// ```
    /// use utoipa::ToSchema;
    /// assert_eq!(errcat::ApiError::<errcat::ErrorCode>::name(), "psd2-account-api.ErrorBody");
    /// ```
    fn name() -> Cow<'static, str> {
        Cow::Owned(component_name::<C>("ErrorBody"))
    }
}

impl<C: CatalogueCode> PartialSchema for Problem<C> {
    /// The problem document with every code of the catalogue.
    fn schema() -> RefOr<Schema> {
        schema_of::<C>(&format::PROBLEM, C::all())
    }
}

impl<C: CatalogueCode> ToSchema for Problem<C> {
    /// `ID.Problem`; see [`ApiError`'s](ApiError) `name`.
    fn name() -> Cow<'static, str> {
        Cow::Owned(component_name::<C>("Problem"))
    }
}

impl<C: CatalogueCode> IntoResponses for ApiError<C> {
    /// Every row of the catalogue, one response per status; the examples'
    /// descriptions are the catalogue's scenarios.
    ///
    /// ```
    /// use utoipa::IntoResponses;
    /// let responses = errcat::ApiError::<errcat::ErrorCode>::responses();
    /// assert!(responses.contains_key("401"));
    /// assert!(responses.contains_key("495"));
    /// ```
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(C::all().iter().map(|&code| (code, code.scenario())))
    }
}

/// The responses of a derived type: its codes with its own scenarios. What
/// `#[derive(Catalogued)]`'s `IntoResponses` returns.
pub(crate) fn catalogued_responses<T: Catalogued + ?Sized>() -> BTreeMap<String, RefOr<Response>> {
    responses(T::ENTRIES.iter().map(|entry| (entry.code, entry.scenario)))
}

/// One response per status of `codes` (each with the scenario it is
/// answered in), in each media type the server answers errors in.
///
/// ```
/// use errcat::ErrorCode;
///
/// let responses = errcat::openapi::responses([
///     (ErrorCode::MissingHeaderInput, "No Request-ID header"),
///     (ErrorCode::InvalidHeaderInput, "A Request-ID that is no UUID"),
///     (ErrorCode::NotAcceptable, "An Accept the server cannot answer"),
/// ]);
/// assert_eq!(responses.keys().collect::<Vec<_>>(), ["400", "406"]);
/// let bad_request = serde_json::to_value(&responses["400"])?;
/// let examples = &bad_request["content"]["application/json"]["examples"];
/// assert_eq!(examples["GEN-1202-100001"]["description"], "A Request-ID that is no UUID");
/// // The Account API has a media type of its own: its body is documented under it too.
/// assert!(bad_request["content"]["application/vnd.belfius.api+json"].is_object());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn responses<C: CatalogueCode>(
    codes: impl IntoIterator<Item = (C, &'static str)>,
) -> BTreeMap<String, RefOr<Response>> {
    let formats: Vec<&dyn WireFormat> = format::formats_of(C::CATALOGUE).collect();
    responses_in(codes, &formats)
}

/// [`responses`] in the wire formats `formats` (a team's own among them)
/// instead of those the catalogue lists: what a service documents when its
/// server answers in a format of its own too.
///
/// ```
/// use errcat::ErrorCode;
/// use errcat::format::{self, WireFormat};
///
/// let formats: [&dyn WireFormat; 2] = [&format::OAUTH, &format::JSON_API];
/// let responses = errcat::openapi::responses_in([(ErrorCode::InvalidJwt, "A JWT that does not verify")], &formats);
/// let unauthorized = serde_json::to_value(&responses["401"])?;
/// let content = unauthorized["content"].as_object().unwrap();
/// assert!(content.contains_key("application/vnd.api+json"));
/// assert!(!content.contains_key("application/problem+json"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn responses_in<C: CatalogueCode>(
    codes: impl IntoIterator<Item = (C, &'static str)>,
    formats: &[&dyn WireFormat],
) -> BTreeMap<String, RefOr<Response>> {
    // Each status's codes, in the order given, a code once with all its
    // scenarios.
    let mut by_status: BTreeMap<u16, Vec<(C, Vec<&'static str>)>> = BTreeMap::new();
    for (code, scenario) in codes {
        let rows = by_status.entry(code.status().as_u16()).or_default();
        match rows.iter_mut().find(|(known, _)| *known == code) {
            Some((_, scenarios)) => {
                if !scenarios.contains(&scenario) {
                    scenarios.push(scenario);
                }
            }
            None => rows.push((code, vec![scenario])),
        }
    }
    by_status
        .into_values()
        .filter_map(|rows| {
            let status = rows.first()?.0.status();
            Some((
                status.as_str().to_owned(),
                response(status, &rows, formats).into(),
            ))
        })
        .collect()
}

/// The response of one status.
fn response<C: CatalogueCode>(
    status: StatusCode,
    rows: &[(C, Vec<&'static str>)],
    formats: &[&dyn WireFormat],
) -> Response {
    let codes: Vec<C> = rows.iter().map(|(code, _)| *code).collect();
    let mut description = String::from(reason(status));
    description.push('\n');
    for &code in &codes {
        match code.docs_url() {
            Some(url) => description.push_str(&format!("\n- [`{}`]({url})", code.code())),
            None => description.push_str(&format!("\n- `{}`", code.code())),
        }
        description.push_str(&format!(
            " `{}`: {}",
            code.kind().wire_token(),
            code.published_description()
        ));
        if let Some(instead) = code.deprecation() {
            description.push_str(&format!(" (deprecated: {instead})"));
        }
    }
    let entries: Vec<Entry<'static>> = codes.iter().map(|&code| Entry::of(code)).collect();
    let entry_refs: Vec<&Entry<'_>> = entries.iter().collect();
    let mut builder = ResponseBuilder::new().description(description);
    // Every format the catalogue speaks, under each of its media types:
    // what `format::negotiate` may answer.
    let offers = format::offers(formats, C::CATALOGUE);
    for &wire in formats {
        let schema = schema_value(wire.schema(C::CATALOGUE, &entry_refs));
        let examples = rows.iter().zip(&entries).map(|((code, scenarios), entry)| {
            let body = wire.to_body(&Example::new(C::CATALOGUE, entry));
            let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
            (code.code(), example(*code, scenarios, value))
        });
        let content = ContentBuilder::new()
            .schema(Some(schema))
            .examples_from_iter(examples.collect::<Vec<_>>())
            .build();
        for &(offered, media_type) in &offers {
            if offered.name() == wire.name() {
                builder = builder.content(media_type, content.clone());
            }
        }
    }
    for (name, text) in header_fields(status) {
        builder = builder.header(
            name,
            HeaderBuilder::new()
                .schema(Some(Object::with_type(Type::String)))
                .description(Some(text))
                .build(),
        );
    }
    builder.build()
}

/// The header fields a response of `status` carries, and what they say.
fn header_fields(status: StatusCode) -> Vec<(&'static str, &'static str)> {
    match status {
        StatusCode::UNAUTHORIZED => vec![(
            "WWW-Authenticate",
            "The challenge (RFC 9110 section 11.6.1): the catalogue's, or the error's own.",
        )],
        StatusCode::METHOD_NOT_ALLOWED => vec![(
            "Allow",
            "The methods the resource allows (RFC 9110 section 10.2.1).",
        )],
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => vec![(
            "Retry-After",
            "When to try again, in seconds or as an HTTP date (RFC 9110 section 10.2.3), when the server knows.",
        )],
        _ => Vec::new(),
    }
}

/// The reason phrase of `status`, or its class for a status HTTP does not
/// name (495).
fn reason(status: StatusCode) -> &'static str {
    status
        .canonical_reason()
        .unwrap_or(if status.is_server_error() {
            "Server error"
        } else {
            "Client error"
        })
}

/// An example: the code's published description as its summary, the
/// scenarios as its description.
fn example<C: CatalogueCode>(
    code: C,
    scenarios: &[&'static str],
    value: Value,
) -> utoipa::openapi::example::Example {
    let scenarios: Vec<&str> = scenarios
        .iter()
        .copied()
        .filter(|scenario| !scenario.is_empty())
        .collect();
    let mut builder = ExampleBuilder::new()
        .summary(code.published_description())
        .value(Some(value));
    if !scenarios.is_empty() {
        builder = builder.description(scenarios.join("\n\n"));
    }
    builder.build()
}

/// The schema of `wire`'s body for `codes`.
fn schema_of<C: CatalogueCode>(wire: &dyn WireFormat, codes: &[C]) -> RefOr<Schema> {
    let entries: Vec<Entry<'static>> = codes.iter().map(|&code| Entry::of(code)).collect();
    let entry_refs: Vec<&Entry<'_>> = entries.iter().collect();
    schema_value(wire.schema(C::CATALOGUE, &entry_refs))
}

/// A format's JSON Schema as utoipa's: read by utoipa's own
/// deserializer, an object schema when it cannot read it.
fn schema_value(value: Value) -> RefOr<Schema> {
    serde_json::from_value(value).unwrap_or_else(|_| Object::with_type(Type::Object).into())
}

/// `ID.suffix`, `ID` being the catalogue's id in the characters an OpenAPI
/// component name may hold (`[a-zA-Z0-9._-]`).
fn component_name<C: CatalogueCode>(suffix: &str) -> String {
    let id: String = C::CATALOGUE
        .id()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{id}.{suffix}")
}
