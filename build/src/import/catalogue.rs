//! The catalogue file: written new, or merged into an existing one with
//! toml_edit, which keeps its comments, its order and its formatting.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use errcat_core::log_safe::LogSafe;

use super::Error;
use super::report::{NoteKind, Report, shown};
use super::rows::{Placeholder, Row, Rows};
use crate::diagnostic::Source;
use crate::validate::Defaults;

/// A new catalogue of `rows`.
pub(crate) fn render(
    rows: &Rows,
    title: Option<&str>,
    version: Option<&str>,
    sources: &[String],
) -> String {
    let mut document = DocumentMut::new();
    let mut header = String::from("# Imported by `errcat import` from ");
    // Escaped: a name cannot end the comment and start a table.
    let names: Vec<String> = sources
        .iter()
        .map(|name| LogSafe(name).to_string())
        .collect();
    header.push_str(&names.join(", "));
    header.push_str(
        ".\n# Its report (on standard error) lists every fix and decision it made,\n# and every row that needs a person.\n",
    );
    document.decor_mut().set_prefix(header);
    if title.is_some() || version.is_some() {
        let mut catalogue = Table::new();
        if let Some(title) = title {
            catalogue["name"] = value(title);
        }
        if let Some(version) = version {
            catalogue["version"] = value(version);
        }
        catalogue.decor_mut().set_prefix("\n");
        document.insert("catalogue", Item::Table(catalogue));
    }
    if !rows.placeholders.is_empty() {
        document.insert(
            "placeholders",
            Item::Table(placeholders(&rows.placeholders)),
        );
    }
    let mut errors = ArrayOfTables::new();
    let mut last_status = None;
    for row in &rows.rows {
        let mut table = row_table(row);
        if last_status != Some(row.status) {
            let reason = http::StatusCode::from_u16(row.status)
                .ok()
                .and_then(|status| status.canonical_reason())
                .unwrap_or("(non-standard)");
            table
                .decor_mut()
                .set_prefix(format!("\n# {} {reason}\n\n", row.status));
            last_status = Some(row.status);
        } else {
            table.decor_mut().set_prefix("\n");
        }
        errors.push(table);
    }
    document.insert("errors", Item::ArrayOfTables(errors));
    document.to_string()
}

fn placeholders(placeholders: &[Placeholder]) -> Table {
    let mut table = Table::new();
    table.set_implicit(true);
    for placeholder in placeholders {
        table.insert(
            &placeholder.name,
            Item::Table(placeholder_table(placeholder)),
        );
    }
    table
}

fn placeholder_table(placeholder: &Placeholder) -> Table {
    let mut entry = Table::new();
    entry["published"] = value(placeholder.published.as_str());
    if placeholder.private {
        entry["private"] = value(true);
    }
    entry.decor_mut().set_prefix("\n");
    entry
}

fn row_table(row: &Row) -> Table {
    let mut table = Table::new();
    table["status"] = value(i64::from(row.status));
    table["error"] = value(row.token.as_str());
    table["code"] = value(row.code.as_str());
    table["description"] = value(row.description.as_str());
    table["scenario"] = value(row.scenario.as_str());
    if let Some(name) = &row.name {
        table["name"] = value(name.as_str());
    }
    table
}

