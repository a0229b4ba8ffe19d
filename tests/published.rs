//! The guard on published codes, as rustc keeps one on its error codes.
//!
//! Once a code is out, logs, clients and other servers carry it: it keeps its
//! number, status, token and placeholders. `tests/published-codes.toml` holds
//! what was published; this test reads `errors.toml` itself (with
//! errcat-build's own loader and validator, as the build does), compares
//! the two with the engine of `errcat diff` (`errcat_build::diff`), and
//! fails when anything changed, saying what and how to accept it on purpose:
//!
//! - new codes, deprecations, new wording: `ERRCAT_BLESS=1 cargo test --test published`
//! - a breaking change: `ERRCAT_ACCEPT_BREAKING=1 cargo test --test published`
//!
//! A code removed on purpose stays in the snapshot as a tombstone
//! (`removed = true`): its number is never given to another error, because
//! old logs and clients would read the new error as the old one.
//!
//! A team with a catalogue of its own runs the same check in its CI with
//! `errcat diff tests/published-codes.toml errors.toml`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use errcat_build::diff::{Change, Class, Published, diff, next_snapshot, snapshot};

const CATALOGUE: &str = "errors.toml";
const SNAPSHOT: &str = "tests/published-codes.toml";
const BLESS: &str = "ERRCAT_BLESS=1 cargo test --test published";
const ACCEPT_BREAKING: &str = "ERRCAT_ACCEPT_BREAKING=1 cargo test --test published";

/// The catalogue file as it stands, read as the build script reads it.
fn current() -> Vec<Published> {
    let defaults = errcat_build::Defaults {
        name: "accounts".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let catalogue =
        errcat_build::load_file(Path::new(CATALOGUE), &defaults).unwrap_or_else(|mistakes| {
            let messages: Vec<String> = mistakes.iter().map(ToString::to_string).collect();
            panic!("{CATALOGUE} is invalid:\n{}", messages.join("\n"))
        });
    Published::of(&catalogue)
}

const HEADER: &str = "\
# The codes errcat has published, in catalogue order: what logs, clients and
# other servers may depend on. tests/published.rs compares errors.toml with
# this file and fails when a published code is removed or renumbered, or
# changes its status, token or placeholders. Codes removed on purpose follow,
# marked `removed = true`: their numbers are never reused. Not edited by hand:
#   new codes, deprecations:  ERRCAT_BLESS=1 cargo test --test published
#   a breaking change, on purpose:  ERRCAT_ACCEPT_BREAKING=1 cargo test --test published
";

fn parse(text: &str) -> Vec<Published> {
    snapshot::parse(text).unwrap_or_else(|diagnostics| {
        let source = errcat_build::Source {
            name: SNAPSHOT,
            text,
        };
        let messages: Vec<String> = diagnostics
            .iter()
            .map(|diagnostic| diagnostic.display(&source).to_string())
            .collect();
        panic!("{}", messages.join("\n"))
    })
}

fn is_set(variable: &str) -> bool {
    std::env::var_os(variable).is_some_and(|value| !value.is_empty() && value != "0")
}

/// What the failing test prints: every change, grouped by what it takes to
/// accept it.
fn report(changes: &[Change]) -> String {
    let mut out = format!("{CATALOGUE} differs from the published codes in {SNAPSHOT}.\n");
    let (breaking, recorded): (Vec<&Change>, Vec<&Change>) = changes
        .iter()
        .partition(|change| change.class == Class::Breaking);
    if !breaking.is_empty() {
        out.push_str("\nBreaking changes to published codes:\n");
        for change in &breaking {
            let _ = writeln!(out, "  - {}", change.message);
        }
        let _ = writeln!(
            out,
            "Undo them, or if the break is deliberate (and announced), accept it with\n  {ACCEPT_BREAKING}"
        );
    }
    if !recorded.is_empty() {
        out.push_str("\nChanges to record (not breaking):\n");
        for change in &recorded {
            let _ = writeln!(out, "  - {}", change.message);
        }
        let _ = writeln!(out, "Record them with\n  {BLESS}");
    }
    out
}

#[test]
fn the_catalogue_keeps_every_published_code() {
    let current = current();
    let text = fs::read_to_string(SNAPSHOT).unwrap_or_default();
    let snapshot = parse(&text);
    let changes = diff(&snapshot, &current);
    let breaking = changes.iter().any(|change| change.class == Class::Breaking);
    if is_set("ERRCAT_ACCEPT_BREAKING") || (is_set("ERRCAT_BLESS") && !breaking) {
        let rendered = snapshot::render(HEADER, &next_snapshot(&snapshot, &current));
        if rendered != text {
            fs::write(SNAPSHOT, rendered).unwrap();
        }
        return;
    }
    if !changes.is_empty() {
        let mut message = report(&changes);
        if breaking && is_set("ERRCAT_BLESS") {
            let _ = write!(
                message,
                "\nERRCAT_BLESS records additions and deprecations only: {SNAPSHOT} is unchanged."
            );
        }
        panic!("{message}");
    }
}

#[test]
fn the_snapshot_is_written_as_it_is_read() {
    let current: Vec<Published> = next_snapshot(&[], &current());
    assert_eq!(parse(&snapshot::render(HEADER, &current)), current);
    let text = fs::read_to_string(SNAPSHOT).unwrap();
    assert!(text.starts_with(HEADER));
    // What the file holds is what the catalogue renders: nothing in it is
    // written by hand.
    assert_eq!(snapshot::render(HEADER, &parse(&text)), text);
}

fn entry(code: &str, token: &str, status: u16, description: &str) -> Published {
    Published::new(code, token, status, description)
}

fn missing_input() -> Published {
    entry(
        "GEN-1201-100001",
        "MISSING_INPUT",
        400,
        "Missing required header input '{input}'",
    )
}

fn invalid_token() -> Published {
    entry(
        "GEN-1203-100003",
        "FAILED_SECURITY_VALIDATION",
        401,
        "Invalid access token",
    )
}

#[test]
fn the_report_says_how_to_accept_each_kind_of_change() {
    let mut moved = invalid_token();
    moved.status = 403;
    let changes = diff(&[invalid_token()], &[moved, missing_input()]);
    assert_eq!(
        report(&changes),
        "errors.toml differs from the published codes in tests/published-codes.toml.\n\
         \n\
         Breaking changes to published codes:\n  \
         - `GEN-1203-100003` changed its status from 401 to 403: clients branch on the status\n\
         Undo them, or if the break is deliberate (and announced), accept it with\n  \
         ERRCAT_ACCEPT_BREAKING=1 cargo test --test published\n\
         \n\
         Changes to record (not breaking):\n  \
         - `GEN-1201-100001` is new (400 MISSING_INPUT)\n\
         Record them with\n  \
         ERRCAT_BLESS=1 cargo test --test published\n"
    );
}
