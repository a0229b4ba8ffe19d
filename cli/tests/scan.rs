//! `errcat scan` and the scanner under it, on fixture logs: boundaries,
//! case, line numbers across blocks, exit codes, output formats, pipes; and
//! on inputs no fixture holds: endless lines, no newline, a terminal.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

use errcat::ErrorCode;
use errcat::scan::{BLOCK, LINE_WINDOW, Scanner};
use serde_json::Value;

/// Counts the bytes this thread has allocated and not freed, and the peak.
struct Measuring;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; the
// bookkeeping touches only const-initialised thread-locals, which do not
// allocate.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Measuring {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.with(|live| {
            live.set(live.get() + layout.size());
            live.get()
        });
        PEAK.with(|peak| peak.set(peak.get().max(live)));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.with(|live| live.set(live.get().saturating_sub(layout.size())));
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Measuring = Measuring;

/// The most this thread had allocated at once while `work` ran, above what
/// it held before.
fn peak_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let result = work();
    (result, PEAK.with(Cell::get) - before)
}

/// `len` bytes of `pattern` over and over, never stored whole.
struct Repeat {
    pattern: &'static [u8],
    at: usize,
    left: u64,
}

fn repeat(pattern: &'static [u8], len: u64) -> Repeat {
    Repeat {
        pattern,
        at: 0,
        left: len,
    }
}

impl Read for Repeat {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut n = out
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        n = n.min(self.pattern.len() - self.at);
        out[..n].copy_from_slice(&self.pattern[self.at..self.at + n]);
        self.at = (self.at + n) % self.pattern.len();
        self.left -= n as u64;
        Ok(n)
    }
}

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
    let (status, drawn) = on_a_terminal(&format!(
        "{} scan {} > /dev/null",
        env!("CARGO_BIN_EXE_errcat"),
        path.display()
    ));
    let drawn = String::from_utf8_lossy(&drawn);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(drawn.contains("MiB/"), "{drawn:?}");
}

#[test]
fn memory_stays_flat_whatever_the_lines() {
    // A buffer, a line's window, and the codes shown in that window: the
    // bound does not depend on the input.
    let bound = 2 * (BLOCK + LINE_WINDOW);
    let scanner = Scanner::new();
    let code = b"GEN-1203-100003 ";

    // One line of 2 MiB holding 131,072 codes, no newline.
    let len = 2u64 << 20;
    let (lines, peak) = peak_during(|| {
        scanner
            .scan_lines(repeat(code, len))
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    });
    assert!(peak < bound, "{peak} bytes for one line of codes");
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!((line.line_number, line.offset, line.len), (1, 0, len));
    assert!(line.is_cut());
    assert_eq!(line.text(), &code.repeat(LINE_WINDOW / code.len())[..]);
    assert_eq!(line.code_count(), len / 16);
    assert_eq!(line.codes().len(), LINE_WINDOW / 16);
    assert_eq!(line.distinct_codes(), [ErrorCode::InvalidAccessToken]);

    let (count, peak) = peak_during(|| {
        let mut count = 0u64;
        for found in scanner.scan_reader(repeat(code, len)) {
            let found = found.unwrap();
            assert_eq!(found.offset, count * 16);
            assert_eq!(found.line_number, 1);
            assert_eq!(found.line().len(), LINE_WINDOW);
            count += 1;
        }
        count
    });
    assert!(
        peak < bound,
        "{peak} bytes for one line of codes, code by code"
    );
    assert_eq!(count, len / 16);

    // 16 MiB of zeros, and 16 MiB of one word: no code, nothing kept.
    static ZEROS: [u8; 4096] = [0; 4096];
    static WORD: [u8; 4096] = [b'x'; 4096];
    for pattern in [&ZEROS, &WORD] {
        let (found, peak) = peak_during(|| scanner.scan_lines(repeat(pattern, 16 << 20)).count());
        assert!(peak < bound, "{peak} bytes for {:?}", pattern[0]);
        assert_eq!(found, 0);
    }
}

#[test]
fn codes_at_the_cuts_of_a_line_longer_than_a_block_are_found_once() {
    // No newline: blocks end between words. Codes are put at every distance
    // from the first block ends, among words of every length up to a code's.
    let mut text = Vec::new();
    let mut word = 0;
    for edge in 1..=3 {
        while text.len() < edge * BLOCK - 40 {
            word = (word + 1) % 23;
            text.extend(std::iter::repeat_n(b'w', word));
            text.push(if word % 2 == 0 { b' ' } else { b',' });
        }
        for shift in 0..40 {
            text.extend_from_slice(b" GEN-1205-100002");
            text.extend(std::iter::repeat_n(b'.', shift % 3));
            text.push(b' ');
        }
    }
    // A word longer than a block, then a code glued to it and a code
    // standing alone.
    text.extend(std::iter::repeat_n(b'x', 2 * BLOCK + 7));
    text.extend_from_slice(b"GEN-1205-100002 GEN-1204-100001");
    let expected: Vec<(u64, ErrorCode)> = Scanner::new()
        .find_iter(&text)
        .map(|found| (found.start as u64, found.code))
        .collect();
    assert_eq!(expected.len(), 3 * 40 + 1);
    assert_eq!(expected.last().unwrap().0, text.len() as u64 - 15);
    let read: Vec<(u64, ErrorCode)> = Scanner::new()
        .scan_reader(&text[..])
        .map(|found| found.map(|found| (found.offset, found.code)))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, expected);
    let counts = Scanner::new().count_reader(&text[..]).unwrap();
    assert_eq!(counts.iter().sum::<u64>(), expected.len() as u64);
    let lines: Vec<_> = Scanner::new()
        .scan_lines(&text[..])
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].len, text.len() as u64);
    assert_eq!(lines[0].code_count(), expected.len() as u64);
}