/// `existing` with the rows whose codes it lacks appended; a row whose
/// code it has is left as it is, and reported where its text differs.
pub(crate) fn merge(
    existing: &Source<'_>,
    defaults: &Defaults,
    rows: &mut Rows,
    report: &mut Report,
) -> Result<String, Error> {
    let catalogue = crate::load(existing, defaults).map_err(|diagnostics| Error {
        file: existing.name.to_owned(),
        line: diagnostics
            .first()
            .map_or(1, |diagnostic| diagnostic.line_col(existing.text).0),
        message: format!(
            "the catalogue to merge into has mistakes, first: {}; expected one that `errcat check` accepts",
            diagnostics
                .first()
                .map_or(String::new(), |diagnostic| diagnostic.message.clone())
        ),
    })?;
    let mut document: DocumentMut = existing.text.parse().map_err(|error| Error {
        file: existing.name.to_owned(),
        line: 1,
        message: format!("cannot edit the catalogue: {error}"),
    })?;
    let line_of = |code: &str| {
        let needle = format!("\"{code}\"");
        existing
            .text
            .find(&needle)
            .map_or(0, |at| existing.text[..at].matches('\n').count() + 1)
    };
    let published = |rows: &Rows, row: &Row| {
        crate::template::Template::parse(&row.description)
            .map(|template| {
                template
                    .render(|name| {
                        rows.placeholders
                            .iter()
                            .find(|placeholder| placeholder.name == name)
                            .map_or_else(|| name.to_ascii_uppercase(), |p| p.published.clone())
                    })
                    .trim_end()
                    .to_owned()
            })
            .unwrap_or_else(|_| row.description.clone())
    };
    let mut added = Vec::new();
    for row in &rows.rows {
        let Some(known) = catalogue.rows.iter().find(|known| known.code == row.code) else {
            added.push(row.clone());
            continue;
        };
        let imported = published(rows, row);
        let status = (known.status.to_string(), row.status.to_string());
        for (field, theirs, ours) in [
            ("status", status.0.as_str(), status.1.as_str()),
            ("error token", known.token.as_str(), row.token.as_str()),
            ("description", known.published.as_str(), imported.as_str()),
            ("scenario", known.scenario.as_str(), row.scenario.as_str()),
        ] {
            if theirs != ours {
                report.push(
                    &row.file,
                    row.line,
                    NoteKind::Check,
                    Some(&row.code),
                    format!(
                        "the {field} differs: {} in {}:{}, {} here; the catalogue's is kept",
                        shown(theirs),
                        LogSafe(existing.name),
                        line_of(&row.code),
                        shown(ours)
                    ),
                );
            }
        }
    }
    let taken: Vec<(String, String)> = catalogue
        .rows
        .iter()
        .map(|row| (row.name.clone(), row.constructor.clone()))
        .collect();
    let mut new_rows = Rows {
        rows: added,
        placeholders: rows.placeholders.clone(),
        ..Rows::default()
    };
    new_rows.name_clashes(&taken, report);
    // Placeholders the added rows use that the catalogue does not declare.
    let declared = document.get("placeholders").is_some_and(Item::is_table);
    let mut needed: Vec<&Placeholder> = Vec::new();
    for row in &new_rows.rows {
        let Ok(template) = crate::template::Template::parse(&row.description) else {
            continue;
        };
        for name in &template.names {
            let known = catalogue
                .placeholders
                .iter()
                .any(|placeholder| placeholder.name == *name);
            if let Some(placeholder) = rows.placeholders.iter().find(|p| p.name == *name) {
                if !known && !needed.contains(&placeholder) {
                    needed.push(placeholder);
                }
            }
        }
    }
    let plain = |placeholder: &Placeholder| {
        placeholder.published == placeholder.name.to_ascii_uppercase() && !placeholder.private
    };
    if declared || needed.iter().any(|placeholder| !plain(placeholder)) {
        if !declared {
            // Declaring some means declaring all: those the catalogue uses
            // already, as it publishes them.
            let mut table = Table::new();
            table.set_implicit(true);
            for used in &catalogue.placeholders {
                table.insert(
                    &used.name,
                    Item::Table(placeholder_table(&Placeholder {
                        name: used.name.clone(),
                        published: used.published.clone(),
                        private: used.private,
                    })),
                );
            }
            document.insert("placeholders", Item::Table(table));
        }
        if let Some(table) = document
            .get_mut("placeholders")
            .and_then(Item::as_table_mut)
        {
            for placeholder in &needed {
                if !table.contains_key(&placeholder.name) {
                    table.insert(
                        &placeholder.name,
                        Item::Table(placeholder_table(placeholder)),
                    );
                    report.push(
                        existing.name,
                        0,
                        NoteKind::Decided,
                        None,
                        format!(
                            "added the placeholder {{{}}}, published as {}",
                            placeholder.name,
                            shown(&placeholder.published)
                        ),
                    );
                }
            }
        }
    }
    let errors = match document.get_mut("errors") {
        Some(Item::ArrayOfTables(errors)) => errors,
        _ => {
            return Err(Error {
                file: existing.name.to_owned(),
                line: 1,
                message: "the catalogue's rows are not `[[errors]]` tables: expected them so, to append to".to_owned(),
            });
        }
    };
    for row in &new_rows.rows {
        let mut table = row_table(row);
        table.decor_mut().set_prefix("\n");
        errors.push(table);
        report.push(
            &row.file,
            row.line,
            NoteKind::Decided,
            Some(&row.code),
            format!(
                "added to {}: the catalogue lacks the code",
                LogSafe(existing.name)
            ),
        );
    }
    let missing: Vec<&str> = catalogue
        .rows
        .iter()
        .filter(|known| !rows.rows.iter().any(|row| row.code == known.code))
        .map(|known| known.code.as_str())
        .collect();
    if !missing.is_empty() {
        report.push(
            existing.name,
            0,
            NoteKind::Decided,
            None,
            format!(
                "{} codes of the catalogue are in no source, kept: {}",
                missing.len(),
                missing
                    .iter()
                    .take(10)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if missing.len() > 10 { ", ..." } else { "" }
            ),
        );
    }
    *rows = new_rows;
    Ok(document.to_string())
}
