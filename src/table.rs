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

/// One row of the table: what every output shows of a code, for a code of
/// a generated catalogue ([`Entry::of`]) or of one read at run time (the
/// `errcat` command's `--catalogue`). Its JSON form is `table --format
/// json`'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry<'a> {
    /// The HTTP status, as a number.
    pub status: u16,
    /// The token as the table prints it: `MISSING_INPUT`.
    pub error: &'a str,
    /// The code: `GEN-1201-100001`.
    pub code: &'a str,
    /// The template as written in the catalogue, placeholders in braces.
    pub description: &'a str,
    /// When the API answers with it.
    pub scenario: &'a str,
    /// The placeholders' names, in order of appearance.
    pub placeholders: Vec<&'a str>,
    /// What to use instead, when the code is deprecated; absent from the
    /// JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<&'a str>,
    /// The description as the published table prints it (`'INPUT'` for
    /// `'{input}'`); not in the JSON form.
    #[serde(skip)]
    pub published: &'a str,
    /// The code's variant name in Rust: `MissingHeaderInput`; not in the
    /// JSON form.
    #[serde(skip)]
    pub name: &'a str,
    /// The code's AIP-193 reason; not in the JSON form.
    #[serde(skip)]
    pub reason: &'a str,
    /// The code's NextGenPSD2 message code, when it has one; not in the
    /// JSON form.
    #[serde(skip)]
    pub berlin_group: Option<&'a str>,
}

impl Entry<'static> {
    /// The entry of `code`, of any catalogue.
    ///
    /// ```
    /// let entry = errcat::table::Entry::of(errcat::ErrorCode::QuotaExceeded);
    /// assert_eq!(entry.status, 429);
    /// assert_eq!(entry.name, "QuotaExceeded");
    /// ```
    pub fn of<C: CatalogueCode>(code: C) -> Entry<'static> {
        Entry {
            status: code.status().as_u16(),
            error: code.kind().token(),
            code: code.code(),
            description: code.description(),
            scenario: code.scenario(),
            placeholders: code.placeholders().to_vec(),
            deprecated: code.deprecation(),
            published: code.published_description(),
            name: code.name(),
            reason: code.aip_reason(),
            berlin_group: code.berlin_group_code(),
        }
    }

    /// The entries of `codes`, in their order.
    ///
    /// ```
    /// let entries = errcat::table::Entry::all(&errcat::ErrorCode::ALL);
    /// assert_eq!(entries.len(), errcat::ErrorCode::COUNT);
    /// ```
    pub fn all<C: CatalogueCode>(codes: &[C]) -> Vec<Entry<'static>> {
        codes.iter().copied().map(Entry::of).collect()
    }
}

impl Entry<'_> {
    /// The token as response bodies carry it (RFC 6749's style):
    /// `missing_input`.
    ///
    /// ```
    /// let entry = errcat::table::Entry::of(errcat::ErrorCode::QuotaExceeded);
    /// assert_eq!(entry.wire_token(), "api_usage_limit_reached");
    /// ```
    pub fn wire_token(&self) -> String {
        self.error.to_ascii_lowercase()
    }
}

impl From<crate::ErrorCode> for Entry<'static> {
    fn from(code: crate::ErrorCode) -> Entry<'static> {
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
    markdown_rows(&Entry::all(codes))
}

/// [`markdown`] of entries, whatever catalogue they come from.
///
/// ```
/// use errcat::table::{self, Entry};
/// let entries = Entry::all(&[errcat::ErrorCode::VersionNotFound]);
/// assert_eq!(table::markdown_rows(&entries), table::markdown(&[errcat::ErrorCode::VersionNotFound]));
/// ```
pub fn markdown_rows(entries: &[Entry<'_>]) -> String {
    let mut out = String::with_capacity(160 * (entries.len() + 2));
    write_table(
        &mut out,
        entries.iter().map(|entry| MarkdownRow {
            status: entry.status,
            token: entry.error,
            code: entry.code,
            description: entry.published,
            scenario: entry.scenario,
            deprecated: entry.deprecated,
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
    json_rows(&Entry::all(codes))
}

/// [`json`] of entries, whatever catalogue they come from.
///
/// ```
/// use errcat::table::{self, Entry};
/// let entries = Entry::all(&[errcat::ErrorCode::QuotaExceeded]);
/// assert_eq!(table::json_rows(&entries), table::json(&[errcat::ErrorCode::QuotaExceeded]));
/// ```
pub fn json_rows(entries: &[Entry<'_>]) -> String {
    let mut text = serde_json::to_string_pretty(entries)
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
        catalogue: Entry<'static>,
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
