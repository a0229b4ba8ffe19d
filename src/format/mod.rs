//! The wire formats an error body can take: one module per format, each
//! owning everything about its body, and the trait a team implements for a
//! format of its own.
//!
//! A catalogue says which formats its API speaks (`formats = [...]` in its
//! `[catalogue]` table, by default `["oauth", "problem"]`). Built in:
//!
//! | name | module | media types | body |
//! |---|---|---|---|
//! | `oauth` | [`oauth`] | `application/json`, the catalogue's own | RFC 6749's token, the code, the description |
//! | `problem` | [`problem`] | `application/problem+json` | an RFC 9457 problem document |
//! | `aip-193` | [`aip193`] | `application/json` | Google's `google.rpc.Status` with `ErrorInfo` |
//! | `json-api` | [`json_api`] | `application/vnd.api+json` | a JSON:API 1.1 error document |
//! | `berlin-group` | [`berlin_group`] | `application/json` | NextGenPSD2's TPP messages |
//!
//! Three of them answer as `application/json`. A request reaches each by
//! that type's `profile` parameter (RFC 6906), which every JSON-typed format
//! also answers under ([`WireFormat::media_types`]): `application/json;
//! profile="https://google.aip.dev/193"` asks for the AIP-193 body. A plain
//! `application/json` goes to the first of the catalogue's formats that
//! answers as `application/json`.
//!
//! Every other part of errcat reaches a body through [`WireFormat`] and
//! names no member: the axum response and the negotiation layer, the client
//! decoder, the utoipa document, the docs page, the OpenAPI fragment and the
//! `errcat` command.
//!
//! ```
//! use errcat::format::{self, WireFormat};
//!
//! let error = errcat::ApiError::missing_header_input("Request-ID");
//! let mut body = Vec::new();
//! format::AIP_193.write(&error, &mut body);
//! let body: serde_json::Value = serde_json::from_slice(&body)?;
//! assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
//! assert_eq!(body["error"]["details"][0]["reason"], "MISSING_HEADER_INPUT");
//! assert_eq!(body["error"]["details"][0]["metadata"]["input"], "Request-ID");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Your own wire format
//!
//! Implement [`WireFormat`]: its name, its media types, how it writes a body
//! from an error's [`ErrorFacts`], how it reads one back into a
//! [`Reading`], and the JSON Schema of its body. Then hand it to the server
//! layer ([`ErrorFormatLayer::with_format`](crate::server::ErrorFormatLayer))
//! and to the client's [`Decoder::with_format`](crate::client::Decoder): it
//! answers first when a request does not choose, and by its media types
//! when one does. The README has a complete one.

mod accept;
pub mod aip193;
pub mod berlin_group;
mod facts;
mod flat;
pub mod json;
pub mod json_api;
pub mod oauth;
pub mod problem;

use std::borrow::Cow;
use std::fmt;

use http::header::{ACCEPT, HeaderMap};
use http::{HeaderValue, StatusCode};
use serde_json::Value;

pub use accept::{Accept, MediaRange, Quality};
pub use facts::{ErrorFacts, Example};

use crate::Catalogue;
use crate::table::Entry;

/// The OAuth-style body: see [`oauth`].
pub static OAUTH: oauth::OAuth = oauth::OAuth;
/// The RFC 9457 problem document: see [`problem`].
pub static PROBLEM: problem::Problem = problem::Problem::new();
/// Google's AIP-193 body: see [`aip193`].
pub static AIP_193: aip193::Aip193 = aip193::Aip193;
/// The JSON:API 1.1 error document: see [`json_api`].
pub static JSON_API: json_api::JsonApi = json_api::JsonApi;
/// The Berlin Group NextGenPSD2 body: see [`berlin_group`].
pub static BERLIN_GROUP: berlin_group::BerlinGroup = berlin_group::BerlinGroup;

/// Every built-in format, one line each: a new format is a module and a
/// line here.
pub static BUILTIN: [&dyn WireFormat; 5] = [&OAUTH, &PROBLEM, &AIP_193, &JSON_API, &BERLIN_GROUP];

/// The built-in format a catalogue's `formats` names `name`.
///
/// ```
/// let format = errcat::format::builtin("json-api").unwrap();
/// assert_eq!(format.media_types(&errcat::CATALOGUE).first(), "application/vnd.api+json");
/// assert!(errcat::format::builtin("xml").is_none());
/// ```
pub fn builtin(name: &str) -> Option<&'static dyn WireFormat> {
    BUILTIN.iter().copied().find(|format| format.name() == name)
}

