//! axum's extractor rejections as catalogue errors.
//!
//! Each rejection becomes the row its catalogue's [`Roles`] names, filled
//! with the name of what was wrong: the path parameter, the query or body
//! field (as a dotted path: `payee.iban`, `items[2]`), the header. The
//! framework's own message (which quotes the request) stays in the error's
//! detail, for the logs, never in the response.

use std::error::Error;

use axum::extract::path::ErrorKind;
use axum::extract::rejection::{
    BytesRejection, ExtensionRejection, FailedToBufferBody, JsonRejection, PathRejection,
    QueryRejection, StringRejection,
};

use crate::{ApiError, Roles};

/// The field a serde error is about, read from the error `serde_path_to_error`
/// wraps: the path to the bad value, or for a missing field the path to its
/// parent and the field's name from serde's message (`missing field `len``).
/// `Missing` when serde says the field is missing.
enum Field {
    Missing(String),
    Invalid(String),
}

fn field<E: Error>(error: &serde_path_to_error::Error<E>) -> Field {
    let message = error.inner().to_string();
    let parent = error.path().to_string();
    let join = |name: &str| {
        if parent == "." {
            name.to_owned()
        } else {
            format!("{parent}.{name}")
        }
    };
    let quoted = |prefix: &str| {
        let start = message.find(prefix)? + prefix.len();
        let length = message[start..].find('`')?;
        Some(message[start..start + length].to_owned())
    };
    if let Some(name) = quoted("missing field `") {
        return Field::Missing(join(&name));
    }
    if let Some(name) = quoted("unknown field `") {
        return Field::Invalid(join(&name));
    }
    Field::Invalid(parent)
}

/// The serde error inside an axum rejection: the rejection's source is
/// axum's boxed error, whose source is what the extractor's deserializer
/// returned.
fn serde_error<'a, E: Error + 'static>(
    rejection: &'a (dyn Error + 'static),
) -> Option<&'a serde_path_to_error::Error<E>> {
    let boxed = rejection.source()?;
    let inner = boxed.source()?;
    inner.downcast_ref()
}

fn from_field<C: Roles>(field: Option<Field>, whole: &'static str) -> ApiError<C> {
    match field {
        Some(Field::Missing(name)) => ApiError::naming(C::MISSING_INPUT, name),
        Some(Field::Invalid(name)) if name != "." => ApiError::naming(C::INVALID_INPUT, name),
        _ => ApiError::naming(C::INVALID_INPUT, whole),
    }
}

fn with_reason<C: Roles>(error: ApiError<C>, reason: &dyn Error) -> ApiError<C> {
    let detail = match error.detail() {
        Some(name) => format!("{name}: {reason}"),
        None => reason.to_string(),
    };
    error.with_detail(detail)
}

impl<C: Roles> From<PathRejection> for ApiError<C> {
    /// A path parameter that does not parse or is not UTF-8: the
    /// `invalid_input` row, naming the parameter. A route whose parameters
    /// do not fit its extractor (the server's mistake): `internal`.
    ///
    /// ```
    /// use axum::{Router, body::Body, extract::Path, routing::get};
    /// use errcat::ApiError;
    /// use tower::ServiceExt;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Page {
    ///     number: u32,
    /// }
    ///
    /// async fn page(path: Result<Path<Page>, axum::extract::rejection::PathRejection>) -> Result<String, ApiError> {
    ///     let Path(page) = path?;
    ///     Ok(page.number.to_string())
    /// }
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let app: Router = Router::new().route("/pages/{number}", get(page));
    /// let request = http::Request::get("/pages/two").body(Body::empty()).unwrap();
    /// let response = app.oneshot(request).await.unwrap();
    /// assert_eq!(response.status(), 400);
    /// let error = response.extensions().get::<ApiError>().unwrap();
    /// assert_eq!(error.code().code(), "GEN-1202-100002");
    /// // The row has no placeholder: the parameter's name is in the detail.
    /// assert!(error.detail().unwrap().starts_with("number: "), "{:?}", error.detail());
    /// # }
    /// ```
    ///
    /// A route of one parameter extracted alone (`Path<u32>`) is named
    /// `path`: axum's rejection does not say the parameter's name then.
    fn from(rejection: PathRejection) -> ApiError<C> {
        let error = match &rejection {
            PathRejection::FailedToDeserializePathParams(failed) => match failed.kind() {
                ErrorKind::ParseErrorAtKey { key, .. }
                | ErrorKind::InvalidUtf8InPathParam { key }
                | ErrorKind::DeserializeError { key, .. } => {
                    ApiError::naming(C::INVALID_INPUT, key.clone())
                }
                ErrorKind::ParseErrorAtIndex { index, .. } => {
                    ApiError::naming(C::INVALID_INPUT, format!("path parameter {}", index + 1))
                }
                ErrorKind::ParseError { .. } | ErrorKind::Message(_) => {
                    ApiError::naming(C::INVALID_INPUT, "path")
                }
                _ => ApiError::naming(C::INTERNAL, "path parameters"),
            },
            _ => ApiError::naming(C::INTERNAL, "path parameters"),
        };
        with_reason(error, &rejection)
    }
}

