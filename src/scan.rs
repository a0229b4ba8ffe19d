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
//! at once.
//!
//! Readers are scanned a block of [`BLOCK`] bytes at a time, and memory stays
//! flat whatever the input holds: a line of any length, no newline at all,
//! tens of thousands of codes on one line. A block ends after a newline when
//! it holds one; otherwise between two words, where no code can straddle the
//! cut. A match carries its line's first [`LINE_WINDOW`] bytes, never a copy
//! of a longer line.

use std::fmt;
use std::io::{self, Read};
use std::marker::PhantomData;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, Input, MatchKind, Span, packed};

use crate::{CatalogueCode, ErrorCode};

/// How much of the input a scanner holds at a time, in bytes: its whole
/// buffer, never grown.
pub const BLOCK: usize = 1 << 18;

/// How much of a line a match carries, in bytes: the whole line when it is
/// at most this long, its start otherwise.
pub const LINE_WINDOW: usize = 64 << 10;

/// What a scanner reports a code it finds as: a catalogue's code type (for
/// [`Scanner::for_catalogue`]), or the code's place in a list
/// ([`CodeIndex`], for [`Scanner::from_codes`]).
pub trait ScanCode: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// The code at `index` of the scanner's list.
    #[doc(hidden)]
    fn from_index(index: usize) -> Self;
    /// The code's place in the scanner's list: where counts go.
    #[doc(hidden)]
    fn to_index(self) -> usize;
}

impl<C: CatalogueCode> ScanCode for C {
    #[inline]
    fn from_index(index: usize) -> C {
        C::all()[index]
    }

    #[inline]
    fn to_index(self) -> usize {
        self.index()
    }
}

/// A code found by a scanner made from a list ([`Scanner::from_codes`]):
/// its place in the list, from 0.
///
/// ```
/// use errcat::scan::{CodeIndex, Scanner};
/// let codes = ["LED-0001", "LED-0002"];
/// let scanner = Scanner::from_codes(codes, true);
/// let CodeIndex(at) = scanner.find_iter(b"led-0001").next().unwrap().code;
/// assert_eq!(codes[at], "LED-0001");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeIndex(pub usize);

impl ScanCode for CodeIndex {
    #[inline]
    fn from_index(index: usize) -> CodeIndex {
        CodeIndex(index)
    }

    #[inline]
    fn to_index(self) -> usize {
        self.0
    }
}

/// Finds every code of a catalogue in text: the Account API's unless `C`
/// says otherwise.
#[derive(Debug, Clone)]
pub struct Scanner<C: ScanCode = ErrorCode> {
    automaton: AhoCorasick,
    /// Teddy, aho-corasick's SIMD multi-substring searcher, when the codes
    /// suit it (up to a few dozen, exact case). It looks for whole codes where
    /// the automaton's own prefilter looks for their first bytes, which in
    /// logs full of `GET` is nearly every line.
    packed: Option<packed::Searcher>,
    /// The length of the catalogue's longest code: how far a block may end
    /// inside a word.
    longest: usize,
    /// The buffer of a reader's scan, and how much of a line a match carries.
    block: usize,
    window: usize,
    catalogue: PhantomData<fn() -> C>,
}

/// One code found in a byte slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<C: ScanCode = ErrorCode> {
    /// The code.
    pub code: C,
    /// Where it starts in the slice.
    pub start: usize,
    /// Where it ends (exclusive).
    pub end: usize,
}

/// One code found while reading: where, and the line it is on.
///
/// The line comes whole when it is at most [`LINE_WINDOW`] bytes long, and
/// as its first [`LINE_WINDOW`] bytes otherwise. Every match on a line shares
/// one copy of it.
///
/// ```
/// let log = "boot\nGEN-1204-100001 down for maintenance\r\n";
/// let scanner = errcat::scan::Scanner::new();
/// let found: Vec<_> = scanner.scan_reader(log.as_bytes()).collect::<Result<_, _>>()?;
/// assert_eq!(found[0].line_number, 2);
/// assert_eq!(found[0].offset, 5);
/// assert_eq!(found[0].line_offset, 5);
/// assert_eq!(found[0].line(), b"GEN-1204-100001 down for maintenance");
/// assert_eq!(found[0].span(), Some((0, 15)));
/// assert!(!found[0].line_is_cut());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMatch<C: ScanCode = ErrorCode> {
    /// The code.
    pub code: C,
    /// The line's number, from 1.
    pub line_number: u64,
    /// The byte offset of the code from the start of the input.
    pub offset: u64,
    /// The byte offset of the line's start from the start of the input.
    pub line_offset: u64,
    line: Arc<[u8]>,
    line_is_cut: bool,
    /// The length of the code as found.
    len: usize,
}

