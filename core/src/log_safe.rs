//! Text from outside (a parsed value, a decoded body, a catalogue's file)
//! shown in a log line, an error message or a terminal (CWE-117).
//!
//! [`LogSafe`] keeps the text readable but escapes whatever could forge or
//! hide a line: control characters (C0, DEL, C1: CR, LF, NUL, ESC, ...), the
//! Unicode line and paragraph separators, the codepoints that change the
//! direction of text (bidirectional embeddings, overrides and isolates, and
//! the left-to-right, right-to-left and Arabic letter marks), and
//! `\` itself, in Rust's `\n` / `\u{1b}` notation. errcat's `Display`s,
//! errcat-build's diagnostics and the derive's messages all use it.

use std::fmt;

/// Whether a character must be escaped in a log line.
#[inline]
pub fn breaks_log_line(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\\'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
        )
}

/// `Display`s a value for a log line: one line, whatever the value holds.
pub struct LogSafe<'a>(pub &'a str);

impl fmt::Display for LogSafe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_log_safe(f, self.0, true)
    }
}

/// Writes `text` with whatever could forge or hide a line escaped, and `\`
/// doubled when `backslash` (so that an escape in the text cannot pass for
/// one of ours). [`LogSafe`] doubles it; `errcat scan` showing a log's
/// lines on a terminal does not, so that the log reads as it is.
pub fn write_log_safe(f: &mut fmt::Formatter<'_>, text: &str, backslash: bool) -> fmt::Result {
    let mut rest = text;
    while let Some((at, c)) = rest
        .char_indices()
        .find(|&(_, c)| breaks_log_line(c) && (backslash || c != '\\'))
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

/// How many characters of a value a message quotes: a longer value is cut
/// there, and the message says how long it was.
pub const QUOTED_CHARS: usize = 128;

/// A value quoted in a message, as [`LogSafe`] shows it but cut to its
/// first [`QUOTED_CHARS`] characters, followed by `...` and its length in
/// bytes: a message about a 50 MB key stays a line.
///
/// `{:?}` quotes it as Rust does a string, cut the same way.
///
/// ```
/// use errcat_core::log_safe::Quoted;
///
/// assert_eq!(Quoted("a\u{1b}[2J").to_string(), "a\\u{1b}[2J");
/// let long = "k".repeat(1_000_000);
/// assert_eq!(
///     Quoted(&long).to_string(),
///     format!("{}... (1000000 bytes)", "k".repeat(128))
/// );
/// assert_eq!(format!("{:?}", Quoted("a\nb")), "\"a\\nb\"");
/// ```
pub struct Quoted<'a>(pub &'a str);

impl Quoted<'_> {
    /// The part quoted, and whether the value was cut.
    fn shown(&self) -> (&str, bool) {
        match self.0.char_indices().nth(QUOTED_CHARS) {
            Some((at, _)) => (&self.0[..at], true),
            None => (self.0, false),
        }
    }

    fn write_cut(&self, f: &mut fmt::Formatter<'_>, cut: bool) -> fmt::Result {
        if cut {
            write!(f, "... ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.shown();
        write_log_safe(f, shown, true)?;
        self.write_cut(f, cut)
    }
}

impl fmt::Debug for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.shown();
        write!(f, "{shown:?}")?;
        self.write_cut(f, cut)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_form_is_one_line() {
        let shown = LogSafe("a\r\nINFO forged\u{2028}\u{1b}[31m\\\u{202e}").to_string();
        assert_eq!(shown, "a\\r\\nINFO forged\\u{2028}\\u{1b}[31m\\\\\\u{202e}");
        assert_eq!(LogSafe("plain 'text' é").to_string(), "plain 'text' é");
    }
}
