//! Log scanning: every match is a whole code on word boundaries, and the
//! three ways of scanning (a slice, a reader fed in small pieces, counting)
//! agree.
#![no_main]

use std::io::Read;
use std::sync::LazyLock;

use errcat::ErrorCode;
use errcat::scan::Scanner;
use libfuzzer_sys::fuzz_target;

static SCANNER: LazyLock<Scanner> = LazyLock::new(Scanner::new);

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

fuzz_target!(|data: &[u8]| {
    let (step, log) = match data.split_first() {
        Some((step, log)) => (usize::from(*step % 16) + 1, log),
        None => (1, data),
    };
    let found: Vec<_> = SCANNER.find_iter(log).collect();
    for found in &found {
        assert_eq!(&log[found.start..found.end], found.code.code().as_bytes());
        assert!(found.start == 0 || !is_word(log[found.start - 1]));
        assert!(found.end == log.len() || !is_word(log[found.end]));
    }
    let read: Vec<_> = SCANNER
        .scan_reader(Trickle { data: log, step })
        .collect::<Result<_, _>>()
        .expect("reading a slice cannot fail");
    let offsets: Vec<_> = found
        .iter()
        .map(|found| (found.code, found.start as u64))
        .collect();
    let read_offsets: Vec<_> = read
        .iter()
        .map(|found| (found.code, found.offset))
        .collect();
    assert_eq!(offsets, read_offsets);
    let counts = SCANNER
        .count_reader(Trickle { data: log, step })
        .expect("reading a slice cannot fail");
    for code in ErrorCode::ALL {
        let expected = found.iter().filter(|found| found.code == code).count() as u64;
        assert_eq!(counts[code as usize], expected, "{code}");
    }
});