impl<C: ScanCode> LineMatch<C> {
    /// The line without its terminator (`\n` or `\r\n`) or, when it is longer
    /// than [`LINE_WINDOW`] bytes, its first [`LINE_WINDOW`] bytes.
    ///
    /// ```
    /// use errcat::scan::{LINE_WINDOW, Scanner};
    /// let mut log = b"GEN-1204-100001 ".repeat(LINE_WINDOW);
    /// log.push(b'\n');
    /// let first = Scanner::new().scan_reader(&log[..]).next().unwrap()?;
    /// assert_eq!(first.line(), &log[..LINE_WINDOW]);
    /// assert!(first.line_is_cut());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn line(&self) -> &[u8] {
        &self.line
    }

    /// Whether the line is longer than [`line`](Self::line): more than
    /// [`LINE_WINDOW`] bytes. [`Scanner::scan_lines`] says its length.
    pub fn line_is_cut(&self) -> bool {
        self.line_is_cut
    }

    /// Where the code starts and ends within [`line`](Self::line), or `None`
    /// when it lies beyond the part of a long line that is kept.
    ///
    /// ```
    /// let found = errcat::scan::Scanner::new()
    ///     .scan_reader(&b"x GEN-1204-100001 y"[..])
    ///     .next()
    ///     .unwrap()?;
    /// let (start, end) = found.span().unwrap();
    /// assert_eq!(&found.line()[start..end], b"GEN-1204-100001");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn span(&self) -> Option<(usize, usize)> {
        let start = usize::try_from(self.offset - self.line_offset).ok()?;
        let end = start + self.len;
        (end <= self.line.len()).then_some((start, end))
    }
}

/// A line holding codes, seen whole: its length, its start, and its codes.
///
/// ```
/// use errcat::ErrorCode;
/// let log = "boot\nGEN-1204-100001 down; GEN-1204-100001 again\n";
/// let lines: Vec<_> = errcat::scan::Scanner::new()
///     .scan_lines(log.as_bytes())
///     .collect::<Result<_, _>>()?;
/// let line = &lines[0];
/// assert_eq!((line.line_number, line.offset, line.len), (2, 5, 43));
/// assert_eq!(line.text(), b"GEN-1204-100001 down; GEN-1204-100001 again");
/// assert_eq!(line.code_count(), 2);
/// assert_eq!(line.distinct_codes(), [ErrorCode::ServiceUnavailable]);
/// assert_eq!(line.codes()[1].start, 22);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedLine<C: ScanCode = ErrorCode> {
    /// The line's number, from 1.
    pub line_number: u64,
    /// The byte offset of the line's start from the start of the input.
    pub offset: u64,
    /// The line's length in bytes, without its terminator (`\n` or `\r\n`).
    pub len: u64,
    text: Arc<[u8]>,
    codes: Vec<Match<C>>,
    code_count: u64,
    distinct: Vec<C>,
}

impl<C: ScanCode> MatchedLine<C> {
    /// The line without its terminator or, when it is longer than
    /// [`LINE_WINDOW`] bytes, its first [`LINE_WINDOW`] bytes.
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    /// Whether the line is longer than [`text`](Self::text).
    ///
    /// ```
    /// use errcat::scan::{LINE_WINDOW, Scanner};
    /// let log = b"GEN-1204-100001 ".repeat(LINE_WINDOW); // 16 times the window, no newline
    /// let line = Scanner::new().scan_lines(&log[..]).next().unwrap()?;
    /// assert!(line.is_cut());
    /// assert_eq!(line.text().len(), LINE_WINDOW);
    /// assert_eq!(line.len, log.len() as u64);
    /// assert_eq!(line.code_count(), LINE_WINDOW as u64);
    /// assert_eq!(line.codes().len(), LINE_WINDOW / 16);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn is_cut(&self) -> bool {
        self.len > self.text.len() as u64
    }

    /// The codes within [`text`](Self::text), left to right; `start` and
    /// `end` are offsets in it.
    pub fn codes(&self) -> &[Match<C>] {
        &self.codes
    }

    /// How many codes the whole line holds.
    pub fn code_count(&self) -> u64 {
        self.code_count
    }

    /// Each code of the whole line once, in the order they first appear.
    pub fn distinct_codes(&self) -> &[C] {
        &self.distinct
    }
}

