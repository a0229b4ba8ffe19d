//! Reading an `Accept` header as RFC 9110 §12.5.1 says: each media type a
//! server can send gets the quality of the most specific range that matches
//! it. The rules are on [`Accept`].

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use http::HeaderValue;

/// An `Accept` header, read as RFC 9110 §12.5.1 says.
///
/// The rules, one for every use (the error layer and any server's own
/// checks):
///
/// - **Grammar.** The header is a comma-separated list of media ranges,
///   `type/subtype` followed by `;name=value` parameters (a value is a token
///   or a quoted string), with optional whitespace around `,` and `;`. Type,
///   subtype and parameter names match in any case. Empty list elements are
///   skipped. A header with a quoted string left open cannot be split into
///   ranges and is read as naming none.
/// - **Ignored ranges.** A range that does not follow the grammar, a `*/x`
///   range, or one whose `q` is invalid is ignored entirely, as if absent.
///   A valid `q` is a decimal number from 0 to 1: digits, optionally a point
///   and more digits (`1`, `0.5`, `0.125`, also `0.5000` and `-0`), quoted or
///   not. Anything else (`NaN`, `inf`, `-1`, `2`, `.5`, `1.`, `1e0`, `+1`,
///   `""`, a second `q`) makes the range invalid. This is werkzeug's rule;
///   negotiator reads the same numbers alike.
/// - **Empty parameters.** A parameter with nothing after its `=` counts as
///   absent: `q=` leaves the quality at 1, as werkzeug and negotiator read
///   it.
/// - **Parameters.** Every parameter other than `q` narrows a
///   `type/subtype` range: it matches only a media type that has the same
///   parameters with the same values (values compared in any case), whatever
///   other parameters the type has. So `application/vnd.example+json;
///   version=1` matches that type with `version=1` and not the bare
///   `application/vnd.example+json`. On `*/*` and `type/*` parameters
///   narrow nothing (a parameter means what its type defines, and a
///   wildcard names no type), as in werkzeug.
/// - **Specificity.** `*/*` < `type/*` < `type/subtype` (a `+json` suffix is
///   part of the subtype), and among ranges of one kind, the more parameters
///   the more specific. The quality of a media type is that of the most
///   specific ranges that match it, the highest of them when several are
///   equally specific; a type no range matches has none (it is not
///   acceptable), and quality 0 means refused.
///
/// ```
/// use errcat::format::Accept;
///
/// let accept = Accept::new("application/json;q=0.5, application/*;q=0.1, */*;q=0");
/// assert_eq!(accept.quality("application/json").unwrap().value(), 0.5);
/// // The most specific range decides: `application/*`, not `*/*`.
/// assert_eq!(accept.quality("application/problem+json").unwrap().value(), 0.1);
/// assert!(!accept.accepts("text/html"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accept<'a> {
    header: &'a str,
}

