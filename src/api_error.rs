//! One occurrence of a catalogue error: a code and its placeholder values.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;

use http::StatusCode;

use crate::catalogue::tables::{Gaps, Row};
use crate::format::{self, WireFormat};
use crate::wire::{self, LogSafe};
use crate::{CatalogueCode, ErrorCode};

/// An error to answer a request with: a code of a catalogue, a value for
/// each of its placeholders, and optionally a detail for the logs that is
/// never sent.
///
/// `C` is the catalogue's code type: [`ErrorCode`], the Account API, unless
/// said otherwise. An error of one catalogue is another type than an error
/// of another, so the two cannot be mixed up; a service that answers for
/// several APIs holds each API's errors in its own type (or an enum over
/// them).
///
/// Build one with the typed constructor of its row, one argument per
/// placeholder, so a forgotten value does not compile:
///
/// ```
/// use errcat::{ApiError, ErrorCode};
///
/// let error = ApiError::not_acceptable("application/json");
/// assert_eq!(error.code(), ErrorCode::NotAcceptable);
/// assert_eq!(error.status(), http::StatusCode::NOT_ACCEPTABLE);
/// assert_eq!(
///     error.to_string(),
///     "Server can not return the response In the format mentioned in the request. Supported type is: 'application/json'"
/// );
/// ```
///
/// or, when the code is only known at run time, with [`ApiError::with_values`].
///
/// # Safe by default
///
/// - A value of a placeholder declared `private` in `errors.toml` (the
///   internal error's `reason`) never reaches a client unless the error is
///   [marked public](Self::mark_public); responses show the placeholder's
///   published form instead, and the value stays for the logs (CWE-209).
/// - On the wire, values are percent-encoded into RFC 6749's
///   character set for an error description and cut to
///   [`MAX_WIRE_VALUE`](Self::MAX_WIRE_VALUE) bytes; see
///   [`description`](Self::description).
/// - `Display` is for logs: it escapes control characters, line separators
///   and `\` in values, so a value cannot start a new log line (CWE-117).
///
/// ```
/// let error = errcat::ApiError::internal_error_with_reason("SELECT * FROM accounts: timeout");
/// assert_eq!(error.description(), "Internal error occurred with reason : ");
/// assert!(!error.to_json().contains("SELECT"));
/// assert_eq!(error.to_string(), "Internal error occurred with reason : SELECT * FROM accounts: timeout");
///
/// let error = errcat::ApiError::missing_header_input("Request-ID\r\nFORGED");
/// assert_eq!(error.to_string(), "Missing required header input 'Request-ID\\r\\nFORGED'");
/// assert_eq!(error.description(), "Missing required header input 'Request-ID%0D%0AFORGED'");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError<C = ErrorCode> {
    code: C,
    /// One value per placeholder, in the order of `code.placeholders()`.
    values: Vec<Cow<'static, str>>,
    detail: Option<Cow<'static, str>>,
    /// Whether private placeholder values may be sent.
    public: bool,
    /// The header fields the error's status calls for, when the code gave
    /// them (`Allow`, `Retry-After`, its own `WWW-Authenticate`): boxed, so
    /// that the errors without them stay small.
    pub(crate) fields: Option<Box<crate::fields::Fields>>,
}

/// Why [`ApiError::new`] or [`ApiError::with_values`] refused its values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FillError<C: CatalogueCode = ErrorCode> {
    /// The code has a placeholder no value was given for.
    Missing {
        /// The code being filled.
        code: C,
        /// The placeholder left empty.
        placeholder: &'static str,
    },
    /// A value was given for a placeholder the code does not have.
    Unknown {
        /// The code being filled.
        code: C,
        /// The name that matched no placeholder.
        name: Box<str>,
    },
    /// Two values were given for the same placeholder.
    Duplicate {
        /// The code being filled.
        code: C,
        /// The placeholder given twice.
        placeholder: &'static str,
    },
}

impl ApiError {
    /// The longest a placeholder value may be in a response, in bytes after
    /// percent-encoding; longer values are cut and end in `…`. The same for
    /// every catalogue.
    pub const MAX_WIRE_VALUE: usize = wire::MAX_WIRE_VALUE;
}

