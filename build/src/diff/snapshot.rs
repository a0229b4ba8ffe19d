//! A snapshot of the codes a catalogue has published: one `[[code]]` table
//! per code, in catalogue order, then the codes removed on purpose
//! (`removed = true`), whose numbers are never reused.
//!
//! ```toml
//! [[code]]
//! code = "GEN-1201-100001"
//! token = "MISSING_INPUT"
//! status = 400
//! placeholders = ["input"]
//! deprecated = false
//! description = "Missing required header input '{input}'"
//! ```
//!
//! [`render`] writes what [`parse`] reads:
//!
//! ```
//! use errcat_build::diff::{Published, snapshot};
//!
//! let codes = vec![Published::new("LED-0001", "NOT_FOUND", 404, "No ledger '{name}'")];
//! let text = snapshot::render("# The ledger's codes.\n", &codes);
//! assert_eq!(snapshot::parse(&text).unwrap(), codes);
//! ```

use std::fmt::Write as _;
use std::ops::Range;

use errcat_core::log_safe::{LogSafe, Quoted};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Published;
use crate::diagnostic::Diagnostic;

/// Whether `text` looks like a snapshot rather than a catalogue: its
/// top-level tables are `[[code]]`, and it has no `[[errors]]`.
///
/// ```
/// use errcat_build::diff::snapshot::is_snapshot;
/// assert!(is_snapshot("[[code]]\ncode = \"A-1\"\n"));
/// assert!(!is_snapshot("[[errors]]\ncode = \"A-1\"\n"));
/// ```
pub fn is_snapshot(text: &str) -> bool {
    DeTable::parse(text).is_ok_and(|document| {
        let keys = || document.get_ref().iter().map(|(key, _)| key.get_ref());
        keys().any(|key| key == "code") && !keys().any(|key| key == "errors")
    })
}

/// The snapshot's codes, or every mistake in it, placed in the text.
pub fn parse(text: &str) -> Result<Vec<Published>, Vec<Diagnostic>> {
    let document = DeTable::parse(text).map_err(|error| {
        vec![Diagnostic::new(
            error.span().unwrap_or(0..0),
            format!("invalid TOML: {}", LogSafe(error.message().trim_end())),
        )]
    })?;
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    for (key, value) in document.get_ref() {
        let name = key.get_ref().as_ref();
        let DeValue::Array(array) = value.get_ref() else {
            diagnostics.push(Diagnostic::new(
                key.span(),
                format!(
                    "`{}` is not an array of tables: expected `[[code]]` tables",
                    Quoted(name)
                ),
            ));
            continue;
        };
        if name != "code" {
            diagnostics.push(Diagnostic::suggesting(
                key.span(),
                format!(
                    "unknown key `{}` in a snapshot: expected `[[code]]` tables",
                    Quoted(name)
                ),
                name,
                ["code"],
            ));
            continue;
        }
        for table in array.iter() {
            entries.extend(entry(table, &mut diagnostics));
        }
    }
    if diagnostics.is_empty() {
        Ok(entries)
    } else {
        diagnostics.sort_by_key(|diagnostic| diagnostic.span.start);
        Err(diagnostics)
    }
}

const KEYS: [&str; 9] = [
    "code",
    "token",
    "status",
    "placeholders",
    "deprecated",
    "description",
    "berlin_group",
    "reason",
    "removed",
];

