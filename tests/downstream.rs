//! errcat from the outside, as the crates that depend on it use it.
//!
//! - `examples/downstream` depends on errcat by path for its own catalogue,
//!   the Account API, and compiles none of the command line's dependencies.
//! - A team adopts errcat for its own API's table: a crate written here, in
//!   `target/nested/adopter`, with errcat as a dependency, errcat-build as a
//!   build dependency, a one-line `build.rs` and `include_catalogue!`. Its
//!   build reports a broken catalogue as `FILE:LINE:COL` messages and runs
//!   again when the catalogue changes.
//!
//! These tests run cargo, so they build errcat again in `target/nested`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn nested_target() -> PathBuf {
    root().join("target").join("nested")
}

/// `cargo ARGS` in `dir`, building into `target/nested`.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", nested_target())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_dependent_crate_uses_codes_statuses_and_bodies() {
    let output = cargo(&root().join("examples/downstream"), &["run", "--quiet"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "GEN-1203-100003 401\n\
         {\"error\":\"missing_input\",\"error_code\":\"GEN-1201-100001\",\"error_description\":\"Missing required header input 'Request-ID'\"}\n\
         unknown error code `GEN-1203-10003`; did you mean `GEN-1203-100003`?\n"
    );
}

#[test]
fn a_library_user_compiles_no_command_line_dependency() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--manifest-path",
        ])
        .arg(root().join("examples/downstream/Cargo.toml"))
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let tree = text(&output.stdout);
    assert!(tree.contains("errcat v"), "{tree}");
    for cli_only in [
        "errcat-cli",
        "clap",
        "clap_derive",
        "anstream",
        "indicatif",
        "aho-corasick",
        "csv",
    ] {
        assert!(
            !tree
                .lines()
                .any(|line| line.starts_with(&format!("{cli_only} v"))),
            "{cli_only} is compiled for a server:\n{tree}"
        );
    }
}

/// A crate of a team that adopts errcat for its own table, written into
/// `target/nested/NAME` with `catalogue` as its `errors.toml` and `main` as
/// its `src/main.rs`.
fn adopter(name: &str, catalogue: &str, main: &str) -> PathBuf {
    let dir = nested_target().join(name);
    fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.3.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n\
         [dependencies]\nerrcat = {{ path = {root:?} }}\n\n\
         [build-dependencies]\nerrcat-build = {{ path = {build:?} }}\n",
        root = root().display().to_string(),
        build = root().join("build").display().to_string(),
    );
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    fs::write(
        dir.join("build.rs"),
        "fn main() {\n    errcat_build::compile([\"errors.toml\"]);\n}\n",
    )
    .unwrap();
    fs::write(dir.join("errors.toml"), catalogue).unwrap();
    fs::write(dir.join("src/main.rs"), main).unwrap();
    dir
}

/// Lists the catalogue, builds an error with a typed constructor and one
/// with a derived type of the crate's own.
const LIST: &str = r#"errcat::include_catalogue!(mod errors);

use errcat::Catalogued;
use errors::{ApiError, ErrorCode};

#[derive(Debug, Catalogued)]
#[catalogue(module = errors)]
enum LedgerError {
    #[catalogue(code = "ACC-404-000001", account_id = _0, scenario = "The ledger has no such account")]
    NoAccount(u32),
}

fn main() {
    let catalogue = errors::CATALOGUE;
    println!("{} ({})", catalogue, catalogue.id());
    for code in ErrorCode::ALL {
        println!("{} {} {} {:?}", code.status().as_u16(), code.kind(), code.code(), code);
    }
    let error: ApiError = ErrorCode::missing_required_header_input("Request-ID");
    println!("{}", error.to_json());
    println!("{}", LedgerError::NoAccount(42).api_error());
}
"#;

