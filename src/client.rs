//! Decoding error responses: from (status, headers, body) to a typed result.
//!
//! ```
//! use errcat::client::{self, Decoded};
//! use errcat::format::{self, Example, WireFormat};
//! use errcat::{ApiError, ErrorCode, table::Entry};
//! use http::{HeaderMap, StatusCode};
//!
//! // The body a server sent, in any format the catalogue speaks.
//! let body = format::JSON_API.to_body(&ApiError::missing_header_input("Request-ID"));
//! let response = client::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes())?;
//! let error = response.api_error().expect("a catalogue error");
//! assert_eq!(error.code(), ErrorCode::MissingHeaderInput);
//! assert_eq!(error.value("input"), Some("Request-ID"));
//! assert_eq!(response.status_mismatch(), None);
//!
//! // A code this build does not know is kept whole: a new server code never
//! // breaks a client.
//! let mut entry = Entry::of(ErrorCode::InvalidJwt);
//! entry.code = "GEN-9999-000001";
//! entry.published = "Something new";
//! let body = format::OAUTH.to_body(&Example::new(&errcat::CATALOGUE, &entry));
//! let response = client::decode(StatusCode::CONFLICT, &HeaderMap::new(), body.as_bytes())?;
//! let Decoded::Unknown(raw) = response.decoded() else { unreachable!() };
//! assert_eq!(raw.code_text(), "GEN-9999-000001");
//! assert_eq!(raw.description(), "Something new");
//! # Ok::<(), errcat::client::DecodeError>(())
//! ```
//!
//! Every format the catalogue speaks is read (see [`crate::format`]), the
//! formats whose media type is the response's `Content-Type` first, and a
//! team's own given to [`Decoder::with_format`]. The row is found by the
//! code the body carries, else by its AIP-193 reason (in the catalogue's
//! domain), else by its Berlin Group message code and text among the rows
//! of the response's status. The token, when the body carries one, must
//! be the code's, in any case. Placeholder values are taken from the
//! body's metadata when it lists them, else recovered by matching the
//! description against the code's template; either way percent-decoded
//! (the server side's wire encoding; text that is not percent-encoding is
//! taken as it is).

use std::any::{Any, TypeId};
use std::borrow::Cow;
use std::collections::HashMap;
use std::error::Error;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{OnceLock, PoisonError, RwLock};

use std::sync::Arc;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, StatusCode};

use crate::catalogue::tables::{Gaps, Row};
use crate::format::{self, Reading, WireFormat};
use crate::wire::{self, LogSafe};
use crate::{ApiError, CatalogueCode, CatalogueKind, ErrorCode, RetryAfter};

/// The largest body [`decode`] reads: 64 KiB, far more than any error body.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// How much of a body that is not an error body a [`DecodeError`] keeps.
const SNIPPET_LEN: usize = 160;

/// A decoded error response of an API whose catalogue's code type is `C`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse<C: CatalogueCode = ErrorCode> {
    status: StatusCode,
    decoded: Decoded<C>,
    retry_after: Option<RetryAfter>,
    format: &'static str,
}

/// What an error body holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded<C: CatalogueCode = ErrorCode> {
    /// A catalogue error, with its placeholder values.
    Known(ApiError<C>),
    /// A body in the error format that is not a catalogue error of this
    /// build: an unknown code, a token that is not the code's, or a
    /// description that does not fit the code's template. Kept whole.
    Unknown(RawError<C>),
}

/// An error body as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawError<C: CatalogueCode = ErrorCode> {
    token: String,
    code: String,
    description: String,
    reason: Option<String>,
    berlin_group: Option<String>,
    catalogue: PhantomData<fn() -> C>,
}

/// Why a response could not be decoded as an error body.
#[derive(Debug)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is not an error body: an HTML page from a proxy, an empty
    /// body, JSON of another shape.
    NotAnErrorBody {
        /// The response's status.
        status: StatusCode,
        /// The response's `Content-Type`, if any.
        content_type: Option<String>,
        /// The start of the body, as text safe to log.
        snippet: String,
    },
    /// The body is larger than the limit; it was not read whole.
    TooLarge {
        /// The response's status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
        /// The length announced by `Content-Length`, when there was one.
        content_length: Option<u64>,
    },
    /// Reading the body failed.
    #[cfg(feature = "reqwest")]
    Transport(reqwest::Error),
}

