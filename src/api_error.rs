//! One occurrence of a catalogue error: a code and its placeholder values.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;

use http::StatusCode;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::json;
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
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    code: ErrorCode,
    /// One value per placeholder, in the order of `code.placeholders()`.
    values: Vec<Cow<'static, str>>,
    detail: Option<Cow<'static, str>>,
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

    /// The description with its placeholders filled; borrowed from the
    /// catalogue when the code has none.
    ///
    /// ```
    /// let error = errcat::ApiError::invalid_jwt();
    /// assert_eq!(error.description(), "Invalid JWT");
    /// ```
    pub fn description(&self) -> Cow<'static, str> {
        match self.code.row().text() {
            [whole] => Cow::Borrowed(whole),
            _ => Cow::Owned(self.to_string()),
        }
    }

    /// Appends the JSON body to `out`, the API's own wire format:
    /// `{"error":"…","error_code":"…","error_description":"…"}` with the token in
    /// lowercase and the description filled. The same bytes as
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
        json::write_body(self.code.row(), &self.values, out);
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
    /// The description with its placeholders filled.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = self.code.row();
        let (head, pieces) = row.text().split_first().unwrap_or((&"", &[]));
        f.write_str(head)?;
        for (&slot, piece) in row.slots().iter().zip(pieces) {
            f.write_str(&self.values[usize::from(slot)])?;
            f.write_str(piece)?;
        }
        Ok(())
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
        debug.finish()
    }
}

impl Error for ApiError {}

impl Serialize for ApiError {
    /// The JSON body: `error` (the token in lowercase), `error_code`,
    /// `error_description` (filled).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Filled<'a>(&'a ApiError);

        impl Serialize for Filled<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self.0)
            }
        }

        let mut body = serializer.serialize_struct("ApiError", 3)?;
        body.serialize_field("error", self.kind().wire())?;
        body.serialize_field("error_code", self.code.code())?;
        body.serialize_field("error_description", &Filled(self))?;
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
