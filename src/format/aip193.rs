//! Google's AIP-193: the HTTP mapping of `google.rpc.Status`, with a
//! `google.rpc.ErrorInfo` in its details.
//!
//! ```json
//! {"error":{"code":400,"message":"Missing required header input 'Request-ID'","status":"INVALID_ARGUMENT",
//!  "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"MISSING_HEADER_INPUT",
//!  "domain":"psd2-account-api","metadata":{"input":"Request-ID"}}]}}
//! ```
//!
//! - `code` is the HTTP status, `status` the `google.rpc.Code` it maps to
//!   (400 `INVALID_ARGUMENT`, 401 `UNAUTHENTICATED`, 403
//!   `PERMISSION_DENIED`, 404 `NOT_FOUND`, 409 `ABORTED`, 429
//!   `RESOURCE_EXHAUSTED`, 499 `CANCELLED`, 501 `UNIMPLEMENTED`, 503
//!   `UNAVAILABLE`, 504 `DEADLINE_EXCEEDED`, another 4xx
//!   `FAILED_PRECONDITION`, anything else `INTERNAL`), `message` the
//!   description, placeholders filled.
//! - `reason` is the row's reason: its `reason` in the catalogue, by default
//!   its variant's name in UPPER_SNAKE_CASE, unique in the catalogue, which
//!   is the `domain` (the catalogue's [`id`](crate::Catalogue::id)).
//! - `metadata` holds every placeholder's value, under its name in
//!   lowerCamelCase, in the same wire form as in `message`: every value of
//!   the message is in the metadata.
//!
//! It answers as `application/json`, and as `application/json;
//! profile="https://google.aip.dev/193"` for a client that names it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::json::escape_into;
use super::{APPLICATION_JSON, ErrorFacts, MediaTypes, Reading, WireFormat, flat};
use crate::Catalogue;
use crate::table::Entry;

/// The media type under which a client asks for this format by name.
pub const PROFILE: &str = "application/json; profile=\"https://google.aip.dev/193\"";

/// The `@type` of the error details.
pub const ERROR_INFO: &str = "type.googleapis.com/google.rpc.ErrorInfo";

/// Google's AIP-193 body: see the [module](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Aip193;

impl WireFormat for Aip193 {
    fn name(&self) -> &'static str {
        errcat_core::formats::AIP_193
    }

    fn media_types(&self, _catalogue: &'static Catalogue) -> MediaTypes {
        MediaTypes::new(&[APPLICATION_JSON, PROFILE])
    }

    fn write(&self, error: &dyn ErrorFacts, out: &mut Vec<u8>) {
        let status = error.status();
        out.extend_from_slice(b"{\"error\":{\"code\":");
        let mut digits = itoa::Buffer::new();
        out.extend_from_slice(digits.format(status.as_u16()).as_bytes());
        out.extend_from_slice(b",\"message\":\"");
        error.write_description(out);
        out.extend_from_slice(b"\",\"status\":\"");
        out.extend_from_slice(super::rpc_status(status).as_bytes());
        out.extend_from_slice(b"\",\"details\":[{\"@type\":\"");
        out.extend_from_slice(ERROR_INFO.as_bytes());
        out.extend_from_slice(b"\",\"reason\":\"");
        out.extend_from_slice(error.reason().as_bytes());
        out.extend_from_slice(b"\",\"domain\":\"");
        escape_into(error.catalogue().id(), out);
        out.extend_from_slice(b"\",\"metadata\":{");
        for slot in 0..error.value_count() {
            if slot > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(error.metadata_key(slot).as_bytes());
            out.extend_from_slice(b"\":\"");
            error.write_value(slot, out);
            out.push(b'"');
        }
        out.extend_from_slice(b"}}]}}");
    }

    fn read<'b>(&self, body: &'b [u8]) -> Option<Reading<'b>> {
        // Another format's body, turned away without a serde pass.
        if flat::rules_out(body, &[("error", flat::Kind::Object, true)]) {
            return None;
        }
        let body: Body<'_> = serde_json::from_slice(body).ok()?;
        let info = body
            .error
            .details
            .into_iter()
            .find(|detail| detail.kind.as_deref() == Some(ERROR_INFO))?;
        Some(Reading {
            reason: Some(info.reason?),
            domain: info.domain,
            description: body.error.message,
            values: info.metadata.into_iter().collect(),
            ..Reading::default()
        })
    }

    fn schema(&self, catalogue: &Catalogue, entries: &[&Entry<'_>]) -> Value {
        let statuses = super::distinct(entries.iter().map(|entry| entry.status));
        let rpc = super::distinct(entries.iter().map(|entry| {
            super::rpc_status(
                http::StatusCode::from_u16(entry.status)
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            )
        }));
        let reasons: Vec<&str> = entries.iter().map(|entry| entry.reason).collect();
        json!({
            "type": "object",
            "description": "An error as Google's AIP-193 writes it: a google.rpc.Status with an ErrorInfo.",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "status", "details"],
                    "properties": {
                        "code": { "type": "integer", "enum": statuses, "description": "The HTTP status." },
                        "message": { "type": "string", "description": "What went wrong, placeholders filled: for developers." },
                        "status": { "type": "string", "enum": rpc, "description": "The google.rpc.Code of the status." },
                        "details": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["@type", "reason", "domain"],
                                "properties": {
                                    "@type": { "type": "string", "enum": [ERROR_INFO] },
                                    "reason": { "type": "string", "enum": reasons, "description": "The row's reason, unique in its domain." },
                                    "domain": { "type": "string", "enum": [catalogue.id()], "description": "The catalogue's id." },
                                    "metadata": {
                                        "type": "object",
                                        "additionalProperties": { "type": "string" },
                                        "description": "Each placeholder's value, under its name in lowerCamelCase."
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
    }

    fn summary(&self) -> &'static str {
        "Google's AIP-193 body: a google.rpc.Status whose ErrorInfo carries the reason, the catalogue's id as domain and every value as metadata"
    }
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    error: Status<'a>,
}

#[derive(Deserialize)]
struct Status<'a> {
    #[serde(borrow)]
    message: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    details: Vec<Detail<'a>>,
}

#[derive(Deserialize)]
struct Detail<'a> {
    #[serde(rename = "@type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    reason: Option<Cow<'a, str>>,
    #[serde(borrow)]
    domain: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    metadata: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
}
