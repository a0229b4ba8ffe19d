//! Any bytes as a catalogue file, read as the `errcat` command reads one
//! (errcat-build's `load_file`: the file's checks, the TOML parser, the
//! validator): never a panic, memory bounded (the run's `-malloc_limit_mb`),
//! every mistake one line of bounded length, and every catalogue it accepts
//! free of what the validator refuses.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use errcat_core::log_safe::breaks_log_line;
use libfuzzer_sys::fuzz_target;

/// The file each input is written to: one per fuzzing process.
static FILE: LazyLock<PathBuf> = LazyLock::new(|| {
    std::env::temp_dir().join(format!("errcat-fuzz-load-file-{}.toml", std::process::id()))
});

/// Whether a free text shows nothing hidden: `\n` only where `lines`.
fn plain(text: &str, lines: bool) -> bool {
    text.chars()
        .all(|c| !breaks_log_line(c) || c == '\\' || (lines && c == '\n'))
}

fuzz_target!(|data: &[u8]| {
    std::fs::write(&*FILE, data).expect("the fuzzer's temporary file can be written");
    let defaults = errcat_build::Defaults {
        name: "errors".to_owned(),
        version: String::new(),
    };
    match errcat_build::load_file(&FILE, &defaults) {
        Ok(catalogue) => {
            assert!(catalogue.rows.len() <= usize::from(u16::MAX));
            assert!(plain(&catalogue.metadata.name, false));
            for placeholder in &catalogue.placeholders {
                assert!(plain(&placeholder.published, false));
                assert!(plain(&placeholder.doc, false));
            }
            for row in &catalogue.rows {
                assert!((100..=999).contains(&row.status));
                assert!(plain(&row.scenario, true), "{:?}", row.scenario);
                assert!(plain(&row.description, false));
                assert!(plain(&row.published, false));
                assert!(
                    row.deprecated
                        .as_deref()
                        .is_none_or(|note| plain(note, false))
                );
            }
        }
        Err(mistakes) => {
            assert!(!mistakes.is_empty());
            for mistake in mistakes {
                let shown = mistake.to_string();
                assert!(
                    !shown.chars().any(breaks_log_line_but_backslash),
                    "{shown:?}"
                );
                assert!(shown.len() < 8192, "a message of {} bytes", shown.len());
            }
        }
    }
});

fn breaks_log_line_but_backslash(c: char) -> bool {
    breaks_log_line(c) && c != '\\'
}
