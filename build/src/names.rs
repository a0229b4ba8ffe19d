//! Rust names for rows, tokens and placeholders.

/// Words a derived variant name leaves out: they make names longer without
/// telling rows apart.
const FILLER_WORDS: [&str; 22] = [
    "a", "an", "the", "is", "are", "was", "be", "been", "of", "for", "to", "in", "on", "at", "by",
    "with", "this", "that", "its", "it", "and", "please",
];

/// How many words of the description a derived name keeps.
const MAX_WORDS: usize = 6;

/// A variant name from a description's literal text (placeholders removed):
/// its first words in UpperCamelCase, filler words dropped. Deterministic;
/// two rows may derive the same name, which validation reports.
pub fn derive_variant_name(literal_text: &str, code: &str) -> String {
    let mut name = String::with_capacity(48);
    literal_text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .filter(|word| {
            !FILLER_WORDS
                .iter()
                .any(|filler| filler.eq_ignore_ascii_case(word))
        })
        .take(MAX_WORDS)
        .for_each(|word| push_capitalized(&mut name, word));
    if name.is_empty() {
        // Nothing readable in the description: fall back on the code itself.
        name.push_str("Code");
        for part in code.split('-') {
            push_capitalized(&mut name, part);
        }
        name
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("E{name}")
    } else {
        name
    }
}

/// `SCA` -> `Sca`, `logicalId` -> `LogicalId`, `access` -> `Access`.
fn capitalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    push_capitalized(&mut out, word);
    out
}

/// [`capitalize`] into `out`.
fn push_capitalized(out: &mut String, word: &str) {
    let all_caps = !word.bytes().any(|b| b.is_ascii_lowercase());
    let start = out.len();
    if all_caps {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(word);
    }
    if let Some(first) = out.get_mut(start..start + 1) {
        first.make_ascii_uppercase();
    }
}

/// `MISSING_INPUT` -> `MissingInput`.
pub fn kind_name(token: &str) -> String {
    token.split('_').map(capitalize).collect()
}

/// `MissingHeaderInput` -> `missing_header_input`; `HTTPError` -> `http_error`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut chars = name.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(previous) = previous.filter(|_| c.is_ascii_uppercase()) {
            let next_is_lower = chars.peek().is_some_and(char::is_ascii_lowercase);
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    out
}

/// `[A-Z][A-Za-z0-9]*`, the shape of a variant name.
pub fn is_variant_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// Rust keywords that cannot be written as raw identifiers either.
pub fn is_unusable_identifier(name: &str) -> bool {
    matches!(name, "self" | "Self" | "super" | "crate" | "_")
}

/// Whether `name` must be written `r#name` to be an identifier.
pub fn is_keyword(name: &str) -> bool {
    const KEYWORDS: [&str; 50] = [
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
        "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
        "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
        "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do",
        "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
    ];
    KEYWORDS.contains(&name) || matches!(name, "try" | "gen")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_names_are_readable() {
        assert_eq!(
            derive_variant_name("Invalid access token", "X-1"),
            "InvalidAccessToken"
        );
        assert_eq!(
            derive_variant_name("SCA is required. ", "X-1"),
            "ScaRequired"
        );
        assert_eq!(
            derive_variant_name("No account found with given logicalId.", "X-1"),
            "NoAccountFoundGivenLogicalId"
        );
        assert_eq!(derive_variant_name("404 page", "X-1"), "E404Page");
        assert_eq!(derive_variant_name("' '", "GEN-1201-1"), "CodeGen12011");
        // At most six words, filler words not counted.
        assert_eq!(
            derive_variant_name("one two three of the four five six seven", "X-1"),
            "OneTwoThreeFourFiveSix"
        );
        assert_eq!(kind_name("API_USAGE_LIMIT_REACHED"), "ApiUsageLimitReached");
        assert_eq!(snake_case("MissingHeaderInput"), "missing_header_input");
        assert_eq!(snake_case("HTTPVersionNotFound"), "http_version_not_found");
        assert_eq!(snake_case("Error404Page"), "error404_page");
        assert_eq!(snake_case("E404Page"), "e404_page");
    }

    #[test]
    fn names_are_checked_for_their_shape() {
        assert!(is_variant_name("MissingInput2"));
        assert!(!is_variant_name("missingInput"));
        assert!(!is_variant_name("Missing_Input"));
        assert!(!is_variant_name(""));
        assert!(is_unusable_identifier("Self"));
        assert!(!is_unusable_identifier("type"));
        assert!(is_keyword("type"));
        assert!(is_keyword("gen"));
        assert!(!is_keyword("payments"));
    }
}
