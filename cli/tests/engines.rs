//! `errcat table --format csv` as a lookup table in two real log engines:
//! ClickHouse (embedded, chDB) and DuckDB, from PyPI, pinned and installed
//! into `target/pytools` by `scripts/install-test-tools.sh`. Each loads the
//! CSV, extracts codes from a generated log with its own regular-expression
//! function (`tests/peers/engines.py`), joins them against the table, and
//! must count exactly what `errcat scan --summary` counts in the same log,
//! with the same status and token per code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn errcat(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .output()
        .expect("errcat runs");
    assert!(
        output.status.success() || output.status.code() == Some(1),
        "errcat {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The log, the lookup table and what `errcat scan --summary` counts in the
/// log, per code: (count, status, token).
/// Each engine's in a directory of its own: the tests run in parallel.
fn fixtures(engine: &str) -> (PathBuf, PathBuf, BTreeMap<String, (u64, u16, String)>) {
    let dir = root().join("target/engines").join(engine);
    std::fs::create_dir_all(&dir).unwrap();
    let catalogue = dir.join("catalogue.json");
    std::fs::write(&catalogue, errcat(&["table", "--format", "json"])).unwrap();
    let log = dir.join("service.log");
    let generated = Command::new("python3")
        .arg(root().join("scripts/generate-log.py"))
        .arg(&log)
        .arg("4")
        .arg(&catalogue)
        .status()
        .expect("python3 runs");
    assert!(generated.success(), "scripts/generate-log.py failed");
    let lookup = dir.join("errors.csv");
    std::fs::write(&lookup, errcat(&["table", "--format", "csv"])).unwrap();

    let summary = errcat(&["scan", "--summary", log.to_str().unwrap()]);
    let mut lines = summary.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header[..4],
        ["count", "code", "status", "error"],
        "{summary}"
    );
    let counts: BTreeMap<String, (u64, u16, String)> = lines
        .map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            (
                columns[1].to_owned(),
                (
                    columns[0].parse().unwrap(),
                    columns[2].parse().unwrap(),
                    columns[3].to_owned(),
                ),
            )
        })
        .collect();
    // A log worth the name: most codes, hundreds of occurrences.
    assert!(counts.len() >= 20, "{summary}");
    assert!(
        counts.values().map(|(count, ..)| count).sum::<u64>() >= 300,
        "{summary}"
    );
    (log, lookup, counts)
}

fn pytools() -> PathBuf {
    root().join("target/pytools")
}

/// Whether `module` imports from `target/pytools`, after running the
/// install script if it did not.
fn installed(module: &str) -> bool {
    let imports = || {
        Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .env("PYTHONPATH", pytools())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if imports() {
        return true;
    }
    let _ = Command::new("bash")
        .arg(root().join("scripts/install-test-tools.sh"))
        .status();
    imports()
}

/// Runs the engine's lookup on the fixtures, or says why it cannot.
fn engine_counts(engine: &str, module: &str) -> Option<BTreeMap<String, (u64, u16, String)>> {
    if !installed(module) {
        eprintln!(
            "SKIPPED: {engine}: the Python package `{module}` cannot be installed on this machine \
             (scripts/install-test-tools.sh failed to provide it)"
        );
        return None;
    }
    let (log, lookup, expected) = fixtures(engine);
    let output = Command::new("python3")
        .arg(root().join("cli/tests/peers/engines.py"))
        .arg(engine)
        .arg(&lookup)
        .arg(&log)
        .env("PYTHONPATH", pytools())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{engine}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found: BTreeMap<String, (u64, u16, String)> =
        serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(found, expected, "{engine} against errcat scan --summary");
    Some(found)
}

#[test]
fn clickhouse_counts_what_errcat_scan_counts() {
    engine_counts("clickhouse", "chdb");
}

#[test]
fn duckdb_counts_what_errcat_scan_counts() {
    engine_counts("duckdb", "duckdb");
}
