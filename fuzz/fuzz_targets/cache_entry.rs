//! Any bytes as an entry of the `errcat` command's cache: refused, or the
//! very catalogue that was validated and sealed. The first byte chooses:
//! - the rest as a whole entry, under the key and name of a catalogue whose
//!   genuine entry is known: refused unless it is that entry, and then
//!   equal to the validated catalogue;
//! - the rest as an entry's payload, as if its seal held: parsed without a
//!   panic, and what is accepted is exactly what its bytes say (written
//!   back, the same bytes) and holds nothing the validator refuses.
#![no_main]

use std::sync::LazyLock;

use errcat_cli::cache;
use errcat_cli::set::{self, Loaded};
use libfuzzer_sys::fuzz_target;

const CATALOGUE: &str = r#"
[catalogue]
name = "Ledger API"
id = "ledger"
version = "2"

[placeholders.name]
doc = "The ledger's name."

[[errors]]
status = 404
error = "NOT_FOUND"
code = "LED-0001"
description = "No ledger '{name}'"
scenario = """
The ledger does not exist.
Or it was closed."""

[[errors]]
status = 409
error = "CONFLICT"
code = "LED-0002"
description = "The ledger is locked"
scenario = "Another booking holds the ledger"
deprecated = "Use LED-0003"

[[errors]]
status = 409
error = "CONFLICT"
code = "LED-0003"
description = "The ledger '{name}' is locked"
scenario = ""
name = "NamedLedgerLocked"
"#;

const KEY: [u8; 32] = *b"errcat fuzzing key, not a secret";

/// The validated catalogue, and its genuine entry.
static GENUINE: LazyLock<(Loaded, Vec<u8>)> = LazyLock::new(|| {
    let path = std::path::Path::new("ledger.toml");
    let source = errcat_build::Source {
        name: "ledger.toml",
        text: CATALOGUE,
    };
    let model = errcat_build::load(&source, &set::defaults(path)).expect("the catalogue is valid");
    let loaded = set::leak(model, path);
    let id = cache::id("ledger", CATALOGUE.as_bytes());
    let entry = cache::seal(&KEY, &id, &cache::payload(&cache::Parsed::of(&loaded)));
    (loaded, entry)
});

fn plain(text: &str, lines: bool) -> bool {
    text.chars()
        .all(|c| !errcat_core::log_safe::breaks_log_line(c) || c == '\\' || (lines && c == '\n'))
}

fuzz_target!(|data: &[u8]| {
    let (loaded, genuine) = &*GENUINE;
    match data.split_first() {
        Some((choice, entry)) if choice % 2 == 0 => {
            let id = cache::id("ledger", CATALOGUE.as_bytes());
            let Some(payload) = cache::unseal(&KEY, &id, entry) else {
                return;
            };
            assert_eq!(entry, genuine.as_slice(), "a forged entry verified");
            let parsed = cache::parse(payload).expect("the genuine payload parses");
            assert_eq!(parsed, cache::Parsed::of(loaded));
        }
        Some((_, payload)) => {
            let Some(parsed) = cache::parse(payload) else {
                return;
            };
            assert_eq!(
                cache::payload(&parsed),
                payload,
                "parsed is not what the bytes say"
            );
            assert!(parsed.metadata.iter().all(|text| plain(text, false)));
            for entry in &parsed.entries {
                assert!((100..=999).contains(&entry.status));
                assert!(plain(entry.scenario, true));
                for text in [
                    entry.error,
                    entry.code,
                    entry.description,
                    entry.published,
                    entry.name,
                ] {
                    assert!(plain(text, false));
                }
            }
        }
        None => {}
    }
});
