//! The JSON body, written straight into a buffer.
//!
//! The build script pre-renders each row's body around its placeholders, so a
//! body is a few copies plus the escaping of the placeholder values.

use std::borrow::Cow;

use crate::catalogue::Row;

/// Appends the body of `row` with `values` (one per placeholder) to `out`.
pub(crate) fn write_body(row: &Row, values: &[Cow<'_, str>], out: &mut Vec<u8>) {
    let literal: usize = row.json.iter().map(|piece| piece.len()).sum();
    let filled: usize = row
        .slots
        .iter()
        .map(|&slot| values[usize::from(slot)].len())
        .sum();
    out.reserve(literal + filled + filled / 8);
    out.extend_from_slice(row.json[0].as_bytes());
    for (&slot, piece) in row.slots.iter().zip(&row.json[1..]) {
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
