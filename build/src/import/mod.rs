//! Catalogues from the error tables a team already publishes: a page of its
//! developer portal (HTML, or its text as a browser copies it), a Markdown
//! table of a wiki, a spreadsheet's CSV, or the error examples of an
//! OpenAPI 3.0 or 3.1 document (JSON or YAML). `errcat import` is this
//! module on the command line. Needs the `import` feature.
//!
//! Columns are found by their headers, under the usual names, in any order
//! (`status` or `http status codes`, `error` or `token`, `code` or
//! `error-code`, `description`, `scenario`). What real tables do is handled
//! and reported, each as a [`Note`] at its line of the source: a status
//! printed only on the first row of its group carries down; a quoted
//! upper-case word (`'INPUT'`) or `{name}` becomes a placeholder; encoding
//! artefacts (`Ā` after a word, a no-break space, a stray closing quote) are
//! removed with the original shown; text the wire cannot carry is kept and
//! reported; duplicate codes, empty scenarios, cells of several lines and
//! clashing variant names are reported. Nothing is changed silently.
//!
//! ```
//! use errcat_build::import::{Importer, Input, NoteKind};
//!
//! let table = "\
//! | Status | Error | Code | Description | Scenario |
//! |---|---|---|---|---|
//! | 404 | NOT_FOUND | LED-0001 | No ledger 'ID' | The ledger does not exist |
//! |  | NOT_FOUND | LED-0002 | No entry\u{a0} | |
//! ";
//! let imported = Importer::new("ledger.toml")
//!     .import(&[Input { name: "errors.md", text: table }])
//!     .unwrap();
//! assert!(imported.mistakes.is_empty());
//! assert!(imported.text.contains(r#"description = "No ledger '{id}'""#));
//! let fixed: Vec<_> = imported.report.of(NoteKind::Fixed).collect();
//! assert_eq!(fixed.len(), 1);
//! assert_eq!(fixed[0].line, 4);
//! assert!(imported.report.to_string().contains("the status 404 carries down"));
//! ```

mod catalogue;
mod csv;
mod html;
mod markdown;
mod openapi;
mod report;
mod rows;
mod table;
mod text;

use std::fmt;

pub use report::{Note, NoteKind, Report};

use crate::diagnostic::{Mistake, Source};
use crate::validate::Defaults;
use errcat_core::log_safe::LogSafe;
use rows::Rows;
use table::Columns;

/// The most text an import reads, all sources together: 16 MiB, far more
/// than any published error table, and a bound on the memory it takes
/// (an HTML page's tree takes a few times its text).
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// The most rows a catalogue holds (errcat-build refuses more).
pub const MAX_ROWS: usize = u16::MAX as usize;

/// What a source is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A Markdown table (GitHub's dialect).
    Markdown,
    /// Comma-, semicolon- or tab-separated values.
    Csv,
    /// An HTML page with a `<table>`.
    Html,
    /// A table copied from a web page: one cell per line, or cells between
    /// blank lines.
    Text,
    /// An OpenAPI 3.0 or 3.1 document, JSON or YAML.
    Openapi,
}

impl Format {
    /// Every format, in the order `--from` lists them.
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Csv,
        Format::Html,
        Format::Text,
        Format::Openapi,
    ];

    /// `markdown`, `csv`, `html`, `text` or `openapi`.
    ///
    /// ```
    /// use errcat_build::import::Format;
    /// let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
    /// assert_eq!(names, ["markdown", "csv", "html", "text", "openapi"]);
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Text => "text",
            Format::Openapi => "openapi",
        }
    }

    /// The format `text` looks written in, and why it looks so.
    ///
    /// ```
    /// use errcat_build::import::Format;
    /// assert_eq!(Format::guess("openapi: 3.1.0\ninfo: {}\n").0, Format::Openapi);
    /// assert_eq!(Format::guess("| a | b |\n|---|---|\n").0, Format::Markdown);
    /// assert_eq!(Format::guess("status,error,code,description\n").0, Format::Csv);
    /// assert_eq!(Format::guess("<table><tr><td>1</td></tr></table>").0, Format::Html);
    /// assert_eq!(Format::guess("Errors\n\nstatus\n\nerror\n").0, Format::Text);
    /// ```
    pub fn guess(text: &str) -> (Format, &'static str) {
        let start = text.trim_start_matches('\u{feff}').trim_start();
        let lines = || start.lines().take(200);
        if start.starts_with('{') {
            return (Format::Openapi, "a JSON document");
        }
        if lines().any(|line| {
            let line = line.trim_start_matches(['"', '\'']);
            line.starts_with("openapi") || line.starts_with("swagger")
        }) {
            return (Format::Openapi, "a line that starts with `openapi`");
        }
        let lower = start
            .get(..start.len().min(1 << 16))
            .unwrap_or(start)
            .to_ascii_lowercase();
        if lower.starts_with("<!doctype html")
            || lower.starts_with("<html")
            || lower.contains("<table")
        {
            return (Format::Html, "HTML tags");
        }
        if lines().any(|line| {
            let line = line.trim();
            line.contains("---")
                && line.contains('|')
                && line
                    .chars()
                    .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
        }) {
            return (Format::Markdown, "a `|---|` line under a table's header");
        }
        if lines().any(|line| {
            [',', ';', '\t'].into_iter().any(|delimiter| {
                let cells: Vec<table::Cell> = line
                    .split(delimiter)
                    .map(|cell| table::Cell::new(cell.trim_matches('"'), 1))
                    .collect();
                cells.len() > 1 && Columns::of(&cells).is_some()
            })
        }) {
            return (Format::Csv, "a header line of separated values");
        }
        (Format::Text, "no markup: text copied from a page")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One source: its name, as reports show it, and its text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// How the report names the source: the path as the user gave it.
    pub name: &'a str,
    /// The source's text.
    pub text: &'a str,
}

