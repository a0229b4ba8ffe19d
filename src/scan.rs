//! Finding catalogue codes in text: logs, traces, anything with codes in it.
//!
//! ```
//! use errcat::ErrorCode;
//! use errcat::scan::Scanner;
//!
//! let scanner = Scanner::new();
//! let log = b"12:00:01 WARN req=42 rejected: GEN-1203-100003 (XGEN-1201-100001 is not one)";
//! let found: Vec<ErrorCode> = scanner.find_iter(log).map(|found| found.code).collect();
//! assert_eq!(found, [ErrorCode::InvalidAccessToken]);
//! ```
//!
//! Codes are found on word boundaries: the bytes around a match must not be
//! letters, digits, `_` or `-`, so `GEN-1201-1000011` and `XGEN-1201-100001`
//! are not `GEN-1201-100001`. The search is aho-corasick's, over every code
//! at once; readers are scanned in large blocks of whole lines, so memory
//! stays flat whatever the size of the input.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::marker::PhantomData;

use aho_corasick::{AhoCorasick, MatchKind, packed};

use crate::{CatalogueCode, ErrorCode};

/// Finds every code of a catalogue in text: the Account API's unless `C`
/// says otherwise.
#[derive(Debug, Clone)]
pub struct Scanner<C: CatalogueCode = ErrorCode> {
    automaton: AhoCorasick,
    /// Teddy, aho-corasick's SIMD multi-substring searcher, when the codes
    /// suit it (up to a few dozen, exact case). It looks for whole codes where
    /// the automaton's own prefilter looks for their first bytes, which in
    /// logs full of `GET` is nearly every line.
    packed: Option<packed::Searcher>,
    catalogue: PhantomData<fn() -> C>,
}

/// One code found in a byte slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<C: CatalogueCode = ErrorCode> {
    /// The code.
    pub code: C,
    /// Where it starts in the slice.
    pub start: usize,
    /// Where it ends (exclusive).
    pub end: usize,
}

/// One code found while reading: where, and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMatch<C: CatalogueCode = ErrorCode> {
    /// The code.
    pub code: C,
    /// The line's number, from 1.
    pub line_number: u64,
    /// The byte offset of the code from the start of the input.
    pub offset: u64,
    /// Where the code starts and ends within `line`.
    pub span: (usize, usize),
    /// The whole line, without its line terminator.
    pub line: Vec<u8>,
}

/// How much of the input is read at a time; a longer line grows the buffer
/// to hold it whole.
const BLOCK: usize = 1 << 18;

impl<C: CatalogueCode> Default for Scanner<C> {
    fn default() -> Self {
        Scanner::for_catalogue(false)
    }
}

impl Scanner {
    /// Finds the Account API's codes exactly as the catalogue writes them.
    pub fn new() -> Scanner {
        Scanner::for_catalogue(false)
    }

    /// Finds the Account API's codes in any case: `gen-1203-100003` too.
    ///
    /// ```
    /// let scanner = errcat::scan::Scanner::case_insensitive();
    /// assert_eq!(scanner.find_iter(b"code=gen-1203-100003").count(), 1);
    /// ```
    pub fn case_insensitive() -> Scanner {
        Scanner::for_catalogue(true)
    }
}

