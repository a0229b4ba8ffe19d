//! The published formats are what they claim to be: the Markdown parses as a
//! table with every row, the HTML is well-formed with an anchor per code, the
//! CSV reads back, and the OpenAPI document passes a real validator.

use std::path::Path;
use std::process::Command;

use errcat::{ErrorCode, publish, table};

#[test]
fn markdown_parses_as_a_table_with_every_row() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let text = table::markdown(&ErrorCode::ALL);
    let mut rows = 0;
    let mut cells = 0;
    let mut cells_per_row = Vec::new();
    for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow) => {
                rows += 1;
                cells_per_row.push(cells);
            }
            _ => {}
        }
    }
    assert_eq!(rows, ErrorCode::COUNT);
    assert!(
        cells_per_row.iter().all(|&cells| cells == 5),
        "{cells_per_row:?}"
    );
}

#[test]
fn html_is_well_formed_with_an_anchor_per_code() {
    use quick_xml::events::Event;
    let page = publish::html(&ErrorCode::ALL);
    let mut reader = quick_xml::Reader::from_str(&page);
    let mut ids = Vec::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(element) => {
                depth += 1;
                if element.name().as_ref() == b"tr" {
                    if let Some(id) = element.try_get_attribute("id").unwrap() {
                        ids.push(String::from_utf8(id.value.to_vec()).unwrap());
                    }
                }
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|code| code.code().to_owned())
        .collect();
    assert_eq!(ids, codes);
    // Standalone: nothing is fetched from a network.
    assert!(!page.contains("http://") && !page.contains("https://") && !page.contains("<script"));
}

#[test]
fn csv_reads_back_with_a_csv_parser() {
    let text = publish::csv(&ErrorCode::ALL).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "code",
            "status",
            "error",
            "description",
            "scenario",
            "placeholders"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(records.len(), ErrorCode::COUNT);
    for (record, code) in records.iter().zip(ErrorCode::ALL) {
        assert_eq!(&record[0], code.code());
        assert_eq!(record[1].parse::<u16>().unwrap(), code.status().as_u16());
        assert_eq!(&record[2], code.kind().token());
        assert_eq!(&record[3], code.description());
        assert_eq!(&record[4], code.scenario());
        assert_eq!(&record[5], code.placeholders().join(";"));
    }
}

/// `openapi-spec-validator` from PyPI, installed into `target/pytools` the
/// first time (`.ci/run` installs it up front).
fn openapi_validator() -> Command {
    // The workspace's target directory, where `.ci/run` installs it.
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pytools");
    let present = Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .env("PYTHONPATH", &tools)
        .status()
        .is_ok_and(|status| status.success());
    if !present {
        let installed = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
            ])
            .arg(&tools)
            .arg("openapi-spec-validator")
            .status()
            .expect("python3 runs");
        assert!(
            installed.success(),
            "could not install openapi-spec-validator from PyPI"
        );
    }
    let mut command = Command::new("python3");
    command
        .args(["-m", "openapi_spec_validator"])
        .env("PYTHONPATH", tools);
    command
}

#[test]
fn the_openapi_document_passes_a_real_validator() {
    let document = serde_json::to_string_pretty(&publish::openapi(&ErrorCode::ALL)).unwrap();
    let path = std::env::temp_dir().join(format!("errcat-openapi-{}.json", std::process::id()));
    std::fs::write(&path, document).unwrap();
    let output = openapi_validator().arg(&path).output().unwrap();
    // And a broken document fails, so a pass means something.
    let broken = path.with_extension("broken.json");
    std::fs::write(
        &broken,
        r#"{"openapi": "3.1.0", "components": {"schemas": {"E": {"type": 7}}}}"#,
    )
    .unwrap();
    let refused = openapi_validator().arg(&broken).output().unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_file(&broken).unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!refused.status.success());
}

#[test]
fn the_cli_prints_what_the_library_renders() {
    let run = |format: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .args(["table", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(run("html"), publish::html(&ErrorCode::ALL));
    assert_eq!(run("csv"), publish::csv(&ErrorCode::ALL).unwrap());
    let openapi: serde_json::Value = serde_json::from_str(&run("openapi")).unwrap();
    assert_eq!(openapi, publish::openapi(&ErrorCode::ALL));
}
