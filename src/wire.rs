//! What a placeholder value becomes on the wire and in a log line.
//!
//! Two audiences, two encodings:
//!
//! - **The wire.** RFC 6749 §5.2 limits an error's description to the printable
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

pub(crate) use errcat_core::log_safe::LogSafe;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// The longest a placeholder value may be on the wire, in bytes after
/// percent-encoding. Longer values are cut and end in `…`.
pub const MAX_WIRE_VALUE: usize = 512;

/// Bytes that are percent-encoded: everything outside RFC 6749's
/// set for an error description, and `%`. Non-ASCII bytes are always encoded.
const OUTSIDE_RFC6749: &AsciiSet = &CONTROLS.add(b'"').add(b'\\').add(b'%');

/// `…`, percent-encoded: marks a value cut to [`MAX_WIRE_VALUE`].
const CUT_MARK: &str = "%E2%80%A6";

/// Whether a byte passes to the wire as it is.
#[inline]
const fn is_plain(byte: u8) -> bool {
    matches!(byte, 0x20..=0x21 | 0x23..=0x24 | 0x26..=0x5B | 0x5D..=0x7E)
}

/// Whether each byte passes to the wire as it is: [`is_plain`] as a table.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = is_plain(byte as u8);
        byte += 1;
    }
    table
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends the wire form of `value` to `out`: the bytes [`encode`] emits,
/// written straight into the buffer with a lookup table per byte instead of
/// an iterator of pieces.
#[inline]
pub(crate) fn encode_into(value: &str, out: &mut Vec<u8>) {
    let bytes = value.as_bytes();
    if bytes.len() <= MAX_WIRE_VALUE && bytes.iter().all(|&byte| PLAIN[usize::from(byte)]) {
        out.extend_from_slice(bytes);
        return;
    }
    encode_escaping(bytes, out);
}

/// Each byte's wire form, as the four bytes written for it (the first
/// one or three of which count) and how many count: a byte is encoded
/// without a branch.
const ENCODED: [([u8; 4], usize); 256] = {
    let mut table = [([0u8; 4], 0usize); 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = if is_plain(byte as u8) {
            ([byte as u8, 0, 0, 0], 1)
        } else {
            ([b'%', HEX[byte >> 4], HEX[byte & 0xF], 0], 3)
        };
        byte += 1;
    }
    table
};

/// [`encode_into`] for a value with a byte to encode, or too long: the
/// encoded length is counted first, the buffer grown once (with three
/// bytes to spare, as every byte writes four), and every byte written in
/// place from [`ENCODED`].
#[inline(never)]
fn encode_escaping(bytes: &[u8], out: &mut Vec<u8>) {
    let encoded_len =
        |bytes: &[u8]| -> usize { bytes.iter().map(|&byte| ENCODED[usize::from(byte)].1).sum() };
    let mut len = encoded_len(bytes);
    let mut kept = bytes.len();
    if len > MAX_WIRE_VALUE {
        kept = cut(bytes);
        len = encoded_len(&bytes[..kept]);
    }
    let start = out.len();
    out.resize(start + len + 3, 0);
    let written = &mut out[start..];
    let mut at = 0;
    for &byte in &bytes[..kept] {
        let (encoded, count) = ENCODED[usize::from(byte)];
        if let Some(slot) = written.get_mut(at..at + 4) {
            slot.copy_from_slice(&encoded);
        }
        at += count;
    }
    out.truncate(start + len);
    if kept < bytes.len() {
        out.extend_from_slice(CUT_MARK.as_bytes());
    }
}

/// Where a value whose encoding is over [`MAX_WIRE_VALUE`] is cut: the
/// longest prefix ending at a character boundary whose encoding leaves room
/// for the cut mark. `bytes` is a `str`'s, so the first byte not followed by
/// a continuation byte is a boundary.
fn cut(bytes: &[u8]) -> usize {
    let budget = MAX_WIRE_VALUE - CUT_MARK.len();
    let mut used = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        used += if PLAIN[usize::from(byte)] { 1 } else { 3 };
        if used > budget {
            // Back to the start of the character this byte is part of.
            let mut start = at;
            while start > 0 && bytes[start] & 0xC0 == 0x80 {
                start -= 1;
            }
            return start;
        }
    }
    bytes.len()
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

    fn wire_into(value: &str) -> String {
        let mut out = b"before ".to_vec();
        encode_into(value, &mut out);
        String::from_utf8(out)
            .unwrap()
            .strip_prefix("before ")
            .unwrap()
            .to_owned()
    }

    #[test]
    fn the_table_writer_writes_what_the_pieces_say() {
        let hostile = "x\"\r\n\u{1b}[31m\u{2028}é%\\\u{7f}\u{0}";
        for value in [
            String::new(),
            "Request-ID".to_owned(),
            hostile.to_owned(),
            hostile.repeat(40),
            "x".repeat(MAX_WIRE_VALUE),
            "x".repeat(MAX_WIRE_VALUE + 1),
            format!("{}é", "x".repeat(MAX_WIRE_VALUE - 10)),
            format!("{}é", "x".repeat(MAX_WIRE_VALUE - 11)),
            format!("{}\u{10348}", "x".repeat(MAX_WIRE_VALUE - 15)),
            "é".repeat(40_000),
        ] {
            assert_eq!(wire_into(&value), wire(&value), "{value:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_table_writer_matches_the_pieces_on_any_value(value in "(\\PC|[\\x00-\\x7f]|%|é|\u{2028}){0,700}") {
            proptest::prop_assert_eq!(wire_into(&value), wire(&value));
        }
    }

    #[test]
    fn raw_text_that_is_not_percent_encoding_decodes_to_itself() {
        for raw in ["100%", "50% off", "%zz", "%C3", "%FF%FE"] {
            assert_eq!(decode(raw), raw);
        }
    }
}