/// The formats `catalogue` speaks, in its order: the built-in formats its
/// `formats` names.
///
/// ```
/// let names: Vec<&str> = errcat::format::formats_of(&errcat::CATALOGUE)
///     .map(|format| format.name())
///     .collect();
/// assert_eq!(names[..2], ["oauth", "problem"]);
/// ```
pub fn formats_of(catalogue: &Catalogue) -> impl Iterator<Item = &'static dyn WireFormat> + '_ {
    catalogue.formats().iter().filter_map(|name| builtin(name))
}

/// The format a catalogue answers in when a request does not choose: the
/// first it speaks.
pub fn default_of(catalogue: &Catalogue) -> &'static dyn WireFormat {
    formats_of(catalogue).next().unwrap_or(&OAUTH)
}

/// A wire format: how an error body is written, read back, described in
/// OpenAPI and shown on the docs page. errcat's built-in formats implement
/// it; so does a team's own.
///
/// Writing gets an error's [`ErrorFacts`]: its code, token, status,
/// descriptions, placeholder values and the facts of the standards (the
/// AIP-193 reason, the Berlin Group message code). The description and
/// the values it offers are already in their wire form: printable ASCII
/// without `"` or `\` (percent-encoded, private values replaced by their
/// published form), so they go into a JSON string as they are; every other
/// text of a catalogue row needs [`json::escape_into`] at most.
pub trait WireFormat: Send + Sync + 'static {
    /// The name a catalogue's `formats` lists the format under.
    fn name(&self) -> &'static str;

    /// The media types the format answers under for `catalogue`, the first
    /// being the response's `Content-Type` unless the request named another
    /// of them.
    fn media_types(&self, catalogue: &'static Catalogue) -> MediaTypes;

    /// Appends the body of `error` to `out`.
    fn write(&self, error: &dyn ErrorFacts, out: &mut Vec<u8>);

    /// Reads a body of this format back: what identifies the error and its
    /// texts, or `None` when `body` is not one.
    fn read<'b>(&self, body: &'b [u8]) -> Option<Reading<'b>>;

    /// The JSON Schema (as OpenAPI 3.1 takes it) of the body of the rows
    /// `entries` of `catalogue`: the rows of one response.
    fn schema(&self, catalogue: &Catalogue, entries: &[&Entry<'_>]) -> Value;

    /// One sentence saying what the body is, for the docs page and the
    /// OpenAPI document.
    fn summary(&self) -> &'static str {
        ""
    }

    /// The body of `error` as a `String`.
    fn to_body(&self, error: &dyn ErrorFacts) -> String {
        let mut out = Vec::new();
        self.write(error, &mut out);
        String::from_utf8(out)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }
}

impl fmt::Debug for dyn WireFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WireFormat({})", self.name())
    }
}

/// The media types of a format, at most [`MediaTypes::CAPACITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaTypes {
    types: [&'static str; MediaTypes::CAPACITY],
    len: usize,
}

impl MediaTypes {
    /// How many media types a format may have.
    pub const CAPACITY: usize = 4;

    /// `types`, the first being the `Content-Type`; those past
    /// [`CAPACITY`](Self::CAPACITY) are left out, as is a type already
    /// listed (in any case).
    ///
    /// ```
    /// use errcat::format::MediaTypes;
    /// let types = MediaTypes::new(&["application/json", "application/vnd.example+json", "application/JSON"]);
    /// assert_eq!(types.iter().collect::<Vec<_>>(), ["application/json", "application/vnd.example+json"]);
    /// ```
    pub fn new(types: &[&'static str]) -> MediaTypes {
        let mut media = MediaTypes {
            types: [""; MediaTypes::CAPACITY],
            len: 0,
        };
        for &media_type in types {
            media = media.with(media_type);
        }
        media
    }

    /// The same list with `media_type` added at its end, unless it is
    /// there already or the list is full.
    pub fn with(mut self, media_type: &'static str) -> MediaTypes {
        let listed = self
            .iter()
            .any(|listed| listed.eq_ignore_ascii_case(media_type));
        if !listed && self.len < MediaTypes::CAPACITY && !media_type.is_empty() {
            self.types[self.len] = media_type;
            self.len += 1;
        }
        self
    }

    /// The first media type: the `Content-Type` of a body.
    pub fn first(&self) -> &'static str {
        self.types[0]
    }