/// Shows bytes of a log, a file name or an argument on a terminal, on one
/// line and without driving it: control characters (C0 and C1, DEL), the
/// Unicode line and paragraph separators and the bidirectional controls in
/// Rust's notation (`\n`, `\t`, `\u{1b}`, `\u{202e}`), bytes that are not
/// UTF-8 as `\xff`, everything else (`\` too) as it is. The rule of
/// errcat's own log lines, but for `\`, which those double so that they
/// can be read back.
///
/// ```
/// use errcat::scan::Escaped;
/// let line = b"GEN-1203-100003 \x1b]0;pwned\x07\xff \xe2\x80\xae C:\\logs";
/// assert_eq!(
///     Escaped(line).to_string(),
///     "GEN-1203-100003 \\u{1b}]0;pwned\\u{7}\\xff \\u{202e} C:\\logs"
/// );
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            errcat_core::log_safe::write_log_safe(f, chunk.valid(), false)?;
            for byte in chunk.invalid() {
                write!(f, "\\x{byte:02x}")?;
            }
        }
        Ok(())
    }
}

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
        Scanner::build(C::TABLES.codes, ascii_case_insensitive)
    }
}

impl Scanner<CodeIndex> {
    /// Finds the codes of a list, exactly as it writes them or, with
    /// `ascii_case_insensitive`, in any case; each match says which code of
    /// the list it is by its place ([`CodeIndex`]). For catalogues read at
    /// run time, such as the `errcat` command's `--catalogue`, or codes of
    /// several catalogues at once.
    ///
    /// ```
    /// use errcat::scan::{CodeIndex, Scanner};
    /// let scanner = Scanner::from_codes(["LED-0001", "LED-0002"], false);
    /// let found: Vec<CodeIndex> = scanner.find_iter(b"a LED-0002 b").map(|found| found.code).collect();
    /// assert_eq!(found, [CodeIndex(1)]);
    /// ```
    ///
    /// A code is matched on word boundaries like a catalogue's (codes are
    /// made of word bytes); when one code of the list is written twice, the
    /// first is reported.
    pub fn from_codes<I, P>(codes: I, ascii_case_insensitive: bool) -> Scanner<CodeIndex>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let codes: Vec<P> = codes.into_iter().collect();
        Scanner::build(&codes, ascii_case_insensitive)
    }
}