#[test]
fn a_crlf_split_between_blocks_still_ends_the_line() {
    // The first line is a block long to its `\r`; its `\n` starts the next.
    let mut text = b"GEN-1203-100003 ".to_vec();
    while text.len() < BLOCK - 1 {
        text.extend_from_slice(b"ab ");
    }
    text.truncate(BLOCK - 1);
    text.extend_from_slice(b"\r\nGEN-1204-100001\r\n");
    let lines: Vec<_> = Scanner::new()
        .scan_lines(&text[..])
        .map(|line| line.map(|line| (line.line_number, line.offset, line.len, line.is_cut())))
        .collect::<Result<_, _>>()
        .unwrap();
    let second = BLOCK as u64 + 1;
    assert_eq!(
        lines,
        [(1, 0, BLOCK as u64 - 1, true), (2, second, 15, false)]
    );
}

/// Runs errcat with at most `kib` KiB of address space (Linux's `ulimit
/// -v`), `input` streamed to its standard input as it reads.
fn errcat_within(kib: u64, args: &[&str], input: impl Read + Send + 'static) -> Output {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let mut input = input;
        // The child may stop reading early (it failed): not this test's error.
        let _ = std::io::copy(&mut input, &mut stdin);
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    output
}

#[test]
#[cfg(target_os = "linux")]
fn the_command_scans_endless_lines_in_little_memory() {
    // 32 MiB of address space: less than the 32 MiB line each input holds.
    const LIMIT_KIB: u64 = 32 << 10;
    let len = 32u64 << 20;

    // Like /dev/zero: no newline, no code.
    static ZEROS: [u8; 4096] = [0; 4096];
    let output = errcat_within(LIMIT_KIB, &["scan"], repeat(&ZEROS, len));
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(output.stdout, b"");

    // One line with a code every 256 KiB, printed cut once it ends.
    static SPARSE: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        let mut chunk = b"GEN-1204-100001".to_vec();
        while chunk.len() < 256 << 10 {
            chunk.extend_from_slice(b" word, other=word;");
        }
        chunk.truncate(256 << 10);
        chunk
    });
    let output = errcat_within(
        LIMIT_KIB,
        &["scan", "--color", "never"],
        repeat(&SPARSE, len),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text:.200}");
    assert_eq!(
        lines[0].as_bytes(),
        [b"(standard input):1:", &SPARSE[..LINE_WINDOW]].concat()
    );
    assert_eq!(
        lines[1..],
        [
            "  [cut: 65536 of 33554432 bytes shown, 128 codes on the line]",
            "  = GEN-1204-100001 503 SERVICE_UNAVAILABLE: Service is unavailable"
        ]
    );

    // As JSON: one object per code, offsets exact.
    let output = errcat_within(LIMIT_KIB, &["scan", "--json"], repeat(&SPARSE, len));
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let offsets: Vec<u64> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["offset"]
                .as_u64()
                .unwrap()
        })
        .collect();
    let expected: Vec<u64> = (0..128).map(|nth| nth * (256 << 10)).collect();
    assert_eq!(offsets, expected);
}

#[test]
fn a_long_line_is_printed_cut_with_its_length() {
    let mut log = b"GEN-1203-100003 ".repeat(16 << 10);
    log.extend_from_slice(b"\nshort GEN-1204-100001\n");
    let output = errcat(&["scan", "--color", "never"], Some(&log));
    assert_eq!(output.status.code(), Some(0));
    let expected = [
        b"(standard input):1:",
        &log[..LINE_WINDOW],
        b"\n  [cut: 65536 of 262144 bytes shown, 16384 codes on the line]\n\
          \x20 = GEN-1203-100003 401 FAILED_SECURITY_VALIDATION: Invalid access token\n\
          (standard input):2:short GEN-1204-100001\n\
          \x20 = GEN-1204-100001 503 SERVICE_UNAVAILABLE: Service is unavailable\n",
    ]
    .concat();
    assert!(output.stdout == expected, "{}", stdout(&output));
    let json = errcat(&["scan", "--json"], Some(&log));
    assert_eq!(stdout(&json).lines().count(), (16 << 10) + 1);
}

