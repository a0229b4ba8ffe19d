//! What codes, tokens and descriptions may contain: the generator refuses a
//! catalogue that breaks these rules, and the parsers use the same rules to
//! say why a text is not a code.

/// The longest code or token, in bytes: the lookup's length filter covers
/// 0..128 bytes.
pub const MAX_KEY_LEN: usize = 127;

/// Whether `text` has the form of a code: uppercase letters and digits in two
/// or more groups joined by `-` (`[A-Z0-9]+(-[A-Z0-9]+)+`), such as
/// `GEN-1201-100001`.
///
/// ```
/// use errcat_core::syntax::is_code;
/// assert!(is_code("GEN-1201-100001"));
/// assert!(!is_code("GEN"));
/// assert!(!is_code("gen-1201"));
/// assert!(!is_code("GEN--1201"));
/// ```
pub fn is_code(text: &str) -> bool {
    text.contains('-') && groups(text, '-')
}

/// Whether `text` has the form of a token as the catalogue writes it:
/// uppercase letters and digits joined by `_` (`[A-Z0-9]+(_[A-Z0-9]+)*`),
/// such as `MISSING_INPUT`.
///
/// ```
/// use errcat_core::syntax::is_token;
/// assert!(is_token("MISSING_INPUT"));
/// assert!(is_token("CONFLICT"));
/// assert!(!is_token("missing_input"));
/// assert!(!is_token("MISSING__INPUT"));
/// ```
pub fn is_token(text: &str) -> bool {
    groups(text, '_')
}

/// `[A-Z0-9]+(SEP[A-Z0-9]+)*`
fn groups(text: &str, separator: char) -> bool {
    text.split(separator).all(|group| {
        !group.is_empty()
            && group
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

/// Whether `c` may appear in an OAuth error description: RFC 6749, section
/// 5.2, allows `%x20-21 / %x23-5B / %x5D-7E`, printable ASCII except `"` and
/// `\`.
///
/// ```
/// use errcat_core::syntax::is_description_char;
/// assert!(is_description_char('a'));
/// assert!(!is_description_char('"'));
/// assert!(!is_description_char('é'));
/// ```
pub fn is_description_char(c: char) -> bool {
    matches!(c, ' '..='~') && c != '"' && c != '\\'
}