#[test]
fn a_team_adopts_errcat_for_its_own_table_and_the_build_follows_the_file() {
    let original = fs::read_to_string(root().join("tests/fixtures/five_columns.toml")).unwrap();
    let dir = adopter("adopter", &original, LIST);
    let output = cargo(&dir, &["run", "--quiet"]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(
        text(&output.stdout),
        "errors 0.3.0 (errors)\n\
         400 MISSING_INPUT GEN-1201-100001 MissingRequiredHeaderInput\n\
         401 FAILED_SECURITY_VALIDATION GEN-1203-100003 InvalidAccessToken\n\
         404 NOT_FOUND ACC-404-000001 AccountNotFound\n\
         500 OTHER_API_ERRORS GEN-1206-100008 InternalErrorOccurredReason\n\
         {\"error\":\"missing_input\",\"error_code\":\"GEN-1201-100001\",\"error_description\":\"Missing required header input 'Request-ID'\"}\n\
         Account 42 not found\n"
    );

    // The build runs again when the catalogue changes, and only then.
    let added = format!(
        "[catalogue]\nname = \"Ledger API\"\nid = \"ledger.example.com\"\n\n{original}\n[[errors]]\nstatus = 503\nerror = \"SERVICE_UNAVAILABLE\"\ncode = \"GEN-1204-100001\"\ndescription = \"Service is unavailable\"\nscenario = \"\"\n"
    );
    fs::write(dir.join("errors.toml"), added).unwrap();
    let output = cargo(&dir, &["run", "--quiet"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("Ledger API 0.3.0 (ledger.example.com)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("503 SERVICE_UNAVAILABLE GEN-1204-100001 ServiceUnavailable\n"),
        "{stdout}"
    );
}

#[test]
fn a_broken_catalogue_fails_the_build_with_located_messages_and_no_panic() {
    let broken = fs::read_to_string(root().join("tests/fixtures/broken.toml")).unwrap();
    let dir = adopter("adopter-broken", &broken, "fn main() {}\n");
    let output = cargo(&dir, &["build", "--quiet"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("errors.toml:2:10: status 1400 of `GEN-1201-100001` is not an HTTP status: expected a number from 100 to 999"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "errors.toml:5:65: description of `GEN-1201-100001` has the character 'Ā' (U+0100)"
        ),
        "{stderr}"
    );
    // Each message once, on a line cargo marks as an error.
    assert_eq!(stderr.matches("status 1400").count(), 1, "{stderr}");
    assert!(
        stderr
            .lines()
            .filter(|line| line.contains("errors.toml:"))
            .all(|line| line.starts_with("error: ")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
}

#[test]
fn a_missing_catalogue_is_reported_not_panicked() {
    let dir = adopter("adopter-missing", "", "fn main() {}\n");
    fs::remove_file(dir.join("errors.toml")).unwrap();
    let output = cargo(&dir, &["build", "--quiet"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("errors.toml:1:1: cannot read the catalogue ("),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn naming_a_deprecated_code_warns_at_the_name() {
    // The first scenario spans two lines: the generated docs keep them.
    let catalogue = r#"
[[errors]]
status = 409
error = "CONFLICT"
code = "ACC-409-000001"
description = "Payment {payment_id} was already submitted"
scenario = "A payment is submitted\ntwice"

[[errors]]
status = 409
error = "CONFLICT"
code = "ACC-409-000000"
description = "Duplicate payment"
scenario = "A payment is submitted twice (clients before 2024)"
deprecated = "Use ACC-409-000001, which names the payment"
"#;
    let main = r#"errcat::include_catalogue!(mod errors);

use errcat::Catalogued;
use errors::ErrorCode;

#[derive(Debug, Catalogued)]
#[catalogue(module = errors)]
enum Submission {
    #[catalogue(code = "ACC-409-000000", scenario = "Submitted twice")]
    Twice,
}

fn main() {
    let code = ErrorCode::DuplicatePayment;
    let error = ErrorCode::duplicate_payment();
    println!("{code:?} {error} {:?}", Submission::Twice.error_code().deprecation());
}
"#;
    let dir = adopter("adopter-deprecated", catalogue, main);
    let output = cargo(&dir, &["run", "--quiet", "--message-format", "short"]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        text(&output.stdout),
        "DuplicatePayment Duplicate payment Some(\"Use ACC-409-000001, which names the payment\")\n"
    );
    let note = "Use ACC-409-000001, which names the payment";
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            format!(
                "src/main.rs:9:24: warning: use of deprecated unit variant `errors::ErrorCode::DuplicatePayment`: {note}"
            ),
            format!(
                "src/main.rs:14:27: warning: use of deprecated unit variant `errors::ErrorCode::DuplicatePayment`: {note}"
            ),
            format!(
                "src/main.rs:15:28: warning: use of deprecated associated function `errors::ErrorCode::duplicate_payment`: {note}"
            ),
        ],
        "{stderr}"
    );
}
