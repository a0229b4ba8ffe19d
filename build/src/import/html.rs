//! HTML pages, parsed with html5ever (through scraper) as a browser parses
//! them, and nothing run: scripts, styles and templates are skipped, not
//! read. Every `<table>` is a candidate; `rowspan` and `colspan` are
//! followed, so a status printed once for a group of rows is read for each.

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

use super::Error;
use super::report::{NoteKind, Report};
use super::table::{Cell, Lines, Read, Table, find_line};

/// Elements whose content is no text of the page.
const SKIPPED: [&str; 8] = [
    "script", "style", "template", "noscript", "iframe", "object", "svg", "head",
];

/// Elements that start a line of their own within a cell.
const BLOCKS: [&str; 12] = [
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "details",
];

/// Reads every table of `text`.
pub(crate) fn read(file: &str, text: &str, report: &mut Report) -> Result<Read, Error> {
    let document = Html::parse_document(text);
    let lines = Lines::new(text);
    let mut from = 0;
    let select = |selector: &str| Selector::parse(selector).expect("a valid selector");
    let scripts = document.select(&select("script")).count();
    if scripts > 0 {
        report.push(
            file,
            0,
            NoteKind::Decided,
            None,
            format!("the page has {scripts} scripts: none is run, and their text is not read"),
        );
    }
    let mut read = Read {
        title: document
            .select(&select("title"))
            .chain(document.select(&select("h1")))
            .map(|element| text_of(element))
            .find(|title| !title.is_empty())
            .map(|title| Cell::new(title, 1)),
        ..Read::default()
    };
    for table in document.select(&select("table")) {
        // Each cell's text, and whether it is a copy of a cell spanning rows.
        let mut rows: Vec<Vec<(String, bool)>> = Vec::new();
        let mut spans: Vec<Option<(usize, String)>> = Vec::new();
        let mut spanned = 0;
        for tr in table.descendants().filter_map(ElementRef::wrap) {
            if tr.value().name() != "tr" || nearest_table(tr) != Some(table.id()) {
                continue;
            }
            let mut row: Vec<(String, bool)> = Vec::new();
            let mut column = 0;
            let take_spans =
                |row: &mut Vec<(String, bool)>,
                 column: &mut usize,
                 spans: &mut Vec<Option<(usize, String)>>| {
                    while let Some(Some((left, text))) = spans.get_mut(*column) {
                        row.push((text.clone(), true));
                        *left -= 1;
                        if *left == 0 {
                            spans[*column] = None;
                        }
                        *column += 1;
                    }
                };
            for cell in tr.children().filter_map(ElementRef::wrap) {
                if !matches!(cell.value().name(), "td" | "th") {
                    continue;
                }
                take_spans(&mut row, &mut column, &mut spans);
                let text = text_of(cell);
                let number = |name: &str| {
                    cell.value()
                        .attr(name)
                        .and_then(|value| value.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, 1000)
                };
                let (colspan, rowspan) = (number("colspan").min(64), number("rowspan"));
                for extra in 0..colspan {
                    let shown = if extra == 0 {
                        text.clone()
                    } else {
                        String::new()
                    };
                    if rowspan > 1 {
                        if spans.len() <= column {
                            spans.resize(column + 1, None);
                        }
                        spans[column] = Some((rowspan - 1, shown.clone()));
                        spanned += 1;
                    }
                    row.push((shown, false));
                    column += 1;
                }
            }
            take_spans(&mut row, &mut column, &mut spans);
            if !row.is_empty() {
                rows.push(row);
            }
        }
        if rows.is_empty() {
            continue;
        }
        let mut placed: Vec<Vec<Cell>> = rows
            .into_iter()
            .map(|row| place(text, &lines, row, &mut from))
            .collect();
        let header = placed.remove(0);
        let line = header.first().map_or(1, |cell| cell.line);
        if spanned > 0 {
            report.push(
                file,
                line,
                NoteKind::Decided,
                None,
                format!("{spanned} cells of the table span several rows (rowspan): each is read in every row it spans"),
            );
        }
        read.tables.push(Table {
            header,
            rows: placed,
            line,
        });
    }
    Ok(read)
}

/// The cells of a row, each on the line of the page where its text is.
fn place(text: &str, lines: &Lines, row: Vec<(String, bool)>, from: &mut usize) -> Vec<Cell> {
    let mut line = lines.line(*from);
    row.into_iter()
        .map(|(cell, copied)| {
            let needle: String = cell.lines().next().unwrap_or("").chars().take(24).collect();
            // A copy of a cell spanning rows is not where this row is.
            if let Some(found) = (!copied)
                .then(|| find_line(text, lines, needle.trim(), from))
                .flatten()
            {
                line = found;
            }
            Cell::new(cell, line)
        })
        .collect()
}

/// The `table` element a row belongs to.
fn nearest_table(element: ElementRef<'_>) -> Option<ego_tree::NodeId> {
    element
        .ancestors()
        .find(|node| matches!(node.value(), Node::Element(e) if e.name() == "table"))
        .map(|node| node.id())
}

/// The text a reader sees in `element`: whitespace collapsed as HTML does,
/// `<br>` and blocks as line breaks, scripts and styles left out.
fn text_of(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    push_text(*element, &mut out);
    out.split('\n')
        .map(|line| line.trim_matches(|c: char| c.is_ascii_whitespace()))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn push_text(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => {
                let mut space = false;
                for c in text.chars() {
                    if c.is_ascii_whitespace() {
                        space = true;
                    } else {
                        if space {
                            out.push(' ');
                            space = false;
                        }
                        out.push(c);
                    }
                }
                if space {
                    out.push(' ');
                }
            }
            Node::Element(element) => {
                let name = element.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                }
                push_text(child, out);
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rowspans_scripts_and_line_breaks() {
        let page = "<html><head><title>Payments API</title><script>alert(1)</script></head><body>\n<table>\n<tr><th>Status</th><th>Error</th><th>Code</th><th>Description</th><th>Scenario</th></tr>\n<tr><td rowspan=\"2\">400</td><td>BAD</td><td>X-1</td><td>Bad <b>input</b></td><td>one<br>two<script>document.write('x')</script></td></tr>\n<tr><td>BAD</td><td>X-2</td><td>Worse</td><td>&nbsp;</td></tr>\n</table></body></html>";
        let mut report = Report::default();
        let read = read("t.html", page, &mut report).unwrap();
        let table = &read.tables[0];
        assert_eq!(table.rows[0][3].text, "Bad input");
        assert_eq!(table.rows[0][4].text, "one\ntwo");
        assert_eq!(table.rows[1][0].text, "400");
        assert_eq!(table.rows[1][4].text, "\u{a0}");
        assert_eq!(table.rows[1][1].line, 5);
        assert_eq!(read.title.unwrap().text, "Payments API");
        assert!(report.to_string().contains("2 scripts"), "{report}");
    }
}