/// Decodes the error responses of the API whose catalogue's code type is
/// `C`, with a body limit of your own; [`decode`] decodes the Account API's
/// with [`DEFAULT_BODY_LIMIT`].
///
/// ```
/// use errcat::client::{DecodeError, Decoder};
/// use http::{HeaderMap, StatusCode};
///
/// let decoder = Decoder::new().with_limit(16);
/// let error = decoder.decode(StatusCode::BAD_GATEWAY, &HeaderMap::new(), &[b' '; 17]).unwrap_err();
/// assert!(matches!(error, DecodeError::TooLarge { limit: 16, .. }));
/// ```
///
/// A client of several APIs has a decoder per API, each naming its
/// catalogue, so that every decoded error has its API's type:
///
/// ```
/// use errcat::client::Decoder;
///
/// let accounts: Decoder<errcat::ErrorCode> = Decoder::for_catalogue();
/// # let _ = accounts;
/// ```
#[derive(Debug, Clone)]
pub struct Decoder<C: CatalogueCode = ErrorCode> {
    limit: usize,
    /// A team's own formats, read before the catalogue's.
    own: Vec<Arc<dyn WireFormat>>,
    catalogue: PhantomData<fn() -> C>,
}

impl<C: CatalogueCode> Default for Decoder<C> {
    fn default() -> Decoder<C> {
        Decoder::for_catalogue()
    }
}

