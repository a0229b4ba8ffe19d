//! The `errcat` binary, run as a user runs it.

use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn errcat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .output()
        .expect("the errcat binary runs")
}

/// The `code` of every row of a JSON table.
fn codes_of(rows: &Value) -> Vec<&str> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| row["code"].as_str().unwrap())
        .collect()
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).unwrap()
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).unwrap()
}

#[test]
fn explain_prints_the_whole_row() {
    let output = errcat(&["explain", "GEN-1203-100003"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "GEN-1203-100003\n\
         \x20 status       401 Unauthorized\n\
         \x20 error        FAILED_SECURITY_VALIDATION (failed_security_validation on the wire)\n\
         \x20 description  Invalid access token\n\
         \x20 scenario     Request received with invalid access_token.\n\
         \x20 berlin group TOKEN_INVALID (NextGenPSD2 message code)\n\
         \x20 reason       INVALID_ACCESS_TOKEN (AIP-193)\n\
         \x20 catalogue    Account API 1 (psd2-account-api)\n\
         \x20 rust         ErrorCode::InvalidAccessToken\n"
    );
}

#[test]
fn explain_shows_placeholders_and_non_standard_statuses() {
    let output = errcat(&["explain", "GEN-1203-100001", "GEN-1201-100001"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("  status       495 (non-standard)\n"),
        "{text}"
    );
    assert!(text.contains("  placeholders input\n"), "{text}");
}

#[test]
fn explain_lists_the_codes_of_a_token_in_any_case() {
    let output = errcat(&["explain", "access_denied"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("ACCESS_DENIED (access_denied on the wire): 2 codes\n"),
        "{text}"
    );
    assert!(text.contains("\nB14800ZZ-3004-000000\n") && text.contains("\nB14800ZZ-3017-000000\n"));
}

#[test]
fn an_unknown_code_suggests_the_nearest_and_exits_1() {
    let output = errcat(&["explain", "GEN-1203-10003"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "errcat: unknown error code `GEN-1203-10003`; did you mean `GEN-1203-100003`?\n"
    );
    // Known codes are still explained beside an unknown one.
    let output = errcat(&["explain", "nonsense", "GEN-1203-100003"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("\nGEN-1203-100003\n"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(errcat(&["explain"]).status.code(), Some(2));
    assert_eq!(
        errcat(&["table", "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        errcat(&["table", "--kind", "NO_SUCH_TOKEN"]).status.code(),
        Some(2)
    );
}

#[test]
fn table_prints_markdown_by_default() {
    let output = errcat(&["table"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        errcat::table::markdown(&errcat::ErrorCode::ALL)
    );
}

#[test]
fn table_prints_json_with_filters() {
    let output = errcat(&[
        "table",
        "--format",
        "json",
        "--status",
        "403",
        "--kind",
        "access_denied",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let rows: Value = serde_json::from_str(stdout(&output)).unwrap();
    let codes = codes_of(&rows);
    assert_eq!(codes, ["B14800ZZ-3004-000000", "B14800ZZ-3017-000000"]);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args([
            "explain",
            "missing_input",
            "invalid_input",
            "failed_security_validation",
            "other_api_errors",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the output is written.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn explain_json_is_the_table_rows_of_what_was_asked() {
    let output = errcat(&[
        "explain",
        "--json",
        "GEN-1203-100003",
        "access_denied",
        "GEN-1203-100003",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let rows: Value = serde_json::from_str(stdout(&output)).unwrap();
    let codes = codes_of(&rows);
    assert_eq!(
        codes,
        [
            "GEN-1203-100003",
            "B14800ZZ-3004-000000",
            "B14800ZZ-3017-000000"
        ]
    );
    assert_eq!(rows[0]["status"], 401);
    assert_eq!(
        rows[0]["scenario"],
        "Request received with invalid access_token."
    );

    let output = errcat(&["explain", "--json", "GEN-1203-10003"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "[]\n");
    assert!(stderr(&output).contains("did you mean `GEN-1203-100003`?"));
}

#[test]
fn arguments_are_echoed_escaped() {
    // Forced colors, so that nothing strips escape sequences on the way.
    for args in [
        &["explain", "\x1b]0;pwned\x07\x1b[2J"][..],
        &["explain", "x\nerror: forged \x1b[2J"],
        &["table", "--kind", "x\nerror: forged \x1b]0;pwned\x07"],
        &["table", "--format", "\x1b[2J\nerror: forged"],
        &["table", "--status", "\x1b[2J\nerror: forged"],
        &["\x1b]0;pwned\x07\nerror: forged"],
        &["scan", "--\x1b[2J\nerror: forged"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .args(args)
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap();
        let stderr = stderr(&output);
        assert_ne!(output.status.code(), Some(0));
        assert!(
            !stderr.contains("\x1b]0;") && !stderr.contains("\x1b[2J"),
            "{stderr:?}"
        );
        assert!(!stderr.contains('\x07'), "{stderr:?}");
        assert!(stderr.contains("\\u{1b}"), "{stderr:?}");
        assert!(
            !stderr.lines().any(|line| line.starts_with("error: forged")),
            "{stderr}"
        );
    }
}
