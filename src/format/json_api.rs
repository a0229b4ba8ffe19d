//! JSON:API 1.1 error documents, `application/vnd.api+json` (JSON:API 1.1,
//! section 11.2, "Error Objects"):
//!
//! ```json
//! {"errors":[{"status":"400","code":"GEN-1201-100001","title":"Missing required header input 'INPUT'",
//!  "detail":"Missing required header input 'Request-ID'","meta":{"error":"missing_input"}}]}
//! ```
//!
//! `status` is the HTTP status as a string, as the specification wants;
//! `code` the catalogue code; `title` the description as published, the
//! same for every occurrence; `detail` this occurrence's description,
//! placeholders filled; `meta.error` the token in lowercase.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Value, json};

use super::json::escape_into;
use super::{ErrorFacts, MediaTypes, Reading, WireFormat, flat};
use crate::Catalogue;
use crate::table::Entry;

/// JSON:API's media type.
pub const MEDIA_TYPE: &str = "application/vnd.api+json";

/// The JSON:API error document: see the [module](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonApi;

impl WireFormat for JsonApi {
    fn name(&self) -> &'static str {
        errcat_core::formats::JSON_API
    }

    fn media_types(&self, _catalogue: &'static Catalogue) -> MediaTypes {
        MediaTypes::new(&[MEDIA_TYPE])
    }

    fn write(&self, error: &dyn ErrorFacts, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"errors\":[{\"status\":\"");
        let mut digits = itoa::Buffer::new();
        out.extend_from_slice(digits.format(error.status().as_u16()).as_bytes());
        out.extend_from_slice(b"\",\"code\":\"");
        out.extend_from_slice(error.code().as_bytes());
        out.extend_from_slice(b"\",\"title\":\"");
        escape_into(error.title(), out);
        out.extend_from_slice(b"\",\"detail\":\"");
        error.write_description(out);
        out.extend_from_slice(b"\",\"meta\":{\"error\":\"");
        out.extend_from_slice(error.wire_token().as_bytes());
        out.extend_from_slice(b"\"}}]}");
    }

    fn read<'b>(&self, body: &'b [u8]) -> Option<Reading<'b>> {
        // Another format's body, turned away without a serde pass.
        if flat::rules_out(body, &[("errors", flat::Kind::Array, true)]) {
            return None;
        }
        let body: Body<'_> = serde_json::from_slice(body).ok()?;
        let error = body.errors.into_iter().find(|error| error.code.is_some())?;
        Some(Reading {
            code: error.code,
            token: error.meta.and_then(|meta| meta.error),
            description: error.detail,
            ..Reading::default()
        })
    }

    fn schema(&self, _catalogue: &Catalogue, entries: &[&Entry<'_>]) -> Value {
        let statuses = super::distinct(entries.iter().map(|entry| entry.status.to_string()));
        let codes: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
        let tokens = super::distinct(entries.iter().map(|entry| entry.error.to_ascii_lowercase()));
        json!({
            "type": "object",
            "description": "A JSON:API 1.1 document with one error object.",
            "required": ["errors"],
            "properties": {
                "errors": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["status", "code", "title", "detail"],
                        "properties": {
                            "status": { "type": "string", "enum": statuses, "description": "The HTTP status, as a string." },
                            "code": { "type": "string", "enum": codes, "description": "The catalogue code." },
                            "title": { "type": "string", "description": "The description as published, the same for every occurrence." },
                            "detail": { "type": "string", "description": "This occurrence's description, placeholders filled." },
                            "meta": {
                                "type": "object",
                                "properties": {
                                    "error": { "type": "string", "enum": tokens, "description": "The error token, in lowercase." }
                                }
                            }
                        }
                    }
                }
            }
        })
    }

    fn summary(&self) -> &'static str {
        "a JSON:API 1.1 error document: the status as a string, the code, the published title and this occurrence's detail"
    }
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    errors: Vec<Object<'a>>,
}

#[derive(Deserialize)]
struct Object<'a> {
    #[serde(borrow)]
    code: Option<Cow<'a, str>>,
    #[serde(borrow)]
    detail: Option<Cow<'a, str>>,
    #[serde(borrow)]
    meta: Option<Meta<'a>>,
}

#[derive(Deserialize)]
struct Meta<'a> {
    #[serde(borrow)]
    error: Option<Cow<'a, str>>,
}