/// Decodes an Account API error response with the default body limit; see
/// [`Decoder`] for other catalogues.
pub fn decode(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<ErrorResponse, DecodeError> {
    Decoder::new().decode(status, headers, body)
}

impl Decoder {
    /// A decoder of the Account API's errors with [`DEFAULT_BODY_LIMIT`].
    pub const fn new() -> Decoder {
        Decoder::for_catalogue()
    }
}

impl<C: CatalogueCode> Decoder<C> {
    /// A decoder of the errors of `C`'s catalogue with
    /// [`DEFAULT_BODY_LIMIT`].
    pub const fn for_catalogue() -> Decoder<C> {
        Decoder {
            limit: DEFAULT_BODY_LIMIT,
            own: Vec::new(),
            catalogue: PhantomData,
        }
    }

    /// The same decoder with another body limit, in bytes.
    pub fn with_limit(mut self, limit: usize) -> Decoder<C> {
        self.limit = limit;
        self
    }

    /// The same decoder reading a team's own format too, before the
    /// catalogue's: see [`format`](mod@crate::format).
    ///
    /// ```
    /// use errcat::client::Decoder;
    /// use errcat::format;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let mut body = Vec::new();
    /// errcat::ApiError::invalid_jwt().write_body(&format::JSON_API, &mut body);
    /// let decoder = Decoder::new().with_format(format::json_api::JsonApi);
    /// let response = decoder.decode(StatusCode::UNAUTHORIZED, &HeaderMap::new(), &body)?;
    /// assert_eq!(response.code(), Some(errcat::ErrorCode::InvalidJwt));
    /// assert_eq!(response.format(), "json-api");
    /// # Ok::<(), errcat::client::DecodeError>(())
    /// ```
    pub fn with_format(mut self, format: impl WireFormat) -> Decoder<C> {
        self.own.push(Arc::new(format));
        self
    }

    /// The body limit, in bytes.
    pub const fn limit(&self) -> usize {
        self.limit
    }

    /// Decodes a response from its status, headers and body. A
    /// `Content-Length` over the limit is refused before the body is looked
    /// at, as is a body over the limit.
    pub fn decode(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<ErrorResponse<C>, DecodeError> {
        self.check_length(status, headers)?;
        if body.len() > self.limit {
            return Err(self.too_large(status, headers));
        }
        let (format, decoded) =
            self.read(status, headers, body)
                .ok_or_else(|| DecodeError::NotAnErrorBody {
                    status,
                    content_type: headers
                        .get(CONTENT_TYPE)
                        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
                    snippet: snippet(body),
                })?;
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(RetryAfter::from_header_value);
        Ok(ErrorResponse {
            status,
            decoded,
            retry_after,
            format,
        })
    }

    /// What `body` holds, read by the formats in turn (a team's own, then
    /// the catalogue's; in each group those whose media types have the
    /// response's `Content-Type` first): the first catalogue error one of
    /// them reads, else the first body one of them reads, kept whole.
    fn read(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Option<(&'static str, Decoded<C>)> {
        let catalogue = C::CATALOGUE;
        let formats = || {
            let builtin = format::formats_of(catalogue).map(|format| format as &dyn WireFormat);
            self.own.iter().map(|format| &**format).chain(builtin)
        };
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        let answers = |format: &dyn WireFormat| {
            content_type.is_some_and(|content_type| {
                format.media_types(catalogue).contains_essence(content_type)
            })
        };
        // Those whose media types have the `Content-Type` first, then the
        // others, each group in order; else the first that has a
        // description, else the first.
        let mut unknown: Option<(&'static str, Decoded<C>)> = None;
        let first = formats().filter(|format| answers(*format));
        let then = formats().filter(|format| content_type.is_some() && !answers(*format));
        let rest = formats().filter(|_| content_type.is_none());
        for format in first.chain(then).chain(rest) {
            let Some(reading) = format.read(body) else {
                continue;
            };
            match resolve(status, reading) {
                known @ Decoded::Known(_) => return Some((format.name(), known)),
                Decoded::Unknown(raw) => {
                    let better = match &unknown {
                        None => true,
                        Some((_, Decoded::Unknown(kept))) => {
                            kept.description.is_empty() && !raw.description.is_empty()
                        }
                        Some(_) => false,
                    };
                    if better {
                        unknown = Some((format.name(), Decoded::Unknown(raw)));
                    }
                }
            }
        }
        unknown
    }

    fn check_length(&self, status: StatusCode, headers: &HeaderMap) -> Result<(), DecodeError> {
        match content_length(headers) {
            Some(length) if length > self.limit as u64 => Err(self.too_large(status, headers)),
            _ => Ok(()),
        }
    }

    fn too_large(&self, status: StatusCode, headers: &HeaderMap) -> DecodeError {
        DecodeError::TooLarge {
            status,
            limit: self.limit,
            content_length: content_length(headers),
        }
    }

    /// Reads and decodes an error [`reqwest::Response`]: its body is read
    /// chunk by chunk and reading stops as soon as it passes the limit.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// let response = reqwest::get("http://127.0.0.1:8080/accounts").await?;
    /// if !response.status().is_success() {
    ///     let error = errcat::client::Decoder::new().decode_response(response).await?;
    ///     eprintln!("{} {:?}", error.status(), error.code());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "reqwest")]
    pub async fn decode_response(
        &self,
        mut response: reqwest::Response,
    ) -> Result<ErrorResponse<C>, DecodeError> {
        let status = response.status();
        let headers = response.headers().clone();
        self.check_length(status, &headers)?;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(DecodeError::Transport)? {
            if body.len() + chunk.len() > self.limit {
                return Err(self.too_large(status, &headers));
            }
            body.extend_from_slice(&chunk);
        }
        self.decode(status, &headers, &body)
    }
}

/// Reads and decodes an error [`reqwest::Response`] with the default limit;
/// see [`Decoder::decode_response`].
#[cfg(feature = "reqwest")]
pub async fn decode_response(response: reqwest::Response) -> Result<ErrorResponse, DecodeError> {
    Decoder::new().decode_response(response).await
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// What a body read stands for: the catalogue error when its facts are
/// one, else the body kept whole.
fn resolve<C: CatalogueCode>(status: StatusCode, reading: Reading<'_>) -> Decoded<C> {
    match known(status, &reading) {
        Some(error) => Decoded::Known(error),
        None => Decoded::Unknown(RawError {
            token: reading
                .token
                .or(reading.berlin_group.clone())
                .unwrap_or_default()
                .into_owned(),
            code: reading.code.unwrap_or_default().into_owned(),
            description: reading.description.unwrap_or_default().into_owned(),
            reason: reading.reason.map(Cow::into_owned),
            berlin_group: reading.berlin_group.map(Cow::into_owned),
            catalogue: PhantomData,
        }),
    }
}

/// The catalogue error a reading stands for, when it is one.
fn known<C: CatalogueCode>(status: StatusCode, reading: &Reading<'_>) -> Option<ApiError<C>> {
    let description = reading.description.as_deref().unwrap_or_default();
    let code = if let Some(code) = &reading.code {
        C::from_code(code)?
    } else if let Some(reason) = &reading.reason {
        if reading
            .domain
            .as_deref()
            .is_some_and(|domain| domain != C::CATALOGUE.id())
        {
            return None;
        }
        Index::<C>::of().reasons.get(&**reason).copied()?
    } else {
        let message = reading.berlin_group.as_deref()?;
        return Index::<C>::of()
            .messages
            .get(&status.as_u16())?
            .get(message)?
            .candidates(description)
            .into_iter()
            .find_map(|code| {
                let values = fill_template(code, description)?;
                Some(ApiError::unfilled(code, values).mark_public())
            });
    };
    if let Some(token) = &reading.token {
        if C::Kind::from_token(token) != Some(code.kind()) {
            return None;
        }
    }
    let values = if reading.values.is_empty() || code.placeholders().is_empty() {
        fill_template(code, description)?
    } else {
        Row::of(code)
            .placeholder_keys()
            .iter()
            .map(|key| {
                let (_, value) = reading
                    .values
                    .iter()
                    .find(|(candidate, _)| candidate == key)?;
                Some(Cow::Owned(wire::decode(value).into_owned()))
            })
            .collect::<Option<Vec<_>>>()?
    };
    // A value from the wire was public already.
    Some(ApiError::unfilled(code, values).mark_public())
}

/// A catalogue's codes by AIP-193 reason and by status and Berlin Group
/// message code, each list in the catalogue's order: what resolves a body
/// that does not carry the code. Built once per catalogue, at first use, so
/// that a reason is found in a time that does not grow with the catalogue.
struct Index<C> {
    reasons: HashMap<&'static str, C>,
    messages: HashMap<u16, HashMap<&'static str, Heads<C>>>,
}

/// The rows of one status and message code by the literal head of their
/// description, which a body's text starts with: many rows may share a
/// message code (a bank's 400s are mostly `FORMAT_ERROR`), few share a head.
struct Heads<C> {
    /// Each head's rows, with their place in the catalogue.
    rows: HashMap<&'static str, Vec<(usize, C)>>,
    /// The lengths the heads have, each once, shortest first.
    lengths: Vec<usize>,
}

impl<C: Copy> Heads<C> {
    /// The rows whose head `description` starts with, in the catalogue's
    /// order.
    fn candidates(&self, description: &str) -> Vec<C> {
        let mut found: Vec<(usize, C)> = Vec::new();
        for &length in &self.lengths {
            if length > description.len() {
                break;
            }
            let Some(head) = description.get(..length) else {
                continue;
            };
            if let Some(rows) = self.rows.get(head) {
                found.extend_from_slice(rows);
            }
        }
        found.sort_unstable_by_key(|&(place, _)| place);
        found.into_iter().map(|(_, code)| code).collect()
    }
}

impl<C: CatalogueCode> Index<C> {
    fn build() -> Index<C> {
        let mut index = Index {
            reasons: HashMap::with_capacity(C::all().len()),
            messages: HashMap::new(),
        };
        for (place, &code) in C::all().iter().enumerate() {
            index.reasons.entry(code.aip_reason()).or_insert(code);
            if let Some(message) = code.berlin_group_code() {
                let heads = index
                    .messages
                    .entry(code.status().as_u16())
                    .or_default()
                    .entry(message)
                    .or_insert_with(|| Heads {
                        rows: HashMap::new(),
                        lengths: Vec::new(),
                    });
                let head = Row::of(code).head();
                heads.rows.entry(head).or_default().push((place, code));
                if let Err(at) = heads.lengths.binary_search(&head.len()) {
                    heads.lengths.insert(at, head.len());
                }
            }
        }
        index
    }

    /// `C`'s index, built on the first call.
    fn of() -> &'static Index<C> {
        type Indexes = RwLock<HashMap<TypeId, &'static (dyn Any + Send + Sync)>>;
        static INDEXES: OnceLock<Indexes> = OnceLock::new();
        let indexes = INDEXES.get_or_init(Indexes::default);
        let id = TypeId::of::<C>();
        let built = indexes
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .copied();
        let index = built.unwrap_or_else(|| {
            *indexes
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(id)
                .or_insert_with(|| Box::leak(Box::new(Index::<C>::build())))
        });
        // Keyed by the type: the downcast holds.
        index
            .downcast_ref()
            .unwrap_or_else(|| Box::leak(Box::new(Index::build())))
    }
}

/// How many placeholders a row may have for [`fill_template`] to match
/// them without allocating.
const STACK_PLACEHOLDERS: usize = 8;

/// The value of each placeholder of `code` (in `code.placeholders()` order)
/// that makes its template read `description`.
fn fill_template<C: CatalogueCode>(code: C, description: &str) -> Option<Vec<Cow<'static, str>>> {
    let row = Row::of(code);
    let text = description.strip_prefix(row.head())?;
    if row.gap_count() == 0 {
        return text.is_empty().then(Vec::new);
    }
    let count = code.placeholders().len();
    let mut stack = [None; STACK_PLACEHOLDERS];
    let mut heap = Vec::new();
    let values: &mut [Option<&str>] = if count <= STACK_PLACEHOLDERS {
        &mut stack[..count]
    } else {
        heap.resize(count, None);
        &mut heap
    };
    match_gaps(row.gaps(), text, values)?;
    let mut decoded = Vec::with_capacity(count);
    for value in values.iter() {
        decoded.push(Cow::Owned(wire::decode((*value)?).into_owned()));
    }
    Some(decoded)
}

/// Matches `text` (the description after its first literal piece) against
/// `gaps`, setting each placeholder's wire form in `values`.
fn match_gaps<'a, C: CatalogueCode>(
    mut gaps: Gaps<C>,
    mut text: &'a str,
    values: &mut [Option<&'a str>],
) -> Option<()> {
    while let Some((slot, piece)) = gaps.next() {
        let last = gaps.len() == 0;
        let (value, after) = if last {
            (text.strip_suffix(piece)?, "")
        } else if piece.is_empty() {
            // Two placeholders side by side: nothing tells them apart.
            return None;
        } else {
            let at = text.find(piece)?;
            (&text[..at], &text[at + piece.len()..])
        };
        let slot = values.get_mut(slot)?;
        match slot {
            Some(earlier) if *earlier != value => return None,
            _ => *slot = Some(value),
        }
        text = after;
    }
    Some(())
}

/// The start of a body, as one line of text safe to log.
fn snippet(body: &[u8]) -> String {
    let mut end = body.len().min(SNIPPET_LEN);
    let text = loop {
        match std::str::from_utf8(&body[..end]) {
            Ok(text) => break Cow::Borrowed(text),
            Err(error) if error.error_len().is_none() => end = error.valid_up_to(),
            Err(_) => break String::from_utf8_lossy(&body[..end]),
        }
    };
    let mut snippet = LogSafe(&text).to_string();
    if end < body.len() {
        snippet.push('…');
    }
    snippet
}

impl<C: CatalogueCode> ErrorResponse<C> {
    /// The response's HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The name of the format the body was read in: `"oauth"`, `"problem"`,
    /// or a team's own.
    pub fn format(&self) -> &'static str {
        self.format
    }

    /// What the body holds.
    pub fn decoded(&self) -> &Decoded<C> {
        &self.decoded
    }

    /// The body, taken out of the response.
    pub fn into_decoded(self) -> Decoded<C> {
        self.decoded
    }

    /// The catalogue error, when the body is one.
    pub fn api_error(&self) -> Option<&ApiError<C>> {
        match &self.decoded {
            Decoded::Known(error) => Some(error),
            Decoded::Unknown(_) => None,
        }
    }

    /// The catalogue code of the body, also when the rest of the body did
    /// not match it (then [`decoded`](Self::decoded) is `Unknown`).
    pub fn code(&self) -> Option<C> {
        match &self.decoded {
            Decoded::Known(error) => Some(error.code()),
            Decoded::Unknown(raw) => raw.code(),
        }
    }

    /// When the server said the request may be tried again: the response's
    /// `Retry-After` (a 429's quota, a 503's down-time), `None` when it had
    /// none or one that is neither seconds nor an HTTP-date.
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::RetryAfter;
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("120"));
    /// let body = errcat::ApiError::quota_exceeded().to_json();
    /// let response = errcat::client::decode(StatusCode::TOO_MANY_REQUESTS, &headers, body.as_bytes())?;
    /// assert_eq!(response.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(120))));
    /// assert!(response.is_transient());
    /// # Ok::<(), errcat::client::DecodeError>(())
    /// ```
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.retry_after
    }

    /// Whether the same request may succeed later: the server said when
    /// ([`retry_after`](Self::retry_after)), or the status is one that
    /// passes (408, 429, 502, 503, 504). Other errors need the request to
    /// change.
    pub fn is_transient(&self) -> bool {
        self.retry_after.is_some()
            || matches!(
                self.status,
                StatusCode::REQUEST_TIMEOUT
                    | StatusCode::TOO_MANY_REQUESTS
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            )
    }

    /// The status the catalogue gives the body's code, when the response
    /// came with another one. A proxy or a server that disagrees with the
    /// catalogue is reported here rather than hidden.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let body = errcat::ApiError::invalid_jwt().to_json();
    /// let response = errcat::client::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes())?;
    /// assert_eq!(response.status_mismatch(), Some(StatusCode::UNAUTHORIZED));
    /// # Ok::<(), errcat::client::DecodeError>(())
    /// ```
    pub fn status_mismatch(&self) -> Option<StatusCode> {
        let expected = self.code()?.status();
        (expected != self.status).then_some(expected)
    }
}

