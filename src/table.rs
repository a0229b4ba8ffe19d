//! The catalogue as a table for people: Markdown and JSON.
//!
//! Both take the codes to show, so a caller can filter:
//!
//! ```
//! use errcat::{table, ErrorCode};
//!
//! let forbidden: Vec<ErrorCode> =
//!     ErrorCode::ALL.into_iter().filter(|code| code.status() == 403).collect();
//! let markdown = table::markdown(&forbidden);
//! assert!(markdown.contains("| 403 | `ACCESS_DENIED` | `B14800ZZ-3004-000000` |"));
//! assert_eq!(markdown.lines().count(), 2 + forbidden.len());
//! ```

use serde::Serialize;

use errcat_core::markdown::{MarkdownRow, escape_cell, write_table};

use crate::{CatalogueCode, CatalogueEntry, CatalogueKind};

/// One row of the table in its JSON form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The HTTP status, as a number.
    pub status: u16,
    /// The token as the table prints it: `MISSING_INPUT`.
    pub error: &'static str,
    /// The code: `GEN-1201-100001`.
    pub code: &'static str,
    /// The template as written in the catalogue, placeholders in braces.
    pub description: &'static str,
    /// When the API answers with it.
    pub scenario: &'static str,
    /// The placeholders' names, in order of appearance.
    pub placeholders: &'static [&'static str],
    /// What to use instead, when the code is deprecated; absent from the
    /// JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<&'static str>,
}

impl Entry {
    /// The entry of `code`, of any catalogue.
    ///
    /// ```
    /// let entry = errcat::table::Entry::of(errcat::ErrorCode::QuotaExceeded);
    /// assert_eq!(entry.status, 429);
    /// ```
    pub fn of<C: CatalogueCode>(code: C) -> Entry {
        Entry {
            status: code.status().as_u16(),
            error: code.kind().token(),
            code: code.code(),
            description: code.description(),
            scenario: code.scenario(),
            placeholders: code.placeholders(),
            deprecated: code.deprecation(),
        }
    }
}

impl From<crate::ErrorCode> for Entry {
    fn from(code: crate::ErrorCode) -> Entry {
        Entry::of(code)
    }
}

/// The published columns (HTTP status, Error, Error-code, Error-description,
/// Scenario) as a Markdown table, descriptions as the published table prints
/// them. One line per code after the header and its rule. A deprecated code
/// says so in its scenario's cell, with what to use instead.
///
/// ```
/// use errcat::{table, ErrorCode};
///
/// let text = table::markdown(&[ErrorCode::VersionNotFound]);
/// assert_eq!(
///     text.lines().nth(2),
///     Some("| 404 | `OTHER_API_ERRORS` | `GEN-1206-100002` | Specific version not found. Supported versions are 'INPUT' | Request received with invalid version in Accept header |")
/// );
/// ```
pub fn markdown<C: CatalogueCode>(codes: &[C]) -> String {
    let mut out = String::with_capacity(160 * (codes.len() + 2));
    write_table(
        &mut out,
        codes.iter().map(|&code| MarkdownRow {
            status: code.status().as_u16(),
            token: code.kind().token(),
            code: code.code(),
            description: code.published_description(),
            scenario: code.scenario(),
            deprecated: code.deprecation(),
            code_link: None,
        }),
    );
    out
}

/// The codes as a JSON array of [`Entry`] objects: `status` (number),
/// `error`, `code`, `description` (the template), `scenario`, `placeholders`,
/// and `deprecated` (what to use instead) for a deprecated code only.
///
/// ```
/// use errcat::{table, ErrorCode};
///
/// let text = table::json(&[ErrorCode::MissingHeaderInput]);
/// let parsed: serde_json::Value = serde_json::from_str(&text)?;
/// assert_eq!(parsed[0]["status"], 400);
/// assert_eq!(parsed[0]["description"], "Missing required header input '{input}'");
/// assert_eq!(parsed[0]["placeholders"], serde_json::json!(["input"]));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn json<C: CatalogueCode>(codes: &[C]) -> String {
    let entries: Vec<Entry> = codes.iter().copied().map(Entry::of).collect();
    let mut text = serde_json::to_string_pretty(&entries)
        .unwrap_or_else(|_| unreachable!("string fields always serialize"));
    text.push('\n');
    text
}

/// A [`Catalogued`](crate::Catalogued) type's own table, as Markdown: which
/// of its variants answers with which code, with what status, and when.
///
/// ```
/// use errcat::{table, Catalogued};
///
/// #[derive(Catalogued)]
/// enum LedgerError {
///     #[catalogue(code = "GEN-1206-100004", scenario = "The ledger database is unreachable")]
///     Unreachable,
///     #[catalogue(code = "GEN-1204-100001", scenario = "The ledger is being migrated")]
///     Migrating,
/// }
///
/// let text = table::markdown_entries(LedgerError::ENTRIES);
/// assert_eq!(
///     text.lines().nth(2),
///     Some("| `Unreachable` | `GEN-1206-100004` | 500 | `OTHER_API_ERRORS` | The ledger database is unreachable | Internal error occurred |")
/// );
/// ```
pub fn markdown_entries<C: CatalogueCode>(entries: &[CatalogueEntry<C>]) -> String {
    let mut out = String::from(
        "| Variant | Error-code | HTTP status | Error | Scenario | Error-description |\n|---|---|---|---|---|---|\n",
    );
    for entry in entries {
        let code = entry.code;
        out.push_str(&format!(
            "| `{}` | `{}` | {} | `{}` | ",
            entry.variant,
            code.code(),
            code.status().as_u16(),
            code.kind().token()
        ));
        escape_cell(&mut out, entry.scenario);
        out.push_str(" | ");
        escape_cell(&mut out, code.published_description());
        out.push_str(" |\n");
    }
    out
}

/// A [`Catalogued`](crate::Catalogued) type's own table, as a JSON array of
/// objects: `variant`, `scenario` (the type's), and the code's catalogue
/// entry (`status`, `error`, `code`, `description`, `placeholders`) under
/// `catalogue`.
///
/// ```
/// use errcat::{table, Catalogued};
///
/// #[derive(Catalogued)]
/// #[catalogue(code = "GEN-1204-100001", scenario = "Nightly maintenance")]
/// struct Maintenance;
///
/// let parsed: serde_json::Value = serde_json::from_str(&table::json_entries(Maintenance::ENTRIES))?;
/// assert_eq!(parsed[0]["variant"], "Maintenance");
/// assert_eq!(parsed[0]["catalogue"]["status"], 503);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn json_entries<C: CatalogueCode>(entries: &[CatalogueEntry<C>]) -> String {
    #[derive(Serialize)]
    struct Own {
        variant: &'static str,
        scenario: &'static str,
        catalogue: Entry,
    }
    let rows: Vec<Own> = entries
        .iter()
        .map(|entry| Own {
            variant: entry.variant,
            scenario: entry.scenario,
            catalogue: Entry::of(entry.code),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows)
        .unwrap_or_else(|_| unreachable!("string fields always serialize"));
    text.push('\n');
    text
}