impl<C: CatalogueCode> Scanner<C> {
    /// Finds the codes of `C`'s catalogue, exactly as it writes them or, with
    /// `ascii_case_insensitive`, in any case.
    ///
    /// ```
    /// use errcat::scan::Scanner;
    /// let scanner: Scanner<errcat::ErrorCode> = Scanner::for_catalogue(false);
    /// assert_eq!(scanner.find_iter(b"GEN-1203-100003").count(), 1);
    /// ```
    pub fn for_catalogue(ascii_case_insensitive: bool) -> Scanner<C> {
        // aho-corasick picks the automaton (a DFA for a small catalogue) and
        // a SIMD prefilter (Teddy) that skips text without a candidate.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(C::TABLES.codes)
            .unwrap_or_else(|error| {
                unreachable!("catalogue codes always build an automaton: {error}")
            });
        let packed = if ascii_case_insensitive {
            None
        } else {
            packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostLongest)
                .builder()
                .extend(C::TABLES.codes)
                .build()
        };
        Scanner {
            automaton,
            packed,
            catalogue: PhantomData,
        }
    }

    /// Every code in `haystack`, left to right.
    pub fn find_iter<'s, 'h>(
        &'s self,
        haystack: &'h [u8],
    ) -> impl Iterator<Item = Match<C>> + use<'s, 'h, C> {
        let candidates = match &self.packed {
            Some(packed) => Candidates::Packed(packed.find_iter(haystack)),
            None => Candidates::Automaton(self.automaton.find_iter(haystack)),
        };
        candidates
            .filter(move |found| on_word_boundaries(haystack, found.start(), found.end()))
            .map(|found| Match {
                code: C::all()[found.pattern().as_usize()],
                start: found.start(),
                end: found.end(),
            })
    }

    /// Every code in what `reader` yields, with its line.
    ///
    /// ```
    /// let log = "boot\nGEN-1204-100001 down for maintenance\n";
    /// let scanner = errcat::scan::Scanner::new();
    /// let found: Vec<_> = scanner.scan_reader(log.as_bytes()).collect::<Result<_, _>>()?;
    /// assert_eq!(found[0].line_number, 2);
    /// assert_eq!(found[0].offset, 5);
    /// assert_eq!(found[0].line, b"GEN-1204-100001 down for maintenance");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn scan_reader<R: Read>(&self, reader: R) -> ReaderMatches<'_, R, C> {
        ReaderMatches {
            scanner: self,
            blocks: Blocks::new(reader),
            pending: VecDeque::new(),
            line_number: 1,
        }
    }

    /// How many times each code occurs in what `reader` yields, indexed like
    /// the catalogue's codes ([`CatalogueCode::index`]); the fast path for
    /// summaries (no line numbers).
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// let counts = errcat::scan::Scanner::new().count_reader(&b"GEN-1204-100001 GEN-1204-100001"[..])?;
    /// assert_eq!(counts[ErrorCode::ServiceUnavailable as usize], 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn count_reader<R: Read>(&self, reader: R) -> io::Result<Vec<u64>> {
        let mut counts = vec![0u64; C::all().len()];
        let mut blocks = Blocks::new(reader);
        while let Some((_, block)) = blocks.next_block()? {
            for found in self.find_iter(block) {
                counts[found.code.index()] += 1;
            }
        }
        Ok(counts)
    }
}

/// The matches of whichever searcher the scanner has.
enum Candidates<'s, 'h> {
    Packed(packed::FindIter<'s, 'h>),
    Automaton(aho_corasick::FindIter<'s, 'h>),
}

impl Iterator for Candidates<'_, '_> {
    type Item = aho_corasick::Match;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Candidates::Packed(matches) => matches.next(),
            Candidates::Automaton(matches) => matches.next(),
        }
    }
}

/// Files at least this large are counted by several threads.
const PARALLEL_FROM: u64 = 32 << 20;

