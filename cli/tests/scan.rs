//! `errcat scan` and the scanner under it, on fixture logs: boundaries,
//! case, line numbers across blocks, exit codes, output formats, pipes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use errcat::ErrorCode;
use errcat::scan::Scanner;
use serde_json::Value;

fn errcat(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

const APP: &str = "tests/fixtures/logs/app.log";
const CRLF: &str = "tests/fixtures/logs/crlf.log";
const CLEAN: &str = "tests/fixtures/logs/clean.log";

#[test]
fn codes_are_found_on_word_boundaries_only() {
    let scanner = Scanner::new();
    let text = b"GEN-1201-1000011 XGEN-1201-100001 GEN-1201-10000 GEN_1201_100001 a-GEN-1201-100001 GEN-1201-100001-b";
    assert_eq!(scanner.find_iter(text).count(), 0);
    for ok in [
        "GEN-1201-100001",
        "(GEN-1201-100001)",
        "code=GEN-1201-100001,",
        "\"GEN-1201-100001\"",
        "x GEN-1201-100001.\n",
    ] {
        let found: Vec<_> = scanner.find_iter(ok.as_bytes()).collect();
        assert_eq!(found.len(), 1, "{ok}");
        assert_eq!(found[0].code, ErrorCode::MissingHeaderInput);
        assert_eq!(
            &ok.as_bytes()[found[0].start..found[0].end],
            b"GEN-1201-100001"
        );
    }
}

#[test]
fn every_code_is_found_and_case_is_optional() {
    let all: String = ErrorCode::ALL
        .iter()
        .map(|code| format!("{code} "))
        .collect();
    let found: Vec<ErrorCode> = Scanner::new()
        .find_iter(all.as_bytes())
        .map(|found| found.code)
        .collect();
    assert_eq!(found, ErrorCode::ALL);
    let lower = all.to_ascii_lowercase();
    assert_eq!(Scanner::new().find_iter(lower.as_bytes()).count(), 0);
    assert_eq!(
        Scanner::case_insensitive()
            .find_iter(lower.as_bytes())
            .count(),
        ErrorCode::COUNT
    );
}

#[test]
fn line_numbers_and_offsets_hold_across_blocks_and_long_lines() {
    // Several megabytes, codes near the 1 MiB block edges, one line longer
    // than a block, CRLF endings: every match must agree with a plain search.
    let mut text = Vec::new();
    let mut expected = Vec::new();
    for (line, i) in (1u64..).zip(0..60_000u64) {
        if i == 30_000 {
            text.extend(std::iter::repeat_n(b'x', 3 << 20));
            text.push(b' ');
        }
        let code = ErrorCode::ALL[(i % 27) as usize];
        if i % 7 == 0 {
            let prefix = format!("2026-11-23 line {i} ");
            expected.push((line, text.len() as u64 + prefix.len() as u64, code));
            text.extend_from_slice(prefix.as_bytes());
            text.extend_from_slice(code.code().as_bytes());
        } else {
            text.extend_from_slice(format!("2026-11-23 line {i} nothing").as_bytes());
        }
        text.extend_from_slice(if i % 3 == 0 { b"\r\n" } else { b"\n" });
    }
    let found: Vec<(u64, u64, ErrorCode)> = Scanner::new()
        .scan_reader(&text[..])
        .map(|found| found.map(|found| (found.line_number, found.offset, found.code)))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(found, expected);
    let counts = Scanner::new().count_reader(&text[..]).unwrap();
    assert_eq!(counts.iter().sum::<u64>(), expected.len() as u64);
}

#[test]
fn lines_are_printed_with_place_codes_and_notes() {
    let output = errcat(&["scan", "--color", "never", APP], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "tests/fixtures/logs/app.log:2:2026-11-23T10:00:00.120Z WARN  req=7f3b GET /accounts/abc 401 error_code=GEN-1203-100003\n\
         \x20 = GEN-1203-100003 401 FAILED_SECURITY_VALIDATION: Invalid access token\n\
         tests/fixtures/logs/app.log:3:2026-11-23T10:00:00.341Z WARN  req=7f3c GET /accounts 400 GEN-1201-100001 missing Request-ID; retry GEN-1201-100001\n\
         \x20 = GEN-1201-100001 400 MISSING_INPUT: Missing required header input 'INPUT'\n\
         tests/fixtures/logs/app.log:6:2026-11-23T10:00:01.000Z WARN  req=7f3f \"B14800ZZ-3017-000000\", role changed\n\
         \x20 = B14800ZZ-3017-000000 403 ACCESS_DENIED: Access is not ok for this account.\n"
    );
}

#[test]
fn color_is_asked_for_and_no_color_is_honoured() {
    let colored = errcat(&["scan", "--color", "always", APP], None);
    assert!(stdout(&colored).contains("\x1b["));
    let auto_in_a_pipe = errcat(&["scan", APP], None);
    assert!(!stdout(&auto_in_a_pipe).contains("\x1b["));
    let no_color = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["scan", "--color", "auto", APP])
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains("\x1b["));
    let json = errcat(&["scan", "--json", "--color", "always", APP], None);
    assert!(!stdout(&json).contains("\x1b["));
}

