//! Markdown tables (GitHub's dialect, as wikis and READMEs write them),
//! parsed with pulldown-cmark. A `<br>` in a cell is a line break; other
//! HTML in cells is left out and reported; the first heading names the API.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Error;
use super::report::{NoteKind, Report};
use super::table::{Cell, Lines, Read, Table};

/// Reads every table of `text`.
pub(crate) fn read(file: &str, text: &str, report: &mut Report) -> Result<Read, Error> {
    let lines = Lines::new(text);
    let mut read = Read::default();
    let mut table: Option<Table> = None;
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut heading: Option<Cell> = None;
    let mut html_lines: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    line,
                    ..Table::default()
                })
            }
            Event::End(TagEnd::Table) => read.tables.extend(table.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead) => {
                if let Some(table) = &mut table {
                    table.header = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(table) = &mut table {
                    table.rows.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(Cell::new("", line)),
            Event::End(TagEnd::TableCell) => row.extend(cell.take()),
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if read.title.is_none() => heading = Some(Cell::new("", line)),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if read.title.is_none() => {
                read.title = heading.take();
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cell.as_mut().or(heading.as_mut()) {
                    cell.text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = cell.as_mut() {
                    cell.text.push('\n');
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some(cell) = cell.as_mut() {
                    let tag = html.trim().to_ascii_lowercase();
                    if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                        cell.text.push('\n');
                    } else if !html_lines.contains(&line) {
                        html_lines.push(line);
                    }
                }
            }
            _ => {}
        }
    }
    for line in html_lines {
        report.push(
            file,
            line,
            NoteKind::Decided,
            None,
            "HTML tags in a cell (other than <br>) are left out; their text is kept",
        );
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_code_spans_and_line_breaks() {
        let text = "# Payments API\n\n| Status | Error | Code | Description | Scenario |\n|---|---|---|---|---|\n| 400 | `BAD` | `X-1` | Bad \\| worse | one<br>two |\n";
        let read = read("t.md", text, &mut Report::default()).unwrap();
        let table = &read.tables[0];
        assert_eq!(table.header.len(), 5);
        assert_eq!(table.rows[0][1].text, "BAD");
        assert_eq!(table.rows[0][3].text, "Bad | worse");
        assert_eq!(table.rows[0][4].text, "one\ntwo");
        assert_eq!(table.rows[0][0].line, 5);
        assert_eq!(read.title.unwrap().text, "Payments API");
    }
}