impl<C: ScanCode> Scanner<C> {
    fn build<P: AsRef<[u8]>>(codes: &[P], ascii_case_insensitive: bool) -> Scanner<C> {
        // aho-corasick picks the automaton (a DFA for a small catalogue) and
        // a SIMD prefilter (Teddy) that skips text without a candidate.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(codes)
            .unwrap_or_else(|error| {
                unreachable!("a list of codes always builds an automaton: {error}")
            });
        let packed = if ascii_case_insensitive {
            None
        } else {
            packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostLongest)
                .builder()
                .extend(codes)
                .build()
        };
        let longest = codes.iter().map(|code| code.as_ref().len()).max();
        Scanner {
            automaton,
            packed,
            longest: longest.unwrap_or(0),
            block: BLOCK,
            window: LINE_WINDOW,
            catalogue: PhantomData,
        }
    }

    /// How many codes the scanner looks for: the length of the vectors of
    /// counts.
    fn patterns(&self) -> usize {
        self.automaton.patterns_len()
    }

    /// The same scanner with a buffer of `block` bytes and lines cut after
    /// `window`, for tests that reach long lines with short inputs. `block`
    /// is raised to hold the window and two codes.
    #[doc(hidden)]
    pub fn with_limits(mut self, block: usize, window: usize) -> Scanner<C> {
        self.window = window.max(1);
        self.block = block.max(self.window + 2 * self.longest + 2);
        self
    }

    /// The buffer and the line window of [`with_limits`](Self::with_limits).
    #[doc(hidden)]
    pub fn limits(&self) -> (usize, usize) {
        (self.block, self.window)
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
            .map(|found| self.to_match(found))
    }

    /// The first code of `haystack` at or after `*from`, as
    /// [`find_iter`](Self::find_iter) would find it; `*from` moves past it.
    fn find_from(&self, haystack: &[u8], from: &mut usize) -> Option<Match<C>> {
        while *from < haystack.len() {
            let span = Span::from(*from..haystack.len());
            let found = match &self.packed {
                Some(packed) => packed.find_in(haystack, span),
                None => self.automaton.find(Input::new(haystack).span(span)),
            };
            let Some(found) = found else {
                *from = haystack.len();
                break;
            };
            *from = found.end();
            if on_word_boundaries(haystack, found.start(), found.end()) {
                return Some(self.to_match(found));
            }
        }
        None
    }

    fn to_match(&self, found: aho_corasick::Match) -> Match<C> {
        Match {
            code: C::from_index(found.pattern().as_usize()),
            start: found.start(),
            end: found.end(),
        }
    }

    /// Every code in what `reader` yields, with its line.
    ///
    /// ```
    /// let log = "boot\nGEN-1204-100001 down for maintenance\n";
    /// let scanner = errcat::scan::Scanner::new();
    /// let found: Vec<_> = scanner.scan_reader(log.as_bytes()).collect::<Result<_, _>>()?;
    /// assert_eq!(found[0].line_number, 2);
    /// assert_eq!(found[0].offset, 5);
    /// assert_eq!(found[0].line(), b"GEN-1204-100001 down for maintenance");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// A match comes as soon as its block is read, before its line ends, so
    /// it does not know the length of a line longer than a block; for that,
    /// see [`scan_lines`](Self::scan_lines).
    pub fn scan_reader<R: Read>(&self, reader: R) -> ReaderMatches<'_, R, C> {
        ReaderMatches {
            scanner: self,
            blocks: Blocks::new(reader, self.block, self.longest),
            block: None,
            search_from: 0,
            counted: 0,
            line_number: 1,
            line_start: 0,
            line: None,
            before_block: None,
        }
    }

    /// Every line of what `reader` yields that holds a code, once, when it
    /// ends: its length, its start and its codes. Memory does not grow with
    /// the line or with its codes: a line keeps its first [`LINE_WINDOW`]
    /// bytes, the codes within them, a count and each code once.
    ///
    /// ```
    /// let log = "GEN-1204-100001\nnothing\nGEN-1203-100003 GEN-1204-100001";
    /// let lines: Vec<_> = errcat::scan::Scanner::new()
    ///     .scan_lines(log.as_bytes())
    ///     .map(|line| line.map(|line| (line.line_number, line.code_count())))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(lines, [(1, 1), (3, 2)]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn scan_lines<R: Read>(&self, reader: R) -> ReaderLines<'_, R, C> {
        ReaderLines {
            matches: self.scan_reader(reader),
            line: None,
            seen: vec![0; self.patterns().div_ceil(64)],
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
        let mut counts = vec![0u64; self.patterns()];
        let mut blocks = Blocks::new(reader, self.block, self.longest);
        while let Some(block) = blocks.next_block()? {
            for found in self.find_iter(block.bytes) {
                counts[found.code.to_index()] += 1;
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

impl<C: ScanCode> Scanner<C> {
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
        let margin = self.longest as u64 + 1;
        let share = size.div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|index| {
                    let start = index * share;
                    let end = (start + share).min(size);
                    scope.spawn(move || self.count_range(path, start, end, margin))
                })
                .collect();
            let mut totals = vec![0u64; self.patterns()];
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
        let mut counts = vec![0u64; self.patterns()];
        let mut blocks = Blocks::new(file.take(end + margin - from), self.block, self.longest);
        while let Some(block) = blocks.next_block()? {
            let offset = from + block.offset;
            for found in self.find_iter(block.bytes) {
                let at = offset + found.start as u64;
                if (start..end).contains(&at) {
                    counts[found.code.to_index()] += 1;
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

/// Reads the input a block at a time into a buffer that never grows.
///
/// A block ends after its last newline. When the buffer fills up without
/// one, the block ends after its last non-word byte, and the word after it
/// (at most as long as a code) starts the next block; a code is a run of
/// word bytes, so none straddles the cut. When that last word is longer than
/// any code, the whole buffer is handed out, and the rest of the word is
/// skipped: no code starts inside a word.
struct Blocks<R> {
    reader: R,
    buffer: Box<[u8]>,
    /// Bytes of `buffer` handed out by the last block.
    consumed: usize,
    /// Bytes of `buffer` holding data.
    filled: usize,
    /// Stream offset of `buffer[0]`.
    offset: u64,
    /// The longest code's length.
    longest: usize,
    /// The last block ended inside a word longer than any code: what follows
    /// up to the next non-word byte is skipped.
    in_word: bool,
    done: bool,
}

/// A block of the input: where it starts, its bytes, and whether it is the
/// input's last (then its last line ends with it).
struct Block<'b> {
    offset: u64,
    bytes: &'b [u8],
    last: bool,
}

impl<R: Read> Blocks<R> {
    fn new(reader: R, size: usize, longest: usize) -> Self {
        Blocks {
            reader,
            buffer: vec![0; size].into_boxed_slice(),
            consumed: 0,
            filled: 0,
            offset: 0,
            longest,
            in_word: false,
            done: false,
        }
    }

    /// The next block, or `None` at the end of the input.
    fn next_block(&mut self) -> io::Result<Option<Block<'_>>> {
        // Keep what the last block left behind: a partial line, or a word.
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
                return Ok(Some(self.block(true)));
            }
            if self.filled == self.buffer.len() {
                self.consumed = self.cut();
                return Ok(Some(self.block(false)));
            }
            let read = match self.reader.read(&mut self.buffer[self.filled..]) {
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if read == 0 {
                self.done = true;
                continue;
            }
            let searched = self.filled;
            self.filled += read;
            if self.in_word {
                // Nothing is kept while skipping, so the word starts the buffer.
                let skipped = self.buffer[..self.filled]
                    .iter()
                    .position(|&byte| !is_word_byte(byte))
                    .unwrap_or(self.filled);
                self.buffer.copy_within(skipped..self.filled, 0);
                self.offset += skipped as u64;
                self.filled -= skipped;
                self.in_word = self.filled == 0;
            }
            if let Some(last_newline) = memchr::memrchr(b'\n', &self.buffer[searched..self.filled])
            {
                self.consumed = searched + last_newline + 1;
                return Ok(Some(self.block(false)));
            }
        }
    }

    /// Where a full buffer without a newline ends its block.
    fn cut(&mut self) -> usize {
        let full = &self.buffer[..self.filled];
        match full.iter().rposition(|&byte| !is_word_byte(byte)) {
            Some(at) if full.len() - (at + 1) <= self.longest => at + 1,
            // A code there would be longer than the longest: none ends at
            // the buffer's end, and none starts before the word's end.
            _ => {
                self.in_word = true;
                full.len()
            }
        }
    }

    fn block(&self, last: bool) -> Block<'_> {
        Block {
            offset: self.offset,
            bytes: &self.buffer[..self.consumed],
            last,
        }
    }

    /// The block handed out last.
    fn current(&self) -> &[u8] {
        &self.buffer[..self.consumed]
    }

    /// The stream offset up to which the input has been handed out or skipped.
    fn position(&self) -> u64 {
        self.offset + self.consumed as u64
    }
}

/// The codes in a reader, with their lines: see [`Scanner::scan_reader`].
pub struct ReaderMatches<'s, R, C: ScanCode = ErrorCode> {
    scanner: &'s Scanner<C>,
    blocks: Blocks<R>,
    /// The block being searched (its bytes are `blocks.current()`).
    block: Option<Place>,
    /// Where in the block the search goes on.
    search_from: usize,
    /// How far into the block lines are counted.
    counted: usize,
    /// The number of the line at `counted`, and its offset in the input.
    line_number: u64,
    line_start: u64,
    /// What is kept of the line at `counted`, once it holds a code or when it
    /// runs on past its first block.
    line: Option<KeptLine>,
    /// The last byte of the previous block: a `\r` there belongs to the
    /// terminator of a line whose `\n` starts the next block.
    before_block: Option<u8>,
}

/// Where a block is in the input, and whether it is the last.
#[derive(Clone, Copy)]
struct Place {
    offset: u64,
    last: bool,
}

/// The start of the line being read, shared by its matches.
struct KeptLine {
    window: Arc<[u8]>,
    cut: bool,
    has_codes: bool,
}

/// What the scan of a reader meets, in order: codes, and the end of each
/// line that held one (after its last code).
enum Event<C: ScanCode> {
    Code(LineMatch<C>),
    LineEnd { len: u64 },
}

impl<R: Read, C: ScanCode> ReaderMatches<'_, R, C> {
    fn next_event(&mut self) -> Option<io::Result<Event<C>>> {
        loop {
            if let Some(place) = self.block {
                let bytes = self.blocks.current();
                let found = self.scanner.find_from(bytes, &mut self.search_from);
                let to = found.map_or(bytes.len(), |found| found.start);
                if let Some(len) = self.count_lines_to(place, to) {
                    // The code (if any) is found again from the same place.
                    if let Some(found) = found {
                        self.search_from = found.start;
                    }
                    return Some(Ok(Event::LineEnd { len }));
                }
                if let Some(found) = found {
                    return Some(Ok(Event::Code(self.line_match(place, found))));
                }
                self.block = None;
                if let Some(len) = self.end_block(place) {
                    return Some(Ok(Event::LineEnd { len }));
                }
            }
            match self.blocks.next_block() {
                Err(error) => return Some(Err(error)),
                Ok(Some(block)) => {
                    self.block = Some(Place {
                        offset: block.offset,
                        last: block.last,
                    });
                    self.search_from = 0;
                    self.counted = 0;
                }
                Ok(None) => {
                    // The input ended inside a line that ran past its block.
                    let end = self.blocks.position();
                    let kept = self.line.take()?;
                    if kept.has_codes {
                        let len = self.content_len(end, self.before_block);
                        return Some(Ok(Event::LineEnd { len }));
                    }
                }
            }
        }
    }

    /// Counts the lines of the block up to `to`; when the line at `counted`
    /// held codes and ends there, its length.
    fn count_lines_to(&mut self, place: Place, to: usize) -> Option<u64> {
        let bytes = &self.blocks.current()[..to];
        let Some(first) = memchr::memchr(b'\n', &bytes[self.counted..]) else {
            self.counted = to;
            return None;
        };
        let newline = self.counted + first;
        let before = match newline {
            0 => self.before_block,
            _ => Some(bytes[newline - 1]),
        };
        let ended = self.line.take().filter(|line| line.has_codes);
        let len = ended.map(|_| self.content_len(place.offset + newline as u64, before));
        let rest = &bytes[newline + 1..];
        self.line_number += 1 + memchr::memchr_iter(b'\n', rest).count() as u64;
        let starts_at = memchr::memrchr(b'\n', rest).map_or(newline + 1, |at| newline + 2 + at);
        self.line_start = place.offset + starts_at as u64;
        self.counted = to;
        len
    }

    /// The length of the line that started at `line_start` and whose
    /// terminator starts at `end`, after the byte `before`.
    fn content_len(&self, end: u64, before: Option<u8>) -> u64 {
        let len = end - self.line_start;
        if before == Some(b'\r') && len > 0 {
            len - 1
        } else {
            len
        }
    }

    fn line_match(&mut self, place: Place, found: Match<C>) -> LineMatch<C> {
        let window = self.scanner.window;
        let bytes = self.blocks.current();
        let line_start = self.line_start;
        let line = self.line.get_or_insert_with(|| {
            // A line without a kept start began in this block.
            let from = (line_start - place.offset) as usize;
            keep_line(bytes, from, found.end, place.last, window)
        });
        line.has_codes = true;
        LineMatch {
            code: found.code,
            line_number: self.line_number,
            offset: place.offset + found.start as u64,
            line_offset: line_start,
            line: Arc::clone(&line.window),
            line_is_cut: line.cut,
            len: found.end - found.start,
        }
    }

    /// After the block's last code: the line the block ends in either ends
    /// with the input or is kept for the next block.
    fn end_block(&mut self, place: Place) -> Option<u64> {
        let bytes = self.blocks.current();
        let last = bytes.last().copied();
        self.before_block = last;
        if last == Some(b'\n') {
            return None;
        }
        if place.last {
            let ended = self.line.take().filter(|line| line.has_codes);
            return ended.map(|_| self.content_len(place.offset + bytes.len() as u64, last));
        }
        if self.line.is_none() {
            let from = (self.line_start - place.offset) as usize;
            self.line = Some(keep_line(
                bytes,
                from,
                bytes.len(),
                false,
                self.scanner.window,
            ));
        }
        None
    }

    /// How much memory the scan holds: its buffer and the start of the
    /// current line. It never exceeds the scanner's block plus its line
    /// window (the fuzz target checks it).
    #[doc(hidden)]
    pub fn held_bytes(&self) -> usize {
        self.blocks.buffer.len() + self.line.as_ref().map_or(0, |line| line.window.len())
    }
}

