//! `errcat import`'s text and Markdown readers, and everything after them
//! (columns, cleaning, placeholders, names, the catalogue and its
//! validation): never panics, and every note the report prints is one line
//! without a control character. The first byte picks the reader.
#![no_main]

use errcat_build::import::{Format, Importer, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if first & 1 == 0 {
        Format::Text
    } else {
        Format::Markdown
    };
    let _ = errcat_build::import::read_tables(format, text);
    let Ok(imported) = Importer::new("fuzz.toml")
        .from(format)
        .import(&[Input { name: "fuzz", text }])
    else {
        return;
    };
    for note in &imported.report.notes {
        let line = note.to_string();
        assert!(
            !line.chars().any(char::is_control),
            "a control character in a note: {line:?}"
        );
    }
    // The catalogue written is TOML, whatever the cells held.
    assert!(
        imported.text.parse::<toml::Table>().is_ok(),
        "{}",
        imported.text
    );
});
