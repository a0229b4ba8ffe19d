//! The command on catalogues read at run time: every subcommand on a loaded
//! file gives what it gives on the compiled one; several catalogues at once;
//! `check`, `diff` and `snapshot`; completions and the manual page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

/// The repository's catalogue files: errcat's own, compiled into the
/// command, and a second API's, compiled into examples/bank/payments.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn accounts() -> String {
    repository().join("errors.toml").display().to_string()
}

fn payments() -> String {
    repository()
        .join("examples/bank/payments/payments.toml")
        .display()
        .to_string()
}

fn log() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/logs/app.log")
        .display()
        .to_string()
}

/// `errcat` with `args`, in `dir`, with ERRCAT_CATALOGUES set to `env` (or
/// unset).
fn run_in(dir: &Path, env: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_errcat"));
    command.args(args).current_dir(dir);
    match env {
        Some(value) => command.env("ERRCAT_CATALOGUES", value),
        None => command.env_remove("ERRCAT_CATALOGUES"),
    };
    command.output().expect("the errcat binary runs")
}

fn errcat(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), None, args)
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// Everything a run shows: exit status, standard output and error.
fn seen(output: &Output) -> (Option<i32>, String, String) {
    (
        output.status.code(),
        text(&output.stdout).to_owned(),
        text(&output.stderr).to_owned(),
    )
}