/// The start of the line that begins at `from` in `bytes`, whose end is not
/// before `search`: up to its terminator, the end of the block when it is
/// the input's `last`, or else to the end of the block, which then ends
/// inside the line. Such a block is longer than the window (the buffer ends
/// a block inside a line only when full, and then at most a code's length
/// before its end), so the line is cut.
fn keep_line(bytes: &[u8], from: usize, search: usize, last: bool, window: usize) -> KeptLine {
    let (content, ends) = match memchr::memchr(b'\n', &bytes[search..]) {
        Some(at) => (&bytes[from..search + at], true),
        None => (&bytes[from..], last),
    };
    let content = match ends {
        true => content.strip_suffix(b"\r").unwrap_or(content),
        false => content,
    };
    let kept = &content[..content.len().min(window)];
    debug_assert!(
        ends || content.len() > window,
        "a block cut inside a line is longer than the window"
    );
    KeptLine {
        window: kept.into(),
        cut: !ends || content.len() > window,
        has_codes: false,
    }
}

impl<R: Read, C: ScanCode> Iterator for ReaderMatches<'_, R, C> {
    type Item = io::Result<LineMatch<C>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_event()? {
                Ok(Event::Code(found)) => return Some(Ok(found)),
                Ok(Event::LineEnd { .. }) => {}
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// The lines of a reader that hold codes: see [`Scanner::scan_lines`].
pub struct ReaderLines<'s, R, C: ScanCode = ErrorCode> {
    matches: ReaderMatches<'s, R, C>,
    /// The line whose codes are being gathered.
    line: Option<MatchedLine<C>>,
    /// Which codes that line holds, a bit a code.
    seen: Vec<u64>,
}

