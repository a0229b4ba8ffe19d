//! The published formats are what they claim to be: the Markdown parses as a
//! table with every row, the HTML is well-formed with an anchor per code, the
//! CSV reads back, and the OpenAPI document passes a real validator.

use std::path::Path;
use std::process::Command;

use errcat::format::{self, WireFormat};
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
    // Standalone: one inline script, nothing fetched from anywhere.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script>\n"), "an inline script, no `src`");
    // Absolute URLs may appear as text (a media type's profile), never as
    // an attribute's value.
    for fetches in [
        "=\"http://",
        "=\"https://",
        "<link",
        "<img",
        "@import",
        "url(",
        " src=",
    ] {
        assert!(
            !page.contains(fetches),
            "the page fetches something: {fetches}"
        );
    }
}

#[test]
fn html_groups_by_status_and_escapes_what_the_catalogue_says() {
    use errcat::{Catalogue, table::Entry};
    let hostile = "<script>alert('x')</script> & \"more\"";
    let entries = [
        Entry {
            status: 409,
            error: "CONFLICT<b>",
            code: "X-1",
            description: hostile,
            scenario: hostile,
            placeholders: vec![],
            deprecated: Some("Use X-2 <now>"),
            published: hostile,
            name: "Conflict",
            reason: "CONFLICT",
            berlin_group: None,
        },
        Entry {
            status: 400,
            error: "BAD",
            code: "X-2",
            description: "Bad {input}",
            scenario: "line one\nline two",
            placeholders: vec!["input"],
            deprecated: None,
            published: "Bad 'INPUT'",
            name: "Bad",
            reason: "BAD",
            berlin_group: None,
        },
        Entry {
            status: 409,
            error: "CONFLICT",
            code: "X-3",
            description: "Again",
            scenario: "",
            placeholders: vec![],
            deprecated: None,
            published: "Again",
            name: "Again",
            reason: "AGAIN",
            berlin_group: None,
        },
    ];
    static EVIL: Catalogue = Catalogue::new("Evil <API>")
        .with_version("2&3")
        .with_placeholders(&[("input", "A <value> & more")]);
    let page = publish::html_rows(&EVIL, &entries);
    assert!(page.contains("<title>Evil &lt;API&gt; 2&amp;3: error codes</title>"));
    assert_eq!(
        page.matches("<script").count(),
        1,
        "the catalogue's text is escaped"
    );
    assert!(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;")
    );
    assert!(page.contains("<code class=\"token\">CONFLICT&lt;b&gt;</code>"));
    // The deprecation note links the code it names.
    assert!(page.contains(
        r##"<span class="note">Use <a class="code" href="#X-2">X-2</a> &lt;now&gt;</span>"##
    ));
    // Grouped by status, in the order of each status's first row.
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at(r#"<h2 id="status-409">409 Conflict</h2>"#) < at(r#"<tr id="X-1""#));
    assert!(at(r#"<tr id="X-1""#) < at(r#"<tr id="X-3""#));
    assert!(at(r#"<tr id="X-3""#) < at(r#"<h2 id="status-400">400 Bad Request</h2>"#));
    assert!(at(r#"<h2 id="status-400">"#) < at(r#"<tr id="X-2""#));
    assert!(page.contains("line one<br/>\nline two"));
    // Each placeholder with what it holds, escaped.
    assert!(page.contains("<ul class=\"placeholders\"><li><code>input</code>: A &lt;value&gt; &amp; more</li></ul>filled in at run time; the description as written: <code>Bad {input}</code>"));
}

/// The page's and the OpenAPI document's example bodies are what errcat's
/// runtime sends, for an error whose values are the placeholders' published
/// forms (`INPUT`; a private value is replaced by its published form).
#[test]
fn the_examples_are_what_the_runtime_sends() {
    use errcat::{ApiError, CATALOGUE, table::Entry};
    let openapi = publish::openapi(&ErrorCode::ALL);
    let mut trimmed = Vec::new();
    for code in ErrorCode::ALL {
        let entry = Entry::of(code);
        let values = code
            .placeholders()
            .iter()
            .map(|name| (*name, name.to_ascii_uppercase()));
        let error = ApiError::with_values(code, values).unwrap();
        // The published table trims what a description ends with: a private
        // value published as "" leaves "... reason : " on the wire and
        // "... reason :" in the table. The rest is byte for byte.
        let sent = error.description();
        let published = sent.trim_end();
        if published.len() != sent.len() {
            trimmed.push(code);
        }
        let table_form =
            |body: String| body.replace(&format!("\"{sent}\""), &format!("\"{published}\""));
        assert_eq!(publish::example_body(&entry), table_form(error.to_json()));
        assert_eq!(
            publish::example_problem(&CATALOGUE, &entry),
            table_form(error.to_problem_json())
        );
        let content =
            &openapi["components"]["responses"][format!("Error{}", entry.status)]["content"];
        let body: serde_json::Value = serde_json::from_str(&publish::example_body(&entry)).unwrap();
        let problem: serde_json::Value =
            serde_json::from_str(&publish::example_problem(&CATALOGUE, &entry)).unwrap();
        // Every media type of every format the catalogue speaks, each with
        // the body its format writes for the row.
        let formats: Vec<&dyn WireFormat> = format::formats_of(&CATALOGUE).collect();
        let offers = format::offers(&formats, &CATALOGUE);
        assert_eq!(
            content.as_object().unwrap().len(),
            offers.len(),
            "{content}"
        );
        for (wire, media_type) in offers {
            let body = wire.to_body(&format::Example::new(&CATALOGUE, &entry));
            let value: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(
                content[media_type]["examples"][entry.code]["value"], value,
                "{media_type}"
            );
        }
        assert_eq!(
            content["application/json"]["examples"][entry.code]["value"],
            body
        );
        assert_eq!(
            content[CATALOGUE.media_type()]["examples"][entry.code]["value"],
            body
        );
        assert_eq!(
            content["application/problem+json"]["examples"][entry.code]["value"],
            problem
        );
    }
    assert_eq!(trimmed, [ErrorCode::InternalErrorWithReason]);
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
    use errcat::CatalogueCode;
    // errcat's catalogue, a user's (another media type of its own) and one
    // without a media type or version of its own.
    static PLAIN: errcat::Catalogue = errcat::Catalogue::new("Plain");
    let plain = &PLAIN;
    let documents = [
        publish::openapi(&ErrorCode::ALL),
        publish::openapi(payments::errors::ErrorCode::all()),
        publish::openapi_rows(plain, &errcat::table::Entry::all(&ErrorCode::ALL)),
    ];
    assert_eq!(
        documents[2]["components"]["responses"]["Error401"]["content"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        [
            "application/json",
            errcat::format::oauth::PROFILE,
            "application/problem+json"
        ]
    );
    for (nth, document) in documents.iter().enumerate() {
        let path =
            std::env::temp_dir().join(format!("errcat-openapi-{}-{nth}.json", std::process::id()));
        std::fs::write(&path, serde_json::to_string_pretty(document).unwrap()).unwrap();
        let output = openapi_validator().arg(&path).output().unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(
            output.status.success(),
            "document {nth}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let path = std::env::temp_dir().join(format!("errcat-openapi-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string_pretty(&documents[0]).unwrap()).unwrap();
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
