//! What a placeholder value becomes on the wire and in a log line.
//!
//! Two audiences, two encodings:
//!
//! - **The wire.** RFC 6749 §5.2 limits `error_description` to the printable
//!   ASCII characters other than `"` and `\` (`%x20-21 / %x23-5B / %x5D-7E`).
//!   A value is *percent-encoded* into that set: every byte outside it, and
//!   `%` itself, becomes `%XX` (the UTF-8 bytes, as RFC 3986 does). Nothing is
//!   replaced, so a client gets the exact value back by percent-decoding
//!   ([`crate::client`] does), and ordinary values (header names, versions,
//!   media types) travel unchanged. A value whose encoding would exceed
//!   [`MAX_WIRE_VALUE`] bytes is cut at a character boundary and ends in
//!   `%E2%80%A6` (`…`).
//! - **Logs** (CWE-117). `Display` keeps the value readable but escapes
//!   whatever could forge or hide a line: control characters (CR, LF, NUL,
//!   ESC, …), the Unicode line and paragraph separators, bidirectional
//!   overrides, and `\` itself, in Rust's `\n` / `\u{1b}` notation.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// The longest a placeholder value may be on the wire, in bytes after
/// percent-encoding. Longer values are cut and end in `…`.
pub const MAX_WIRE_VALUE: usize = 512;

/// Bytes that are percent-encoded: everything outside RFC 6749's
/// `error_description` set, and `%`. Non-ASCII bytes are always encoded.
const OUTSIDE_RFC6749: &AsciiSet = &CONTROLS.add(b'"').add(b'\\').add(b'%');

/// `…`, percent-encoded: marks a value cut to [`MAX_WIRE_VALUE`].
const CUT_MARK: &str = "%E2%80%A6";

/// Whether a byte passes to the wire as it is.
#[inline]
fn is_plain(byte: u8) -> bool {
    matches!(byte, 0x20..=0x21 | 0x23..=0x24 | 0x26..=0x5B | 0x5D..=0x7E)
}

/// Calls `emit` with the wire form of `value`, piece by piece. Every piece is
/// within RFC 6749's set, so it also needs no JSON escaping.
#[inline]
pub(crate) fn encode(value: &str, mut emit: impl FnMut(&str)) {
    if value.len() <= MAX_WIRE_VALUE && value.bytes().all(is_plain) {
        emit(value);
        return;
    }
    let kept = &value[..fitting_prefix(value)];
    for piece in utf8_percent_encode(kept, OUTSIDE_RFC6749) {
        emit(piece);
    }
    if kept.len() < value.len() {
        emit(CUT_MARK);
    }
}

/// The longest prefix of `value`, in bytes, whose encoding fits
/// [`MAX_WIRE_VALUE`], leaving room for the cut mark when not all of it fits.
fn fitting_prefix(value: &str) -> usize {
    let encoded_len = |c: char| {
        if c.is_ascii() && is_plain(c as u8) {
            1
        } else {
            3 * c.len_utf8()
        }
    };
    let total: usize = value.chars().map(encoded_len).sum();
    if total <= MAX_WIRE_VALUE {
        return value.len();
    }
    let budget = MAX_WIRE_VALUE - CUT_MARK.len();
    let mut used = 0;
    for (at, c) in value.char_indices() {
        used += encoded_len(c);
        if used > budget {
            return at;
        }
    }
    value.len()
}

/// The value a wire form stands for. Text that is not valid percent-encoding
/// of UTF-8 (a server that sends values raw, with a `%` of their own) comes
/// back unchanged, so decoding never loses what the server sent.
pub(crate) fn decode(wire: &str) -> Cow<'_, str> {
    if !wire.contains('%') {
        return Cow::Borrowed(wire);
    }
    let well_formed = wire.split('%').skip(1).all(|after| {
        let mut hex = after.bytes();
        matches!(
            (hex.next(), hex.next()),
            (Some(high), Some(low)) if high.is_ascii_hexdigit() && low.is_ascii_hexdigit()
        )
    });
    if !well_formed {
        return Cow::Borrowed(wire);
    }
    percent_decode_str(wire)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(wire))
}

/// Whether a character must be escaped in a log line (`\` aside).
#[inline]
fn breaks_log_line(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `Display`s a value for a log line: one line, whatever the value holds.
pub(crate) struct LogSafe<'a>(pub &'a str);

impl fmt::Display for LogSafe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_log_safe(f, self.0, true)
    }
}

/// Writes `text` with whatever could forge or hide a line escaped, and `\`
/// doubled when `backslash` (so that an escape in the text cannot pass for
/// one of ours). The one rule for every log line errcat writes, and for
/// the lines of logs `errcat scan` shows on a terminal.
pub(crate) fn write_log_safe(
    f: &mut fmt::Formatter<'_>,
    text: &str,
    backslash: bool,
) -> fmt::Result {
    let mut rest = text;
    while let Some((at, c)) = rest
        .char_indices()
        .find(|&(_, c)| breaks_log_line(c) || (backslash && c == '\\'))
    {
        f.write_str(&rest[..at])?;
        match c {
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            other => write!(f, "\\u{{{:x}}}", u32::from(other))?,
        }
        rest = &rest[at + c.len_utf8()..];
    }
    f.write_str(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(value: &str) -> String {
        let mut text = String::new();
        encode(value, |piece| text.push_str(piece));
        text
    }

    #[test]
    fn ordinary_values_pass_unchanged() {
        for value in [
            "Request-ID",
            "1.0, 2.0",
            "application/vnd.belfius.api+json; version=1",
        ] {
            assert_eq!(wire(value), value);
        }
    }

    #[test]
    fn the_wire_form_stays_in_the_rfc_6749_set_and_decodes_back() {
        let value = "a\"b\\c\r\nd\0e\u{1b}f\u{2028}g%h'é";
        let encoded = wire(value);
        assert_eq!(encoded, "a%22b%5Cc%0D%0Ad%00e%1Bf%E2%80%A8g%25h'%C3%A9");
        assert!(encoded.bytes().all(|byte| is_plain(byte) || byte == b'%'));
        assert_eq!(decode(&encoded), value);
    }

    #[test]
    fn long_values_are_cut_at_a_character_boundary() {
        let value = "é".repeat(40_000);
        let encoded = wire(&value);
        assert!(encoded.len() <= MAX_WIRE_VALUE, "{}", encoded.len());
        assert!(encoded.ends_with(CUT_MARK));
        let decoded = decode(&encoded);
        assert!(decoded.ends_with('…'));
        assert!(value.starts_with(decoded.trim_end_matches('…')));

        let fits = "x".repeat(MAX_WIRE_VALUE);
        assert_eq!(wire(&fits), fits);
        let over = "x".repeat(MAX_WIRE_VALUE + 1);
        assert_eq!(wire(&over).len(), MAX_WIRE_VALUE);
    }

    #[test]
    fn raw_text_that_is_not_percent_encoding_decodes_to_itself() {
        for raw in ["100%", "50% off", "%zz", "%C3", "%FF%FE"] {
            assert_eq!(decode(raw), raw);
        }
    }

    #[test]
    fn log_form_is_one_line() {
        let shown = LogSafe("a\r\nINFO forged\u{2028}\u{1b}[31m\\\u{202e}").to_string();
        assert_eq!(shown, "a\\r\\nINFO forged\\u{2028}\\u{1b}[31m\\\\\\u{202e}");
        assert_eq!(LogSafe("plain 'text' é").to_string(), "plain 'text' é");
    }
}