impl<C: CatalogueCode> ApiError<C> {
    /// Used by the generated constructors, which pass one value per placeholder.
    pub(crate) fn filled<const N: usize>(code: C, values: [Cow<'static, str>; N]) -> ApiError<C> {
        debug_assert_eq!(N, code.placeholders().len());
        ApiError {
            code,
            values: Vec::from(values),
            detail: None,
            public: false,
            fields: None,
        }
    }

    /// An error with one value per placeholder, in the code's order.
    pub(crate) fn unfilled(code: C, values: Vec<Cow<'static, str>>) -> ApiError<C> {
        debug_assert_eq!(values.len(), code.placeholders().len());
        ApiError {
            code,
            values,
            detail: None,
            public: false,
            fields: None,
        }
    }

    /// An error for a code without placeholders.
    ///
    /// ```
    /// use errcat::{ApiError, ErrorCode, FillError};
    ///
    /// let error = ApiError::new(ErrorCode::InvalidAccessToken)?;
    /// assert_eq!(error.to_string(), "Invalid access token");
    ///
    /// let missing = ApiError::new(ErrorCode::MissingHeaderInput).unwrap_err();
    /// assert!(matches!(missing, FillError::Missing { placeholder: "input", .. }));
    /// # Ok::<(), FillError>(())
    /// ```
    pub fn new(code: C) -> Result<ApiError<C>, FillError<C>> {
        ApiError::with_values(code, std::iter::empty::<(&str, &'static str)>())
    }

    /// An error for a code known at run time, with its placeholder values by
    /// name. Every placeholder needs exactly one value.
    ///
    /// ```
    /// use errcat::{ApiError, ErrorCode, FillError};
    ///
    /// let code: ErrorCode = "GEN-1206-100002".parse()?;
    /// let error = ApiError::with_values(code, [("input", "1.0, 2.0")])?;
    /// assert_eq!(error.value("input"), Some("1.0, 2.0"));
    ///
    /// let wrong = ApiError::with_values(code, [("inptu", "1.0")]).unwrap_err();
    /// assert_eq!(
    ///     wrong.to_string(),
    ///     "GEN-1206-100002 has no placeholder `inptu`: expected `input`"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_values<K, V>(
        code: C,
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Result<ApiError<C>, FillError<C>>
    where
        K: AsRef<str>,
        V: Into<Cow<'static, str>>,
    {
        let names = code.placeholders();
        let mut slots: Vec<Option<Cow<'static, str>>> = vec![None; names.len()];
        for (name, value) in values {
            let name = name.as_ref();
            let Some(index) = names.iter().position(|known| *known == name) else {
                return Err(FillError::Unknown {
                    code,
                    name: name.into(),
                });
            };
            if slots[index].replace(value.into()).is_some() {
                return Err(FillError::Duplicate {
                    code,
                    placeholder: names[index],
                });
            }
        }
        let values = slots
            .into_iter()
            .zip(names)
            .map(|(value, &placeholder)| value.ok_or(FillError::Missing { code, placeholder }))
            .collect::<Result<_, _>>()?;
        Ok(ApiError {
            code,
            values,
            detail: None,
            public: false,
            fields: None,
        })
    }

    /// The catalogue code.
    pub fn code(&self) -> C {
        self.code
    }

    /// The HTTP status to answer with.
    ///
    /// ```
    /// let error = errcat::ApiError::service_unavailable();
    /// assert_eq!(error.status(), http::StatusCode::SERVICE_UNAVAILABLE);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.code.status()
    }

    /// The error token.
    pub fn kind(&self) -> C::Kind {
        self.code.kind()
    }

    /// The value of one placeholder.
    ///
    /// ```
    /// let error = errcat::ApiError::missing_parameter_input("dateFrom");
    /// assert_eq!(error.value("input"), Some("dateFrom"));
    /// assert_eq!(error.value("reason"), None);
    /// ```
    pub fn value(&self, placeholder: &str) -> Option<&str> {
        let index = self
            .code
            .placeholders()
            .iter()
            .position(|name| *name == placeholder)?;
        Some(&self.values[index])
    }

    /// Every placeholder with its value, in the order of the description.
    pub fn values(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.code
            .placeholders()
            .iter()
            .copied()
            .zip(self.values.iter().map(|value| &**value))
    }

    /// Attaches a detail for the logs: `Debug` shows it, the response never does.
    ///
    /// ```
    /// let error = errcat::ApiError::internal_error().with_detail("ledger: connection refused");
    /// assert_eq!(error.detail(), Some("ledger: connection refused"));
    /// assert!(!error.to_json().contains("ledger"));
    /// ```
    pub fn with_detail(mut self, detail: impl Into<Cow<'static, str>>) -> ApiError<C> {
        self.detail = Some(detail.into());
        self
    }

    /// The detail kept for the logs, if any.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// Marks every placeholder value as safe to show a client, private ones
    /// included. Use it only for values you have checked hold nothing
    /// internal.
    ///
    /// ```
    /// let error = errcat::ApiError::internal_error_with_reason("maintenance window").mark_public();
    /// assert_eq!(error.description(), "Internal error occurred with reason : maintenance window");
    /// ```
    pub fn mark_public(mut self) -> ApiError<C> {
        self.public = true;
        self
    }

    /// Whether [`mark_public`](Self::mark_public) was called.
    pub fn is_public(&self) -> bool {
        self.public
    }

    /// What a response says of this occurrence: the description with
    /// each placeholder's value percent-encoded into RFC 6749's character set
    /// (`%x20-21 / %x23-5B / %x5D-7E`; any other byte and `%` become `%XX`),
    /// cut to [`MAX_WIRE_VALUE`](Self::MAX_WIRE_VALUE), and private values
    /// replaced by their published form unless the error is public.
    /// Ordinary values pass unchanged. Borrowed from the catalogue when the
    /// code has no placeholders.
    ///
    /// ```
    /// let error = errcat::ApiError::invalid_jwt();
    /// assert_eq!(error.description(), "Invalid JWT");
    ///
    /// let error = errcat::ApiError::version_not_found("1.0, \"2.0\"");
    /// assert_eq!(error.description(), "Specific version not found. Supported versions are '1.0, %222.0%22'");
    /// ```
    pub fn description(&self) -> Cow<'static, str> {
        let row = Row::of(self.code);
        if row.gap_count() == 0 {
            Cow::Borrowed(row.head())
        } else {
            Cow::Owned(Wire(self).to_string())
        }
    }

    /// The value sent for the placeholder in `slot`.
    #[inline]
    pub(crate) fn wire_value(&self, slot: usize) -> &str {
        let value = &self.values[slot];
        let private = C::TABLES.private;
        if self.public || private.is_empty() {
            return value;
        }
        let name = self.code.placeholders()[slot];
        private
            .iter()
            .find(|(private, _)| *private == name)
            .map_or(value, |(_, published)| published)
    }

    /// Appends the OAuth-style body to `out` (see [`format::oauth`] for its
    /// members): the token in lowercase, the code and the
    /// [`description`](Self::description). The same bytes as
    /// `serde_json::to_vec(&error)`, without serde's per-field work.
    ///
    /// ```
    /// use errcat::format::{self, WireFormat};
    ///
    /// let error = errcat::ApiError::quota_exceeded();
    /// let mut body = Vec::new();
    /// error.write_json(&mut body);
    /// assert_eq!(body, format::OAUTH.to_body(&error).as_bytes());
    /// assert_eq!(body, serde_json::to_vec(&error)?);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[inline]
    pub fn write_json(&self, out: &mut Vec<u8>) {
        format::oauth::OAuth::write_facts(self, out);
    }

    /// Appends each gap's value in its wire form and the literal piece after
    /// it. The wire form needs no JSON escaping: RFC 6749's set has no `"`,
    /// `\` or control characters, nor do the pieces (validation keeps
    /// descriptions in it).
    #[inline]
    pub(crate) fn write_gaps(&self, gaps: Gaps<C>, out: &mut Vec<u8>) {
        for (slot, tail) in gaps {
            wire::encode_into(self.wire_value(slot), out);
            out.extend_from_slice(tail.as_bytes());
        }
    }

    /// The JSON body as a `String`; see [`write_json`](Self::write_json).
    ///
    /// ```
    /// let body = errcat::ApiError::missing_header_input("Request-ID").to_json();
    /// let parsed: serde_json::Value = serde_json::from_str(&body)?;
    /// assert_eq!(parsed["error"], "missing_input");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out);
        // The literal pieces and the escaped values are all UTF-8.
        String::from_utf8(out)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }

