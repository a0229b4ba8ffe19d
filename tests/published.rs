//! The guard on published codes, as rustc keeps one on its error codes.
//!
//! Once a code is out, logs, clients and other servers carry it: it keeps its
//! number, status, token and placeholders. `tests/published-codes.toml` holds
//! what was published; this test reads `errors.toml` itself (with
//! errcat-build's own loader and validator, as the build does) and
//! fails when it breaks a published code, saying what changed and how to
//! accept it on purpose:
//!
//! - new codes, deprecations, new wording: `ERRCAT_BLESS=1 cargo test --test published`
//! - a breaking change: `ERRCAT_ACCEPT_BREAKING=1 cargo test --test published`
//!
//! A code removed on purpose stays in the snapshot as a tombstone
//! (`removed = true`): its number is never given to another error, because
//! old logs and clients would read the new error as the old one.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;

use toml::de::{DeTable, DeValue};

const CATALOGUE: &str = "errors.toml";
const SNAPSHOT: &str = "tests/published-codes.toml";
const BLESS: &str = "ERRCAT_BLESS=1 cargo test --test published";
const ACCEPT_BREAKING: &str = "ERRCAT_ACCEPT_BREAKING=1 cargo test --test published";

/// What clients, logs and servers may depend on about one code.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Published {
    code: String,
    token: String,
    status: u16,
    /// In order of first appearance: the order of the typed constructor's
    /// arguments.
    placeholders: Vec<String>,
    deprecated: bool,
    /// The template; recorded to recognise a renumbered code.
    description: String,
    /// A tombstone: removed on purpose (with ERRCAT_ACCEPT_BREAKING), its
    /// number reserved for what it meant.
    removed: bool,
}

/// One difference between the snapshot and the catalogue.
#[derive(Debug, PartialEq, Eq)]
struct Change {
    /// Breaks what was published: accepted only with ERRCAT_ACCEPT_BREAKING.
    breaking: bool,
    message: String,
}

impl Change {
    fn breaking(message: String) -> Change {
        Change {
            breaking: true,
            message,
        }
    }

    fn recorded(message: String) -> Change {
        Change {
            breaking: false,
            message,
        }
    }
}