impl<'a> Accept<'a> {
    /// The header's text, read lazily: nothing is parsed or allocated until
    /// it is asked something.
    pub const fn new(header: &'a str) -> Accept<'a> {
        Accept { header }
    }

    /// A request's `Accept` header value, when it has one that is text
    /// (visible ASCII).
    ///
    /// ```
    /// use errcat::format::Accept;
    /// use http::HeaderValue;
    ///
    /// let value = HeaderValue::from_static("application/json");
    /// assert!(Accept::from_header(Some(&value)).is_some_and(|accept| accept.accepts("application/json")));
    /// assert_eq!(Accept::from_header(None), None);
    /// ```
    pub fn from_header(value: Option<&'a HeaderValue>) -> Option<Accept<'a>> {
        value.and_then(|value| value.to_str().ok()).map(Accept::new)
    }

    /// The valid media ranges, in the header's order; invalid ones are left
    /// out.
    ///
    /// ```
    /// use errcat::format::Accept;
    ///
    /// let accept = Accept::new("text/html;q=NaN, application/vnd.example+json; version=2;q=0.9");
    /// let ranges: Vec<_> = Accept::ranges(&accept).collect();
    /// assert_eq!(ranges.len(), 1);
    /// assert_eq!(ranges[0].essence(), "application/vnd.example+json");
    /// assert_eq!(ranges[0].param("version").as_deref(), Some("2"));
    /// assert_eq!(ranges[0].quality().value(), 0.9);
    /// ```
    pub fn ranges(&self) -> impl Iterator<Item = MediaRange<'a>> + use<'a> {
        // A quoted string left open leaves no way to tell where elements end.
        let header = if quotes_close(self.header) {
            self.header
        } else {
            ""
        };
        elements(header).filter_map(MediaRange::parse)
    }

    /// The quality the header gives `media_type` (`type/subtype`, with
    /// parameters if it has any): that of the most specific ranges that
    /// match it, or `None` when no range matches it.
    ///
    /// ```
    /// use errcat::format::Accept;
    ///
    /// let accept = Accept::new("application/*;q=0.8, application/json;q=0, application/vnd.example+json; version=1");
    /// assert_eq!(accept.quality("application/json").unwrap().value(), 0.0);
    /// assert_eq!(accept.quality("application/problem+json").unwrap().value(), 0.8);
    /// assert_eq!(accept.quality("application/vnd.example+json; version=1").unwrap().value(), 1.0);
    /// // The range names a parameter this type does not have.
    /// assert_eq!(accept.quality("application/vnd.example+json").unwrap().value(), 0.8);
    /// assert_eq!(accept.quality("text/plain"), None);
    /// ```
    pub fn quality(&self, media_type: &str) -> Option<Quality> {
        self.best_match(media_type).map(|(quality, _)| quality)
    }

    /// Whether the header accepts `media_type`: a range matches it and its
    /// quality is above 0.
    ///
    /// ```
    /// use errcat::format::Accept;
    ///
    /// let accept = Accept::new("application/json;q=0, */*;q=0.1");
    /// assert!(!accept.accepts("application/json"));
    /// assert!(accept.accepts("application/problem+json"));
    /// // An invalid q leaves the range out: only `*/*` is left.
    /// assert!(Accept::new("application/json;q=-1, */*").accepts("application/json"));
    /// ```
    pub fn accepts(&self, media_type: &str) -> bool {
        self.quality(media_type).is_some_and(Quality::is_acceptable)
    }

    /// The quality of `media_type` and how specific the range that gave it
    /// is, or `None` when no range matches (or `media_type` is not a media
    /// type).
    pub(crate) fn best_match(&self, media_type: &str) -> Option<(Quality, Specificity)> {
        let offered = MediaRange::parse(media_type)?;
        let mut best: Option<(Quality, Specificity)> = None;
        for range in self.ranges() {
            let Some(specificity) = range.specificity_for(&offered) else {
                continue;
            };
            let candidate = (range.quality, specificity);
            best = Some(match best {
                Some(current) if (current.1, current.0) >= (candidate.1, candidate.0) => current,
                _ => candidate,
            });
        }
        best
    }
}

/// How specific a media range is: `*/*`, `type/*`, `type/subtype`, each
/// the more specific the more parameters it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Specificity {
    level: Level,
    parameters: usize,
}

impl Specificity {
    /// Whether the range named the media type itself, not a wildcard.
    pub(crate) fn is_exact(self) -> bool {
        self.level == Level::Exact
    }

    /// How many parameters other than `q` the range named.
    pub(crate) fn parameters(self) -> usize {
        self.parameters
    }
}

/// How many parameters other than `q` `media_type` has; 0 when it is not a
/// media type.
pub(crate) fn parameter_count(media_type: &str) -> usize {
    MediaRange::parse(media_type).map_or(0, |offered| {
        parameters(offered.params)
            .filter(|(name, _)| !name.eq_ignore_ascii_case("q"))
            .count()
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Any,
    AnySubtype,
    Exact,
}

/// One valid media range of an `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MediaRange<'a> {
    essence: &'a str,
    ty: &'a str,
    subtype: &'a str,
    /// The parameters' text, from the first `;` on (`q` included).
    params: &'a str,
    quality: Quality,
}

impl<'a> MediaRange<'a> {
    /// The range's `type/subtype`, as written.
    pub fn essence(&self) -> &'a str {
        self.essence
    }

    /// The range's type (`application`, or `*`).
    pub fn ty(&self) -> &'a str {
        self.ty
    }