/// A log line that tries to drive a terminal and to hide what it holds:
/// an OSC title, BEL, NUL, a bare CR, bytes that are not UTF-8, a bidi
/// override; `\r\n` at its end is its terminator.
const HOSTILE: &[u8] =
    b"a \x1b]0;pwned\x07\x1b[2J \0 mid\rline \xff\xfe \xe2\x80\xae C:\\logs GEN-1203-100003\r\n";

const HOSTILE_NOTE: &[u8] =
    b"  = GEN-1203-100003 401 FAILED_SECURITY_VALIDATION: Invalid access token\n";

#[test]
fn a_pipe_gets_each_line_byte_for_byte() {
    let output = errcat(&["scan"], Some(HOSTILE));
    assert_eq!(output.status.code(), Some(0));
    let line = &HOSTILE[..HOSTILE.len() - 2];
    let expected = [b"(standard input):1:", line, b"\n", HOSTILE_NOTE].concat();
    assert!(output.stdout == expected, "{:?}", output.stdout);
    // Colored, the line's bytes are still all there, around the highlight.
    let colored = errcat(&["scan", "--color", "always"], Some(HOSTILE));
    let before_code = &line[..line.len() - "GEN-1203-100003".len()];
    assert!(
        colored
            .stdout
            .windows(before_code.len())
            .any(|window| window == before_code)
    );
}

#[test]
fn a_terminal_gets_control_characters_escaped() {
    let escaped = b"a \\u{1b}]0;pwned\\u{7}\\u{1b}[2J \\u{0} mid\\rline \\xff\\xfe \\u{202e} C:\\logs GEN-1203-100003";
    let output = errcat(&["scan", "--escape", "always"], Some(HOSTILE));
    assert_eq!(output.status.code(), Some(0));
    let expected = [b"(standard input):1:", &escaped[..], b"\n", HOSTILE_NOTE].concat();
    assert!(output.stdout == expected, "{}", stdout(&output));
    // `auto` escapes on a terminal, here util-linux's `script`.
    let path = std::env::temp_dir().join(format!("errcat-hostile-{}.log", std::process::id()));
    std::fs::write(&path, HOSTILE).unwrap();
    let (status, drawn) = on_a_terminal(&format!(
        "{} scan --color never {}",
        env!("CARGO_BIN_EXE_errcat"),
        path.display()
    ));
    std::fs::remove_file(&path).unwrap();
    assert_eq!(status.code(), Some(0));
    let contains = |needle: &[u8]| drawn.windows(needle.len()).any(|window| window == needle);
    assert!(contains(escaped), "{}", String::from_utf8_lossy(&drawn));
    assert!(!contains(b"\x1b]0;pwned"));
    // Forced the other way, the terminal gets the bytes.
    let raw = errcat(&["scan", "--escape", "never"], Some(HOSTILE));
    assert_eq!(raw.stdout, errcat(&["scan"], Some(HOSTILE)).stdout);
}

#[test]
fn file_names_are_shown_escaped_and_given_exact_in_json() {
    let dir = std::env::temp_dir().join(format!("errcat-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let name = "odd\x1b[2J\nerrcat: forged.log";
    let path = dir.join(name);
    std::fs::write(&path, b"x GEN-1204-100001\n").unwrap();
    let missing = dir.join("gone\x07.log");
    let shown = format!("{}/odd\\u{{1b}}[2J\\nerrcat: forged.log", dir.display());
    for args in [&["scan"][..], &["scan", "--escape", "always"][..]] {
        let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .args(args)
            .arg(&path)
            .arg(&missing)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            stdout(&output),
            format!(
                "{shown}:1:x GEN-1204-100001\n  = GEN-1204-100001 503 SERVICE_UNAVAILABLE: Service is unavailable\n"
            )
        );
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with(&format!("errcat: {}/gone\\u{{7}}.log: ", dir.display())),
            "{stderr}"
        );
    }
    let json = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["scan", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    let record: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(record["file"], path.to_str().unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let path = dir.join(std::ffi::OsStr::from_bytes(b"not-utf8-\xff.log"));
        std::fs::write(&path, b"GEN-1204-100001\n").unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .arg("scan")
            .arg(&path)
            .output()
            .unwrap();
        assert!(stdout(&output).starts_with(&format!("{}/not-utf8-\\xff.log:1:", dir.display())));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs a shell `command` on a terminal, util-linux's `script`: its exit
/// status and what the terminal received.
fn on_a_terminal(command: &str) -> (std::process::ExitStatus, Vec<u8>) {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let typescript = std::env::temp_dir().join(format!(
        "errcat-terminal-{}-{run}.typescript",
        std::process::id()
    ));
    let status = Command::new("script")
        .args(["-q", "-e", "-c", command])
        .arg(&typescript)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("util-linux's script runs");
    let drawn = std::fs::read(&typescript).unwrap_or_default();
    let _ = std::fs::remove_file(&typescript);
    (status, drawn)
}