impl<C: CatalogueCode> RawError<C> {
    /// The token as sent (for a Berlin Group body, its message code);
    /// empty when the body had none.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The code as sent; empty when the body had none.
    pub fn code_text(&self) -> &str {
        &self.code
    }

    /// The description as sent.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The AIP-193 reason, when the body had one.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// The Berlin Group message code, when the body had one.
    pub fn berlin_group(&self) -> Option<&str> {
        self.berlin_group.as_deref()
    }

    /// The catalogue code of [`code_text`](Self::code_text) (or of the
    /// reason), when this build knows it.
    pub fn code(&self) -> Option<C> {
        C::from_code(&self.code).or_else(|| {
            let reason = self.reason.as_deref()?;
            C::all()
                .iter()
                .copied()
                .find(|code| code.aip_reason() == reason)
        })
    }
}

impl<C: CatalogueCode> fmt::Display for ErrorResponse<C> {
    /// One log line: the status, the code and the description.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.status)?;
        match &self.decoded {
            Decoded::Known(error) => write!(f, "{} {error}", error.code()),
            Decoded::Unknown(raw) => write!(
                f,
                "{} {}",
                LogSafe(if raw.code.is_empty() {
                    &raw.token
                } else {
                    &raw.code
                }),
                LogSafe(&raw.description)
            ),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotAnErrorBody {
                status,
                content_type,
                snippet,
            } => {
                write!(f, "{status} response is not an error body")?;
                if let Some(content_type) = content_type {
                    write!(f, " ({})", LogSafe(content_type))?;
                }
                write!(f, ": {snippet:?}")
            }
            DecodeError::TooLarge {
                status,
                limit,
                content_length: Some(length),
            } => write!(
                f,
                "{status} response body of {length} bytes is over the limit of {limit} bytes"
            ),
            DecodeError::TooLarge { status, limit, .. } => write!(
                f,
                "{status} response body is over the limit of {limit} bytes"
            ),
            #[cfg(feature = "reqwest")]
            DecodeError::Transport(error) => write!(f, "reading the response body failed: {error}"),
        }
    }
}