    /// The range's subtype (`problem+json`, or `*`).
    pub fn subtype(&self) -> &'a str {
        self.subtype
    }

    /// The value of the parameter `name` (any case), unquoted; never `q`,
    /// which is [`quality`](Self::quality).
    pub fn param(&self, name: &str) -> Option<Cow<'a, str>> {
        if name.eq_ignore_ascii_case("q") {
            return None;
        }
        parameters(self.params)
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| unquote(value))
    }

    /// The range's quality: its `q`, or 1.
    pub fn quality(&self) -> Quality {
        self.quality
    }

    /// Whether the range matches `media_type` (`type/subtype`, with
    /// parameters if it has any).
    ///
    /// ```
    /// use errcat::format::Accept;
    ///
    /// let range = Accept::new("application/*").ranges().next().unwrap();
    /// assert!(range.matches("application/problem+json"));
    /// assert!(!range.matches("text/plain"));
    /// ```
    pub fn matches(&self, media_type: &str) -> bool {
        MediaRange::parse(media_type)
            .is_some_and(|offered| self.specificity_for(&offered).is_some())
    }

    /// How specifically this range matches `offered`, or `None` when it
    /// does not.
    fn specificity_for(&self, offered: &MediaRange<'_>) -> Option<Specificity> {
        let level = if self.ty == "*" {
            Level::Any
        } else if !self.ty.eq_ignore_ascii_case(offered.ty) {
            return None;
        } else if self.subtype == "*" {
            Level::AnySubtype
        } else if self.subtype.eq_ignore_ascii_case(offered.subtype) {
            Level::Exact
        } else {
            return None;
        };
        let mut parameter_count = 0;
        for (name, value) in parameters(self.params) {
            if name.eq_ignore_ascii_case("q") {
                continue;
            }
            parameter_count += 1;
            if level != Level::Exact {
                // A parameter means what its media type defines; a wildcard
                // names no type to define it.
                continue;
            }
            let wanted = unquote(value);
            let same = parameters(offered.params).any(|(offered_name, offered_value)| {
                offered_name.eq_ignore_ascii_case(name)
                    && unquote(offered_value).eq_ignore_ascii_case(&wanted)
            });
            if !same {
                return None;
            }
        }
        Some(Specificity {
            level,
            parameters: parameter_count,
        })
    }

    /// One list element, or `None` when it is not a valid media range.
    fn parse(element: &'a str) -> Option<MediaRange<'a>> {
        let element = element.trim_matches(is_ows);
        let (ty, rest) = take_token(element)?;
        let rest = rest.strip_prefix('/')?;
        let (subtype, params) = take_token(rest)?;
        if ty == "*" && subtype != "*" {
            return None;
        }
        let params = params.trim_start_matches(is_ows);
        let mut quality = None;
        let mut rest = params;
        while !rest.is_empty() {
            rest = rest.strip_prefix(';')?.trim_start_matches(is_ows);
            if rest.is_empty() || rest.starts_with(';') {
                continue;
            }
            let (name, after) = take_token(rest)?;
            let after = after.strip_prefix('=')?;
            let (value, after) = take_value(after)?;
            if !value.is_empty() && name.eq_ignore_ascii_case("q") {
                if quality.is_some() {
                    return None;
                }
                quality = Some(Quality::parse(&unquote(value))?);
            }
            rest = after.trim_start_matches(is_ows);
        }
        Some(MediaRange {
            essence: &element[..ty.len() + 1 + subtype.len()],
            ty,
            subtype,
            params,
            quality: quality.unwrap_or(Quality::ONE),
        })
    }
}

/// A quality value (`q`): a number from 0 to 1, where 0 means "not
/// acceptable".
///
/// ```
/// use errcat::format::{Accept, Quality};
///
/// let q = Accept::new("text/html;q=0.25").quality("text/html").unwrap();
/// assert_eq!(q.value(), 0.25);
/// assert!(q > Quality::ZERO && q < Quality::ONE);
/// assert_eq!(q.to_string(), "0.25");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Quality(f64);

