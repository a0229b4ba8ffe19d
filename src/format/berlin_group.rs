//! The Berlin Group's NextGenPSD2 error body, which most European PSD2
//! banks' APIs answer with:
//!
//! ```json
//! {"tppMessages":[{"category":"ERROR","code":"FORMAT_ERROR","text":"Missing required header input 'Request-ID'"}]}
//! ```
//!
//! `code` is the row's NextGenPSD2 message code (`berlin_group` in the
//! catalogue), which the standard fixes per status and service and which a
//! TPP's client branches on; `text` the description, placeholders filled,
//! cut to the standard's 500 characters (ending in `...` when cut). The
//! bank's own code is not in the body: a client finds the row by the
//! status, the message code and the text. It answers as `application/json`,
//! and as `application/json;
//! profile="https://www.berlin-group.org/nextgenpsd2-downloads"` for a
//! client that names it.

use std::borrow::Cow;

use errcat_core::formats::berlin_group::MAX_TEXT_LEN;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{APPLICATION_JSON, ErrorFacts, MediaTypes, Reading, WireFormat, flat};
use crate::Catalogue;
use crate::table::Entry;

/// The media type under which a client asks for this format by name.
pub const PROFILE: &str =
    "application/json; profile=\"https://www.berlin-group.org/nextgenpsd2-downloads\"";

/// What ends a text cut to the standard's length.
const CUT: &[u8] = b"...";

/// The NextGenPSD2 body: see the [module](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct BerlinGroup;

impl WireFormat for BerlinGroup {
    fn name(&self) -> &'static str {
        errcat_core::formats::BERLIN_GROUP
    }

    fn media_types(&self, _catalogue: &'static Catalogue) -> MediaTypes {
        MediaTypes::new(&[APPLICATION_JSON, PROFILE])
    }

    fn write(&self, error: &dyn ErrorFacts, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"tppMessages\":[{\"category\":\"ERROR\",\"code\":\"");
        // A row of a catalogue that does not speak the format has no code:
        // the status's first, or the generic one.
        let code = error
            .berlin_group()
            .unwrap_or_else(|| fallback_code(error.status().as_u16()));
        out.extend_from_slice(code.as_bytes());
        out.extend_from_slice(b"\",\"text\":\"");
        let start = out.len();
        error.write_description(out);
        // The wire form is ASCII: bytes are characters.
        if out.len() - start > MAX_TEXT_LEN {
            out.truncate(start + MAX_TEXT_LEN - CUT.len());
            out.extend_from_slice(CUT);
        }
        out.extend_from_slice(b"\"}]}");
    }

    fn read<'b>(&self, body: &'b [u8]) -> Option<Reading<'b>> {
        // Another format's body, turned away without a serde pass.
        if flat::rules_out(body, &[("tppMessages", flat::Kind::Array, true)]) {
            return None;
        }
        let body: Body<'_> = serde_json::from_slice(body).ok()?;
        let message = body
            .tpp_messages
            .into_iter()
            .find(|message| message.category.as_deref() != Some("WARNING"))?;
        Some(Reading {
            berlin_group: Some(message.code),
            description: message.text,
            ..Reading::default()
        })
    }

    fn schema(&self, _catalogue: &Catalogue, entries: &[&Entry<'_>]) -> Value {
        let codes = super::distinct(entries.iter().map(|entry| {
            entry
                .berlin_group
                .unwrap_or_else(|| fallback_code(entry.status))
                .to_owned()
        }));
        json!({
            "type": "object",
            "description": "An error as NextGenPSD2 writes it: TPP messages of category ERROR.",
            "required": ["tppMessages"],
            "properties": {
                "tppMessages": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["category", "code", "text"],
                        "properties": {
                            "category": { "type": "string", "enum": ["ERROR"] },
                            "code": { "type": "string", "enum": codes, "description": "The NextGenPSD2 message code." },
                            "path": { "type": "string" },
                            "text": { "type": "string", "maxLength": MAX_TEXT_LEN, "description": "What went wrong, placeholders filled." }
                        }
                    }
                }
            }
        })
    }

    fn summary(&self) -> &'static str {
        "the Berlin Group's NextGenPSD2 body: a TPP message whose code is the standard's message code for the status"
    }
}

/// The message code of a row without one: the standard's first for its
/// status, or `INTERNAL_SERVER_ERROR`.
fn fallback_code(status: u16) -> &'static str {
    errcat_core::formats::berlin_group::message_codes("ais", status)
        .and_then(|codes| codes.first().copied())
        .unwrap_or("INTERNAL_SERVER_ERROR")
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(rename = "tppMessages", borrow)]
    tpp_messages: Vec<Message<'a>>,
}

#[derive(Deserialize)]
struct Message<'a> {
    #[serde(borrow)]
    category: Option<Cow<'a, str>>,
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
}
