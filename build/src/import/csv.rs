//! CSV, as a spreadsheet exports it: the delimiter (`,`, `;` or a tab) is
//! the one the header line uses most; the header is the first record whose
//! cells name the columns, so title lines above it are skipped.

use super::Error;
use super::report::{NoteKind, Report};
use super::table::{Cell, Columns, Read, Table};

/// The delimiter of the header line: the one that splits a line of the
/// first few into known headers, else the one the first line uses most.
fn delimiter(text: &str) -> u8 {
    let candidates = [b',', b';', b'\t'];
    for line in text.lines().take(50) {
        for delimiter in candidates {
            let cells: Vec<Cell> = line
                .split(char::from(delimiter))
                .map(|cell| Cell::new(cell.trim().trim_matches('"'), 1))
                .collect();
            if cells.len() > 1 && Columns::of(&cells).is_some() {
                return delimiter;
            }
        }
    }
    let line = text
        .lines()
        .find(|line| line.bytes().any(|b| candidates.contains(&b)))
        .unwrap_or("");
    candidates
        .into_iter()
        .max_by_key(|&delimiter| line.bytes().filter(|&b| b == delimiter).count())
        .unwrap_or(b',')
}

/// Reads the table of `text`.
pub(crate) fn read(file: &str, text: &str, report: &mut Report) -> Result<Read, Error> {
    let delimiter = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut table: Option<Table> = None;
    let mut title: Option<Cell> = None;
    let mut skipped: Vec<String> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            let line = error.position().map_or(0, |place| place.line() as usize);
            Error {
                file: file.to_owned(),
                line,
                message: format!("not CSV: {error}"),
            }
        })?;
        let line = record.position().map_or(0, |place| place.line() as usize);
        let cells: Vec<Cell> = record.iter().map(|text| Cell::new(text, line)).collect();
        match &mut table {
            Some(table) => {
                if cells.len() != table.header.len()
                    && cells.iter().any(|cell| !cell.text.is_empty())
                {
                    report.push(
                        file,
                        line,
                        NoteKind::Check,
                        None,
                        format!(
                            "the record has {} cells, the header {}: missing cells are taken as empty, extra ones are not read",
                            cells.len(),
                            table.header.len()
                        ),
                    );
                }
                if cells.iter().any(|cell| !cell.text.trim().is_empty()) {
                    table.rows.push(cells);
                }
            }
            None if Columns::of(&cells).is_some() => {
                table = Some(Table {
                    header: cells,
                    rows: Vec::new(),
                    line,
                });
            }
            None => {
                if title.is_none() && cells.len() == 1 && !cells[0].text.trim().is_empty() {
                    title = Some(cells[0].clone());
                }
                // The first record is what the header would have been.
                if skipped.is_empty() && cells.iter().any(|cell| !cell.text.trim().is_empty()) {
                    skipped = cells.iter().map(|cell| cell.text.clone()).collect();
                }
            }
        }
    }
    let Some(table) = table else {
        return Err(super::table::refuse(file, 1, &skipped));
    };
    let named = match delimiter {
        b'\t' => "tabs",
        b';' => "semicolons",
        _ => "commas",
    };
    report.push(
        file,
        table.line,
        NoteKind::Decided,
        None,
        format!("cells separated by {named}, as the header line has them"),
    );
    Ok(Read {
        tables: vec![table],
        title,
        version: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheet_export_with_a_title_line() {
        let text = "Payments errors\nstatus;error;code;description\n400;BAD;X-1;\"Bad; worse\"\n";
        let read = read("t.csv", text, &mut Report::default()).unwrap();
        assert_eq!(read.tables[0].rows[0][3].text, "Bad; worse");
        assert_eq!(read.tables[0].rows[0][0].line, 3);
    }
}