    /// Appends the RFC 9457 problem document to `out` (see
    /// [`format::problem`]): `type_base` followed by the code is its `type`;
    /// the catalogue's [`problem_base`](crate::Catalogue::problem_base) is the
    /// usual base.
    ///
    /// ```
    /// let mut body = Vec::new();
    /// errcat::ApiError::version_not_found("1").write_problem_json("https://api.example.com/problems/", &mut body);
    /// let problem: serde_json::Value = serde_json::from_slice(&body)?;
    /// assert_eq!(problem["type"], "https://api.example.com/problems/GEN-1206-100002");
    /// assert_eq!(problem["title"], "Specific version not found. Supported versions are 'INPUT'");
    /// assert_eq!(problem["status"], 404);
    /// assert_eq!(problem["detail"], "Specific version not found. Supported versions are '1'");
    /// assert_eq!(problem["error"], "other_api_errors");
    /// assert_eq!(problem["error_code"], "GEN-1206-100002");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn write_problem_json(&self, type_base: &str, out: &mut Vec<u8>) {
        format::problem::Problem::write_with_base(self, type_base, out);
    }

    /// The problem document as a `String`, its `type` under the catalogue's
    /// [`problem_base`](crate::Catalogue::problem_base).
    ///
    /// ```
    /// let body = errcat::ApiError::quota_exceeded().to_problem_json();
    /// assert!(body.starts_with(r#"{"type":"/problems/GEN-1205-100002","title":"Quota limit exceeded","status":429,"#));
    /// ```
    pub fn to_problem_json(&self) -> String {
        format::PROBLEM.to_body(self)
    }

    /// Appends the body of `format` to `out` and returns its `Content-Type`
    /// (the format's first media type for the error's catalogue): what a
    /// server answers once it knows the format the request asked for.
    ///
    /// ```
    /// use errcat::format;
    ///
    /// let mut body = Vec::new();
    /// let content_type = errcat::ApiError::invalid_jwt().write_body(&format::JSON_API, &mut body);
    /// assert_eq!(content_type, "application/vnd.api+json");
    /// assert!(body.starts_with(br#"{"errors":[{"status":"401","code":"GEN-1203-100010","#));
    /// ```
    pub fn write_body(&self, format: &dyn WireFormat, out: &mut Vec<u8>) -> http::HeaderValue {
        format.write(self, out);
        http::HeaderValue::from_str(format.media_types(C::CATALOGUE).first())
            .unwrap_or(http::HeaderValue::from_static(format::APPLICATION_JSON))
    }

    /// Logs this error as a response is made from it: an event with target
    /// `errcat`, at `ERROR` for a 5xx status and `INFO` otherwise, with
    /// OpenTelemetry's `error.type` (the code) and
    /// `http.response.status_code`, errcat's own `errcat.catalogue` (the
    /// catalogue's [`id`](crate::Catalogue::id)), `errcat.kind` (the token
    /// on the wire) and `errcat.detail` when there is one, and the
    /// description with every value, private ones included, as the message.
    /// Values and detail are escaped so that the event stays on one line
    /// (CWE-117). The axum `IntoResponse` calls it.
    ///
    /// ```
    /// errcat::ApiError::internal_error_with_reason("disk full at /var/lib/ledger")
    ///     .with_detail("io error: ENOSPC")
    ///     .log();
    /// ```
    #[cfg(feature = "tracing")]
    pub fn log(&self) {
        crate::trace::log(self);
    }
}

