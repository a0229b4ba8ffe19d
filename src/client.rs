//! Decoding error responses: from (status, headers, body) to a typed result.
//!
//! ```
//! use errcat::client::{self, Decoded};
//! use errcat::ErrorCode;
//! use http::{HeaderMap, StatusCode};
//!
//! let body = br#"{"error":"MISSING_INPUT","error_code":"GEN-1201-100001","error_description":"Missing required header input 'Request-ID'"}"#;
//! let response = client::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body)?;
//! let error = response.api_error().expect("a catalogue error");
//! assert_eq!(error.code(), ErrorCode::MissingHeaderInput);
//! assert_eq!(error.value("input"), Some("Request-ID"));
//! assert_eq!(response.status_mismatch(), None);
//!
//! // A code this build does not know is kept whole: a new server code never
//! // breaks a client.
//! let body = br#"{"error":"new_token","error_code":"GEN-9999-000001","error_description":"Something new"}"#;
//! let response = client::decode(StatusCode::CONFLICT, &HeaderMap::new(), body)?;
//! let Decoded::Unknown(raw) = response.decoded() else { unreachable!() };
//! assert_eq!(raw.error_code(), "GEN-9999-000001");
//! assert_eq!(raw.error_description(), "Something new");
//! # Ok::<(), errcat::client::DecodeError>(())
//! ```
//!
//! Both bodies a server may answer with are read: the API's own
//! (`error`, `error_code`, `error_description`) and the RFC 9457 problem
//! document of [`crate::problem`] (`error`, `error_code`, `detail`). The token
//! is matched in any case. Placeholder values are recovered by matching the
//! description against the code's template and percent-decoding what fills
//! each gap (the server side's wire encoding; text that is not
//! percent-encoding is taken as it is).

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::marker::PhantomData;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, StatusCode};
use serde::Deserialize;

use crate::catalogue::tables::{Gaps, Row};
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
    error: String,
    error_code: String,
    error_description: String,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoder<C: CatalogueCode = ErrorCode> {
    limit: usize,
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
            catalogue: PhantomData,
        }
    }

    /// The same decoder with another body limit, in bytes.
    pub const fn with_limit(self, limit: usize) -> Decoder<C> {
        Decoder {
            limit,
            catalogue: PhantomData,
        }
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
        let members = members(body).ok_or_else(|| DecodeError::NotAnErrorBody {
            status,
            content_type: headers
                .get(CONTENT_TYPE)
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
            snippet: snippet(body),
        })?;
        let decoded = members.decoded();
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(RetryAfter::from_header_value);
        Ok(ErrorResponse {
            status,
            decoded,
            retry_after,
        })
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

/// Either body format, borrowed where the JSON has no escapes: what serde
/// reads when [`flat`] does not.
#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    error: Option<Cow<'a, str>>,
    #[serde(borrow)]
    error_code: Cow<'a, str>,
    #[serde(borrow)]
    error_description: Option<Cow<'a, str>>,
    #[serde(borrow)]
    detail: Option<Cow<'a, str>>,
}

/// The members of an error body that decoding reads.
#[derive(Debug, PartialEq, Eq)]
struct Members<'a> {
    error: Option<Cow<'a, str>>,
    error_code: Cow<'a, str>,
    description: Option<Cow<'a, str>>,
}

/// The members of `body`, or `None` when it is not an error body: read by
/// [`flat`] when the body is the flat object servers send, else by serde.
fn members(body: &[u8]) -> Option<Members<'_>> {
    flat(body).or_else(|| serde_members(body))
}

/// The members as serde_json reads them into [`Body`]: the reference that
/// [`flat`] must agree with.
fn serde_members(body: &[u8]) -> Option<Members<'_>> {
    let body: Body<'_> = serde_json::from_slice(body).ok()?;
    Some(Members {
        error: body.error,
        error_code: body.error_code,
        description: body.error_description.or(body.detail),
    })
}

impl Members<'_> {
    fn decoded<C: CatalogueCode>(self) -> Decoded<C> {
        let error = self.error.as_deref().unwrap_or_default();
        let description = self.description.as_deref().unwrap_or_default();
        if let Some(known) = known(error, &self.error_code, description) {
            return Decoded::Known(known);
        }
        Decoded::Unknown(RawError {
            error: self.error.unwrap_or_default().into_owned(),
            error_code: self.error_code.into_owned(),
            error_description: self.description.unwrap_or_default().into_owned(),
            catalogue: PhantomData,
        })
    }
}

/// A JSON value of a member, as [`flat`] reads it.
enum Value<'a> {
    /// A string without escapes.
    Text(&'a str),
    Null,
    /// A number, `true` or `false`: valid, and not a string.
    Other,
}

