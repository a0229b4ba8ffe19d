//! `errcat scan --summary` beside ripgrep 15 and GNU grep, whole processes on
//! the same log, in one run. Prepare the log and the tools first:
//!
//! ```sh
//! scripts/bench-scan.sh          # installs rg 15, writes a 512 MiB log, runs this
//! ```
//!
//! `ERRCAT_BENCH_LOG` names another log (`codes.txt` must sit beside it), and
//! `ERRCAT_SCAN_COMMAND` another program than this crate's `errcat` that
//! takes `scan --summary FILE` (the scale fixture's `scale`, which scans
//! for a catalogue of any size with errcat's library).
//!
//! `ERRCAT_BENCH_CATALOGUE` names the catalogue file of that program's
//! compiled catalogue (errcat's `errors.toml` by default): the same scan by
//! `errcat --catalogue FILE`, which reads the file at run time, runs beside
//! it (`errcat_loaded_scan_summary`), and the `load` group times reading
//! and validating the file (`errcat check FILE`) beside starting the
//! command (`errcat --version`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn log_path() -> PathBuf {
    std::env::var_os("ERRCAT_BENCH_LOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../target/bench-logs/app.log"))
}

/// Runs a command to the end with its output in a pipe, as a user's shell
/// would (GNU grep stops early when its output is /dev/null).
fn run(command: &mut Command) {
    let output = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .output()
        .expect("the tool runs");
    assert!(
        output.status.code().is_some_and(|code| code <= 1),
        "{command:?} failed"
    );
}

fn scan(c: &mut Criterion) {
    let log = log_path();
    let codes = log.with_file_name("codes.txt");
    let rg = root().join("../target/tools/bin/rg");
    for needed in [&log, &codes, &rg] {
        assert!(
            needed.exists(),
            "{} is missing: run scripts/bench-scan.sh",
            needed.display()
        );
    }
    let size = std::fs::metadata(&log).unwrap().len();
    let errcat = std::env::var("ERRCAT_SCAN_COMMAND")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_errcat").to_owned());
    let ours = env!("CARGO_BIN_EXE_errcat");
    let catalogue = std::env::var_os("ERRCAT_BENCH_CATALOGUE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../errors.toml"));

    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Bytes(size));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("errcat_scan_summary", |b| {
        b.iter(|| run(Command::new(&errcat).args(["scan", "--summary"]).arg(&log)))
    });
    // The same catalogue, read from its file when the command starts.
    group.bench_function("errcat_loaded_scan_summary", |b| {
        b.iter(|| {
            run(Command::new(ours)
                .arg("--catalogue")
                .arg(&catalogue)
                .args(["scan", "--summary"])
                .arg(&log))
        })
    });
    group.bench_function("rg15_fixed_count", |b| {
        b.iter(|| {
            run(Command::new(&rg)
                .args(["-F", "-c", "-f"])
                .arg(&codes)
                .arg(&log))
        })
    });
    group.bench_function("grep_fixed_count", |b| {
        b.iter(|| {
            run(Command::new("grep")
                .args(["-F", "-c", "-f"])
                .arg(&codes)
                .arg(&log))
        })
    });
    // Reading the file and nothing else: its output goes nowhere.
    group.bench_function("cat_to_dev_null", |b| {
        b.iter(|| {
            let status = Command::new("cat")
                .arg(&log)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
    group.finish();

    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.bench_function("errcat_check", |b| {
        b.iter(|| run(Command::new(ours).arg("check").arg(&catalogue)))
    });
    group.bench_function("errcat_version", |b| {
        b.iter(|| run(Command::new(ours).arg("--version")))
    });
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