/// Why nothing could be imported: `FILE:LINE: message`.
///
/// ```
/// use errcat_build::import::{Format, Importer, Input};
///
/// let error = Importer::new("errors.toml")
///     .from(Format::Csv)
///     .import(&[Input { name: "notes.csv", text: "when,who\nmonday,ana\n" }])
///     .unwrap_err();
/// assert_eq!(error.line, 1);
/// assert!(error.to_string().starts_with(r#"notes.csv:1: found the headers "when", "who""#));
/// assert!(error.message.contains("the names known are status"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The source, or the catalogue merged into.
    pub file: String,
    /// The line, from 1; 0 for the file as a whole.
    pub line: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", LogSafe(&self.file))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

/// What an import made.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalogue file's text: new, or the merged catalogue.
    pub text: String,
    /// Every fix, decision and row to check.
    pub report: Report,
    /// How many rows the sources gave (after duplicates).
    pub rows: usize,
    /// What errcat-build's loader finds wrong with [`text`](Self::text), as
    /// `errcat check` would show it: empty when the catalogue is valid.
    pub mistakes: Vec<Mistake>,
}

/// An import: where it writes, what format its sources are in, and the
/// catalogue it merges into.
#[derive(Debug, Clone)]
pub struct Importer<'a> {
    output: String,
    from: Option<Format>,
    merge: Option<Source<'a>>,
}

impl<'a> Importer<'a> {
    /// An import whose catalogue is named `output` (for its mistakes, and
    /// the module name its stem gives).
    pub fn new(output: &str) -> Importer<'a> {
        Importer {
            output: output.to_owned(),
            from: None,
            merge: None,
        }
    }

    /// Reads every source as `format` instead of guessing each one's.
    pub fn from(&mut self, format: Format) -> &mut Importer<'a> {
        self.from = Some(format);
        self
    }

    /// Adds only the codes `existing` lacks to it, keeping its comments and
    /// order, and reports the codes whose text differs.
    ///
    /// ```
    /// use errcat_build::import::{Importer, Input};
    /// use errcat_build::Source;
    ///
    /// let existing = "# Ours.\n[[errors]]\nstatus = 404\nerror = \"NOT_FOUND\"\ncode = \"LED-0001\"\ndescription = \"No ledger\"\nscenario = \"\"\n";
    /// let table = "status,error,code,description\n404,NOT_FOUND,LED-0001,No such ledger\n404,NOT_FOUND,LED-0002,No entry\n";
    /// let imported = Importer::new("ledger.toml")
    ///     .merge_into(Source { name: "ledger.toml", text: existing })
    ///     .import(&[Input { name: "t.csv", text: table }])
    ///     .unwrap();
    /// assert!(imported.text.starts_with(existing));
    /// assert!(imported.text.contains("LED-0002"));
    /// assert!(imported.report.to_string().contains("the description differs"));
    /// ```
    pub fn merge_into(&mut self, existing: Source<'a>) -> &mut Importer<'a> {
        self.merge = Some(existing);
        self
    }

    /// Reads every source, and writes the catalogue of their rows.
    pub fn import(&self, inputs: &[Input<'_>]) -> Result<Imported, Error> {
        let total: usize = inputs.iter().map(|input| input.text.len()).sum();
        if total > MAX_INPUT_BYTES {
            return Err(Error {
                file: inputs
                    .last()
                    .map_or(String::new(), |input| input.name.to_owned()),
                line: 0,
                message: format!(
                    "the sources hold {total} bytes: expected at most {MAX_INPUT_BYTES} (16 MiB), far more than an error table"
                ),
            });
        }
        let mut report = Report::default();
        let mut rows = Rows::default();
        let mut title: Option<(String, String, usize)> = None;
        let mut version = None;
        for input in inputs {
            let read = read_input(input, self.from, &mut report)?;
            let mut mapped = 0;
            let mut first_header: Option<(usize, Vec<String>)> = None;
            for table in &read.tables {
                let Some(columns) = Columns::of(&table.header) else {
                    first_header.get_or_insert_with(|| {
                        (
                            table.line,
                            table.header.iter().map(|cell| cell.text.clone()).collect(),
                        )
                    });
                    if !table.header.is_empty() {
                        report.push(
                            input.name,
                            table.line,
                            NoteKind::Decided,
                            None,
                            "a table whose headers name no error table's columns: not read",
                        );
                    }
                    continue;
                };
                mapped += 1;
                columns.describe(input.name, &table.header, &mut report);
                rows.add(input.name, table, &columns, &mut report);
                if rows.rows.len() > MAX_ROWS {
                    return Err(Error {
                        file: input.name.to_owned(),
                        line: table.line,
                        message: format!(
                            "more than {MAX_ROWS} rows: expected at most {MAX_ROWS}, the most a catalogue holds; split the table into catalogues"
                        ),
                    });
                }
            }
            if mapped == 0 {
                let (line, saw) = first_header.unwrap_or((0, Vec::new()));
                return Err(table::refuse(input.name, line, &saw));
            }
            if title.is_none() {
                title = read
                    .title
                    .map(|cell| {
                        (
                            cell.text.trim().to_owned(),
                            input.name.to_owned(),
                            cell.line,
                        )
                    })
                    .filter(|(text, _, _)| !text.is_empty() && !text.chars().any(char::is_control));
            }
            version = version.or(read.version);
        }
        let sources: Vec<String> = inputs.iter().map(|input| input.name.to_owned()).collect();
        let defaults = Defaults {
            name: stem(&self.output),
            version: String::new(),
        };
        let text = match &self.merge {
            Some(existing) => catalogue::merge(existing, &defaults, &mut rows, &mut report)?,
            None => {
                rows.name_clashes(&[], &mut report);
                if let Some((name, file, line)) = &title {
                    report.push(
                        file,
                        *line,
                        NoteKind::Decided,
                        None,
                        format!(
                            "the catalogue's name is the title {}; set its `id` in [catalogue]",
                            report::shown(name)
                        ),
                    );
                }
                catalogue::render(
                    &rows,
                    title.as_ref().map(|(name, _, _)| name.as_str()),
                    version.as_deref(),
                    &sources,
                )
            }
        };
        // In the order of the sources and of their lines; notes about the
        // catalogue merged into last.
        let order = |file: &str| {
            inputs
                .iter()
                .position(|input| input.name == file)
                .unwrap_or(usize::MAX)
        };
        report
            .notes
            .sort_by_key(|note| (order(&note.file), note.line));
        let source = Source {
            name: &self.output,
            text: &text,
        };
        let mistakes = match crate::load(&source, &defaults) {
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics
                .iter()
                .map(|diagnostic| diagnostic.locate(&source))
                .collect(),
        };
        Ok(Imported {
            rows: rows.rows.len(),
            text,
            report,
            mistakes,
        })
    }
}

/// The module name a catalogue file's stem gives: `errors.toml` -> `errors`.
fn stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    if stem.is_empty() {
        "errors".to_owned()
    } else {
        stem.to_owned()
    }
}