/// The members of an error body that is a flat JSON object whose strings
/// have no escapes and whose values are strings, numbers, `true`, `false`
/// or `null`, with no member of [`Body`] twice: what servers send, read in
/// one pass without serde. `None` for anything else, which serde then reads
/// (and rejects, when it is not an error body): where this returns a value,
/// serde reads the same one (a property test and the fuzz corpus compare
/// the two).
fn flat(body: &[u8]) -> Option<Members<'_>> {
    // Validated once, whole: the strings are then slices of it.
    let mut json = Scanner {
        text: std::str::from_utf8(body).ok()?,
        bytes: body,
        at: 0,
    };
    json.space();
    json.expect(b'{')?;
    json.space();
    let (mut error, mut error_code, mut description, mut detail) = (None, None, None, None);
    if json.peek() == Some(b'}') {
        json.at += 1;
    } else {
        loop {
            let key = json.string()?;
            json.space();
            json.expect(b':')?;
            json.space();
            let value = json.value()?;
            let member = match key {
                "error" => &mut error,
                "error_code" => &mut error_code,
                "error_description" => &mut description,
                "detail" => &mut detail,
                _ => &mut None,
            };
            if member.replace(value).is_some() {
                // serde refuses a duplicate member.
                return None;
            }
            json.space();
            match json.next()? {
                b',' => json.space(),
                b'}' => break,
                _ => return None,
            }
        }
    }
    json.space();
    if json.at != body.len() {
        return None;
    }
    fn text(value: Option<Value<'_>>) -> Option<Option<Cow<'_, str>>> {
        match value {
            None | Some(Value::Null) => Some(None),
            Some(Value::Text(text)) => Some(Some(Cow::Borrowed(text))),
            Some(Value::Other) => None,
        }
    }
    let (error, error_code) = (text(error)?, text(error_code)??);
    let (description, detail) = (text(description)?, text(detail)?);
    Some(Members {
        error,
        error_code,
        description: description.or(detail),
    })
}

/// A cursor over a JSON text, for [`flat`].
struct Scanner<'a> {
    text: &'a str,
    /// `text`'s bytes.
    bytes: &'a [u8],
    at: usize,
}

/// The high bit of each byte of `word` that is `"`, `\` or a control
/// character; exact up to the lowest one set (the borrows of the
/// subtractions only reach bytes above a byte that is one).
#[inline(always)]
fn string_ends(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero = |word: u64| word.wrapping_sub(ONES) & !word;
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    (zero(quote) | zero(backslash) | control) & HIGH
}

impl<'a> Scanner<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline]
    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// Skips JSON's whitespace: space, tab, line feed, carriage return.
    #[inline]
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string without escapes or control characters, read eight bytes at
    /// a time.
    #[inline]
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let mut at = start;
        let end = loop {
            match self.bytes.get(at..at + 8) {
                Some(chunk) => {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(chunk);
                    let ends = string_ends(u64::from_le_bytes(word));
                    if ends == 0 {
                        at += 8;
                        continue;
                    }
                    at += (ends.trailing_zeros() / 8) as usize;
                }
                None => {
                    while !matches!(self.bytes.get(at)?, b'"' | b'\\' | 0..0x20) {
                        at += 1;
                    }
                }
            }
            break at;
        };
        if self.bytes[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        self.text.get(start..end)
    }

    fn value(&mut self) -> Option<Value<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Value::Text),
            b'n' => self.word(b"null").map(|()| Value::Null),
            b't' => self.word(b"true").map(|()| Value::Other),
            b'f' => self.word(b"false").map(|()| Value::Other),
            b'-' | b'0'..=b'9' => self.number().map(|()| Value::Other),
            _ => None,
        }
    }

    fn word(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(0)?,
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.digits(1)?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.digits(1)?;
        }
        Some(())
    }

    /// Skips digits; `None` when there are fewer than `least`.
    fn digits(&mut self, least: usize) -> Option<()> {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        (self.at - start >= least).then_some(())
    }
}