impl<R: Read, C: ScanCode> ReaderLines<'_, R, C> {
    /// What [`ReaderMatches::held_bytes`] says, plus the codes gathered for
    /// the current line.
    #[doc(hidden)]
    pub fn held_bytes(&self) -> usize {
        let line = self.line.as_ref().map_or(0, |line| {
            line.codes.capacity() * size_of::<Match<C>>()
                + line.distinct.capacity() * size_of::<C>()
        });
        self.matches.held_bytes() + line + self.seen.len() * size_of::<u64>()
    }
}

impl<R: Read, C: ScanCode> Iterator for ReaderLines<'_, R, C> {
    type Item = io::Result<MatchedLine<C>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.matches.next_event()? {
                Err(error) => return Some(Err(error)),
                Ok(Event::Code(found)) => {
                    let line = self.line.get_or_insert_with(|| MatchedLine {
                        line_number: found.line_number,
                        offset: found.line_offset,
                        len: 0,
                        text: Arc::clone(&found.line),
                        codes: Vec::new(),
                        code_count: 0,
                        distinct: Vec::new(),
                    });
                    line.code_count += 1;
                    if let Some((start, end)) = found.span() {
                        line.codes.push(Match {
                            code: found.code,
                            start,
                            end,
                        });
                    }
                    let (word, bit) = (
                        found.code.to_index() / 64,
                        1 << (found.code.to_index() % 64),
                    );
                    if self.seen[word] & bit == 0 {
                        self.seen[word] |= bit;
                        line.distinct.push(found.code);
                    }
                }
                Ok(Event::LineEnd { len }) => {
                    let mut line = self.line.take()?;
                    line.len = len;
                    for code in &line.distinct {
                        self.seen[code.to_index() / 64] = 0;
                    }
                    return Some(Ok(line));
                }
            }
        }
    }
}
