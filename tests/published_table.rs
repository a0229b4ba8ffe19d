//! `errors.toml` against the table the API publishes, word for word.
//!
//! `tests/fixtures/published-table.txt` is the published page's text, byte
//! for byte as it was taken (a crate reads only its own files, so the copy
//! lives here). The test reads it mechanically: cells are separated by blank
//! lines, five cells a row after the header row, an empty cell is a no-break
//! space. Every field of every row (status, token, code, description as
//! published, scenario) must equal what the generated `ErrorCode` says, after
//! exactly the transcription notes of `errors.toml`'s header, each written
//! out below; any other difference fails.

use errcat::{CATALOGUE, ErrorCode};

const TABLE: &str = include_str!("fixtures/published-table.txt");

/// What the page shows in an empty cell.
const EMPTY_CELL: &str = "\u{a0}";

const HEADER_ROW: [&str; 5] = [
    "http status codes",
    "Error",
    "Error-code",
    "Error-description",
    "Scenario",
];

/// One row as the page prints it.
#[derive(Debug)]
struct PublishedRow<'a> {
    /// Empty after the first row of a status group.
    status: &'a str,
    token: &'a str,
    code: &'a str,
    description: &'a str,
    scenario: &'a str,
}

/// The page's title, and its rows.
fn read_table(text: &str) -> (&str, Vec<PublishedRow<'_>>) {
    let cells: Vec<&str> = text
        .split("\n\n")
        .map(|cell| cell.trim_matches('\n'))
        .filter(|cell| !cell.is_empty())
        .collect();
    let title = cells[0];
    let header = cells
        .windows(HEADER_ROW.len())
        .position(|window| window == HEADER_ROW)
        .expect("the table's header row");
    let body = &cells[header + HEADER_ROW.len()..];
    assert_eq!(body.len() % 5, 0, "{} cells after the header", body.len());
    let rows = body
        .chunks(5)
        .map(|row| PublishedRow {
            status: empty_of(row[0]),
            token: row[1],
            code: row[2],
            description: row[3],
            scenario: empty_of(row[4]),
        })
        .collect();
    (title, rows)
}

fn empty_of(cell: &str) -> &str {
    if cell == EMPTY_CELL { "" } else { cell }
}

/// A row as `errors.toml` transcribes it: the notes of its header, one by
/// one.
struct Transcribed {
    status: String,
    token: String,
    code: String,
    description: String,
    scenario: String,
}

fn transcribe(row: &PublishedRow<'_>, status_of_group: &str) -> Transcribed {
    let mut description = row.description.to_owned();
    let mut scenario = row.scenario.to_owned();
    match row.code {
        // "the page shows "Ā" followed by a no-break space (a mis-decoded
        // U+00A0). It is dropped after "parameters" and before the space
        // ahead of 'INPUT'."
        "GEN-1203-100008" | "GEN-1206-100002" => {
            assert_eq!(description.matches("Ā\u{a0}").count(), 1, "{description:?}");
            description = description.replace("Ā\u{a0}", "");
        }
        // "the scenario ended in a stray `"`."
        "B14800ZZ-0PLC-REDRCT" => {
            scenario = scenario
                .strip_suffix('"')
                .expect("the stray quote")
                .to_owned();
        }
        _ => {}
    }
    // "The published table prints a status only on the first row of its
    // group; here every row carries its status."
    let status = if row.status.is_empty() {
        status_of_group
    } else {
        row.status
    };
    Transcribed {
        status: status.to_owned(),
        token: row.token.to_owned(),
        code: row.code.to_owned(),
        description,
        scenario,
    }
}

#[test]
fn every_row_is_the_published_one() {
    let (title, rows) = read_table(TABLE);
    assert_eq!(title, CATALOGUE.name());
    assert_eq!(rows.len(), ErrorCode::COUNT, "rows in the published table");

    let mut differences = Vec::new();
    let mut status_of_group = "";
    for (row, code) in rows.iter().zip(ErrorCode::ALL) {
        let expected = transcribe(row, status_of_group);
        status_of_group = if row.status.is_empty() {
            status_of_group
        } else {
            row.status
        };
        let status = code.status().as_u16().to_string();
        for (field, published, ours) in [
            ("status", expected.status.as_str(), status.as_str()),
            ("error", &expected.token, code.kind().token()),
            ("code", &expected.code, code.code()),
            (
                "description",
                &expected.description,
                code.published_description(),
            ),
            ("scenario", &expected.scenario, code.scenario()),
        ] {
            if published != ours {
                differences.push(format!(
                    "{} ({}): {field} is {ours:?} in errors.toml, {published:?} in the published table",
                    code.code(),
                    code.name()
                ));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "errors.toml differs from the published table beyond the transcription notes of its header:\n{}",
        differences.join("\n")
    );
}

#[test]
fn the_fixture_is_read_as_the_page_shows_it() {
    let (_, rows) = read_table(TABLE);
    // A cell of two lines stays one cell.
    let account = rows
        .iter()
        .find(|row| row.code == "B14800ZZ-3002-000000")
        .unwrap();
    assert_eq!(account.scenario.lines().count(), 2);
    // An empty scenario is an empty cell, not the start of the next row.
    let enrolled = rows
        .iter()
        .find(|row| row.code == "B14765-2100-000000")
        .unwrap();
    assert_eq!(enrolled.scenario, "");
    assert_eq!(rows.iter().filter(|row| !row.status.is_empty()).count(), 11);
}
