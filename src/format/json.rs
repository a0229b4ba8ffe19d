//! JSON string escaping, byte for byte as serde_json writes it: the
//! generator escapes the fixed texts of the problem document with it, and
//! the runtime the `type` base a server passes, so that the document errcat
//! writes is the one serde_json would.

/// What each byte becomes inside a JSON string: 0 for itself, `u` for
/// `\u00XX`, or the letter of its short escape (`"` and `\` are their own).
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether `byte` must be escaped in a JSON string: `"`, `\` and the
/// control characters below U+0020.
#[inline(always)]
pub fn needs_escape(byte: u8) -> bool {
    ESCAPE[byte as usize] != 0
}

/// Appends `text` to `out` as the inside of a JSON string (without the
/// quotes), escaped as serde_json escapes it: `\"`, `\\`, `\b`, `\f`,
/// `\n`, `\r`, `\t`, and `\u00XX` (lowercase hex) for the other control
/// characters; everything else, DEL and non-ASCII included, as it is.
///
/// ```
/// let mut out = Vec::new();
/// errcat::format::json::escape_into("a\"b\\c\n\u{1}é", &mut out);
/// assert_eq!(out, r#"a\"b\\c\n\u0001é"#.as_bytes());
/// ```
#[inline]
pub fn escape_into(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    // Eight bytes at a time: `"`, `\` and the control characters are what
    // JSON escapes.
    let mut words = bytes.chunks_exact(8);
    let clean = words.all(|word| {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        super::flat::string_ends(u64::from_le_bytes(eight)) == 0
    }) && !words.remainder().iter().any(|&byte| needs_escape(byte));
    if clean {
        out.extend_from_slice(bytes);
        return;
    }
    escape_slow(bytes, out);
}

#[cold]
fn escape_slow(bytes: &[u8], out: &mut Vec<u8>) {
    let mut start = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let escape = ESCAPE[byte as usize];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..at]);
        if escape == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xF)],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// [`escape_into`] as a `String`.
///
/// ```
/// assert_eq!(errcat::format::json::escaped("say \"hi\""), r#"say \"hi\""#);
/// ```
pub fn escaped(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    escape_into(text, &mut out);
    // Escapes are ASCII and the rest is `text`'s own UTF-8, cut only around
    // ASCII bytes.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_below_0x80_escapes_as_json_requires() {
        for byte in 0u8..0x80 {
            let text = char::from(byte).to_string();
            let out = escaped(&text);
            match byte {
                b'"' => assert_eq!(out, "\\\""),
                b'\\' => assert_eq!(out, "\\\\"),
                0x08 => assert_eq!(out, "\\b"),
                0x09 => assert_eq!(out, "\\t"),
                0x0A => assert_eq!(out, "\\n"),
                0x0C => assert_eq!(out, "\\f"),
                0x0D => assert_eq!(out, "\\r"),
                0..0x20 => assert_eq!(out, format!("\\u{:04x}", byte)),
                _ => assert_eq!(out, text),
            }
        }
        assert_eq!(escaped("é\u{2028}\u{7f}"), "é\u{2028}\u{7f}");
    }
}
