//! What every reader produces: tables of cells, each cell with the line of
//! the source it starts on; and which column is which, found by headers.

use super::Error;
use super::report::{Report, shown};

/// One cell of a table: its text (lines joined by `\n`) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    pub text: String,
    pub line: usize,
}

impl Cell {
    pub fn new(text: impl Into<String>, line: usize) -> Cell {
        Cell {
            text: text.into(),
            line,
        }
    }
}

/// A table as a reader found it: a header row and the rows below it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
    /// The line of the table's start.
    pub line: usize,
}

/// What a reader found in one source.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub tables: Vec<Table>,
    /// The name of the API, when the source gives one: a title.
    pub title: Option<Cell>,
    /// The API's version, when the source gives one (OpenAPI's `info`).
    pub version: Option<String>,
}

/// The columns errcat reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Status,
    Token,
    Code,
    Description,
    Scenario,
    Name,
}

/// Each column and the headers it goes by, compared after [`normalize`].
pub(crate) const KNOWN: [(Column, &str, &[&str]); 6] = [
    (
        Column::Status,
        "status",
        &[
            "status",
            "http status",
            "http status code",
            "http status codes",
            "status code",
            "status codes",
            "http code",
            "http",
            "http response code",
            "response code",
            "response status",
        ],
    ),
    (
        Column::Token,
        "error",
        &[
            "error",
            "token",
            "error token",
            "error type",
            "error name",
            "error key",
            "errors",
        ],
    ),
    (
        Column::Code,
        "code",
        &[
            "code",
            "error code",
            "error codes",
            "errorcode",
            "error id",
            "error number",
        ],
    ),
    (
        Column::Description,
        "description",
        &[
            "description",
            "error description",
            "message",
            "error message",
            "errordescription",
            "detail",
            "details",
            "error detail",
        ],
    ),
    (
        Column::Scenario,
        "scenario",
        &[
            "scenario",
            "scenarios",
            "error scenario",
            "when",
            "cause",
            "explanation",
            "condition",
            "reason",
        ],
    ),
    (Column::Name, "name", &["name", "variant", "rust name"]),
];

/// Columns a table must have.
const REQUIRED: [Column; 4] = [
    Column::Status,
    Column::Token,
    Column::Code,
    Column::Description,
];

/// `Error-code` -> `error code`; `HTTP  Status:` -> `http status`.
pub(crate) fn normalize(header: &str) -> String {
    let spaced: String = header
        .chars()
        .map(|c| match c {
            '-' | '_' | '/' | '.' | ':' | '\u{a0}' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The column a header names, if any.
pub(crate) fn column_of(header: &str) -> Option<Column> {
    let header = normalize(header);
    KNOWN
        .iter()
        .find(|(_, _, names)| names.contains(&header.as_str()))
        .map(|(column, _, _)| *column)
}

/// Which cell of a row holds each column.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Columns {
    index: [Option<usize>; 6],
}

impl Columns {
    pub fn get(&self, column: Column) -> Option<usize> {
        self.index[column as usize]
    }

    /// The cell of `row` in `column`, if the row has it.
    pub fn cell<'r>(&self, row: &'r [Cell], column: Column) -> Option<&'r Cell> {
        self.get(column).and_then(|index| row.get(index))
    }

    /// The columns of a header row, or `None` when a required one is
    /// missing.
    pub fn of(header: &[Cell]) -> Option<Columns> {
        let mut columns = Columns::default();
        for (index, cell) in header.iter().enumerate() {
            if let Some(column) = column_of(&cell.text) {
                let slot = &mut columns.index[column as usize];
                if slot.is_none() {
                    *slot = Some(index);
                }
            }
        }
        REQUIRED
            .iter()
            .all(|column| columns.get(*column).is_some())
            .then_some(columns)
    }

    /// Reports how the header's cells were read: which column each is, and
    /// the cells that are none.
    pub fn describe(&self, file: &str, header: &[Cell], report: &mut Report) {
        let mut read = Vec::new();
        for (index, cell) in header.iter().enumerate() {
            let column = KNOWN
                .iter()
                .find(|(column, _, _)| self.get(*column) == Some(index));
            match column {
                Some((_, name, _)) => read.push(format!("{name} {}", shown(&cell.text))),
                None => report.push(
                    file,
                    cell.line,
                    super::NoteKind::Decided,
                    None,
                    format!(
                        "the column {} is none errcat reads: not read",
                        shown(&cell.text)
                    ),
                ),
            }
        }
        let line = header.first().map_or(0, |cell| cell.line);
        let mut message = format!("columns by their headers: {}", read.join(", "));
        if self.get(Column::Scenario).is_none() {
            message.push_str("; no scenario column: every scenario is empty");
        }
        report.push(file, line, super::NoteKind::Decided, None, message);
    }
}

/// Why a header row is refused: the headers seen and the names known.
pub(crate) fn refuse(file: &str, line: usize, saw: &[String]) -> Error {
    let saw = if saw.is_empty() {
        "no header row".to_owned()
    } else {
        format!(
            "the headers {}",
            saw.iter()
                .map(|header| shown(header))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Error {
        file: file.to_owned(),
        line,
        message: format!(
            "found {saw}, which do not name the columns of an error table: expected headers for at least {}; the names known are {}",
            REQUIRED
                .iter()
                .map(|column| KNOWN[*column as usize].1)
                .collect::<Vec<_>>()
                .join(", "),
            known_names()
        ),
    }
}

/// Every known header, by column: `status ("status", "http status", ...)`.
pub(crate) fn known_names() -> String {
    KNOWN
        .iter()
        .map(|(_, name, names)| {
            format!(
                "{name} ({})",
                names
                    .iter()
                    .map(|name| format!("\"{name}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The line of each byte offset of `text`, from 1.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        Lines { starts }
    }

    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, byte)| *byte == b'\n')
        .map(|(at, _)| at + 1)
}

/// How far ahead of the last place found a text is looked for.
const FIND_WINDOW: usize = 256 << 10;

/// The line on which `needle` next occurs in `text`, at most
/// [`FIND_WINDOW`] bytes after `from` (which then moves past it); for
/// sources whose parser keeps no places (HTML, OpenAPI). Bounded, so that
/// placing every row of a large source stays linear.
pub(crate) fn find_line(
    text: &str,
    lines: &Lines,
    needle: &str,
    from: &mut usize,
) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let start = floor(text, *from);
    let window = &text[start..floor(text, start.saturating_add(FIND_WINDOW))];
    let found = start + window.find(needle)?;
    *from = found + needle.len();
    Some(lines.line(found))
}

/// The char boundary at or before `at`, within `text`.
pub(crate) fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_under_their_usual_names() {
        assert_eq!(column_of("http status codes"), Some(Column::Status));
        assert_eq!(column_of("Error-code"), Some(Column::Code));
        assert_eq!(column_of("Error-description"), Some(Column::Description));
        assert_eq!(column_of(" Scenario "), Some(Column::Scenario));
        assert_eq!(column_of("error_code"), Some(Column::Code));
        assert_eq!(column_of("Notes"), None);
        let lines = Lines::new("a\nb\n\nc");
        assert_eq!([0, 2, 4, 5].map(|at| lines.line(at)), [1, 2, 3, 4]);
    }
}
