//! What an [`ErrorCode`] knows about itself, and how it is parsed and printed.

use std::fmt;
use std::str::FromStr;

use http::StatusCode;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::catalogue::{ALL_CODES, CODE_INDEX, CODES, Row};
use crate::phf::same_key;
use crate::{ErrorCode, ErrorKind, ParseCodeError};

impl ErrorCode {
    #[inline]
    pub(crate) fn row(self) -> Row {
        Row::of(self)
    }

    /// The code as the API sends it.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorCode::InvalidAccessToken.code(), "GEN-1203-100003");
    /// ```
    #[inline]
    pub fn code(self) -> &'static str {
        CODES[self as usize]
    }

    /// The HTTP status the API answers with.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::QuotaExceeded.status(), http::StatusCode::TOO_MANY_REQUESTS);
    /// assert_eq!(ErrorCode::SslValidationFailed.status().as_u16(), 495);
    /// ```
    #[inline]
    pub fn status(self) -> StatusCode {
        self.row().status()
    }

    /// The error token this code belongs to.
    ///
    /// ```
    /// use errcat::{ErrorCode, ErrorKind};
    /// assert_eq!(ErrorCode::MissingHeaderInput.kind(), ErrorKind::MissingInput);
    /// ```
    #[inline]
    pub fn kind(self) -> ErrorKind {
        self.row().kind()
    }

    /// The description template, as written in the catalogue: `{name}` marks
    /// a placeholder that [`ApiError`](crate::ApiError) fills in.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(
    ///     ErrorCode::VersionNotFound.description(),
    ///     "Specific version not found. Supported versions are '{input}'"
    /// );
    /// ```
    #[inline]
    pub fn description(self) -> &'static str {
        self.row().description()
    }

    /// The description as the published table prints it.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(
    ///     ErrorCode::VersionNotFound.published_description(),
    ///     "Specific version not found. Supported versions are 'INPUT'"
    /// );
    /// ```
    #[inline]
    pub fn published_description(self) -> &'static str {
        self.row().published()
    }

    /// When the API answers with this code (empty where the table says nothing).
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(
    ///     ErrorCode::InvalidAccessToken.scenario(),
    ///     "Request received with invalid access_token."
    /// );
    /// ```
    #[inline]
    pub fn scenario(self) -> &'static str {
        self.row().scenario()
    }

    /// The names of the description's placeholders, in order of appearance.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::MissingHeaderInput.placeholders(), ["input"]);
    /// assert!(ErrorCode::InvalidAccessToken.placeholders().is_empty());
    /// ```
    #[inline]
    pub fn placeholders(self) -> &'static [&'static str] {
        self.row().placeholders()
    }

    /// What to use instead, when the catalogue marks this code `deprecated`.
    /// A deprecated code still parses, renders and decodes, so that old logs
    /// and old servers keep working; only naming its variant or its
    /// constructor in code warns.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::InvalidAccessToken.deprecation(), None);
    ///
    /// // The codes a new server should no longer answer with.
    /// let retired: Vec<ErrorCode> = ErrorCode::ALL
    ///     .into_iter()
    ///     .filter(|code| code.deprecation().is_some())
    ///     .collect();
    /// assert!(retired.is_empty(), "the shipped catalogue retires nothing yet");
    /// ```
    #[inline]
    pub fn deprecation(self) -> Option<&'static str> {
        self.row().deprecated()
    }

    /// The variant's name, as `Debug` prints it.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorCode::ScaRequired.name(), "ScaRequired");
    /// ```
    #[inline]
    pub fn name(self) -> &'static str {
        self.row().name()
    }

    /// The code whose text is exactly `code`, or `None`. The fast path under
    /// [`FromStr`]: no whitespace trimming, no error value, no allocation, and
    /// a cost that does not grow with the size of the catalogue.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::from_code("GEN-1206-100003"), Some(ErrorCode::MethodNotAllowed));
    /// assert_eq!(ErrorCode::from_code("gen-1206-100003"), None);
    /// ```
    #[inline]
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        let index = CODE_INDEX.probe(code.as_bytes())?;
        // The stored code and the variant are read side by side, not one
        // through the other.
        let stored = CODES[index];
        same_key(stored.as_bytes(), code.as_bytes()).then(|| ALL_CODES[index])
    }
}

impl FromStr for ErrorCode {
    type Err = ParseCodeError;

    /// Parses a code, tolerating surrounding whitespace and nothing else.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(" GEN-1203-100009\n".parse(), Ok(ErrorCode::InvalidClientId));
    /// assert!("GEN-1203-100009x".parse::<ErrorCode>().is_err());
    /// ```
    #[inline]
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(code) = ErrorCode::from_code(text) {
            return Ok(code);
        }
        let trimmed = text.trim();
        ErrorCode::from_code(trimmed).ok_or_else(|| ParseCodeError::new(trimmed))
    }
}

impl TryFrom<&str> for ErrorCode {
    type Error = ParseCodeError;

    /// The same as [`str::parse`].
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::try_from("B14800ZZ-0PLC-REDRCT"), Ok(ErrorCode::ScaRequired));
    /// ```
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for ErrorCode {
    /// The code, as the API sends it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl fmt::Debug for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for ErrorCode {
    /// Serializes as the code's text: `"GEN-1203-100003"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    /// Deserializes from the code's text, with [`FromStr`]'s rules.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl Visitor<'_> for CodeVisitor {
            type Value = ErrorCode;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error code of the catalogue, such as \"GEN-1201-100001\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<ErrorCode, E> {
                text.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(CodeVisitor)
    }
}
