//! The bank's house error body, `application/vnd.example.fault+json`:
//!
//! ```json
//! {"fault":{"id":"GEN-1201-100001","kind":"missing_input","status":400,
//!  "message":"Missing required header input 'Request-ID'","values":{"input":"Request-ID"}}}
//! ```
//!
//! One `impl WireFormat`: the gateway answers in it to a client that asks
//! for it, the client decodes it, and the docs page and the OpenAPI document
//! show it, all through errcat's public trait.

use std::borrow::Cow;

use errcat::Catalogue;
use errcat::format::{ErrorFacts, MediaTypes, Reading, WireFormat, json::escape_into};
use errcat::table::Entry;
use serde::Deserialize;
use serde_json::{Value, json};

/// The house body's media type.
pub const MEDIA_TYPE: &str = "application/vnd.example.fault+json";

/// The bank's house error body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fault;

impl WireFormat for Fault {
    fn name(&self) -> &'static str {
        "fault"
    }

    fn media_types(&self, _catalogue: &'static Catalogue) -> MediaTypes {
        MediaTypes::new(&[MEDIA_TYPE])
    }

    fn write(&self, error: &dyn ErrorFacts, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"fault\":{\"id\":\"");
        out.extend_from_slice(error.code().as_bytes());
        out.extend_from_slice(b"\",\"kind\":\"");
        out.extend_from_slice(error.wire_token().as_bytes());
        out.extend_from_slice(
            format!("\",\"status\":{},\"message\":\"", error.status().as_u16()).as_bytes(),
        );
        // The description and the values are in their wire form already:
        // nothing in them needs escaping.
        error.write_description(out);
        out.extend_from_slice(b"\",\"values\":{");
        for slot in 0..error.value_count() {
            if slot > 0 {
                out.push(b',');
            }
            out.push(b'"');
            escape_into(error.placeholder(slot), out);
            out.extend_from_slice(b"\":\"");
            error.write_value(slot, out);
            out.push(b'"');
        }
        out.extend_from_slice(b"}}}");
    }

    fn read<'b>(&self, body: &'b [u8]) -> Option<Reading<'b>> {
        #[derive(Deserialize)]
        struct Body<'a> {
            #[serde(borrow)]
            fault: Fields<'a>,
        }
        #[derive(Deserialize)]
        struct Fields<'a> {
            #[serde(borrow)]
            id: Cow<'a, str>,
            #[serde(borrow)]
            kind: Option<Cow<'a, str>>,
            #[serde(borrow)]
            message: Option<Cow<'a, str>>,
        }
        let body: Body<'_> = serde_json::from_slice(body).ok()?;
        let mut reading = Reading::new().with_code(body.fault.id);
        reading.token = body.fault.kind;
        reading.description = body.fault.message;
        Some(reading)
    }

    fn schema(&self, _catalogue: &Catalogue, entries: &[&Entry<'_>]) -> Value {
        let codes: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
        json!({
            "type": "object",
            "required": ["fault"],
            "properties": { "fault": {
                "type": "object",
                "required": ["id", "kind", "status", "message"],
                "properties": {
                    "id": { "type": "string", "enum": codes },
                    "kind": { "type": "string" },
                    "status": { "type": "integer" },
                    "message": { "type": "string" },
                    "values": { "type": "object", "additionalProperties": { "type": "string" } }
                }
            }}
        })
    }

    fn summary(&self) -> &'static str {
        "the bank's house body: the code as `id`, the token as `kind`, the status, the message and the values"
    }
}
