//! The JSON body, written straight into a buffer.
//!
//! The build script pre-renders each row's body around its placeholders, so a
//! body is a few copies plus the escaping of the placeholder values.

use std::borrow::Cow;

use crate::catalogue::Row;

/// Appends the body of `row` with `values` (one per placeholder) to `out`.
#[inline]
pub(crate) fn write_body(row: &Row, values: &[Cow<'_, str>], out: &mut Vec<u8>) {
    out.extend_from_slice(row.json_head.as_bytes());
    if row.slots.is_empty() {
        return;
    }
    for (&slot, piece) in row.slots().iter().zip(row.json_tails()) {
        escape_into(&values[usize::from(slot)], out);
        out.extend_from_slice(piece.as_bytes());
    }
}

/// Appends `text` as the inside of a JSON string, escaped exactly as
/// `serde_json` escapes it (so both renderings of a body are byte-identical):
/// `"` and `\` with a backslash, control characters as `\n`-style escapes or
/// `\u00XX`, everything else as it is.
pub(crate) fn escape_into(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0x00..=0x1F => {
                out.extend_from_slice(&bytes[start..at]);
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(byte >> 4)],
                    HEX[usize::from(byte & 0xF)],
                ]);
                start = at + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..at]);
        out.extend_from_slice(escape);
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether some byte of `word` is below `limit` (at most 0x80).
#[inline(always)]
fn has_byte_below(word: u64, limit: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS != 0
}

/// Whether some byte of `word` equals `byte`.
#[inline(always)]
fn has_byte(word: u64, byte: u8) -> bool {
    has_byte_below(word ^ (ONES * u64::from(byte)), 1)
}

/// Whether any byte of `bytes` must be escaped in a JSON string: control
/// characters, `"` and `\`. Looks at eight bytes at a time, so the common
/// case (nothing to escape) is a few word operations per value.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if has_byte_below(word, 0x20) || has_byte(word, b'"') || has_byte(word, b'\\') {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\')
}