impl<C: CatalogueCode> fmt::Display for ApiError<C> {
    /// The description with its placeholders filled, for logs: every value,
    /// private ones included, with control characters, line separators and
    /// `\\` escaped so that it stays on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fill(f, |f, slot| LogSafe(&self.values[slot]).fmt(f))
    }
}

impl<C: CatalogueCode> ApiError<C> {
    /// Writes the description with `value` writing each gap's value.
    fn fill(
        &self,
        f: &mut fmt::Formatter<'_>,
        mut value: impl FnMut(&mut fmt::Formatter<'_>, usize) -> fmt::Result,
    ) -> fmt::Result {
        let row = Row::of(self.code);
        f.write_str(row.head())?;
        for (slot, piece) in row.gaps() {
            value(f, slot)?;
            f.write_str(piece)?;
        }
        Ok(())
    }
}

/// `Display`s an error's [`description`](ApiError::description), its wire form.
pub(crate) struct Wire<'a, C: CatalogueCode>(pub &'a ApiError<C>);

impl<C: CatalogueCode> fmt::Display for Wire<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fill(f, |f, slot| {
            let mut result = Ok(());
            wire::encode(self.0.wire_value(slot), |piece| {
                if result.is_ok() {
                    result = f.write_str(piece);
                }
            });
            result
        })
    }
}

impl<C: CatalogueCode> fmt::Debug for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ApiError");
        debug.field("code", &self.code.code());
        for (name, value) in self.values() {
            debug.field(name, &value);
        }
        if let Some(detail) = &self.detail {
            debug.field("detail", detail);
        }
        if self.public {
            debug.field("public", &true);
        }
        if let Some(allow) = self.allow() {
            debug.field("allow", allow);
        }
        if let Some(retry_after) = self.retry_after() {
            debug.field("retry_after", &retry_after);
        }
        if let Some(challenge) = self.fields.as_ref().and_then(|f| f.challenge()) {
            debug.field("challenge", challenge);
        }
        debug.finish()
    }
}

impl<C: CatalogueCode> Error for ApiError<C> {}

impl<C: CatalogueCode> fmt::Display for FillError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FillError::Missing { code, placeholder } => write!(
                f,
                "{code} needs a value for its placeholder `{placeholder}`"
            ),
            FillError::Unknown { code, name } => {
                write!(
                    f,
                    "{code} has no placeholder `{}`: expected ",
                    LogSafe(name)
                )?;
                let names = code.placeholders();
                if names.is_empty() {
                    return f.write_str("no values");
                }
                for (index, name) in names.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
            FillError::Duplicate { code, placeholder } => write!(
                f,
                "{code} got two values for its placeholder `{placeholder}`"
            ),
        }
    }
}

impl<C: CatalogueCode> Error for FillError<C> {}