#[test]
fn json_is_one_object_per_code() {
    let output = errcat(&["scan", "--json", "-i", APP, CRLF], None);
    assert_eq!(output.status.code(), Some(0));
    let records: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let summary: Vec<(String, u64, String)> = records
        .iter()
        .map(|record| {
            (
                record["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned(),
                record["line"].as_u64().unwrap(),
                record["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("app.log".into(), 2, "GEN-1203-100003".into()),
            ("app.log".into(), 3, "GEN-1201-100001".into()),
            ("app.log".into(), 3, "GEN-1201-100001".into()),
            ("app.log".into(), 5, "GEN-1206-100004".into()),
            ("app.log".into(), 6, "B14800ZZ-3017-000000".into()),
            ("crlf.log".into(), 2, "GEN-1205-100002".into()),
            ("crlf.log".into(), 3, "GEN-1204-100001".into()),
        ]
    );
    let first = &records[0];
    assert_eq!(first["status"], 401);
    assert_eq!(first["token"], "FAILED_SECURITY_VALIDATION");
    let app = std::fs::read(APP).unwrap();
    for record in records.iter().filter(|record| record["file"] == APP) {
        let offset = record["offset"].as_u64().unwrap() as usize;
        let code = record["code"].as_str().unwrap();
        assert!(
            app[offset..]
                .to_ascii_uppercase()
                .starts_with(code.as_bytes())
        );
    }
}

#[test]
fn summary_counts_most_frequent_first() {
    let output = errcat(&["scan", "--summary", APP], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "count  code                  status  error                       description\n\
         \x20   2  GEN-1201-100001       400     MISSING_INPUT               Missing required header input 'INPUT'\n\
         \x20   1  GEN-1203-100003       401     FAILED_SECURITY_VALIDATION  Invalid access token\n\
         \x20   1  B14800ZZ-3017-000000  403     ACCESS_DENIED               Access is not ok for this account.\n"
    );
}

#[test]
fn standard_input_is_read_without_files_or_for_a_dash() {
    let log = b"x GEN-1206-100003 y\n";
    for args in [&["scan"][..], &["scan", "-"][..]] {
        let output = errcat(args, Some(log));
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).starts_with("(standard input):1:x GEN-1206-100003 y\n"));
    }
}

#[test]
fn exit_status_follows_grep() {
    assert_eq!(errcat(&["scan", CLEAN], None).status.code(), Some(1));
    assert_eq!(
        errcat(&["scan", "--summary", CLEAN], None).status.code(),
        Some(1)
    );
    // A file that cannot be read is reported; the others are still scanned.
    let output = errcat(&["scan", "tests/fixtures/logs/missing.log", APP], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("GEN-1203-100003"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("errcat: tests/fixtures/logs/missing.log: "),
        "{stderr}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let big: String = (0..200_000)
        .map(|i| format!("line {i} GEN-1203-100003\n"))
        .collect();
    let path = std::env::temp_dir().join(format!("errcat-pipe-{}.log", std::process::id()));
    std::fs::write(&path, big).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["scan", "--color", "never"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
}

#[test]
fn a_large_file_counted_in_parallel_ranges_counts_every_code_once() {
    // Codes everywhere, so that range edges fall inside and beside codes.
    let line = "x GEN-1203-100003 B14800ZZ-3002-000000,GEN-1201-100001\n";
    let mut text = line.repeat((40 << 20) / line.len());
    text.push_str("last GEN-1204-100001");
    let path = std::env::temp_dir().join(format!("errcat-parallel-{}.log", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let scanner = Scanner::new();
    let parallel = scanner.count_file(&path);
    let sequential = scanner.count_reader(text.as_bytes()).unwrap();
    std::fs::remove_file(&path).unwrap();
    let parallel = parallel.unwrap();
    assert_eq!(parallel, sequential);
    assert_eq!(
        parallel.iter().sum::<u64>(),
        3 * (text.len() / line.len()) as u64 + 1
    );
}

#[test]
fn a_progress_bar_shows_only_on_a_terminal_for_large_input() {
    let line = "2026-11-23T10:00:00Z INFO req=1 GET /accounts 200 nothing here at all\n";
    let path = std::env::temp_dir().join(format!("errcat-progress-{}.log", std::process::id()));
    std::fs::write(&path, line.repeat((70 << 20) / line.len())).unwrap();
    // Not a terminal: nothing on stderr.
    let plain = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .arg("scan")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(1));
    assert!(plain.stderr.is_empty());
    // A terminal, through util-linux's `script`: the bar is drawn there.
    let typescript = path.with_extension("typescript");
    let command = format!(
        "{} scan {} > /dev/null",
        env!("CARGO_BIN_EXE_errcat"),
        path.display()
    );
    let status = Command::new("script")
        .args(["-q", "-e", "-c", &command])
        .arg(&typescript)
        .stdout(Stdio::null())
        .status()
        .expect("util-linux's script runs");
    let drawn = std::fs::read_to_string(&typescript).unwrap_or_default();
    std::fs::remove_file(&path).unwrap();
    let _ = std::fs::remove_file(&typescript);
    assert_eq!(status.code(), Some(1));
    assert!(drawn.contains("MiB/"), "{drawn:?}");
}