/// Every subcommand and format that reads a catalogue, with arguments that
/// reach each path: codes, tokens in any case, an unknown code, filters,
/// every scan output.
fn uses() -> Vec<Vec<String>> {
    let log = log();
    let mut uses: Vec<Vec<&str>> = vec![
        vec!["explain", "GEN-1203-100003"],
        vec![
            "explain",
            "GEN-1203-100001",
            "access_denied",
            "GEN-1201-100001",
        ],
        vec!["explain", "B14800ZZ-0PLC-REDRCT"],
        vec!["explain", "GEN-1203-10003", "GEN-1204-100001"],
        vec!["explain", "nonsense"],
        vec!["explain", ""],
        vec!["explain", "--json", "GEN-1203-100003", "missing_input"],
        vec!["table", "--status", "401"],
        vec!["table", "--kind", "missing_input", "--format", "json"],
        vec!["table", "--kind", "missing_inptu"],
        vec!["scan", &log],
        vec!["scan", "--summary", &log],
        vec!["scan", "--json", &log],
        vec!["scan", "-i", "--json", &log],
        vec!["scan", "--color", "always", &log],
    ];
    for format in ["markdown", "json", "html", "csv", "openapi"] {
        uses.push(vec!["table", "--format", format]);
    }
    uses.into_iter()
        .map(|args| args.into_iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn a_loaded_catalogue_gives_what_the_compiled_one_gives() {
    let accounts = accounts();
    for args in uses() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let compiled = seen(&errcat(&args));
        assert!(
            compiled.0 != Some(2) || args.contains(&"missing_inptu"),
            "{args:?}: {}",
            compiled.2
        );
        let mut loaded_args = vec!["--catalogue", accounts.as_str()];
        loaded_args.extend(&args);
        assert_eq!(seen(&errcat(&loaded_args)), compiled, "{args:?}");
        // The option may follow the subcommand, too.
        let mut after = args.clone();
        after.insert(1, "--catalogue");
        after.insert(2, &accounts);
        assert_eq!(seen(&errcat(&after)), compiled, "{args:?}");
    }
}

#[test]
fn the_catalogues_may_be_named_once_in_the_environment_or_a_config_file() {
    let dir = std::env::temp_dir().join(format!("errcat-config-{}", std::process::id()));
    let nested = dir.join("service/src");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::copy(
        repository().join("examples/bank/payments/payments.toml"),
        dir.join("payments.toml"),
    )
    .unwrap();
    let explain = ["explain", "PIS-1301-000001"];
    // Without a name anywhere: the built-in Account API, which has no PIS rows.
    assert_eq!(run_in(&nested, None, &explain).status.code(), Some(1));
    // The nearest .errcat.toml, its paths relative to it.
    std::fs::write(
        dir.join(".errcat.toml"),
        "catalogues = [\"payments.toml\"]\n",
    )
    .unwrap();
    let from_config = seen(&run_in(&nested, None, &explain));
    assert_eq!(from_config.0, Some(0), "{}", from_config.2);
    assert!(
        from_config
            .1
            .contains("Payment Initiation API 1.1 (psd2-payment-api)")
    );
    // The same rows as naming the file, plus the line that says which file
    // and which .errcat.toml (found by walking up) named it.
    let file_line = format!(
        "  file         {} (named by {})\n",
        dir.join("payments.toml").display(),
        dir.join(".errcat.toml").display()
    );
    assert!(from_config.1.contains(&file_line), "{}", from_config.1);
    let mut named = seen(&run_in(
        &nested,
        None,
        &["--catalogue", &payments(), "explain", "PIS-1301-000001"],
    ));
    named.1 = named.1.replace("  rust ", &format!("{file_line}  rust "));
    assert_eq!(named, from_config);
    // The environment comes before the file; --catalogue before both.
    let both = std::env::join_paths([accounts(), payments()]).unwrap();
    let both = both.to_str().unwrap();
    let from_env = seen(&run_in(
        &nested,
        Some(both),
        &["explain", "GEN-1203-100003"],
    ));
    assert!(
        from_env
            .1
            .contains("(psd2-account-api), Payment Initiation API"),
        "{}",
        from_env.1
    );
    let only_accounts = seen(&run_in(
        &nested,
        Some(both),
        &["--catalogue", &accounts(), "explain", "PIS-1301-000001"],
    ));
    assert_eq!(only_accounts.0, Some(1));
    // A mistaken config file is placed like a catalogue's mistakes.
    std::fs::write(dir.join(".errcat.toml"), "catalogs = [\"payments.toml\"]\n").unwrap();
    let mistaken = seen(&run_in(&nested, None, &explain));
    assert_eq!(mistaken.0, Some(2));
    assert!(
        mistaken
            .2
            .contains(".errcat.toml:1:1: unknown field `catalogs`"),
        "{}",
        mistaken.2
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_user_crates_catalogue_loaded_gives_what_its_compiled_crate_renders() {
    use errcat::{CatalogueCode, publish, table};
    let codes = payments::errors::ErrorCode::all();
    let payments = payments();
    let table = |format: &str| {
        let output = errcat(&["--catalogue", &payments, "table", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        text(&output.stdout).to_owned()
    };
    assert_eq!(table("markdown"), table::markdown(codes));
    assert_eq!(table("json"), table::json(codes));
    assert_eq!(table("csv"), publish::csv(codes).unwrap());
    let html = table("html");
    assert_eq!(html, publish::html(codes));
    // What each placeholder holds, from the file's [placeholders] tables,
    // beside its name: the compiled catalogue carries the same docs.
    let iban = <payments::errors::ErrorCode as errcat::CatalogueCode>::CATALOGUE
        .placeholder_doc("iban")
        .expect("payments.toml documents {iban}");
    assert!(
        html.contains(&format!("<li><code>iban</code>: {iban}</li>")),
        "{html}"
    );
    let openapi: Value = serde_json::from_str(&table("openapi")).unwrap();
    assert_eq!(openapi, publish::openapi(codes));
    let explained = errcat(&["--catalogue", &payments, "explain", "PIS-1301-000001"]);
    let code = payments::errors::ErrorCode::from_code("PIS-1301-000001").unwrap();
    assert!(
        text(&explained.stdout).contains(&format!("  rust         ErrorCode::{}\n", code.name())),
        "{}",
        text(&explained.stdout)
    );
}

#[test]
fn several_catalogues_list_a_shared_code_once_with_its_catalogues() {
    let dir = std::env::temp_dir().join(format!("errcat-shared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("gateway.log");
    std::fs::write(
        &log,
        "GET /accounts 401 GEN-1203-100003\n\
         POST /payments 400 PIS-1301-000001\n\
         POST /payments 401 GEN-1203-100003 after B14800ZZ-3004-000000\n",
    )
    .unwrap();
    let log = log.display().to_string();
    let (accounts, payments) = (accounts(), payments());
    let both = ["-c", accounts.as_str(), "-c", payments.as_str()];
    let with = |args: &[&str]| {
        let mut all: Vec<&str> = both.to_vec();
        all.extend(args);
        seen(&errcat(&all))
    };
    let (status, out, _) = with(&["scan", &log]);
    assert_eq!(status, Some(0));
    assert_eq!(
        out.matches("= GEN-1203-100003 401 FAILED_SECURITY_VALIDATION: Invalid access token [psd2-account-api, psd2-payment-api]\n").count(),
        2,
        "{out}"
    );
    assert!(out.contains("= PIS-1301-000001 400 INVALID_INPUT: Invalid creditor account 'IBAN' [psd2-payment-api]\n"), "{out}");
    assert!(out.contains("= B14800ZZ-3004-000000 403 ACCESS_DENIED: Access is not ok for this account. Please contact customer support. [psd2-account-api]\n"), "{out}");

    let (_, out, _) = with(&["scan", "--json", &log]);
    let records: Vec<Value> = out
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(records.len(), 4);
    assert_eq!(records[0]["code"], "GEN-1203-100003");
    assert_eq!(
        records[0]["catalogues"],
        json!(["psd2-account-api", "psd2-payment-api"])
    );
    assert_eq!(records[1]["catalogues"], json!(["psd2-payment-api"]));

    let (_, out, _) = with(&["scan", "--summary", &log]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].contains("catalogues"), "{out}");
    assert!(lines[1].starts_with("    2  GEN-1203-100003 "), "{out}");
    assert!(
        lines[1].contains(" psd2-account-api,psd2-payment-api  Invalid access token"),
        "{out}"
    );

    let (status, out, _) = with(&["explain", "GEN-1203-100003"]);
    assert_eq!(status, Some(0));
    assert_eq!(out.matches("GEN-1203-100003\n").count(), 1, "{out}");
    assert!(out.contains("  catalogue    Account API 1 (psd2-account-api), Payment Initiation API 1.1 (psd2-payment-api)\n"), "{out}");
    let (_, out, _) = with(&["explain", "--json", "GEN-1203-100003", "PIS-1301-000001"]);
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(
        rows[0]["catalogues"],
        json!(["psd2-account-api", "psd2-payment-api"])
    );

    // Markdown shows each table under its catalogue; the other formats ask
    // for one catalogue.
    let (status, out, _) = with(&["table"]);
    assert_eq!(status, Some(0));
    assert!(
        out.starts_with("## Account API 1\n\n| HTTP status |"),
        "{out}"
    );
    assert!(out.contains("\n## Payment Initiation API 1.1\n\n| HTTP status |"));
    let (status, _, err) = with(&["table", "--format", "csv"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("name one with --catalogue FILE"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_shared_code_that_means_different_things_is_shown_per_meaning() {
    let dir = std::env::temp_dir().join(format!("errcat-meanings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let changed = std::fs::read_to_string(repository().join("errors.toml"))
        .unwrap()
        .replace(
            "\"Invalid access token\"",
            "\"The access token is invalid\"",
        )
        .replace("[catalogue]\n", "[catalogue]\nid = \"legacy\"\n")
        .replace("id = \"psd2-account-api\"\n", "");
    let legacy = dir.join("legacy.toml");
    std::fs::write(&legacy, changed).unwrap();
    let output = errcat(&[
        "-c",
        &accounts(),
        "-c",
        legacy.to_str().unwrap(),
        "explain",
        "GEN-1203-100003",
    ]);
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(out.matches("GEN-1203-100003\n").count(), 2, "{out}");
    assert!(out.contains("  description  Invalid access token\n"));
    assert!(out.contains("  description  The access token is invalid\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_mistaken_catalogue_is_reported_as_the_build_reports_it_and_nothing_runs() {
    let lints = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints");
    let first = lints.join("03-unknown-row-key.toml").display().to_string();
    let second = lints
        .join("11-status-out-of-range.toml")
        .display()
        .to_string();
    for args in [
        vec!["explain", "GEN-1203-100003"],
        vec!["scan", "-"],
        vec!["table"],
    ] {
        let mut all = vec!["-c", first.as_str(), "-c", second.as_str()];
        all.extend(args);
        let (status, out, err) = seen(&errcat(&all));
        assert_eq!(status, Some(2));
        assert_eq!(out, "");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 3, "{err}");
        assert!(
            lines[0].starts_with(&format!("{first}:6:1: unknown key `scenaro`")),
            "{err}"
        );
        assert!(
            lines[1].starts_with(&format!("{second}:2:10: status 99")),
            "{err}"
        );
        assert_eq!(
            lines[2],
            "errcat: the catalogues have mistakes: nothing was done"
        );
    }
    let (status, _, err) = seen(&errcat(&["-c", "no/such/file.toml", "table"]));
    assert_eq!(status, Some(2));
    assert!(
        err.starts_with("no/such/file.toml:1:1: cannot read the catalogue"),
        "{err}"
    );
}

/// The lint fixtures, one mistake of the build's each.
fn lint_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir("tests/fixtures/lints")
        .unwrap()
        .map(|entry| {
            format!(
                "tests/fixtures/lints/{}",
                entry.unwrap().file_name().to_str().unwrap()
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn check_reports_every_lint_of_the_build_as_json() {
    let files = lint_files();
    assert!(files.len() >= 25);
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let output = errcat(&args);
    assert_eq!(output.status.code(), Some(1));
    let found: Value = serde_json::from_slice(&output.stdout).unwrap();
    // Every file has its mistake, with a place and, for a misspelling, a fix.
    for file in &files {
        assert!(
            found
                .as_array()
                .unwrap()
                .iter()
                .any(|mistake| mistake["file"] == file.as_str()),
            "{file} has no mistake"
        );
    }
    let golden = Path::new("tests/golden/check.json");
    let rendered = format!("{}\n", serde_json::to_string_pretty(&found).unwrap());
    if std::env::var_os("ERRCAT_BLESS").is_some() {
        std::fs::create_dir_all("tests/golden").unwrap();
        std::fs::write(golden, &rendered).unwrap();
    }
    let expected = std::fs::read_to_string(golden).unwrap_or_default();
    assert!(
        rendered == expected,
        "check's JSON differs from {}; if the change is meant, run ERRCAT_BLESS=1 cargo test -p errcat-cli --test catalogues\n{rendered}",
        golden.display()
    );
}

#[test]
fn check_says_what_the_build_says_about_each_file() {
    for file in lint_files() {
        let out_dir = std::env::temp_dir().join(format!("errcat-check-{}", std::process::id()));
        let built = errcat_build::Config::new()
            .catalogue_named("errors", &file)
            .out_dir(&out_dir)
            .compile()
            .unwrap_err();
        let output = errcat(&["check", &file]);
        assert_eq!(output.status.code(), Some(1), "{file}");
        let checked: Vec<&str> = text(&output.stdout).lines().collect();
        assert_eq!(checked, built.messages(), "{file}");
        let _ = std::fs::remove_dir_all(&out_dir);
    }
    let output = errcat(&["check", &accounts(), &payments()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let count = <payments::errors::ErrorCode as errcat::CatalogueCode>::all().len();
    assert!(
        text(&output.stdout).ends_with(&format!("payments.toml: ok, {count} codes\n")),
        "{}",
        text(&output.stdout)
    );
    let output = errcat(&["check", "--format", "json", &accounts()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), "[]\n");
}