impl<C: CatalogueCode> Scanner<C> {
    /// How many times each code occurs in the file at `path`, like
    /// [`count_reader`](Self::count_reader); a large file is split into one
    /// range per core, each counted by its own thread.
    ///
    /// Each thread reads its range plus a margin the length of the longest
    /// code on both sides and counts the codes that *start* in its range.
    /// Codes are runs of word bytes between non-word bytes, so no two can
    /// overlap and every code is counted by exactly one thread.
    pub fn count_file(&self, path: &std::path::Path) -> io::Result<Vec<u64>> {
        let file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(8) as u64;
        if size < PARALLEL_FROM || threads < 2 {
            return self.count_reader(file);
        }
        let margin = C::all()
            .iter()
            .map(|code| code.code().len())
            .max()
            .unwrap_or(0) as u64
            + 1;
        let share = size.div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|index| {
                    let start = index * share;
                    let end = (start + share).min(size);
                    scope.spawn(move || self.count_range(path, start, end, margin))
                })
                .collect();
            let mut totals = vec![0u64; C::all().len()];
            for worker in workers {
                let counts = worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                for (total, count) in totals.iter_mut().zip(counts) {
                    *total += count;
                }
            }
            Ok(totals)
        })
    }

    /// Counts the codes that start in `start..end` of the file.
    fn count_range(
        &self,
        path: &std::path::Path,
        start: u64,
        end: u64,
        margin: u64,
    ) -> io::Result<Vec<u64>> {
        use std::io::Seek;
        let mut file = std::fs::File::open(path)?;
        let from = start.saturating_sub(margin);
        file.seek(io::SeekFrom::Start(from))?;
        let mut counts = vec![0u64; C::all().len()];
        let mut blocks = Blocks::new(file.take(end + margin - from));
        while let Some((offset, block)) = blocks.next_block()? {
            let offset = from + offset;
            for found in self.find_iter(block) {
                let at = offset + found.start as u64;
                if (start..end).contains(&at) {
                    counts[found.code.index()] += 1;
                }
            }
        }
        Ok(counts)
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

fn on_word_boundaries(haystack: &[u8], start: usize, end: usize) -> bool {
    (start == 0 || !is_word_byte(haystack[start - 1]))
        && haystack.get(end).is_none_or(|&after| !is_word_byte(after))
}

/// Reads whole lines, a large block at a time.
struct Blocks<R> {
    reader: R,
    buffer: Vec<u8>,
    /// Bytes of `buffer` handed out by the last block.
    consumed: usize,
    /// Bytes of `buffer` holding data.
    filled: usize,
    /// Stream offset of `buffer[0]`.
    offset: u64,
    done: bool,
}

impl<R: Read> Blocks<R> {
    fn new(reader: R) -> Self {
        Blocks {
            reader,
            buffer: vec![0; BLOCK],
            consumed: 0,
            filled: 0,
            offset: 0,
            done: false,
        }
    }

    /// The next run of whole lines (the last one may lack its newline at the
    /// end of the input) and its offset in the stream, or `None` at the end.
    fn next_block(&mut self) -> io::Result<Option<(u64, &[u8])>> {
        // Keep the partial line the last block left behind.
        self.buffer.copy_within(self.consumed..self.filled, 0);
        self.offset += self.consumed as u64;
        self.filled -= self.consumed;
        self.consumed = 0;
        loop {
            if self.done {
                if self.filled == 0 {
                    return Ok(None);
                }
                self.consumed = self.filled;
                return Ok(Some((self.offset, &self.buffer[..self.filled])));
            }
            if self.filled == self.buffer.len() {
                self.buffer.resize(self.buffer.len() * 2, 0);
            }
            let read = match self.reader.read(&mut self.buffer[self.filled..]) {
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            let searched = self.filled;
            self.filled += read;
            if read == 0 {
                self.done = true;
                continue;
            }
            if let Some(last_newline) = memchr::memrchr(b'\n', &self.buffer[searched..self.filled])
            {
                self.consumed = searched + last_newline + 1;
                return Ok(Some((self.offset, &self.buffer[..self.consumed])));
            }
        }
    }
}

/// The codes in a reader, with their lines: see [`Scanner::scan_reader`].
pub struct ReaderMatches<'s, R, C: CatalogueCode = ErrorCode> {
    scanner: &'s Scanner<C>,
    blocks: Blocks<R>,
    pending: VecDeque<LineMatch<C>>,
    /// The number of the line the next block starts on.
    line_number: u64,
}

impl<R: Read, C: CatalogueCode> Iterator for ReaderMatches<'_, R, C> {
    type Item = io::Result<LineMatch<C>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(found) = self.pending.pop_front() {
                return Some(Ok(found));
            }
            let (base, block) = match self.blocks.next_block() {
                Ok(Some(block)) => block,
                Ok(None) => return None,
                Err(error) => return Some(Err(error)),
            };
            let mut counted_to = 0;
            for found in self.scanner.find_iter(block) {
                self.line_number +=
                    memchr::memchr_iter(b'\n', &block[counted_to..found.start]).count() as u64;
                counted_to = found.start;
                let line_start =
                    memchr::memrchr(b'\n', &block[..found.start]).map_or(0, |at| at + 1);
                let line_end = memchr::memchr(b'\n', &block[found.end..])
                    .map_or(block.len(), |at| found.end + at);
                let mut line = &block[line_start..line_end];
                if line.last() == Some(&b'\r') {
                    line = &line[..line.len() - 1];
                }
                self.pending.push_back(LineMatch {
                    code: found.code,
                    line_number: self.line_number,
                    offset: base + found.start as u64,
                    span: (found.start - line_start, found.end - line_start),
                    line: line.to_vec(),
                });
            }
            self.line_number += memchr::memchr_iter(b'\n', &block[counted_to..]).count() as u64;
        }
    }
}