impl<C: Roles> From<QueryRejection> for ApiError<C> {
    /// A query parameter missing: the `missing_input` row, naming it; one
    /// that does not parse: `invalid_input`, naming it.
    ///
    /// ```
    /// use axum::extract::Query;
    /// use errcat::ApiError;
    ///
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Page { len: usize }
    ///
    /// let uri: http::Uri = "/sandbox/ok?size=12".parse().unwrap();
    /// let rejection = Query::<Page>::try_from_uri(&uri).unwrap_err();
    /// let error: ApiError = ApiError::from(rejection);
    /// assert_eq!(error.to_string(), "Missing required body/path/query input 'len'");
    /// ```
    fn from(rejection: QueryRejection) -> ApiError<C> {
        let field = serde_error::<serde::de::value::Error>(&rejection).map(field);
        with_reason(from_field(field, "query"), &rejection)
    }
}

impl<C: Roles> From<JsonRejection> for ApiError<C> {
    /// A body field missing: `missing_input`, naming its path; a field of
    /// the wrong type or value: `invalid_input`, naming it; a body that is
    /// not JSON: `invalid_input`, naming the body; no JSON `Content-Type`:
    /// `unsupported_media_type`, naming `Content-Type`; a body over the
    /// limit: `payload_too_large`.
    fn from(rejection: JsonRejection) -> ApiError<C> {
        let error = match &rejection {
            JsonRejection::JsonDataError(_) => {
                let field = serde_error::<serde_json::Error>(&rejection).map(field);
                from_field(field, "body")
            }
            JsonRejection::JsonSyntaxError(_) => ApiError::naming(C::INVALID_INPUT, "body"),
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::naming(C::UNSUPPORTED_MEDIA_TYPE, "Content-Type")
            }
            JsonRejection::BytesRejection(bytes) => return from_bytes(bytes, &rejection),
            _ => ApiError::naming(C::INVALID_INPUT, "body"),
        };
        with_reason(error, &rejection)
    }
}

fn from_bytes<C: Roles>(bytes: &BytesRejection, reason: &dyn Error) -> ApiError<C> {
    let error = match bytes {
        BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
            ApiError::naming(C::PAYLOAD_TOO_LARGE, "body")
        }
        _ => ApiError::naming(C::INVALID_INPUT, "body"),
    };
    with_reason(error, reason)
}

impl<C: Roles> From<BytesRejection> for ApiError<C> {
    /// A body over the limit: `payload_too_large`; a body that could not be
    /// read: `invalid_input`.
    fn from(rejection: BytesRejection) -> ApiError<C> {
        from_bytes(&rejection, &rejection)
    }
}

impl<C: Roles> From<StringRejection> for ApiError<C> {
    /// A body that is not UTF-8: `invalid_input`; over the limit:
    /// `payload_too_large`.
    fn from(rejection: StringRejection) -> ApiError<C> {
        let error = match &rejection {
            StringRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
                ApiError::naming(C::PAYLOAD_TOO_LARGE, "body")
            }
            _ => ApiError::naming(C::INVALID_INPUT, "body"),
        };
        with_reason(error, &rejection)
    }
}

impl<C: Roles> From<ExtensionRejection> for ApiError<C> {
    /// A missing request extension is the server's mistake: `internal`.
    fn from(rejection: ExtensionRejection) -> ApiError<C> {
        with_reason(ApiError::naming(C::INTERNAL, "extension"), &rejection)
    }
}
