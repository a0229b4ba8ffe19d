//! Every row of a catalogue written in every built-in format, with values
//! that exercise the wire encoding: shared by tests/format_peers.rs and the
//! golden bodies of tests/golden.rs.

use errcat::format::{self, WireFormat};
use errcat::{ApiError, CatalogueCode};

/// Placeholder values a hostile client or upstream could send: JSON's and
/// logs' special characters, percent signs, non-ASCII text, and one longer
/// than a value may be on the wire.
pub fn hostile_values() -> Vec<String> {
    vec![
        "plain".to_owned(),
        "quote \" backslash \\ \\\" line\r\nbreak".to_owned(),
        "100% %41 %%".to_owned(),
        "naïve – 日本 \u{1F600}".to_owned(),
        "x".repeat(300) + &"\"é".repeat(100),
    ]
}

/// One body of `code` in `format`: `seed` picks each placeholder's value
/// among [`hostile_values`]; the values are public, so they reach the body.
pub fn body<C: CatalogueCode>(code: C, format: &dyn WireFormat, seed: usize) -> String {
    let values = hostile_values();
    let values = code
        .placeholders()
        .iter()
        .enumerate()
        .map(|(index, name)| (*name, values[(seed + index) % values.len()].clone()));
    let error = ApiError::with_values(code, values)
        .unwrap_or_else(|error| panic!("{}: {error}", code.code()))
        .mark_public();
    let mut out = Vec::new();
    error.write_body(format, &mut out);
    String::from_utf8(out).unwrap_or_else(|_| panic!("{}: a body that is not UTF-8", code.code()))
}

/// Every built-in format, the ones `C`'s catalogue does not speak included.
pub fn formats() -> impl Iterator<Item = &'static dyn WireFormat> {
    format::BUILTIN.iter().copied()
}