/// The catalogue error a body's members stand for, when they are one.
fn known<C: CatalogueCode>(
    error: &str,
    error_code: &str,
    description: &str,
) -> Option<ApiError<C>> {
    let code = C::from_code(error_code)?;
    if C::Kind::from_token(error) != Some(code.kind()) {
        return None;
    }
    let values = fill_template(code, description)?;
    // A value from the wire was public already.
    Some(ApiError::unfilled(code, values).mark_public())
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
    /// The `error` member, as sent.
    pub fn error(&self) -> &str {
        &self.error
    }

    /// The `error_code` member, as sent.
    pub fn error_code(&self) -> &str {
        &self.error_code
    }

    /// The `error_description` (or problem `detail`) member, as sent.
    pub fn error_description(&self) -> &str {
        &self.error_description
    }

    /// The catalogue code of `error_code`, when this build knows it.
    pub fn code(&self) -> Option<C> {
        C::from_code(&self.error_code)
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
                LogSafe(&raw.error_code),
                LogSafe(&raw.error_description)
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
        assert_eq!(raw.error_description(), "Header manquant : Request-ID");
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

    /// The word-wise scan stops at the first `"`, `\` or control byte, and
    /// only there, whatever surrounds it.
    #[test]
    fn the_string_scan_finds_the_first_end_of_a_string() {
        for byte in 0..=255u8 {
            for filler in [b'a', 0x00, b'"', 0x1f, 0x20, 0x21, 0x5d, 0x7f, 0x80, 0xff] {
                for position in 0..8 {
                    let mut bytes = [b'a'; 8];
                    bytes[position] = byte;
                    for later in bytes.iter_mut().skip(position + 1) {
                        *later = filler;
                    }
                    let first = bytes
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
                    let ends = string_ends(u64::from_le_bytes(bytes));
                    let found = (ends != 0).then(|| (ends.trailing_zeros() / 8) as usize);
                    assert_eq!(found, first, "{bytes:?}");
                }
            }
        }
    }

    /// The bodies errcat writes take the one-pass reader, never serde.
    #[test]
    fn the_bodies_errcat_writes_are_read_in_one_pass() {
        for code in ErrorCode::ALL {
            let values = code
                .placeholders()
                .iter()
                .map(|name| (*name, "a \"b\" 100% é"));
            let error = ApiError::with_values(code, values).unwrap().mark_public();
            for body in [error.to_json(), error.to_problem_json()] {
                let read = flat(body.as_bytes());
                assert!(read.is_some(), "{body}");
                assert_eq!(read, serde_members(body.as_bytes()), "{body}");
            }
        }
    }

    /// JSON-ish text in pieces: members of every kind, whitespace legal and
    /// not, escapes, duplicates, numbers valid and not, nesting.
    fn json_ish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        // Mostly valid pieces, so that most bodies are JSON, and now and then
        // one that is not.
        let key = prop_oneof![
            2 => Just("\"error\""),
            1 => Just("\"error_code\""),
            2 => Just("\"error_description\""),
            2 => Just("\"detail\""),
            3 => Just("\"status\""),
            3 => Just("\"type\""),
            3 => Just("\"title\""),
            1 => Just("\"err\\u006fr\""),
            1 => Just("\"\""),
            1 => Just("\"\u{e9}\u{2028}\""),
        ];
        let value = prop_oneof![
            4 => Just("\"missing_input\"".to_owned()),
            2 => Just("\"MISSING_INPUT\"".to_owned()),
            4 => Just("\"GEN-1201-100001\"".to_owned()),
            4 => Just("\"Missing required header input 'X%20'\"".to_owned()),
            2 => "\"[^\"\\\\]{0,6}\"",
            2 => "\"([a-z%]|\\\\[nu\"\\\\]|\\\\u00e9){0,4}\"",
            3 => "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,2})?([eE][+-]?[0-9]{1,2})?",
            1 => "(01|1\\.|-|1e|\\.5|\\+1|0x1)",
            3 => "(null|true|false)",
            1 => "(nul|tru|NULL)",
            1 => "(\\{\\}|\\[\\]|\\[1\\]|\\{\"a\":1\\})",
        ];
        let space = prop_oneof![20 => "[ \t\n\r]{0,2}", 1 => "[\x0c\x00\u{a0}]"];
        let colon = prop_oneof![30 => Just(":"), 1 => Just(""), 1 => Just("=")];
        let member = (
            space.clone(),
            key,
            space.clone(),
            colon,
            space.clone(),
            value,
            space,
        );
        let code = prop_oneof![
            8 => Just("\"error_code\":\"GEN-1201-100001\""),
            1 => Just("\"error_code\":null"),
            1 => Just("\"error_code\":1"),
            1 => Just(""),
        ];
        (
            code,
            prop::collection::vec(member, 0..5),
            prop_oneof![20 => Just("{"), 1 => Just("["), 1 => Just("")],
            prop_oneof![20 => Just("}"), 1 => Just("]"), 1 => Just(""), 1 => Just("} x"), 1 => Just("}}")],
            prop_oneof![20 => Just(","), 1 => Just(",,"), 1 => Just(" ")],
        )
            .prop_map(|(code, members, open, close, comma)| {
                let mut members: Vec<String> = members
                    .into_iter()
                    .map(|(a, key, b, colon, c, value, d)| format!("{a}{key}{b}{colon}{c}{value}{d}"))
                    .collect();
                if !code.is_empty() {
                    let at = members.len() / 2;
                    members.insert(at, code.to_owned());
                }
                format!("{open}{}{close}", members.join(comma))
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Where the one-pass reader reads a body, serde reads the same
        /// members from it.
        #[test]
        fn the_one_pass_reader_agrees_with_serde(body in json_ish()) {
            if let Some(read) = flat(body.as_bytes()) {
                proptest::prop_assert_eq!(Some(read), serde_members(body.as_bytes()), "{}", body);
            }
        }

        /// The same for a real body with any byte changed.
        #[test]
        fn a_changed_byte_reads_as_serde_reads_it(
            index in 0usize..ErrorCode::COUNT,
            at in proptest::prelude::any::<proptest::sample::Index>(),
            byte in proptest::prelude::any::<u8>(),
            problem in proptest::prelude::any::<bool>(),
        ) {
            let code = ErrorCode::ALL[index];
            let values = code.placeholders().iter().map(|name| (*name, "x"));
            let error = ApiError::with_values(code, values).unwrap();
            let mut body = if problem { error.to_problem_json() } else { error.to_json() }.into_bytes();
            let at = at.index(body.len());
            body[at] = byte;
            if let Some(read) = flat(&body) {
                proptest::prop_assert_eq!(Some(read), serde_members(&body));
            }
        }
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