    /// The media types, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.types[..self.len].iter().copied()
    }

    /// Whether `media_type` (its essence, parameters ignored, in any case)
    /// is among them.
    pub fn contains_essence(&self, media_type: &str) -> bool {
        let essence = essence(media_type);
        self.iter()
            .any(|listed| essence_eq(self::essence(listed), essence))
    }
}

/// `type/subtype` of a media type, without parameters or spaces.
fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or("").trim()
}

fn essence_eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The plain JSON media type, which several formats answer under.
pub const APPLICATION_JSON: &str = "application/json";

/// What a format read of a body: the members that identify the error and
/// its texts, whichever the format carries. The client decoder finds the
/// catalogue row from it: by [`code`](Self::code), else by
/// [`reason`](Self::reason) (in the catalogue's [`domain`](Self::domain)),
/// else by the [`berlin_group`](Self::berlin_group) message code and the
/// description among the rows of the response's status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reading<'b> {
    /// The catalogue code, when the body carries it.
    pub code: Option<Cow<'b, str>>,
    /// The error token, when the body carries it (in any case).
    pub token: Option<Cow<'b, str>>,
    /// The AIP-193 reason.
    pub reason: Option<Cow<'b, str>>,
    /// The AIP-193 domain: the catalogue's id.
    pub domain: Option<Cow<'b, str>>,
    /// The Berlin Group message code.
    pub berlin_group: Option<Cow<'b, str>>,
    /// The description, placeholders filled, in its wire form.
    pub description: Option<Cow<'b, str>>,
    /// The placeholders' values by metadata key, when the body lists them
    /// apart from the description (AIP-193's `metadata`), in their wire
    /// form.
    pub values: Vec<(Cow<'b, str>, Cow<'b, str>)>,
}

impl<'b> Reading<'b> {
    /// A reading that holds nothing yet.
    pub fn new() -> Reading<'b> {
        Reading::default()
    }

    /// The same reading with its code.
    pub fn with_code(mut self, code: impl Into<Cow<'b, str>>) -> Reading<'b> {
        self.code = Some(code.into());
        self
    }

    /// The same reading with its token.
    pub fn with_token(mut self, token: impl Into<Cow<'b, str>>) -> Reading<'b> {
        self.token = Some(token.into());
        self
    }

    /// The same reading with its description.
    pub fn with_description(mut self, description: impl Into<Cow<'b, str>>) -> Reading<'b> {
        self.description = Some(description.into());
        self
    }
}

/// The format and media type a request is answered in.
#[derive(Clone, Copy)]
pub struct Choice<'f> {
    /// The format.
    pub format: &'f dyn WireFormat,
    /// The media type, one of the format's: the response's `Content-Type`.
    pub media_type: &'static str,
}

impl fmt::Debug for Choice<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Choice")
            .field("format", &self.format.name())
            .field("media_type", &self.media_type)
            .finish()
    }
}

impl PartialEq for Choice<'_> {
    fn eq(&self, other: &Choice<'_>) -> bool {
        self.format.name() == other.format.name() && self.media_type == other.media_type
    }
}

impl Choice<'_> {
    /// The response's `Content-Type`.
    pub fn content_type(&self) -> HeaderValue {
        HeaderValue::from_str(self.media_type).unwrap_or(HeaderValue::from_static(APPLICATION_JSON))
    }
}

