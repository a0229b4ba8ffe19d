//! `errcat import` the way a team adopting errcat runs it: the published
//! table (as the page's text, and as Markdown, CSV and an HTML page made
//! from it) becomes a catalogue equal to `errors.toml` row for row, with a
//! report of exactly the documented fixes; errcat's own OpenAPI output and
//! a hand-written OpenAPI document import; `--merge` keeps a catalogue's
//! comments; hostile input gets a clear error or a report line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use errcat_build::{Catalogue, Defaults};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn errcat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the errcat binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// A directory of the test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("errcat-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn load(path: &Path) -> Catalogue {
    let defaults = Defaults {
        name: "errors".to_owned(),
        version: String::new(),
    };
    errcat_build::load_file(path, &defaults)
        .unwrap_or_else(|mistakes| panic!("{} does not load: {mistakes:?}", path.display()))
}

/// Every row of `imported` is `expected`'s, field by field, placeholders
/// (and how each is published) included.
fn assert_same_rows(imported: &Catalogue, expected: &Catalogue, what: &str) {
    let fields = |catalogue: &Catalogue| -> Vec<String> {
        catalogue
            .rows
            .iter()
            .map(|row| {
                let placeholders: Vec<String> = row
                    .template
                    .names
                    .iter()
                    .map(|name| {
                        let declared = catalogue
                            .placeholders
                            .iter()
                            .find(|placeholder| placeholder.name == *name)
                            .expect("a used placeholder is declared");
                        format!(
                            "{name}={:?},private={}",
                            declared.published, declared.private
                        )
                    })
                    .collect();
                format!(
                    "{} {} {} description={:?} scenario={:?} placeholders={placeholders:?}",
                    row.status, row.token, row.code, row.description, row.scenario
                )
            })
            .collect()
    };
    let (got, want) = (fields(imported), fields(expected));
    assert_eq!(got.len(), want.len(), "{what}: rows");
    for (got, want) in got.iter().zip(&want) {
        assert_eq!(got, want, "{what}");
    }
}

/// Imports `files` into a new catalogue in `dir`: its path, and stderr.
fn import(dir: &Path, files: &[&Path], extra: &[&str]) -> (PathBuf, String) {
    let out = dir.join("errors.toml");
    let mut args: Vec<&str> = vec!["import"];
    args.extend(files.iter().map(|file| file.to_str().unwrap()));
    args.extend(["-o", out.to_str().unwrap()]);
    args.extend(extra);
    let output = errcat(&args);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("which `errcat check` accepts"), "{stderr}");
    (out, stderr)
}

/// The report's fixes: exactly the documented ones, each showing the
/// original cell.
fn assert_documented_fixes(stderr: &str) {
    let fixes: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains(": fixed: "))
        .collect();
    assert_eq!(fixes.len(), 3, "{stderr}");
    for (code, original) in [
        ("GEN-1203-100008", "parametersĀ\\u{a0}\""),
        ("GEN-1206-100002", "areĀ\\u{a0} 'INPUT'"),
        ("B14800ZZ-0PLC-REDRCT", "payment initiation\\\"\""),
    ] {
        assert!(
            fixes
                .iter()
                .any(|fix| fix.contains(code) && fix.contains(original)),
            "{code}: {fixes:#?}"
        );
    }
}

/// The rows with the page's own text in every non-empty cell (artefacts
/// included), as a Markdown, CSV or HTML version of it would carry them.
fn published_cells() -> Vec<[String; 5]> {
    let page = std::fs::read_to_string(root().join("tests/fixtures/published-table.txt")).unwrap();
    let mut cells = page
        .split("\n\n")
        .map(|block| block.trim_matches('\n'))
        .filter(|block| !block.is_empty())
        .skip_while(|block| *block != "Scenario")
        .skip(1)
        .map(|cell| {
            if cell == "\u{a0}" {
                String::new()
            } else {
                cell.to_owned()
            }
        });
    let mut rows = Vec::new();
    while let Some(status) = cells.next() {
        let mut row: [String; 5] = Default::default();
        row[0] = status;
        for slot in &mut row[1..] {
            *slot = cells.next().expect("five cells a row");
        }
        rows.push(row);
    }
    rows
}

fn expected() -> Catalogue {
    load(&root().join("errors.toml"))
}

