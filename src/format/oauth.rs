//! The OAuth-style body of the seed's API: RFC 6749's `error` (the token,
//! in lowercase) and `error_description`, with the catalogue's code beside
//! them as `error_code`.
//!
//! ```json
//! {"error":"missing_input","error_code":"GEN-1201-100001","error_description":"Missing required header input 'Request-ID'"}
//! ```
//!
//! It answers as `application/json`, and under the catalogue's own media
//! type when it declares one (`application/vnd.belfius.api+json` for the
//! Account API), and as `application/json;
//! profile="https://www.rfc-editor.org/rfc/rfc6749#section-5.2"` for a
//! client that must have it from a catalogue whose first format is another.

use std::borrow::Cow;

use serde::Deserialize;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::{Value, json};

use super::{APPLICATION_JSON, ErrorFacts, MediaTypes, Reading, WireFormat, flat};
use crate::table::Entry;
use crate::{ApiError, Catalogue, CatalogueCode, CatalogueKind};

/// The media type under which a client asks for this format by name.
pub const PROFILE: &str =
    "application/json; profile=\"https://www.rfc-editor.org/rfc/rfc6749#section-5.2\"";

/// The OAuth-style body: see the [module](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct OAuth;

impl OAuth {
    /// Appends the body of `error`: [`WireFormat::write`] for an error
    /// whose type is known, so that its facts are read without a dynamic
    /// call (`ApiError::write_json`).
    ///
    /// ```
    /// use errcat::format::oauth::OAuth;
    ///
    /// let mut body = Vec::new();
    /// OAuth::write_facts(&errcat::ApiError::invalid_jwt(), &mut body);
    /// assert_eq!(body, errcat::ApiError::invalid_jwt().to_json().into_bytes());
    /// ```
    #[inline]
    pub fn write_facts<E: ErrorFacts + ?Sized>(error: &E, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"error\":\"");
        out.extend_from_slice(error.wire_token().as_bytes());
        out.extend_from_slice(b"\",\"error_code\":\"");
        out.extend_from_slice(error.code().as_bytes());
        out.extend_from_slice(b"\",\"error_description\":\"");
        error.write_description(out);
        out.extend_from_slice(b"\"}");
    }
}

impl WireFormat for OAuth {
    fn name(&self) -> &'static str {
        errcat_core::formats::OAUTH
    }

    fn media_types(&self, catalogue: &'static Catalogue) -> MediaTypes {
        MediaTypes::new(&[APPLICATION_JSON, catalogue.media_type(), PROFILE])
    }

    /// `{"error":"…","error_code":"…","error_description":"…"}`: the token
    /// in lowercase, the code, the description. The same bytes as
    /// `serde_json::to_vec(&error)`.
    #[inline]
    fn write(&self, error: &dyn ErrorFacts, out: &mut Vec<u8>) {
        OAuth::write_facts(error, out);
    }

    fn read<'b>(&self, body: &'b [u8]) -> Option<Reading<'b>> {
        let [error, code, description] = match flat::members(body, MEMBERS) {
            Some([error, code, description]) => [
                error.map(Cow::Borrowed),
                code.map(Cow::Borrowed),
                description.map(Cow::Borrowed),
            ],
            None if flat::rules_out(body, &WANTED) => return None,
            None => {
                let body: Body<'_> = serde_json::from_slice(body).ok()?;
                [body.error, Some(body.error_code), body.error_description]
            }
        };
        Some(Reading {
            code: Some(code?),
            token: error,
            description,
            ..Reading::default()
        })
    }

    fn schema(&self, _catalogue: &Catalogue, entries: &[&Entry<'_>]) -> Value {
        let tokens = super::distinct(entries.iter().map(|entry| entry.error.to_ascii_lowercase()));
        let codes: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
        json!({
            "type": "object",
            "description": "An error: the token (RFC 6749's `error`, in lowercase), the catalogue code and what went wrong.",
            "required": MEMBERS,
            "properties": {
                "error": { "type": "string", "enum": tokens, "description": "The error token, in lowercase." },
                "error_code": { "type": "string", "enum": codes, "description": "The catalogue code." },
                "error_description": { "type": "string", "description": "What went wrong, placeholders filled." }
            },
            "additionalProperties": false
        })
    }

    fn summary(&self) -> &'static str {
        "the API's own body: the error token in lowercase (RFC 6749's `error`), the code and the description"
    }
}