fn read_input(
    input: &Input<'_>,
    from: Option<Format>,
    report: &mut Report,
) -> Result<table::Read, Error> {
    let mut text = input.text;
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        report.push(
            input.name,
            1,
            NoteKind::Decided,
            None,
            "the byte order mark at the start is not read",
        );
        text = rest;
    }
    let format = match from {
        Some(format) => {
            report.push(
                input.name,
                0,
                NoteKind::Decided,
                None,
                format!("read as {format}, as --from says"),
            );
            format
        }
        None => {
            let (format, why) = Format::guess(text);
            report.push(
                input.name,
                0,
                NoteKind::Decided,
                None,
                format!(
                    "read as {format}, guessed from its content ({why}); --from says otherwise"
                ),
            );
            format
        }
    };
    match format {
        Format::Markdown => markdown::read(input.name, text, report),
        Format::Csv => csv::read(input.name, text, report),
        Format::Html => html::read(input.name, text, report),
        Format::Text => text::read(input.name, text, report),
        Format::Openapi => openapi::read(input.name, text, report),
    }
}

/// The tables a reader finds in `text`, as the fuzz targets drive them:
/// the number of tables and of their rows. Never panics, whatever `text`.
#[doc(hidden)]
pub fn read_tables(format: Format, text: &str) -> Result<Vec<usize>, Error> {
    let mut report = Report::default();
    let read = read_input(&Input { name: "fuzz", text }, Some(format), &mut report)?;
    Ok(read.tables.iter().map(|table| table.rows.len()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the fuzz target: the code of the row a name clashes with
    /// reached the note unescaped.
    #[test]
    fn notes_escape_what_they_quote() {
        let table = "| Status | Error | Code | Description |\n|---|---|---|---|\n| 400 | BAD | A-1\u{7} | Same text |\n| 400 | BAD | A-2 | Same text |\n";
        let imported = Importer::new("x.toml")
            .import(&[Input {
                name: "t\u{1b}.md",
                text: table,
            }])
            .unwrap();
        let report = imported.report.to_string();
        assert!(
            report.contains("the row A-1\\u{7} at line 3 has that name"),
            "{report}"
        );
        assert!(
            !report.chars().any(|c| c.is_control() && c != '\n'),
            "{report:?}"
        );
        assert!(!imported.text.contains('\u{1b}'), "{}", imported.text);
    }
}
