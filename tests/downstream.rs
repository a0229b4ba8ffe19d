//! errcat from the outside: a crate in another directory depends on it by
//! path (`examples/downstream`), with and without `ERRCAT_CATALOGUE`.
//!
//! These tests run cargo, so they build errcat again in `target/nested`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn nested_target() -> PathBuf {
    root().join("target").join("nested")
}

/// `cargo run` in the directory `dir`, building into `target/nested`, with
/// no ERRCAT_CATALOGUE from the outer build.
fn cargo_run(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(["run", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", nested_target())
        .env_remove("ERRCAT_CATALOGUE")
        .env_remove("RUSTFLAGS");
    command
}

/// `cargo run --bin BIN` in the downstream crate, with `catalogue` as
/// ERRCAT_CATALOGUE (or unset).
fn run_downstream(bin: &str, catalogue: Option<&Path>) -> Output {
    let mut command = cargo_run(&root().join("examples/downstream"));
    command.args(["--bin", bin]);
    if let Some(catalogue) = catalogue {
        command.env("ERRCAT_CATALOGUE", catalogue);
    }
    command.output().expect("cargo runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_dependent_crate_uses_codes_statuses_and_bodies() {
    let output = run_downstream("downstream", None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "GEN-1203-100003 401\n\
         {\"error\":\"missing_input\",\"error_code\":\"GEN-1201-100001\",\"error_description\":\"Missing required header input 'Request-ID'\"}\n\
         unknown error code `GEN-1203-10003`; did you mean `GEN-1203-100003`?\n"
    );
}

#[test]
fn without_default_features_no_cli_dependency_is_compiled() {
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

#[test]
fn another_catalogue_swaps_in_and_rebuilds_when_it_changes() {
    // A copy, so the test can change it and see errcat rebuilt.
    let catalogue = nested_target().join("swapped.toml");
    std::fs::create_dir_all(nested_target()).unwrap();
    let original =
        std::fs::read_to_string(root().join("tests/fixtures/five_columns.toml")).unwrap();
    std::fs::write(&catalogue, &original).unwrap();

    let output = run_downstream("list", Some(&catalogue));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "400 MISSING_INPUT GEN-1201-100001 MissingRequiredHeaderInput\n\
         401 FAILED_SECURITY_VALIDATION GEN-1203-100003 InvalidAccessToken\n\
         404 NOT_FOUND ACC-404-000001 AccountNotFound\n\
         500 OTHER_API_ERRORS GEN-1206-100008 InternalErrorOccurredReason\n"
    );

    let added = format!(
        "{original}\n[[errors]]\nstatus = 503\nerror = \"SERVICE_UNAVAILABLE\"\ncode = \"GEN-1204-100001\"\ndescription = \"Service is unavailable\"\nscenario = \"\"\n"
    );
    std::fs::write(&catalogue, added).unwrap();
    let output = run_downstream("list", Some(&catalogue));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout)
            .ends_with("503 SERVICE_UNAVAILABLE GEN-1204-100001 ServiceUnavailable\n")
    );
}

#[test]
fn a_broken_catalogue_fails_the_build_with_located_messages_and_no_panic() {
    let catalogue = root().join("tests/fixtures/broken.toml");
    let output = run_downstream("list", Some(&catalogue));
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    let name = catalogue.display();
    assert!(
        stderr.contains(&format!("{name}:2:10: status 1400 of `GEN-1201-100001` is not an HTTP status: expected a number from 100 to 999")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{name}:5:65: description of `GEN-1201-100001` has the character 'Ā' (U+0100)"
        )),
        "{stderr}"
    );
    // Each message once, on a line cargo marks as an error.
    assert_eq!(stderr.matches("status 1400").count(), 1, "{stderr}");
    assert!(
        stderr
            .lines()
            .filter(|line| line.contains(&*name.to_string()))
            .all(|line| line.starts_with("error: "))
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
}

#[test]
fn a_missing_catalogue_is_reported_not_panicked() {
    let catalogue = root().join("tests/fixtures/no-such-file.toml");
    let output = run_downstream("list", Some(&catalogue));
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:1:1: cannot read the error catalogue (",
            catalogue.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn another_api_derives_against_its_own_catalogue() {
    // examples/other-api names its errors.toml in .cargo/config.toml, which
    // cargo reads from the directory it runs in.
    let output = cargo_run(&root().join("examples/other-api"))
        .output()
        .expect("cargo runs");
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Its catalogue has a deprecated row: errcat's generated code and the
    // derive name it without a warning, since this crate does not.
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(
        text(&output.stdout),
        "ACC-404-000001 404\n\
         ACC-409-000001 409\n\
         ACC-409-000000 409\n\
         {\"error\":\"not_found\",\"error_code\":\"ACC-404-000001\",\"error_description\":\"Account 42 not found\"}\n\
         Payment p-7 was already submitted\n\
         {\"error\":\"conflict\",\"error_code\":\"ACC-409-000000\",\"error_description\":\"Duplicate payment\"} Use ACC-409-000001, which names the payment\n\
         | 409 | `CONFLICT` | `ACC-409-000000` | Duplicate payment | A payment is submitted twice (clients before 2024)<br>**Deprecated:** Use ACC-409-000001, which names the payment |\n\
         \"deprecated\": \"Use ACC-409-000001, which names the payment\"\n\
         decoded Some(\"ACC-409-000000\")\n"
    );
}

#[test]
fn naming_a_deprecated_code_warns_at_the_name() {
    // examples/other-api/examples/deprecated_code.rs names ACC-409-000000,
    // deprecated in that crate's catalogue, three ways.
    let output = Command::new(env!("CARGO"))
        .args([
            "build",
            "--example",
            "deprecated_code",
            "--message-format",
            "short",
        ])
        .current_dir(root().join("examples/other-api"))
        .env("CARGO_TARGET_DIR", nested_target())
        .env_remove("ERRCAT_CATALOGUE")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let note = "Use ACC-409-000001, which names the payment";
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            format!(
                "examples/deprecated_code.rs:9:24: warning: use of deprecated unit variant `errcat::ErrorCode::DuplicatePayment`: {note}"
            ),
            format!(
                "examples/deprecated_code.rs:11:35: warning: use of deprecated unit variant `errcat::ErrorCode::DuplicatePayment`: {note}"
            ),
            format!(
                "examples/deprecated_code.rs:18:30: warning: use of deprecated associated function `errcat::catalogue::<impl errcat::ApiError>::duplicate_payment`: {note}"
            ),
        ],
        "{stderr}"
    );
}
