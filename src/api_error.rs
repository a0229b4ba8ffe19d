//! One occurrence of a catalogue error: a code and its placeholder values.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;

use http::StatusCode;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::catalogue::PRIVATE_PLACEHOLDERS;
use crate::wire::{self, LogSafe};
use crate::{ErrorCode, ErrorKind};

/// An error to answer a request with: an [`ErrorCode`], a value for each of
/// its placeholders, and optionally a detail for the logs that is never sent.
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
///   `error_description` character set and cut to
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
pub struct ApiError {
    code: ErrorCode,
    /// One value per placeholder, in the order of `code.placeholders()`.
    values: Vec<Cow<'static, str>>,
    detail: Option<Cow<'static, str>>,
    /// Whether private placeholder values may be sent.
    public: bool,
}

/// Why [`ApiError::new`] or [`ApiError::with_values`] refused its values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FillError {
    /// The code has a placeholder no value was given for.
    Missing {
        /// The code being filled.
        code: ErrorCode,
        /// The placeholder left empty.
        placeholder: &'static str,
    },
    /// A value was given for a placeholder the code does not have.
    Unknown {
        /// The code being filled.
        code: ErrorCode,
        /// The name that matched no placeholder.
        name: Box<str>,
    },
    /// Two values were given for the same placeholder.
    Duplicate {
        /// The code being filled.
        code: ErrorCode,
        /// The placeholder given twice.
        placeholder: &'static str,
    },
}

impl ApiError {
    /// The longest a placeholder value may be in a response, in bytes after
    /// percent-encoding; longer values are cut and end in `…`.
    pub const MAX_WIRE_VALUE: usize = wire::MAX_WIRE_VALUE;

    /// Used by the generated constructors, which pass one value per placeholder.
    pub(crate) fn filled<const N: usize>(
        code: ErrorCode,
        values: [Cow<'static, str>; N],
    ) -> ApiError {
        debug_assert_eq!(N, code.placeholders().len());
        ApiError {
            code,
            values: Vec::from(values),
            detail: None,
            public: false,
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
    pub fn new(code: ErrorCode) -> Result<ApiError, FillError> {
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
        code: ErrorCode,
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Result<ApiError, FillError>
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
        })
    }

    /// The catalogue code.
    pub fn code(&self) -> ErrorCode {
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
    pub fn kind(&self) -> ErrorKind {
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
    pub fn with_detail(mut self, detail: impl Into<Cow<'static, str>>) -> ApiError {
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
    pub fn mark_public(mut self) -> ApiError {
        self.public = true;
        self
    }

    /// Whether [`mark_public`](Self::mark_public) was called.
    pub fn is_public(&self) -> bool {
        self.public
    }

    /// What a response says, the `error_description`: the description with
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
        let row = self.code.row();
        if row.gap_count() == 0 {
            Cow::Borrowed(row.head())
        } else {
            Cow::Owned(Wire(self).to_string())
        }
    }

    /// The value sent for the placeholder in `slot`.
    #[inline]
    fn wire_value(&self, slot: usize) -> &str {
        let value = &self.values[slot];
        if self.public || PRIVATE_PLACEHOLDERS.is_empty() {
            return value;
        }
        let name = self.code.placeholders()[slot];
        PRIVATE_PLACEHOLDERS
            .iter()
            .find(|(private, _)| *private == name)
            .map_or(value, |(_, published)| published)
    }

    /// Appends the JSON body to `out`, the API's own wire format:
    /// `{"error":"…","error_code":"…","error_description":"…"}` with the token in
    /// lowercase and the [`description`](Self::description). The same bytes as
    /// `serde_json::to_vec(&error)`, without serde's per-field work.
    ///
    /// ```
    /// let mut body = Vec::new();
    /// errcat::ApiError::quota_exceeded().write_json(&mut body);
    /// assert_eq!(
    ///     body,
    ///     br#"{"error":"api_usage_limit_reached","error_code":"GEN-1205-100002","error_description":"Quota limit exceeded"}"#
    /// );
    /// ```
    #[inline]
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let row = self.code.row();
        out.extend_from_slice(row.json_head().as_bytes());
        for (slot, tail) in row.json_gaps() {
            // The wire form needs no JSON escaping: RFC 6749's set has no `"`,
            // `\` or control characters.
            wire::encode(self.wire_value(slot), |piece| {
                out.extend_from_slice(piece.as_bytes())
            });
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
}

impl From<ApiError> for ErrorCode {
    fn from(error: ApiError) -> ErrorCode {
        error.code
    }
}

impl fmt::Display for ApiError {
    /// The description with its placeholders filled, for logs: every value,
    /// private ones included, with control characters, line separators and
    /// `\\` escaped so that it stays on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fill(f, |f, slot| LogSafe(&self.values[slot]).fmt(f))
    }
}

impl ApiError {
    /// Writes the description with `value` writing each gap's value.
    fn fill(
        &self,
        f: &mut fmt::Formatter<'_>,
        mut value: impl FnMut(&mut fmt::Formatter<'_>, usize) -> fmt::Result,
    ) -> fmt::Result {
        let row = self.code.row();
        f.write_str(row.head())?;
        for (slot, piece) in row.gaps() {
            value(f, slot)?;
            f.write_str(piece)?;
        }
        Ok(())
    }
}

/// `Display`s an error's [`description`](ApiError::description), its wire form.
pub(crate) struct Wire<'a>(pub &'a ApiError);

impl fmt::Display for Wire<'_> {
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

impl fmt::Debug for ApiError {
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
        debug.finish()
    }
}

impl Error for ApiError {}

impl Serialize for ApiError {
    /// The JSON body: `error` (the token in lowercase), `error_code`,
    /// `error_description` (filled).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Description<'a>(&'a ApiError);

        impl Serialize for Description<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&Wire(self.0))
            }
        }

        let mut body = serializer.serialize_struct("ApiError", 3)?;
        body.serialize_field("error", self.kind().wire())?;
        body.serialize_field("error_code", self.code.code())?;
        body.serialize_field("error_description", &Description(self))?;
        body.end()
    }
}

impl fmt::Display for FillError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FillError::Missing { code, placeholder } => write!(
                f,
                "{code} needs a value for its placeholder `{placeholder}`"
            ),
            FillError::Unknown { code, name } => {
                write!(f, "{code} has no placeholder `{name}`: expected ")?;
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

impl Error for FillError {}