impl<C: CatalogueCode> Serialize for ApiError<C> {
    /// The OAuth-style body: `error` (the token in lowercase), `error_code`,
    /// `error_description` (filled, in its wire form).
    ///
    /// ```
    /// let error = errcat::ApiError::quota_exceeded();
    /// assert_eq!(
    ///     serde_json::to_string(&error)?,
    ///     r#"{"error":"api_usage_limit_reached","error_code":"GEN-1205-100002","error_description":"Quota limit exceeded"}"#
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut body = serializer.serialize_struct("ApiError", 3)?;
        body.serialize_field("error", self.kind().wire_token())?;
        body.serialize_field("error_code", self.code().code())?;
        body.serialize_field("error_description", &*self.description())?;
        body.end()
    }
}

/// The members this format reads.
const MEMBERS: [&str; 3] = ["error", "error_code", "error_description"];

/// The members [`Body`] reads, for [`flat::rules_out`].
const WANTED: [flat::Wanted<'_>; 3] = [
    ("error", flat::Kind::Text, false),
    ("error_code", flat::Kind::Text, true),
    ("error_description", flat::Kind::Text, false),
];

/// The body as serde reads it, when the one-pass reader does not.
#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    error: Option<Cow<'a, str>>,
    #[serde(borrow)]
    error_code: Cow<'a, str>,
    #[serde(borrow)]
    error_description: Option<Cow<'a, str>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_read(body: &[u8]) -> Option<[Option<String>; 3]> {
        let body: Body<'_> = serde_json::from_slice(body).ok()?;
        Some([
            body.error.map(Cow::into_owned),
            Some(body.error_code.into_owned()),
            body.error_description.map(Cow::into_owned),
        ])
    }

    fn flat_read(body: &[u8]) -> Option<[Option<String>; 3]> {
        let [error, code, description] = flat::members(body, MEMBERS)?;
        code?;
        Some([error, code, description].map(|text| text.map(str::to_owned)))
    }

    #[test]
    fn the_bodies_errcat_writes_are_read_in_one_pass() {
        for code in crate::ErrorCode::ALL {
            let body = crate::ApiError::<crate::ErrorCode>::with_values(
                code,
                code.placeholders().iter().map(|name| (*name, "x\"y")),
            )
            .unwrap()
            .to_json();
            assert!(flat_read(body.as_bytes()).is_some(), "{body}");
            assert_eq!(flat_read(body.as_bytes()), serde_read(body.as_bytes()));
        }
    }

    fn json_ish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let string = prop_oneof![
            Just("\"error\"".to_owned()),
            Just("\"error_code\"".to_owned()),
            Just("\"error_description\"".to_owned()),
            Just("\"GEN-1201-100001\"".to_owned()),
            Just("\"a\\\"b\"".to_owned()),
            "\"[a-z é\\\\\"\u{1}]{0,6}\"",
        ];
        let value = prop_oneof![
            string.clone(),
            Just("null".to_owned()),
            Just("1".to_owned()),
            Just("-0.5e3".to_owned()),
            Just("true".to_owned()),
            Just("[]".to_owned()),
            Just("{}".to_owned()),
            Just("01".to_owned()),
        ];
        proptest::collection::vec((string, value), 0..5).prop_map(|members| {
            let inner: Vec<String> = members
                .into_iter()
                .map(|(key, value)| format!("{key}:{value}"))
                .collect();
            format!(" {{{}}} ", inner.join(","))
        })
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_reader_agrees_with_serde(body in json_ish()) {
            if let Some(read) = flat_read(body.as_bytes()) {
                proptest::prop_assert_eq!(Some(read), serde_read(body.as_bytes()), "{}", body);
            }
        }
    }
}