/// Every change from `snapshot` to `current`: first those to published codes,
/// in the snapshot's order, then the new codes, in the catalogue's order.
fn compare(snapshot: &[Published], current: &[Published]) -> Vec<Change> {
    let now: HashMap<&str, &Published> = current
        .iter()
        .map(|entry| (entry.code.as_str(), entry))
        .collect();
    let before: HashSet<&str> = snapshot.iter().map(|entry| entry.code.as_str()).collect();
    let mut renumbered: HashSet<&str> = HashSet::new();
    let mut changes = Vec::new();
    for old in snapshot {
        let code = &old.code;
        if old.removed {
            if let Some(new) = now.get(code.as_str()) {
                changes.push(if same_meaning(old, new) {
                    Change::recorded(format!(
                        "`{code}` is back, with the status, token and placeholders it was published with"
                    ))
                } else {
                    Change::breaking(format!(
                        "`{code}` was removed on purpose ({} {}) and is now reused ({} {}): old logs and clients would read the new error as the old one; give the new row a code of its own",
                        old.status, old.token, new.status, new.token
                    ))
                });
            }
            continue;
        }
        let Some(new) = now.get(code.as_str()) else {
            let successor = current.iter().find(|new| {
                !before.contains(new.code.as_str())
                    && !renumbered.contains(new.code.as_str())
                    && new.token == old.token
                    && new.description == old.description
            });
            changes.push(Change::breaking(match successor {
                Some(new) => {
                    renumbered.insert(&new.code);
                    format!(
                        "`{code}` looks renumbered from `{code}` to `{}` (same token `{}` and description \"{}\"): a published code keeps its number; restore `{code}`, and if `{}` is to replace it, keep both and mark `{code}` `deprecated`",
                        new.code, old.token, old.description, new.code
                    )
                }
                None => format!(
                    "`{code}` ({} {}) was removed: logs, clients and servers still carry it; keep its row and mark it `deprecated = \"what to use instead\"` rather than deleting it",
                    old.status, old.token
                ),
            }));
            continue;
        };
        if new.status != old.status {
            changes.push(Change::breaking(format!(
                "`{code}` changed its status from {} to {}: clients branch on the status",
                old.status, new.status
            )));
        }
        if new.token != old.token {
            changes.push(Change::breaking(format!(
                "`{code}` changed its error token from `{}` to `{}`: clients branch on the token",
                old.token, new.token
            )));
        }
        for name in &new.placeholders {
            if !old.placeholders.contains(name) {
                changes.push(Change::breaking(format!(
                    "`{code}` gained the placeholder `{{{name}}}`: servers that build it must now pass a value; add a new code for the new text instead"
                )));
            }
        }
        for name in &old.placeholders {
            if !new.placeholders.contains(name) {
                changes.push(Change::breaking(format!(
                    "`{code}` lost the placeholder `{{{name}}}`: servers that pass it no longer build and clients that read it find nothing; add a new code for the new text instead"
                )));
            }
        }
        let same_names = old.placeholders.len() == new.placeholders.len()
            && old
                .placeholders
                .iter()
                .all(|name| new.placeholders.contains(name));
        if same_names && old.placeholders != new.placeholders {
            changes.push(Change::breaking(format!(
                "`{code}` reorders its placeholders from {} to {}: its constructor takes them in that order, so existing calls would swap their values silently",
                list(&old.placeholders),
                list(&new.placeholders)
            )));
        }
        if new.description != old.description {
            changes.push(Change::recorded(format!(
                "`{code}` has a new description: \"{}\" becomes \"{}\"; clients that match the text will see it",
                old.description, new.description
            )));
        }
        match (old.deprecated, new.deprecated) {
            (false, true) => changes.push(Change::recorded(format!(
                "`{code}` is now deprecated: fine, it still parses, renders and decodes"
            ))),
            (true, false) => changes.push(Change::recorded(format!(
                "`{code}` is no longer deprecated"
            ))),
            _ => {}
        }
    }
    for new in current {
        if !before.contains(new.code.as_str()) && !renumbered.contains(new.code.as_str()) {
            changes.push(Change::recorded(format!(
                "`{}` is new ({} {})",
                new.code, new.status, new.token
            )));
        }
    }
    changes
}

/// What a client or a log reader would take the code to mean.
fn same_meaning(old: &Published, new: &Published) -> bool {
    old.status == new.status && old.token == new.token && old.placeholders == new.placeholders
}

