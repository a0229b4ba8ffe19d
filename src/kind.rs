//! What an [`ErrorKind`] knows about itself, and how it is parsed and printed.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::catalogue::{ALL_KINDS, KindRow, MAX_TOKEN_LEN, TOKEN_INDEX, TOKENS};
use crate::phf::same_key;
use crate::{ErrorCode, ErrorKind, ParseKindError};

impl ErrorKind {
    #[inline]
    fn row(self) -> KindRow {
        KindRow::of(self)
    }

    /// The token as the published table prints it.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorKind::MissingInput.token(), "MISSING_INPUT");
    /// ```
    #[inline]
    pub fn token(self) -> &'static str {
        TOKENS[self as usize]
    }

    /// The token as response bodies carry it, in lowercase.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorKind::MissingInput.wire(), "missing_input");
    /// ```
    #[inline]
    pub fn wire(self) -> &'static str {
        self.row().wire()
    }

    /// The codes of this token, in catalogue order.
    ///
    /// ```
    /// use errcat::{ErrorCode, ErrorKind};
    /// assert_eq!(
    ///     ErrorKind::InvalidInput.codes(),
    ///     [ErrorCode::InvalidHeaderInput, ErrorCode::InvalidParameterInput]
    /// );
    /// ```
    #[inline]
    pub fn codes(self) -> &'static [ErrorCode] {
        self.row().codes()
    }

    /// The variant's name, as `Debug` prints it.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorKind::ScaRequired.name(), "ScaRequired");
    /// ```
    #[inline]
    pub fn name(self) -> &'static str {
        self.row().name()
    }

    /// The kind whose token is `token` in any case, or `None`. No trimming,
    /// no allocation, constant time.
    ///
    /// ```
    /// use errcat::ErrorKind;
    /// assert_eq!(ErrorKind::from_token("access_denied"), Some(ErrorKind::AccessDenied));
    /// assert_eq!(ErrorKind::from_token("Access_Denied"), Some(ErrorKind::AccessDenied));
    /// assert_eq!(ErrorKind::from_token("access-denied"), None);
    /// ```
    #[inline]
    pub fn from_token(token: &str) -> Option<ErrorKind> {
        let mut folded = [0u8; MAX_TOKEN_LEN];
        let folded = folded.get_mut(..token.len())?;
        folded.copy_from_slice(token.as_bytes());
        folded.make_ascii_uppercase();
        let index = TOKEN_INDEX.probe(folded)?;
        let stored = TOKENS[index];
        same_key(stored.as_bytes(), folded).then(|| ALL_KINDS[index])
    }
}

impl FromStr for ErrorKind {
    type Err = ParseKindError;

    /// Parses a token in any case, tolerating surrounding whitespace.
    ///
    /// ```
    /// use errcat::ErrorKind;
    /// assert_eq!("SCA_REQUIRED".parse(), Ok(ErrorKind::ScaRequired));
    /// assert_eq!(" sca_required ".parse(), Ok(ErrorKind::ScaRequired));
    /// ```
    #[inline]
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(kind) = ErrorKind::from_token(text) {
            return Ok(kind);
        }
        let trimmed = text.trim();
        ErrorKind::from_token(trimmed).ok_or_else(|| ParseKindError::new(trimmed))
    }
}

impl TryFrom<&str> for ErrorKind {
    type Error = ParseKindError;

    /// The same as [`str::parse`].
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for ErrorKind {
    /// The token as the published table prints it: `MISSING_INPUT`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.token())
    }
}

impl fmt::Debug for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for ErrorKind {
    /// Serializes as on the wire: `"missing_input"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.wire())
    }
}

impl<'de> Deserialize<'de> for ErrorKind {
    /// Deserializes from the token in any case.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KindVisitor;

        impl Visitor<'_> for KindVisitor {
            type Value = ErrorKind;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error token of the catalogue, such as \"missing_input\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<ErrorKind, E> {
                text.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(KindVisitor)
    }
}