/// The format and media type a request with this `Accept` header is
/// answered in, among `formats` (a catalogue's, in its order, with any of a
/// team's own first), for an error of `catalogue` (RFC 9110 §12.5.1).
///
/// Every media type of every format is an offer, a type that several
/// formats answer under (`application/json`) belonging to the first of
/// them. Each offer gets the quality of
/// the most specific range that matches it ([`Accept`] says how ranges are
/// read, including invalid `q` values and parameters). The highest quality
/// wins, so a refused type (`q=0`) is never chosen while another is
/// acceptable. Equal qualities go to the type the client named more
/// specifically (`application/problem+json` beats `application/*`, which
/// beats `*/*`). Among types the client named exactly, the later offer
/// wins (so naming `application/problem+json` beside `application/json`
/// opts in to problem documents when the catalogue lists `oauth` first);
/// among types only wildcards or parameterless ranges cover, the earlier
/// one wins (a client that names nothing gets the catalogue's first
/// format).
///
/// When no offer is acceptable, and when the header is missing or
/// unreadable, the first format answers in its first media type: RFC 9110
/// §12.5.1 lets a server disregard `Accept` rather than answer 406, and an
/// error answered is more use than a 406 that hides it.
///
/// ```
/// use errcat::format::{self, negotiate};
/// use http::HeaderValue;
///
/// let formats: Vec<_> = format::formats_of(&errcat::CATALOGUE).collect();
/// let choose = |accept: &'static str| {
///     negotiate(Some(&HeaderValue::from_static(accept)), &formats, &errcat::CATALOGUE).format.name()
/// };
/// assert_eq!(choose("application/problem+json"), "problem");
/// assert_eq!(choose("application/json, application/problem+json"), "problem");
/// assert_eq!(choose("application/json, application/problem+json;q=0.5"), "oauth");
/// assert_eq!(choose("text/html"), "oauth");
/// ```
pub fn negotiate<'f>(
    accept: Option<&HeaderValue>,
    formats: &[&'f dyn WireFormat],
    catalogue: &'static Catalogue,
) -> Choice<'f> {
    let first = formats.first().copied().unwrap_or(&OAUTH);
    let fallback = Choice {
        format: first,
        media_type: first.media_types(catalogue).first(),
    };
    let Some(accept) = Accept::from_header(accept) else {
        return fallback;
    };
    let offers = offers(formats, catalogue);
    let count = offers.len();
    let mut best = None;
    for (rank, &(format, media_type)) in offers.iter().enumerate() {
        let Some((quality, specificity)) = accept.best_match(media_type) else {
            continue;
        };
        if !quality.is_acceptable() {
            continue;
        }
        let named = specificity.is_exact()
            && specificity.parameters() == accept::parameter_count(media_type);
        let preference = if named { rank } else { count - rank };
        let key = (quality, specificity, named, preference);
        if best.as_ref().is_none_or(|(best_key, _)| key > *best_key) {
            best = Some((key, Choice { format, media_type }));
        }
    }
    best.map_or(fallback, |(_, choice)| choice)
}

/// Every media type `formats` answer under for `catalogue`, with the format
/// that answers it, in order: a media type several formats answer under
/// (`application/json`) belongs to the first of them, the others being
/// reached by their own types. What [`negotiate`] chooses among, and what
/// the OpenAPI document and the docs page list.
///
/// ```
/// use errcat::format::{self, WireFormat};
///
/// let formats: Vec<&dyn WireFormat> = format::formats_of(&errcat::CATALOGUE).collect();
/// let offers = format::offers(&formats, &errcat::CATALOGUE);
/// let json = offers.iter().find(|(_, media_type)| *media_type == "application/json").unwrap();
/// assert_eq!(json.0.name(), "oauth");
/// assert_eq!(offers.iter().filter(|(_, media_type)| *media_type == "application/json").count(), 1);
/// ```
pub fn offers<'f>(
    formats: &[&'f dyn WireFormat],
    catalogue: &'static Catalogue,
) -> Vec<(&'f dyn WireFormat, &'static str)> {
    let mut offers: Vec<(&'f dyn WireFormat, &'static str)> = Vec::with_capacity(formats.len() * 2);
    for &format in formats {
        for media_type in format.media_types(catalogue).iter() {
            if !offers
                .iter()
                .any(|(_, offered)| offered.eq_ignore_ascii_case(media_type))
            {
                offers.push((format, media_type));
            }
        }
    }
    offers
}

/// [`negotiate`] among the formats of `catalogue` alone, from a request's
/// headers.
pub fn negotiate_headers(headers: &HeaderMap, catalogue: &'static Catalogue) -> Choice<'static> {
    let formats: Vec<&'static dyn WireFormat> = formats_of(catalogue).collect();
    negotiate(headers.get(ACCEPT), &formats, catalogue)
}

/// The status AIP-193 and gRPC name for an HTTP status, as
/// `google.rpc.Code`'s HTTP mapping gives it.
pub(crate) fn rpc_status(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        code if (400..500).contains(&code) => "FAILED_PRECONDITION",
        _ => "INTERNAL",
    }
}

/// The distinct values of `values`, in order of first appearance.
fn distinct<T: PartialEq>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}