/// One `[[code]]` table, or its mistakes.
fn entry(table: &Spanned<DeValue<'_>>, diagnostics: &mut Vec<Diagnostic>) -> Option<Published> {
    let before = diagnostics.len();
    let DeValue::Table(fields) = table.get_ref() else {
        diagnostics.push(Diagnostic::new(
            table.span(),
            "a `code` entry is not a table: expected `[[code]]` tables",
        ));
        return None;
    };
    for (key, _) in fields.iter() {
        let name = key.get_ref().as_ref();
        if !KEYS.contains(&name) {
            diagnostics.push(Diagnostic::suggesting(
                key.span(),
                format!(
                    "unknown key `{}` in a `[[code]]` table: expected one of {}",
                    Quoted(name),
                    KEYS.map(|key| format!("`{key}`")).join(", ")
                ),
                name,
                KEYS,
            ));
        }
    }
    let find = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key.get_ref().as_ref() == name)
            .map(|(_, value)| value)
    };
    let span = table.span();
    let missing = |name: &str, what: &str, diagnostics: &mut Vec<Diagnostic>| {
        diagnostics.push(Diagnostic::new(
            span.clone(),
            format!("a `[[code]]` table has no `{name}`: expected {what}"),
        ));
    };
    let wrong = |value: &Spanned<DeValue<'_>>, name: &str, what: &str| {
        Diagnostic::new(
            value.span(),
            format!("`{name}` is not {what}: expected {what}"),
        )
    };
    let string = |name: &str, diagnostics: &mut Vec<Diagnostic>| match find(name) {
        Some(value) => match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => {
                diagnostics.push(wrong(value, name, "a string"));
                None
            }
        },
        None => {
            missing(name, "a string", diagnostics);
            None
        }
    };
    let code = string("code", diagnostics);
    let token = string("token", diagnostics);
    let description = string("description", diagnostics);
    let status = match find("status") {
        Some(value) => match value.get_ref() {
            DeValue::Integer(number) => match number.as_str().parse::<u16>() {
                Ok(status) if (100..=999).contains(&status) => Some(status),
                _ => {
                    diagnostics.push(wrong(value, "status", "an HTTP status from 100 to 999"));
                    None
                }
            },
            _ => {
                diagnostics.push(wrong(value, "status", "an HTTP status from 100 to 999"));
                None
            }
        },
        None => {
            missing("status", "an HTTP status", diagnostics);
            None
        }
    };
    let placeholders = match find("placeholders") {
        Some(value) => match value.get_ref() {
            DeValue::Array(names) => names
                .iter()
                .map(|name| match name.get_ref() {
                    DeValue::String(text) => Ok(text.to_string()),
                    _ => Err(name.span()),
                })
                .collect::<Result<Vec<_>, Range<usize>>>()
                .map_err(|span| {
                    diagnostics.push(Diagnostic::new(
                        span,
                        "a placeholder is not a string: expected placeholder names",
                    ))
                })
                .ok(),
            _ => {
                diagnostics.push(wrong(value, "placeholders", "an array of names"));
                None
            }
        },
        None => {
            missing("placeholders", "an array of names", diagnostics);
            None
        }
    };
    let mut flag = |name: &str, required: bool| match find(name) {
        Some(value) => match value.get_ref() {
            DeValue::Boolean(flag) => Some(*flag),
            _ => {
                diagnostics.push(wrong(value, name, "true or false"));
                None
            }
        },
        None if required => {
            missing(name, "true or false", diagnostics);
            None
        }
        None => Some(false),
    };
    let deprecated = flag("deprecated", true);
    let removed = flag("removed", false);
    let mut optional = |name: &str| match find(name) {
        Some(value) => match value.get_ref() {
            DeValue::String(text) => Some(Some(text.to_string())),
            _ => {
                diagnostics.push(wrong(value, name, "a string"));
                None
            }
        },
        None => Some(None),
    };
    let berlin_group = optional("berlin_group");
    let reason = optional("reason");
    if diagnostics.len() > before {
        return None;
    }
    Some(Published {
        code: code?,
        token: token?,
        status: status?,
        placeholders: placeholders?,
        deprecated: deprecated?,
        description: description?,
        removed: removed?,
        scenario: None,
        docs: None,
        berlin_group: berlin_group?,
        reason: reason?,
    })
}

/// The snapshot's text: `header` (comment lines, each starting with `#`),
/// then one `[[code]]` table per code, `removed = true` on tombstones.
/// The Berlin Group message code and the AIP-193 reason are recorded when
/// known; scenarios and docs are not.
pub fn render(header: &str, codes: &[Published]) -> String {
    let mut out = String::from(header);
    for entry in codes {
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
        if let Some(code) = &entry.berlin_group {
            let _ = writeln!(out, "berlin_group = {}", quoted(code));
        }
        if let Some(reason) = &entry.reason {
            let _ = writeln!(out, "reason = {}", quoted(reason));
        }
        if entry.removed {
            out.push_str("removed = true\n");
        }
    }
    out
}

/// A TOML basic string, control characters escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