#[test]
fn the_published_table_imports_to_errors_toml() {
    let dir = scratch("seed");
    let seed = root().join("tests/fixtures/published-table.txt");
    let (out, stderr) = import(&dir, &[&seed], &[]);
    assert_same_rows(&load(&out), &expected(), "the page's text");
    assert_documented_fixes(&stderr);
    // What needs a person, at its line of the page.
    for expected in [
        "published-table.txt:129: check: B14800ZZ-3002-000000: the scenario spans 2 lines",
        "published-table.txt:190: check: B14765-2100-000000: the scenario is empty",
        "published-table.txt:278: check: GEN-1206-100008: the description ends in \"with reason :\"",
        "published-table.txt:21: decided: the status 400 carries down to the 3 rows below it",
        "published-table.txt:27: decided: GEN-1201-100001: 'INPUT' in the description is a value filled in at run time: the placeholder {input}, published = \"INPUT\"",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    // errcat check agrees.
    let check = errcat(&["check", out.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn markdown(rows: &[[String; 5]]) -> String {
    let mut out = String::from(
        "# Account API\n\nThe errors the API answers with.\n\n| http status codes | Error | Error-code | Error-description | Scenario |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| cell.replace('|', "\\|").replace('\n', "<br>"))
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn csv(rows: &[[String; 5]]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "HTTP status",
            "Error",
            "Error code",
            "Description",
            "Scenario",
        ])
        .unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// A page as a portal serves it: the status once per group with
/// `rowspan`, `&nbsp;` in empty cells, and scripts.
fn html(rows: &[[String; 5]]) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
            .replace('\n', "<br>\n")
    };
    let mut out = String::from(
        "<!DOCTYPE html>\n<html><head><title>Account API</title>\n<script>document.title = 'pwned'; fetch('/steal')</script></head>\n<body onload=\"alert(1)\">\n<h1>Account API</h1>\n<table class=\"errors\">\n<thead><tr><th>http status codes</th><th>Error</th><th>Error-code</th><th>Error-description</th><th>Scenario</th></tr></thead>\n<tbody>\n",
    );
    for (index, row) in rows.iter().enumerate() {
        out.push_str("<tr>");
        if !row[0].is_empty() {
            let group = 1 + rows[index + 1..]
                .iter()
                .take_while(|next| next[0].is_empty())
                .count();
            out.push_str(&format!("<td rowspan=\"{group}\">{}</td>", row[0]));
        }
        for cell in &row[1..] {
            if cell.is_empty() {
                out.push_str("<td>&nbsp;</td>");
            } else {
                out.push_str(&format!(
                    "<td>{}<script>alert('x')</script></td>",
                    escape(cell)
                ));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></body></html>\n");
    out
}

#[test]
fn the_same_table_as_markdown_csv_and_html_gives_the_same_catalogue() {
    let rows = published_cells();
    assert_eq!(rows.len(), 27);
    let dir = scratch("formats");
    // The page's text as another browser copies it: one cell per line, the
    // two-line cell as two lines.
    let page = std::fs::read_to_string(root().join("tests/fixtures/published-table.txt")).unwrap();
    let lines: String = page
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    for (name, content) in [
        ("table.txt", lines),
        ("table.md", markdown(&rows)),
        ("table.csv", csv(&rows)),
        ("table.html", html(&rows)),
    ] {
        let source = dir.join(name);
        std::fs::write(&source, content).unwrap();
        let out_dir = dir.join(name.replace('.', "-"));
        std::fs::create_dir_all(&out_dir).unwrap();
        let (out, stderr) = import(&out_dir, &[&source], &[]);
        assert_same_rows(&load(&out), &expected(), name);
        assert_documented_fixes(&stderr);
        let catalogue = std::fs::read_to_string(&out).unwrap();
        if name.ends_with("txt") {
            assert!(stderr.contains("continue its last cell"), "{stderr}");
        }
        if !name.ends_with("csv") {
            assert!(
                catalogue.contains("name = \"Account API\""),
                "{name}: {catalogue}"
            );
        }
        if name.ends_with("html") {
            assert!(
                !catalogue.contains("pwned") && !catalogue.contains("alert"),
                "{catalogue}"
            );
            assert!(stderr.contains("scripts: none is run"), "{stderr}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errcat_s_own_openapi_document_imports_back_to_the_same_rows() {
    let dir = scratch("openapi");
    let output = errcat(&["table", "--format", "openapi"]);
    assert_eq!(output.status.code(), Some(0));
    let document = dir.join("openapi.json");
    std::fs::write(&document, &output.stdout).unwrap();
    let (out, stderr) = import(&dir, &[&document], &[]);
    assert_same_rows(&load(&out), &expected(), "errcat table --format openapi");
    assert!(stderr.contains("decided: read as openapi"), "{stderr}");
    assert!(stderr.contains("its status 400 is taken from"), "{stderr}");
    // A document is read as OpenAPI when --from says so, too.
    let again = dir.join("again");
    std::fs::create_dir_all(&again).unwrap();
    let (out, _) = import(&again, &[&document], &["--from", "openapi"]);
    assert_same_rows(&load(&out), &expected(), "--from openapi");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An API's own document, as public ones are written: YAML, responses by
/// status under paths, named `examples` (one through `$ref`), an error
/// object nested under `error`, a problem document without a token.
const LEDGER_OPENAPI: &str = r##"openapi: 3.0.3
info:
  title: Ledger API
  version: "2.4"
paths:
  /ledgers/{id}:
    get:
      summary: One ledger
      responses:
        "200":
          description: The ledger
        "404":
          description: Not Found
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
              examples:
                ledgerMissing:
                  summary: The ledger does not exist or was closed
                  value:
                    error: not_found
                    error_code: LED-404-001
                    error_description: "No ledger with id 'ID'"
                entryMissing:
                  $ref: "#/components/examples/EntryMissing"
        "429":
          $ref: "#/components/responses/TooManyRequests"
    delete:
      responses:
        "409":
          description: Conflict
          content:
            application/json:
              example:
                error:
                  code: LED-409-001
                  token: LEDGER_NOT_EMPTY
                  message: The ledger still has entries
            application/problem+json:
              example:
                type: /problems/LED-409-001
                title: The ledger still has entries
                status: 409
  /ledgers/{id}/entries:
    post:
      responses:
        "422":
          description: Unprocessable Entity
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: "#/components/schemas/CurrencyMismatch"
components:
  examples:
    EntryMissing:
      summary: The entry does not exist
      description: The entry was never booked, or was reversed.
      value:
        error: not_found
        error_code: LED-404-002
        error_description: No such entry
  responses:
    TooManyRequests:
      description: Too Many Requests
      content:
        application/json:
          examples:
            quota:
              summary: More than 100 calls a minute
              value: {error: rate_limited, error_code: LED-429-001, error_description: "Slow down, retry after {seconds} seconds"}
  schemas:
    Error:
      type: object
      properties:
        error: {type: string}
        error_code: {type: string}
        error_description: {type: string}
    CurrencyMismatch:
      description: The entry's currency is not the ledger's.
      allOf:
        - $ref: "#/components/schemas/Error"
        - properties:
            error: {enum: [currency_mismatch]}
            error_code: {const: LED-422-001}
            error_description: {enum: ["Currency 'CURRENCY' is not the ledger's"]}
"##;

#[test]
fn a_hand_written_openapi_document_with_examples_imports() {
    let dir = scratch("ledger");
    let document = dir.join("ledger.yaml");
    std::fs::write(&document, LEDGER_OPENAPI).unwrap();
    let (out, stderr) = import(&dir, &[&document], &[]);
    let catalogue = load(&out);
    let rows: Vec<(u16, &str, &str, &str, &str)> = catalogue
        .rows
        .iter()
        .map(|row| {
            (
                row.status,
                row.token.as_str(),
                row.code.as_str(),
                row.description.as_str(),
                row.scenario.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // In the order the document names the codes.
            (
                404,
                "NOT_FOUND",
                "LED-404-001",
                "No ledger with id '{id}'",
                "The ledger does not exist or was closed"
            ),
            (
                409,
                "LEDGER_NOT_EMPTY",
                "LED-409-001",
                "The ledger still has entries",
                ""
            ),
            (
                404,
                "NOT_FOUND",
                "LED-404-002",
                "No such entry",
                "The entry was never booked, or was reversed."
            ),
            (
                429,
                "RATE_LIMITED",
                "LED-429-001",
                "Slow down, retry after {seconds} seconds",
                "More than 100 calls a minute"
            ),
            // From the single-valued enums of a schema.
            (
                422,
                "CURRENCY_MISMATCH",
                "LED-422-001",
                "Currency '{currency}' is not the ledger's",
                "The entry's currency is not the ledger's."
            ),
        ],
        "{stderr}"
    );
    assert_eq!(catalogue.metadata.name, "Ledger API");
    assert_eq!(catalogue.metadata.version, "2.4");
    assert!(
        stderr.contains("the error token \"not_found\" is written in upper case"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ledger.yaml:37: check: LED-409-001: the scenario is empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ledger.yaml:23: decided: LED-404-001: 'ID' in the description"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn merge_adds_only_missing_codes_and_keeps_the_file_s_comments() {
    let dir = scratch("merge");
    let existing = dir.join("errors.toml");
    let original = "# Our catalogue: hand-kept.\n[catalogue]\nname = \"Account API\"\n\n# The one we wrote first.\n[[errors]]\nstatus = 401\nerror = \"FAILED_SECURITY_VALIDATION\"\ncode = \"GEN-1203-100003\"\ndescription = \"Invalid access token!\"\nscenario = \"Request received with invalid access_token.\"\nname = \"BadToken\"\n";
    std::fs::write(&existing, original).unwrap();
    let seed = root().join("tests/fixtures/published-table.txt");
    let output = errcat(&[
        "import",
        seed.to_str().unwrap(),
        "--merge",
        existing.to_str().unwrap(),
    ]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let merged = std::fs::read_to_string(&existing).unwrap();
    assert!(merged.starts_with(original), "{merged}");
    let catalogue = load(&existing);
    assert_eq!(catalogue.rows.len(), 27);
    assert_eq!(catalogue.rows[0].description, "Invalid access token!");
    assert!(
        stderr.contains("GEN-1203-100003: the description differs: \"Invalid access token!\" in"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("added to").count(), 26, "{stderr}");
    // The placeholders the added rows use are declared with their published form.
    let reason = catalogue
        .placeholders
        .iter()
        .find(|p| p.name == "reason")
        .unwrap();
    assert_eq!((reason.published.as_str(), reason.private), ("", true));
    // A second run adds nothing, and changes nothing.
    let again = errcat(&[
        "import",
        seed.to_str().unwrap(),
        "--merge",
        existing.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), merged);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_existing_output_is_not_overwritten_without_force() {
    let dir = scratch("force");
    let out = dir.join("errors.toml");
    std::fs::write(&out, "# mine\n").unwrap();
    let seed = root().join("tests/fixtures/published-table.txt");
    let refused = errcat(&[
        "import",
        seed.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("--merge"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "# mine\n");
    let forced = errcat(&[
        "import",
        seed.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs an import of `content` (as `name`): exit code and stderr, which
/// must hold no control character but newlines.
fn hostile(dir: &Path, name: &str, content: &[u8]) -> (Option<i32>, String) {
    let source = dir.join(name);
    std::fs::write(&source, content).unwrap();
    let output = errcat(&["import", source.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{name}: a control character reached the terminal: {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    (output.status.code(), stderr)
}

#[test]
fn hostile_input_gets_a_clear_error_or_a_report_line() {
    let dir = scratch("hostile");
    // 100 MB: refused before it is read whole.
    let (code, stderr) = hostile(&dir, "huge.txt", &vec![b'x'; 100 << 20]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("16 MiB"), "{stderr}");
    // 100,000 rows: more than a catalogue holds.
    let mut rows = String::from("status,error,code,description,scenario\n");
    for index in 0..100_000 {
        rows.push_str(&format!(
            "400,BAD_INPUT,GEN-{index:06}-1,Bad input {index},When {index}\n"
        ));
    }
    let (code, stderr) = hostile(&dir, "many.csv", rows.as_bytes());
    assert_eq!(code, Some(2));
    assert!(stderr.contains("at most 65535"), "{stderr}");
    // No header: the cells seen and the names known.
    let (code, stderr) = hostile(&dir, "noheader.txt", b"400\nBAD\nX-1\nBad\n");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("\"400\"") && stderr.contains("http status codes"),
        "{stderr}"
    );
    let (code, stderr) = hostile(
        &dir,
        "noheader.csv",
        b"400,BAD,X-1,Bad\n401,WORSE,X-2,Worse\n",
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error code"), "{stderr}");
    // Control characters in cells: reported escaped, and the description's
    // kept for a decision (the catalogue then is not valid, and says so).
    let (code, stderr) = hostile(
        &dir,
        "control.md",
        "| Status | Error | Code | Description | Scenario |\n|---|---|---|---|---|\n| 400 | BAD | X-1 | Bad\u{1b}[31m red | When\u{7} bell |\n".as_bytes(),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("U+001B") && stderr.contains("\\u{1b}"),
        "{stderr}"
    );
    assert!(stderr.contains("U+0007"), "{stderr}");
    // Not UTF-8.
    let (code, stderr) = hostile(
        &dir,
        "latin1.csv",
        b"status,error,code,description\n400,BAD,X-1,Caf\xe9\n",
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("latin1.csv:2: byte 0xE9 is not UTF-8"),
        "{stderr}"
    );
    // A YAML alias bomb is refused, not expanded.
    let mut bomb = String::from("openapi: 3.1.0\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        bomb.push_str(&format!(
            "{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n",
            next = format!("l{level}"),
            prev = if level == 1 { "a".to_owned() } else { format!("l{}", level - 1) }
        ));
    }
    let (code, stderr) = hostile(&dir, "bomb.yaml", bomb.as_bytes());
    assert_eq!(code, Some(2), "{stderr}");
    // An HTML page that is all script.
    let (code, stderr) = hostile(
        &dir,
        "script.html",
        b"<html><script>while(true){}</script><table><tr><td><script>x</script></td></tr></table></html>",
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("do not name the columns"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn what_real_tables_do_is_handled_and_reported() {
    let dir = scratch("real");
    let table = dir.join("payments.md");
    std::fs::write(
        &table,
        "| Status | Token | Error code | Message | Scenario |\n|---|---|---|---|---|\n\
         | 400 Bad Request | bad_input | PAY-0001 | Invalid {field} value | When a field is wrong |\n\
         | | BAD_INPUT | PAY-0002 | Invalid body { or } | |\n\
         | | BAD_INPUT | PAY-0001 | Invalid {field} value | When a field is wrong |\n\
         | | BAD_INPUT | PAY-0002 | Something else | x |\n\
         | 403 | DENIED | PAY-0003 | Access is not ok for this account. | a |\n\
         | | DENIED | PAY-0004 | Access is not ok for this account! | b |\n\
         | 404 | NOT_FOUND | PAY-0005 | Description | c |\n\
         | 404 | NOT_FOUND | | No code here | d |\n",
    )
    .unwrap();
    let (out, stderr) = import(&dir, &[&table], &[]);
    let catalogue = load(&out);
    let rows: Vec<(u16, &str, &str, &str, &str)> = catalogue
        .rows
        .iter()
        .map(|row| {
            (
                row.status,
                row.token.as_str(),
                row.code.as_str(),
                row.description.as_str(),
                row.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                400,
                "BAD_INPUT",
                "PAY-0001",
                "Invalid {field} value",
                "InvalidValue"
            ),
            (
                400,
                "BAD_INPUT",
                "PAY-0002",
                "Invalid body {{ or }}",
                "InvalidBodyOr"
            ),
            (
                403,
                "DENIED",
                "PAY-0003",
                "Access is not ok for this account.",
                "AccessNotOkAccount"
            ),
            (
                403,
                "DENIED",
                "PAY-0004",
                "Access is not ok for this account!",
                "AccessNotOkAccountPay0004"
            ),
            (
                404,
                "NOT_FOUND",
                "PAY-0005",
                "Description",
                "DescriptionPay0005"
            ),
        ],
        "{stderr}"
    );
    for expected in [
        "payments.md:3: decided: PAY-0001: the status cell \"400 Bad Request\" is read as 400",
        "payments.md:3: decided: PAY-0001: the error token \"bad_input\" is written in upper case",
        "payments.md:3: decided: PAY-0001: {field} in the description is a placeholder",
        "payments.md:4: check: PAY-0002: the scenario is empty",
        "payments.md:5: decided: PAY-0001: a duplicate code, the same row as at",
        "payments.md:6: check: PAY-0002: a duplicate code: the row at",
        "payments.md:8: check: PAY-0004: the variant name `AccessNotOkAccount` would clash (the row PAY-0003 at line 7 has that name)",
        "payments.md:9: check: PAY-0005: the variant name `Description` would clash (its constructor `description` would be a method errcat reserves)",
        "payments.md:10: check: a row without a code, left out",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