impl Quality {
    /// Refused.
    pub const ZERO: Quality = Quality(0.0);
    /// The highest, and what a range without `q` has.
    pub const ONE: Quality = Quality(1.0);

    /// The number, from 0 to 1.
    pub fn value(self) -> f64 {
        self.0
    }

    /// Whether it is above 0.
    pub fn is_acceptable(self) -> bool {
        self.0 > 0.0
    }

    /// A `q` value by the rule of [`Accept`], already unquoted.
    fn parse(text: &str) -> Option<Quality> {
        let text = text.trim_matches(is_ows);
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits, None),
        };
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole) || fraction.is_some_and(|fraction| !all_digits(fraction)) {
            return None;
        }
        let value: f64 = text.parse().ok()?;
        // `-0` is 0; anything else below 0 or above 1 is invalid.
        (0.0..=1.0).contains(&value).then_some(Quality(value + 0.0))
    }
}

impl PartialEq for Quality {
    fn eq(&self, other: &Quality) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Quality {}

impl PartialOrd for Quality {
    fn partial_cmp(&self, other: &Quality) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quality {
    fn cmp(&self, other: &Quality) -> Ordering {
        // Always a finite number from 0 to 1, never -0.
        self.0.total_cmp(&other.0)
    }
}

impl fmt::Display for Quality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Optional whitespace: space and horizontal tab.
fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// A token at the start of `text`, and what follows it.
fn take_token(text: &str) -> Option<(&str, &str)> {
    let end = text
        .bytes()
        .position(|b| !is_tchar(b))
        .unwrap_or(text.len());
    (end > 0).then(|| text.split_at(end))
}

/// A parameter value (a token or a quoted string, quotes kept) at the start
/// of `text`, and what follows it; an empty value when nothing but
/// whitespace comes before the next parameter or the end.
fn take_value(text: &str) -> Option<(&str, &str)> {
    let after_spaces = text.trim_start_matches(is_ows);
    if after_spaces.is_empty() || after_spaces.starts_with(';') {
        return Some(("", after_spaces));
    }
    if !text.starts_with('"') {
        return take_token(text);
    }
    let mut escaped = false;
    for (at, byte) in text.bytes().enumerate().skip(1) {
        match byte {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return Some(text.split_at(at + 1)),
            _ => {}
        }
    }
    None
}

/// The `name=value` parameters of a valid range's parameter text, those
/// without a value left out.
fn parameters(params: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = params;
    std::iter::from_fn(move || {
        loop {
            rest = rest.trim_start_matches(is_ows).strip_prefix(';')?;
            rest = rest.trim_start_matches(is_ows);
            if rest.is_empty() || rest.starts_with(';') {
                continue;
            }
            let (name, after) = take_token(rest)?;
            let (value, after) = take_value(after.strip_prefix('=')?)?;
            rest = after;
            if !value.is_empty() {
                return Some((name, value));
            }
        }
    })
}

/// A parameter value without its quotes and escapes.
fn unquote(value: &str) -> Cow<'_, str> {
    let Some(inner) = value
        .strip_prefix('"')
        .and_then(|value| value.strip_suffix('"'))
    else {
        return Cow::Borrowed(value);
    };
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        text.push(if c == '\\' {
            chars.next().unwrap_or(c)
        } else {
            c
        });
    }
    Cow::Owned(text)
}

/// Whether every quoted string of `header` is closed.
fn quotes_close(header: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for byte in header.bytes() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            _ => {}
        }
    }
    !quoted
}

/// The elements of a comma-separated list, commas inside quoted strings
/// kept.
fn elements(header: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(header);
    std::iter::from_fn(move || {
        let text = rest?;
        let mut quoted = false;
        let mut escaped = false;
        for (at, byte) in text.bytes().enumerate() {
            match byte {
                _ if escaped => escaped = false,
                b'\\' if quoted => escaped = true,
                b'"' => quoted = !quoted,
                b',' if !quoted => {
                    rest = Some(&text[at + 1..]);
                    return Some(&text[..at]);
                }
                _ => {}
            }
        }
        rest = None;
        Some(text)
    })
}