impl Error for DecodeError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            #[cfg(feature = "reqwest")]
            DecodeError::Transport(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(status: u16, body: &str) -> Result<ErrorResponse, DecodeError> {
        decode(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
        )
    }

    #[test]
    fn problem_documents_decode_like_the_api_body() {
        let error = ApiError::version_not_found("1, 2");
        let response = decoded(404, &error.to_problem_json()).unwrap();
        assert_eq!(response.api_error(), Some(&error.clone().mark_public()));
        let response = decoded(404, &error.to_json()).unwrap();
        assert_eq!(response.api_error().unwrap().value("input"), Some("1, 2"));
    }

    #[test]
    fn tokens_match_in_any_case_and_must_be_the_codes_own() {
        for token in ["missing_input", "MISSING_INPUT", "Missing_Input"] {
            let body = format!(
                r#"{{"error":"{token}","error_code":"GEN-1201-100001","error_description":"Missing required header input 'X'"}}"#
            );
            assert!(
                decoded(400, &body).unwrap().api_error().is_some(),
                "{token}"
            );
        }
        let body = r#"{"error":"invalid_input","error_code":"GEN-1201-100001","error_description":"Missing required header input 'X'"}"#;
        let response = decoded(400, body).unwrap();
        assert!(matches!(response.decoded(), Decoded::Unknown(_)));
        assert_eq!(response.code(), Some(ErrorCode::MissingHeaderInput));
    }

    #[test]
    fn a_description_off_its_template_is_kept_whole() {
        let body = r#"{"error":"missing_input","error_code":"GEN-1201-100001","error_description":"Header manquant : Request-ID"}"#;
        let response = decoded(400, body).unwrap();
        let Decoded::Unknown(raw) = response.decoded() else {
            panic!("{response:?}");
        };
        assert_eq!(raw.description(), "Header manquant : Request-ID");
        assert_eq!(raw.code(), Some(ErrorCode::MissingHeaderInput));
        // A code without placeholders takes its description exactly.
        let body = r#"{"error":"failed_security_validation","error_code":"GEN-1203-100010","error_description":"Invalid JWT!"}"#;
        assert!(decoded(401, body).unwrap().api_error().is_none());
    }

    /// Found by fuzzing (fuzz/artifacts crash-41cfaabc): a server may send a
    /// value longer than errcat's own wire bound. The client keeps it whole;
    /// only sending it on again cuts it.
    #[test]
    fn a_received_value_over_the_wire_bound_is_kept_whole() {
        let long = format!("{}c%MC3%A9", "x".repeat(600));
        let body = format!(
            r#"{{"error":"missing_input","error_code":"GEN-1201-100001","error_description":"Missing required header input '{long}'"}}"#
        );
        let response = decoded(400, &body).unwrap();
        let error = response.api_error().unwrap();
        assert_eq!(error.value("input"), Some(long.as_str()));
        let again = decoded(400, &error.to_json()).unwrap();
        let cut = again
            .api_error()
            .unwrap()
            .value("input")
            .unwrap()
            .to_owned();
        let kept = cut.strip_suffix('…').unwrap();
        assert!(long.starts_with(kept), "{cut}");
    }

    #[test]
    fn what_is_not_an_error_body_is_a_typed_error() {
        for body in [
            "",
            "null",
            "[]",
            "{}",
            r#"{"error_code":42}"#,
            "<html>",
            "\u{0}\u{ff}",
        ] {
            let error = decoded(502, body).unwrap_err();
            assert!(
                matches!(error, DecodeError::NotAnErrorBody { status, .. } if status == 502),
                "{body:?}"
            );
        }
    }

    #[test]
    fn the_limit_is_checked_before_the_body_is_read() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_LENGTH, "1000000".parse().unwrap());
        let error = Decoder::new()
            .decode(StatusCode::BAD_GATEWAY, &headers, b"{}")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "502 Bad Gateway response body of 1000000 bytes is over the limit of 65536 bytes"
        );
    }

    #[test]
    fn snippets_are_short_single_lines() {
        let body = format!("<html>\r\n{}", "é".repeat(500));
        let error = decoded(503, &body).unwrap_err();
        let DecodeError::NotAnErrorBody { snippet, .. } = &error else {
            panic!("{error:?}");
        };
        assert!(snippet.starts_with("<html>\\r\\né"));
        assert!(snippet.ends_with('…'));
        assert!(snippet.len() <= SNIPPET_LEN + 10);
    }
}