/// What the snapshot becomes once the changes are accepted: the catalogue's
/// codes, then a tombstone for every published code that is not in it, old
/// tombstones included, in the snapshot's order.
fn next_snapshot(snapshot: &[Published], current: &[Published]) -> Vec<Published> {
    let now: HashSet<&str> = current.iter().map(|entry| entry.code.as_str()).collect();
    let tombstones = snapshot
        .iter()
        .filter(|old| !now.contains(old.code.as_str()))
        .map(|old| Published {
            removed: true,
            ..old.clone()
        });
    current.iter().cloned().chain(tombstones).collect()
}

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("`{{{name}}}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The catalogue file as it stands, read as the build script reads it.
fn current() -> Vec<Published> {
    let text = fs::read_to_string(CATALOGUE).unwrap();
    let source = errcat_build::Source {
        name: CATALOGUE,
        text: &text,
    };
    let defaults = errcat_build::Defaults {
        name: "accounts".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let catalogue = errcat_build::load(&source, &defaults).unwrap_or_else(|diagnostics| {
        let messages: Vec<String> = diagnostics
            .iter()
            .map(|diagnostic| diagnostic.display(&source).to_string())
            .collect();
        panic!("{CATALOGUE} is invalid:\n{}", messages.join("\n"))
    });
    catalogue
        .rows
        .into_iter()
        .map(|row| Published {
            code: row.code,
            token: row.token,
            status: row.status,
            placeholders: row.template.names,
            deprecated: row.deprecated.is_some(),
            description: row.description,
            removed: false,
        })
        .collect()
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

fn render(entries: &[Published]) -> String {
    let mut out = String::from(HEADER);
    for entry in entries {
        let placeholders = entry
            .placeholders
            .iter()
            .map(|name| quoted(name))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(
            out,
            "\n[[code]]\ncode = {}\ntoken = {}\nstatus = {}\nplaceholders = [{placeholders}]\ndeprecated = {}\ndescription = {}\n",
            quoted(&entry.code),
            quoted(&entry.token),
            entry.status,
            entry.deprecated,
            quoted(&entry.description),
        );
        if entry.removed {
            out.push_str("removed = true\n");
        }
    }
    out
}

/// A TOML basic string. Validation keeps codes, tokens and descriptions to
/// printable ASCII without `"` and `\`; escaping them costs nothing anyway.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn parse(text: &str) -> Result<Vec<Published>, String> {
    let document = DeTable::parse(text).map_err(|error| error.to_string())?;
    let mut entries = Vec::new();
    for (key, value) in document.get_ref() {
        let (key, value) = (key.get_ref().as_ref(), value.get_ref());
        let DeValue::Array(array) = value else {
            return Err(format!("`{key}` is not an array of `[[code]]` tables"));
        };
        if key != "code" {
            return Err(format!("unknown key `{key}`: expected `[[code]]` tables"));
        }
        for (index, table) in array.iter().enumerate() {
            let DeValue::Table(table) = table.get_ref() else {
                return Err(format!("entry {} is not a table", index + 1));
            };
            let field = |name: &str| {
                table
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == name)
                    .map(|(_, value)| value.get_ref())
                    .ok_or_else(|| format!("entry {} has no `{name}`", index + 1))
            };
            let string = |name: &str| match field(name)? {
                DeValue::String(text) => Ok(text.to_string()),
                _ => Err(format!("`{name}` of entry {} is not a string", index + 1)),
            };
            let status = match field("status")? {
                DeValue::Integer(number) => number.as_str().parse().ok(),
                _ => None,
            };
            let placeholders = match field("placeholders")? {
                DeValue::Array(names) => names
                    .iter()
                    .map(|name| match name.get_ref() {
                        DeValue::String(name) => Some(name.to_string()),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            };
            let deprecated = match field("deprecated")? {
                DeValue::Boolean(flag) => Some(*flag),
                _ => None,
            };
            // Optional: only tombstones carry it.
            let removed = match field("removed") {
                Err(_) => Some(false),
                Ok(DeValue::Boolean(flag)) => Some(*flag),
                Ok(_) => None,
            };
            let what = |name: &str| format!("`{name}` of entry {} is malformed", index + 1);
            entries.push(Published {
                code: string("code")?,
                token: string("token")?,
                status: status.ok_or_else(|| what("status"))?,
                placeholders: placeholders.ok_or_else(|| what("placeholders"))?,
                deprecated: deprecated.ok_or_else(|| what("deprecated"))?,
                description: string("description")?,
                removed: removed.ok_or_else(|| what("removed"))?,
            });
        }
    }
    Ok(entries)
}

fn is_set(variable: &str) -> bool {
    std::env::var_os(variable).is_some_and(|value| !value.is_empty() && value != "0")
}

/// What the failing test prints: every change, grouped by what it takes to
/// accept it.
fn report(changes: &[Change]) -> String {
    let mut out = format!("{CATALOGUE} differs from the published codes in {SNAPSHOT}.\n");
    let (breaking, recorded): (Vec<&Change>, Vec<&Change>) =
        changes.iter().partition(|change| change.breaking);
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
    let snapshot = parse(&text).unwrap_or_else(|error| panic!("{SNAPSHOT}: {error}"));
    let changes = compare(&snapshot, &current);
    let breaking = changes.iter().any(|change| change.breaking);
    if is_set("ERRCAT_ACCEPT_BREAKING") || (is_set("ERRCAT_BLESS") && !breaking) {
        let rendered = render(&next_snapshot(&snapshot, &current));
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
    let current = current();
    assert_eq!(parse(&render(&current)), Ok(current));
    let text = fs::read_to_string(SNAPSHOT).unwrap();
    assert!(text.starts_with(HEADER));
}

fn entry(code: &str, token: &str, status: u16, description: &str) -> Published {
    let template = errcat_build::Template::parse(description).unwrap();
    Published {
        code: code.to_owned(),
        token: token.to_owned(),
        status,
        placeholders: template.names,
        deprecated: false,
        description: description.to_owned(),
        removed: false,
    }
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
fn nothing_changed_is_no_change() {
    let published = [missing_input(), invalid_token()];
    assert_eq!(compare(&published, &published), []);
}

#[test]
fn a_removed_code_is_breaking_and_asks_for_a_deprecation() {
    assert_eq!(
        compare(&[missing_input(), invalid_token()], &[invalid_token()]),
        [Change::breaking(
            "`GEN-1201-100001` (400 MISSING_INPUT) was removed: logs, clients and servers still carry it; keep its row and mark it `deprecated = \"what to use instead\"` rather than deleting it".to_owned()
        )]
    );
}

#[test]
fn a_renumbered_code_is_named_as_such() {
    let mut renumbered = missing_input();
    renumbered.code = "GEN-1201-100009".to_owned();
    assert_eq!(
        compare(&[missing_input(), invalid_token()], &[renumbered, invalid_token()]),
        [Change::breaking(
            "`GEN-1201-100001` looks renumbered from `GEN-1201-100001` to `GEN-1201-100009` (same token `MISSING_INPUT` and description \"Missing required header input '{input}'\"): a published code keeps its number; restore `GEN-1201-100001`, and if `GEN-1201-100009` is to replace it, keep both and mark `GEN-1201-100001` `deprecated`".to_owned()
        )]
    );
}

#[test]
fn a_new_status_is_breaking() {
    let mut changed = invalid_token();
    changed.status = 403;
    assert_eq!(
        compare(&[invalid_token()], &[changed]),
        [Change::breaking(
            "`GEN-1203-100003` changed its status from 401 to 403: clients branch on the status"
                .to_owned()
        )]
    );
}

#[test]
fn a_new_token_is_breaking() {
    let mut changed = invalid_token();
    changed.token = "ACCESS_DENIED".to_owned();
    assert_eq!(
        compare(&[invalid_token()], &[changed]),
        [Change::breaking(
            "`GEN-1203-100003` changed its error token from `FAILED_SECURITY_VALIDATION` to `ACCESS_DENIED`: clients branch on the token".to_owned()
        )]
    );
}

#[test]
fn a_gained_placeholder_is_breaking() {
    let changed = entry(
        "GEN-1201-100001",
        "MISSING_INPUT",
        400,
        "Missing required header input '{input}' ({reason})",
    );
    assert_eq!(
        compare(&[missing_input()], &[changed]),
        [
            Change::breaking(
                "`GEN-1201-100001` gained the placeholder `{reason}`: servers that build it must now pass a value; add a new code for the new text instead".to_owned()
            ),
            Change::recorded(
                "`GEN-1201-100001` has a new description: \"Missing required header input '{input}'\" becomes \"Missing required header input '{input}' ({reason})\"; clients that match the text will see it".to_owned()
            ),
        ]
    );
}

#[test]
fn a_lost_placeholder_is_breaking() {
    let changed = entry(
        "GEN-1201-100001",
        "MISSING_INPUT",
        400,
        "Missing required header input",
    );
    let changes = compare(&[missing_input()], &[changed]);
    assert_eq!(
        changes[0],
        Change::breaking(
            "`GEN-1201-100001` lost the placeholder `{input}`: servers that pass it no longer build and clients that read it find nothing; add a new code for the new text instead".to_owned()
        )
    );
    assert_eq!(changes.len(), 2, "{changes:#?}");
}

#[test]
fn reordered_placeholders_are_breaking() {
    let before = entry("X-1", "BAD", 400, "{a} then {b}");
    let after = entry("X-1", "BAD", 400, "{b} then {a}");
    assert_eq!(
        compare(&[before], &[after])[0],
        Change::breaking(
            "`X-1` reorders its placeholders from `{a}`, `{b}` to `{b}`, `{a}`: its constructor takes them in that order, so existing calls would swap their values silently".to_owned()
        )
    );
}

#[test]
fn a_new_code_is_recorded() {
    assert_eq!(
        compare(&[missing_input()], &[missing_input(), invalid_token()]),
        [Change::recorded(
            "`GEN-1203-100003` is new (401 FAILED_SECURITY_VALIDATION)".to_owned()
        )]
    );
}

#[test]
fn a_deprecation_is_fine_and_recorded() {
    let mut deprecated = invalid_token();
    deprecated.deprecated = true;
    assert_eq!(
        compare(&[invalid_token()], std::slice::from_ref(&deprecated)),
        [Change::recorded(
            "`GEN-1203-100003` is now deprecated: fine, it still parses, renders and decodes"
                .to_owned()
        )]
    );
    assert_eq!(
        compare(&[deprecated], &[invalid_token()]),
        [Change::recorded(
            "`GEN-1203-100003` is no longer deprecated".to_owned()
        )]
    );
}

#[test]
fn the_report_says_how_to_accept_each_kind_of_change() {
    let mut moved = invalid_token();
    moved.status = 403;
    let changes = compare(&[invalid_token()], &[moved, missing_input()]);
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

fn tombstone(entry: Published) -> Published {
    Published {
        removed: true,
        ..entry
    }
}

#[test]
fn a_code_removed_on_purpose_stays_as_a_tombstone() {
    let snapshot = [missing_input(), invalid_token()];
    let current = [invalid_token()];
    let next = next_snapshot(&snapshot, &current);
    assert_eq!(next, [invalid_token(), tombstone(missing_input())]);
    assert_eq!(parse(&render(&next)), Ok(next.clone()));
    assert!(render(&next).ends_with("removed = true\n"));
    // Once accepted, its absence is no longer a change, and the tombstone stays.
    assert_eq!(compare(&next, &current), []);
    assert_eq!(next_snapshot(&next, &current), next);
}

#[test]
fn a_removed_code_is_never_reused() {
    let snapshot = [invalid_token(), tombstone(missing_input())];
    let reused = entry("GEN-1201-100001", "INVALID_INPUT", 400, "Invalid input");
    assert_eq!(
        compare(&snapshot, &[invalid_token(), reused]),
        [Change::breaking(
            "`GEN-1201-100001` was removed on purpose (400 MISSING_INPUT) and is now reused (400 INVALID_INPUT): old logs and clients would read the new error as the old one; give the new row a code of its own".to_owned()
        )]
    );
}

#[test]
fn a_removed_code_may_come_back_with_its_meaning() {
    let snapshot = [invalid_token(), tombstone(missing_input())];
    let current = [invalid_token(), missing_input()];
    assert_eq!(
        compare(&snapshot, &current),
        [Change::recorded(
            "`GEN-1201-100001` is back, with the status, token and placeholders it was published with".to_owned()
        )]
    );
    assert_eq!(next_snapshot(&snapshot, &current), current);
}

#[test]
fn a_renumbered_code_accepted_on_purpose_keeps_its_old_number_reserved() {
    let mut renumbered = missing_input();
    renumbered.code = "GEN-1201-100009".to_owned();
    let next = next_snapshot(&[missing_input()], std::slice::from_ref(&renumbered));
    assert_eq!(next, [renumbered, tombstone(missing_input())]);
}
