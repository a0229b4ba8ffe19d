//! RFC 9457 problem documents, `application/problem+json`:
//!
//! ```json
//! {"type":"/problems/GEN-1203-100003","title":"Invalid access token","status":401,
//!  "detail":"Invalid access token","error":"failed_security_validation","error_code":"GEN-1203-100003"}
//! ```
//!
//! - `type` is a URI per code: a base (the catalogue's
//!   [`problem_base`](crate::Catalogue::problem_base), by default
//!   [`DEFAULT_TYPE_BASE`], a relative reference a server can answer with
//!   the row's documentation) followed by the code.
//! - `title` is the description as the table publishes it (the same for
//!   every occurrence); `detail` is this occurrence's description, with the
//!   same safety rules as the OAuth body; `status` is the HTTP status.
//! - `error` and `error_code` are extension members carrying the token and
//!   the code, so that a client reads both formats alike.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Value, json};

use super::json::escape_into;
use super::{ErrorFacts, MediaTypes, Reading, WireFormat, flat};
use crate::Catalogue;
use crate::table::Entry;

/// The `type` base of a catalogue that does not set its own
/// `problem_base`: a relative URI reference, resolved against the request's
/// URL.
pub const DEFAULT_TYPE_BASE: &str = "/problems/";

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The problem document: see the [module](self). Its `type`s are under
/// each catalogue's `problem_base`, or under a base of its own
/// ([`with_type_base`](Self::with_type_base)).
#[derive(Debug, Clone, Default)]
pub struct Problem {
    type_base: Option<Cow<'static, str>>,
}

impl Problem {
    /// Problem documents whose `type`s are under each catalogue's own base.
    pub const fn new() -> Problem {
        Problem { type_base: None }
    }

    /// Problem documents whose `type`s are under `base`, whatever the
    /// catalogue: `base` followed by the code.
    ///
    /// ```
    /// use errcat::format::{WireFormat, problem::Problem};
    ///
    /// let format = Problem::with_type_base("https://api.example.com/problems/");
    /// let body = format.to_body(&errcat::ApiError::invalid_jwt());
    /// assert!(body.starts_with(r#"{"type":"https://api.example.com/problems/GEN-1203-100010","#));
    /// ```
    pub fn with_type_base(base: impl Into<Cow<'static, str>>) -> Problem {
        Problem {
            type_base: Some(base.into()),
        }
    }

    /// Appends the document of `error` with its `type` under `type_base`.
    #[inline]
    pub fn write_with_base<E: ErrorFacts + ?Sized>(error: &E, type_base: &str, out: &mut Vec<u8>) {
        let code = error.code().as_bytes();
        out.extend_from_slice(b"{\"type\":\"");
        escape_into(type_base, out);
        out.extend_from_slice(code);
        out.extend_from_slice(b"\",\"title\":\"");
        escape_into(error.title(), out);
        out.extend_from_slice(b"\",\"status\":");
        let mut digits = itoa::Buffer::new();
        out.extend_from_slice(digits.format(error.status().as_u16()).as_bytes());
        out.extend_from_slice(b",\"detail\":\"");
        error.write_description(out);
        out.extend_from_slice(b"\",\"error\":\"");
        out.extend_from_slice(error.wire_token().as_bytes());
        out.extend_from_slice(b"\",\"error_code\":\"");
        out.extend_from_slice(code);
        out.extend_from_slice(b"\"}");
    }
}

impl WireFormat for Problem {
    fn name(&self) -> &'static str {
        errcat_core::formats::PROBLEM
    }

    fn media_types(&self, _catalogue: &'static Catalogue) -> MediaTypes {
        MediaTypes::new(&[PROBLEM_JSON])
    }

    /// The document, with serde_json's escaping: the same bytes as
    /// serde_json on a struct of its six members.
    #[inline]
    fn write(&self, error: &dyn ErrorFacts, out: &mut Vec<u8>) {
        let base = match &self.type_base {
            Some(base) => base,
            None => error.catalogue().problem_base(),
        };
        Problem::write_with_base(error, base, out);
    }

    fn read<'b>(&self, body: &'b [u8]) -> Option<Reading<'b>> {
        let [error, code, detail] = match flat::members(body, MEMBERS) {
            Some([error, code, detail]) => [
                error.map(Cow::Borrowed),
                code.map(Cow::Borrowed),
                detail.map(Cow::Borrowed),
            ],
            None if flat::rules_out(body, &WANTED) => return None,
            None => {
                let body: Body<'_> = serde_json::from_slice(body).ok()?;
                [body.error, Some(body.error_code), body.detail]
            }
        };
        Some(Reading {
            code: Some(code?),
            token: error,
            description: detail,
            ..Reading::default()
        })
    }

    fn schema(&self, catalogue: &Catalogue, entries: &[&Entry<'_>]) -> Value {
        let tokens = super::distinct(entries.iter().map(|entry| entry.error.to_ascii_lowercase()));
        let codes: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
        let statuses = super::distinct(entries.iter().map(|entry| entry.status));
        json!({
            "type": "object",
            "description": "An error as an RFC 9457 problem document, with the OAuth body's token and code as extension members.",
            "required": ["type", "title", "status", "detail", "error", "error_code"],
            "properties": {
                "type": {
                    "type": "string",
                    "format": "uri-reference",
                    "description": format!("`{}` followed by the code: a URI reference per code, resolved against the request's URL when relative.", catalogue.problem_base())
                },
                "title": { "type": "string", "description": "The description as the table publishes it, the same for every occurrence." },
                "status": { "type": "integer", "enum": statuses, "description": "The HTTP status." },
                "detail": { "type": "string", "description": "This occurrence's description, placeholders filled." },
                "error": { "type": "string", "enum": tokens, "description": "The error token, in lowercase." },
                "error_code": { "type": "string", "enum": codes, "description": "The catalogue code." }
            }
        })
    }

    fn summary(&self) -> &'static str {
        "an RFC 9457 problem document, with the token and the code as extension members"
    }
}

/// The members this format reads.
const MEMBERS: [&str; 3] = ["error", "error_code", "detail"];

/// The members [`Body`] reads, for [`flat::rules_out`].
const WANTED: [flat::Wanted<'_>; 3] = [
    ("error", flat::Kind::Text, false),
    ("error_code", flat::Kind::Text, true),
    ("detail", flat::Kind::Text, false),
];

/// The body as serde reads it, when the one-pass reader does not.
#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    error: Option<Cow<'a, str>>,
    #[serde(borrow)]
    error_code: Cow<'a, str>,
    #[serde(borrow)]
    detail: Option<Cow<'a, str>>,
}
