//! Text copied from a web page: one cell per line, as a browser copies a
//! table, or cells between blank lines, as the seed's page gives them. The
//! header row says how many cells a row has; a row whose cells do not line
//! up (a cell of two lines, a missing empty cell) is found by its shape and
//! reported.

use errcat_core::syntax::{is_code, is_token};

use super::Error;
use super::report::{NoteKind, Report, shown};
use super::table::{Cell, Column, Columns, Read, Table, column_of, refuse};

/// Cells as the text gives them: blocks between blank lines, or lines.
fn cells(text: &str, blocks: bool) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    let mut current: Option<Cell> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let blank = line
            .trim_matches(|c: char| c.is_ascii_whitespace())
            .is_empty();
        if !blocks {
            cells.push(Cell::new(line, number));
            continue;
        }
        match (&mut current, blank) {
            (Some(_), true) => cells.extend(current.take()),
            (None, true) => {}
            (Some(cell), false) => {
                cell.text.push('\n');
                cell.text.push_str(line);
            }
            (None, false) => current = Some(Cell::new(line, number)),
        }
    }
    cells.extend(current);
    cells
}

/// The longest run of cells from `start` that are known headers, each
/// column once.
fn header_at(cells: &[Cell], start: usize) -> usize {
    let mut seen: Vec<Column> = Vec::new();
    for cell in &cells[start..] {
        match column_of(&cell.text) {
            Some(column) if !seen.contains(&column) && !cell.text.contains('\n') => {
                seen.push(column)
            }
            _ => break,
        }
    }
    seen.len()
}

fn find_header(cells: &[Cell]) -> Option<(usize, usize, Columns)> {
    (0..cells.len()).find_map(|start| {
        let width = header_at(cells, start);
        let columns = Columns::of(&cells[start..start + width])?;
        Some((start, width, columns))
    })
}

/// Reads the table of `text`.
pub(crate) fn read(file: &str, text: &str, report: &mut Report) -> Result<Read, Error> {
    // The seed's layout first: a cell of two lines is then one cell.
    let (cells, (start, width, columns), layout) = match find_header(&cells(text, true)) {
        Some(found) => (cells(text, true), found, "cells between blank lines"),
        None => {
            let lines = cells(text, false);
            match find_header(&lines) {
                Some(found) => (lines, found, "one cell per line"),
                None => {
                    let saw: Vec<String> = lines
                        .iter()
                        .filter(|cell| !cell.text.trim().is_empty())
                        .take(6)
                        .map(|cell| cell.text.clone())
                        .collect();
                    return Err(refuse(file, 1, &saw));
                }
            }
        }
    };
    let header = cells[start..start + width].to_vec();
    report.push(
        file,
        header[0].line,
        NoteKind::Decided,
        None,
        format!("read as {layout}, {width} cells a row, as the header row has"),
    );
    let title = cells[..start]
        .iter()
        .find(|cell| !cell.text.trim().is_empty())
        .filter(|cell| !cell.text.contains('\n') && cell.text.chars().count() <= 80)
        .cloned();
    let body = &cells[start + width..];
    let rows = rows(file, body, width, &columns, report);
    Ok(Read {
        tables: vec![Table {
            line: header[0].line,
            header,
            rows,
        }],
        title,
        version: None,
    })
}

/// Whether the row starting at `at` has the shape of one: a status or an
/// empty cell in the status column, a token and a code in theirs.
fn row_starts(body: &[Cell], at: usize, width: usize, columns: &Columns) -> bool {
    if at + width > body.len() + usize::from(columns.get(Column::Scenario) == Some(width - 1)) {
        return false;
    }
    let text = |column: Column| {
        columns
            .get(column)
            .and_then(|index| body.get(at + index))
            .map(|cell| cell.text.trim_matches(|c: char| c.is_whitespace()))
    };
    let status = text(Column::Status).is_none_or(|status| {
        status.is_empty()
            || status
                .get(..3)
                .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
    });
    let token = text(Column::Token).is_some_and(|token| is_token(&token.to_ascii_uppercase()));
    let code = text(Column::Code).is_some_and(|code| is_code(&code.to_ascii_uppercase()));
    status && token && code
}

