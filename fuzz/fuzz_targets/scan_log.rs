//! Log scanning: every match is a whole code on word boundaries; the ways of
//! scanning (a slice, a reader fed in small pieces code by code and line by
//! line, counting) agree; and a reader's scan holds no more than its block
//! and one line's window, whatever the lines' lengths. The reader is also
//! scanned with a block of a few dozen bytes, so that inputs of a few
//! hundred reach the long-line cases: lines longer than a block, words
//! longer than a block, no newline at all, a `\r\n` cut between blocks.
#![no_main]

use std::io::Read;
use std::sync::LazyLock;

use errcat::ErrorCode;
use errcat::scan::{LineMatch, Match, MatchedLine, Scanner};
use libfuzzer_sys::fuzz_target;

static SCANNER: LazyLock<Scanner> = LazyLock::new(Scanner::new);

/// Scanners with small buffers and windows (a buffer is raised to hold the
/// window and two codes).
static SMALL: LazyLock<Vec<Scanner>> = LazyLock::new(|| {
    [(1, 1), (48, 8), (64, 24), (200, 64)]
        .into_iter()
        .map(|(block, window)| Scanner::new().with_limits(block, window))
        .collect()
});

/// Hands out its bytes a few at a time, so matches straddle reads.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// A match found in the slice, with what the slice says of its line.
struct Expected<'a> {
    found: Match,
    line_number: u64,
    line_start: usize,
    line: &'a [u8],
}

fn check_reader(scanner: &Scanner, log: &[u8], step: usize, expected: &[Expected]) {
    let (block, window) = scanner.limits();
    let bound = block + window;
    let mut matches = scanner.scan_reader(Trickle { data: log, step });
    let mut read: Vec<LineMatch> = Vec::new();
    while let Some(next) = matches.next() {
        read.push(next.expect("reading a slice cannot fail"));
        assert!(
            matches.held_bytes() <= bound,
            "{} > {bound}",
            matches.held_bytes()
        );
    }
    assert_eq!(read.len(), expected.len());
    for (read, expected) in read.iter().zip(expected) {
        let (found, line) = (expected.found, expected.line);
        assert_eq!(read.code, found.code);
        assert_eq!(read.offset, found.start as u64);
        assert_eq!(read.line_number, expected.line_number);
        assert_eq!(read.line_offset, expected.line_start as u64);
        assert_eq!(read.line(), &line[..line.len().min(window)]);
        assert_eq!(read.line_is_cut(), line.len() > window);
        let span = (
            found.start - expected.line_start,
            found.end - expected.line_start,
        );
        assert_eq!(read.span(), (span.1 <= window).then_some(span));
    }

    // Line by line: each line once, whole, with its codes.
    let mut lines = scanner.scan_lines(Trickle { data: log, step });
    let mut got: Vec<MatchedLine> = Vec::new();
    while let Some(next) = lines.next() {
        got.push(next.expect("reading a slice cannot fail"));
        // Plus the codes within one window (each takes 16 bytes or more,
        // a vector at most doubles), each code once, and a bit a code.
        let codes = 2 * (window / 16 + 2) * size_of::<Match>();
        let line_bound = bound + codes + 2 * ErrorCode::COUNT + 8;
        assert!(
            lines.held_bytes() <= line_bound,
            "{} > {line_bound}",
            lines.held_bytes()
        );
    }
    let mut rest = expected;
    for line in &got {
        let on_line = rest
            .iter()
            .take_while(|expected| expected.line_number == line.line_number)
            .count();
        let (on_line, after) = rest.split_at(on_line);
        rest = after;
        let first = on_line.first().expect("a line holds a code");
        assert_eq!(line.offset, first.line_start as u64);
        assert_eq!(line.len, first.line.len() as u64);
        assert_eq!(line.text(), &first.line[..first.line.len().min(window)]);
        assert_eq!(line.is_cut(), first.line.len() > window);
        assert_eq!(line.code_count(), on_line.len() as u64);
        let mut distinct: Vec<ErrorCode> = Vec::new();
        for expected in on_line {
            if !distinct.contains(&expected.found.code) {
                distinct.push(expected.found.code);
            }
        }
        assert_eq!(line.distinct_codes(), distinct);
        let shown: Vec<Match> = on_line
            .iter()
            .map(|expected| Match {
                code: expected.found.code,
                start: expected.found.start - first.line_start,
                end: expected.found.end - first.line_start,
            })
            .filter(|found| found.end <= window)
            .collect();
        assert_eq!(line.codes(), shown);
    }
    assert!(rest.is_empty(), "every line with a code is seen");

    let counts = scanner
        .count_reader(Trickle { data: log, step })
        .expect("reading a slice cannot fail");
    for code in ErrorCode::ALL {
        let count = expected
            .iter()
            .filter(|expected| expected.found.code == code);
        assert_eq!(counts[code as usize], count.count() as u64, "{code}");
    }
}
fuzz_target!(|data: &[u8]| {
    let (knobs, log) = match data.split_first() {
        Some((knobs, log)) => (*knobs, log),
        None => (0, data),
    };
    let step = usize::from(knobs % 16) + 1;
    // One reader configuration an input: errcat's own block and window, or
    // one of the small ones that make a few hundred bytes a long line. (All
    // of them on every input ran four times slower than one.)
    let scanner = match usize::from(knobs / 16) % (SMALL.len() + 1) {
        0 => &*SCANNER,
        small => &SMALL[small - 1],
    };
    let mut expected = Vec::new();
    let (mut line_number, mut line_start, mut counted) = (1, 0, 0);
    for found in SCANNER.find_iter(log) {
        assert_eq!(&log[found.start..found.end], found.code.code().as_bytes());
        assert!(found.start == 0 || !is_word(log[found.start - 1]));
        assert!(found.end == log.len() || !is_word(log[found.end]));
        for (at, &byte) in log.iter().enumerate().take(found.start).skip(counted) {
            if byte == b'\n' {
                line_number += 1;
                line_start = at + 1;
            }
        }
        counted = found.start;
        let end = log[found.end..]
            .iter()
            .position(|&byte| byte == b'\n')
            .map_or(log.len(), |newline| found.end + newline);
        let line = &log[line_start..end];
        expected.push(Expected {
            found,
            line_number,
            line_start,
            line: line.strip_suffix(b"\r").unwrap_or(line),
        });
    }
    check_reader(scanner, log, step, &expected);
});