/// The rows of `body`, `width` cells each, realigned where a row has a
/// cell more (a cell of several lines) or less.
fn rows(
    file: &str,
    body: &[Cell],
    width: usize,
    columns: &Columns,
    report: &mut Report,
) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let mut at = 0;
    while at < body.len() {
        if !row_starts(body, at, width, columns) {
            let rest: Vec<String> = body[at..]
                .iter()
                .take(3)
                .map(|cell| shown(&cell.text))
                .collect();
            report.push(
                file,
                body[at].line,
                NoteKind::Check,
                None,
                format!(
                    "the text from here on does not line up with the {width} columns: not read ({}{})",
                    rest.join(", "),
                    if body.len() - at > 3 { ", ..." } else { "" }
                ),
            );
            break;
        }
        let next = at + width;
        let aligned = next >= body.len() || row_starts(body, next, width, columns);
        let mut row: Vec<Cell> = body[at..next.min(body.len())].to_vec();
        if aligned {
            row.resize_with(width, || Cell::new("", body[body.len() - 1].line));
            rows.push(row);
            at = next;
            continue;
        }
        // A cell too many: lines of one cell, joined to the row's last; or
        // one too few: the last cell was empty and left no line.
        let more = (1..=width).find(|extra| {
            next + extra >= body.len() || row_starts(body, next + extra, width, columns)
        });
        let fewer = (1..width).find(|missing| row_starts(body, next - missing, width, columns));
        match (more, fewer) {
            (Some(extra), _) => {
                let end = (next + extra).min(body.len());
                let last = row.last_mut().expect("a row has cells");
                for cell in &body[next..end] {
                    last.text.push('\n');
                    last.text.push_str(&cell.text);
                }
                report.push(
                    file,
                    last.line,
                    NoteKind::Decided,
                    None,
                    format!(
                        "the row has {} more than the {width} columns: they continue its last cell, which spans lines {}-{}",
                        if end - next == 1 { "a line".to_owned() } else { format!("{} lines", end - next) },
                        last.line,
                        body[end - 1].line
                    ),
                );
                rows.push(row);
                at = end;
            }
            (None, Some(missing)) => {
                row.truncate(width - missing);
                let line = row.last().map_or(0, |cell| cell.line);
                row.resize_with(width, || Cell::new("", line));
                report.push(
                    file,
                    line,
                    NoteKind::Check,
                    None,
                    format!("the row has {missing} cells fewer than the {width} columns: its last cells are taken as empty"),
                );
                rows.push(row);
                at = next - missing;
            }
            (None, None) => {
                report.push(
                    file,
                    body[next].line,
                    NoteKind::Check,
                    None,
                    format!(
                        "the text from here on does not line up with the {width} columns: not read"
                    ),
                );
                rows.push(row);
                break;
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copied_table_of_one_cell_a_line() {
        let text = "Errors\nStatus\nError\nCode\nDescription\nScenario\n400\nBAD\nX-1\nBad\nWhen bad\n\nBAD\nX-2\nWorse\nfirst line\nsecond line\n";
        let mut report = Report::default();
        let read = read("t.txt", text, &mut report).unwrap();
        let rows = &read.tables[0].rows;
        assert_eq!(rows.len(), 2, "{report}");
        assert_eq!(rows[1][4].text, "first line\nsecond line");
        assert_eq!(read.title.unwrap().text, "Errors");
    }

    /// Found by the fuzz target: a status cell of a digit and a no-break
    /// space was cut inside the space.
    #[test]
    fn a_status_cell_is_not_cut_inside_a_character() {
        let text = "Status\nError\nCode\nDescription\n4\u{a0}\nBAD\nX-1\nBad\n";
        let mut report = Report::default();
        let read = read("t.txt", text, &mut report).unwrap();
        assert!(read.tables[0].rows.is_empty(), "{report}");
    }

    #[test]
    fn no_header_is_refused_with_what_was_seen() {
        let error = read("t.txt", "just\nsome text\n", &mut Report::default()).unwrap_err();
        assert!(error.message.contains("\"just\""), "{error}");
        assert!(error.message.contains("http status codes"), "{error}");
    }
}
