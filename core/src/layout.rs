//! The generated tables: which number is in which column, in what order a
//! row's texts follow each other, and how numbers are stored.
//!
//! A catalogue's generated code holds its rows as integers and one long
//! string, not as a struct literal per row: at ten thousand rows rustc
//! compiles integers and one string in a fraction of the time and memory
//! that ten thousand struct literals of string fields take. The integers are
//! not even literals: the build script writes each table to a file of
//! little-endian `u32`s ([`to_bytes`]) that the generated code includes with
//! `include_bytes!`, and the runtime reads a number back with [`word`].
//!
//! [`RowWriter`] (the generator's side) and [`RowReader`] (the runtime's)
//! both follow [`row`]'s columns and [`row::PARTS`]' order, so the two cannot
//! disagree about where a text starts or which column means what.

use std::ops::Range;

/// The columns of a catalogue's `ROWS` table: one line per code, indexed by
/// the code's discriminant.
///
/// A row's texts are stored one after the other in the catalogue's `TEXT`,
/// starting at column [`TEXT`](row::TEXT): the parts named by
/// [`PARTS`](row::PARTS), in that order, then the description's literal
/// pieces. The tables hold facts only: what a row is, never how a wire
/// format spells it.
/// Each part's column holds where it ends, counted from the row's start; the
/// next part starts there.
pub mod row {
    /// Where the row's text starts in `TEXT`.
    pub const TEXT: usize = 0;
    /// The end of the code enum's variant name.
    pub const NAME: usize = 1;
    /// The end of the description as written in the catalogue, with its
    /// `{placeholders}`.
    pub const DESCRIPTION: usize = 2;
    /// The end of the description as the published table shows it.
    pub const PUBLISHED: usize = 3;
    /// The end of the scenario.
    pub const SCENARIO: usize = 4;
    /// The end of the deprecation note, empty when the row is not deprecated
    /// (validation refuses an empty note).
    pub const DEPRECATED: usize = 5;
    /// The end of the row's documentation URL, empty when it has none.
    pub const DOCS: usize = 6;
    /// The end of the row's AIP-193 reason: the row's
    /// own, or its variant's name in UPPER_SNAKE_CASE.
    pub const REASON: usize = 7;
    /// The end of the row's Berlin Group message code, empty when the row
    /// has none.
    pub const BERLIN_GROUP: usize = 8;
    /// The end of the description's first literal piece.
    pub const HEAD: usize = 9;
    /// The row's first entry in `GAP_SLOTS` and `GAP_ENDS`: one per gap
    /// between literal pieces, saying which placeholder fills it and where
    /// the piece after it ends.
    pub const GAPS: usize = 10;
    /// How many gaps the description has.
    pub const GAP_COUNT: usize = 11;
    /// Where the row's distinct placeholder names start in
    /// `PLACEHOLDER_NAMES`, in order of first appearance.
    pub const PLACEHOLDERS: usize = 12;
    /// How many distinct placeholders the row has.
    pub const PLACEHOLDER_COUNT: usize = 13;
    /// The discriminant of the row's kind (its token).
    pub const KIND: usize = 14;
    /// The HTTP status, which validation keeps in 100..=999.
    pub const STATUS: usize = 15;
    /// How many columns there are.
    pub const COUNT: usize = 16;
    /// The bytes of one line.
    pub const LINE_BYTES: usize = COUNT * 4;

    /// The columns that end a text part, in the order the parts are stored.
    pub const PARTS: [usize; 9] = [
        NAME,
        DESCRIPTION,
        PUBLISHED,
        SCENARIO,
        DEPRECATED,
        DOCS,
        REASON,
        BERLIN_GROUP,
        HEAD,
    ];
}

/// The columns of a catalogue's `KINDS` table: one line per kind (error
/// token), indexed by the kind's discriminant. A kind's texts are stored in
/// `KIND_TEXT` in the order of [`PARTS`](kind::PARTS).
pub mod kind {
    /// Where the kind's text starts in `KIND_TEXT`.
    pub const TEXT: usize = 0;
    /// The end of the kind enum's variant name.
    pub const NAME: usize = 1;
    /// Where the kind's codes start in `KIND_CODES`.
    pub const CODES: usize = 2;
    /// How many codes the kind has.
    pub const CODE_COUNT: usize = 3;
    /// How many columns there are.
    pub const COUNT: usize = 4;
    /// The bytes of one line.
    pub const LINE_BYTES: usize = COUNT * 4;

    /// The columns that end a text part, in the order the parts are stored.
    /// (The token in lowercase is a table of its own, `WIRE_TOKENS`, which
    /// the token lookup compares with.)
    pub const PARTS: [usize; 1] = [NAME];
}

/// Number `index` of a table stored as little-endian `u32`s; 0 past its end,
/// which the generator's tests rule out.
#[inline(always)]
pub fn word(table: &[u8], index: usize) -> u32 {
    match table.get(index * 4..index * 4 + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

/// Number `index` of a table stored as little-endian `u16`s; 0 past its
/// end.
#[inline(always)]
pub fn half_word(table: &[u8], index: usize) -> u32 {
    match table.get(index * 2..index * 2 + 2) {
        Some(&[a, b]) => u32::from(u16::from_le_bytes([a, b])),
        _ => 0,
    }
}

/// [`to_bytes`] for numbers below 2^16: two little-endian bytes each,
/// which [`half_word`] reads back (a larger number keeps its low bits,
/// which the generator rules out).
pub fn to_half_bytes(words: &[u32]) -> Vec<u8> {
    words
        .iter()
        .flat_map(|&word| (word as u16).to_le_bytes())
        .collect()
}

/// A table of numbers as the file the generated code includes: every number
/// as four little-endian bytes, which [`word`] reads back.
pub fn to_bytes(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|word| word.to_le_bytes()).collect()
}

/// Line `index` of `table`, whose lines are `N` bytes; zeros past its end,
/// which the generator's tests rule out.
#[inline(always)]
pub fn line<const N: usize>(table: &'static [u8], index: usize) -> &'static [u8; N] {
    table
        .get(index * N..)
        .and_then(<[u8]>::first_chunk)
        .unwrap_or(&[0; N])
}

/// `start..start + count`, as indexes.
#[inline(always)]
pub fn span(start: u32, count: u32) -> Range<usize> {
    start as usize..start as usize + count as usize
}

/// `text[at + from..at + to]`; empty if the tables were inconsistent, which
/// the generator's tests rule out.
#[inline(always)]
pub fn slice(text: &'static str, at: u32, from: u32, to: u32) -> &'static str {
    text.get(at as usize + from as usize..at as usize + to as usize)
        .unwrap_or_default()
}

/// The bytes of `text[at + from..at + to]`, without `str`'s checks that
/// the ends are character boundaries (what is copied into a body is bytes);
/// empty if the tables were inconsistent.
#[inline(always)]
pub fn slice_bytes(text: &'static str, at: u32, from: u32, to: u32) -> &'static [u8] {
    text.as_bytes()
        .get(at as usize + from as usize..at as usize + to as usize)
        .unwrap_or_default()
}

/// One line of a table, `N` bytes, and the text its offsets point into: the
/// runtime's view of a row or a kind.
#[derive(Clone, Copy)]
pub struct RowReader<const N: usize> {
    line: &'static [u8; N],
    text: &'static str,
}

impl<const N: usize> RowReader<N> {
    /// Line `index` of `table`, over `text`.
    #[inline(always)]
    pub fn new(table: &'static [u8], index: usize, text: &'static str) -> Self {
        RowReader {
            line: line(table, index),
            text,
        }
    }

    /// The number in `column`. The line has a fixed size, so the read has a
    /// constant offset and no bounds check.
    #[inline(always)]
    pub fn get(self, column: usize) -> u32 {
        word(self.line, column)
    }

    /// The line's text from `from` to `to`, both counted from its start.
    #[inline(always)]
    pub fn text(self, from: u32, to: u32) -> &'static str {
        slice(self.text, self.get(0), from, to)
    }

    /// [`text`](Self::text) as bytes, without its character-boundary checks.
    #[inline(always)]
    pub fn bytes(self, from: u32, to: u32) -> &'static [u8] {
        slice_bytes(self.text, self.get(0), from, to)
    }

    /// The text part that `column` ends, one of `parts` (the table's
    /// `PARTS`): it starts where the part before it ends.
    #[inline(always)]
    pub fn part(self, parts: &[usize], column: usize) -> &'static str {
        let start = match before(parts, column) {
            Some(previous) => self.get(previous),
            None => 0,
        };
        self.text(start, self.get(column))
    }
}

/// The column of the part stored before the one `column` ends, among
/// `parts`; `None` for the first. A `const fn`, so that the runtime can name
/// the column as a constant.
pub const fn before(parts: &[usize], column: usize) -> Option<usize> {
    let mut index = 1;
    while index < parts.len() {
        if parts[index] == column {
            return Some(parts[index - 1]);
        }
        index += 1;
    }
    None
}

/// The texts of one row, in the order [`RowWriter::row`] stores them.
pub struct RowTexts<'a> {
    /// The code enum's variant name.
    pub name: &'a str,
    /// The description as written, `{placeholders}` and all.
    pub description: &'a str,
    /// The description as the published table shows it.
    pub published: &'a str,
    /// When the API answers with the code.
    pub scenario: &'a str,
    /// What to use instead; empty when the row is not deprecated.
    pub deprecated: &'a str,
    /// The row's documentation URL; empty when it has none.
    pub docs: &'a str,
    /// The row's AIP-193 reason.
    pub reason: &'a str,
    /// The row's Berlin Group message code; empty when it has none.
    pub berlin_group: &'a str,
    /// The description's literal pieces: one more than its gaps.
    pub pieces: &'a [String],
    /// Which placeholder fills each gap, as an index into the row's
    /// placeholder names: one fewer than the pieces.
    pub slots: &'a [usize],
}

/// The numbers of one row that are not about its text.
pub struct RowNumbers {
    /// Where the row's placeholder names start in `PLACEHOLDER_NAMES`.
    pub placeholders: usize,
    /// How many placeholder names the row has.
    pub placeholder_count: usize,
    /// The discriminant of the row's kind.
    pub kind: usize,
    /// The HTTP status.
    pub status: u16,
}

/// The generator's side: appends rows to `TEXT`, `ROWS`, `GAP_SLOTS` and
/// `GAP_ENDS`.
#[derive(Default)]
pub struct RowWriter<'a> {
    /// Every part of every row, in order: `TEXT` is their concatenation.
    pub parts: Vec<&'a str>,
    len: usize,
    /// `ROWS`, line after line.
    pub rows: Vec<u32>,
    /// `GAP_SLOTS`: for each gap, which of its row's placeholders fills it.
    pub gap_slots: Vec<u32>,
    /// `GAP_ENDS`: for each gap, where the piece after it ends, counted from
    /// its row's start.
    pub gap_ends: Vec<u32>,
}

impl<'a> RowWriter<'a> {
    /// Appends `part` and returns where it ends, counted from `start`.
    fn push(&mut self, start: usize, part: &'a str) -> u32 {
        self.parts.push(part);
        self.len += part.len();
        number(self.len - start)
    }

    /// Appends one row.
    pub fn row(&mut self, texts: &RowTexts<'a>, numbers: &RowNumbers) {
        let start = self.len;
        let mut line = [0u32; row::COUNT];
        line[row::TEXT] = number(start);
        let parts = [
            texts.name,
            texts.description,
            texts.published,
            texts.scenario,
            texts.deprecated,
            texts.docs,
            texts.reason,
            texts.berlin_group,
            texts.pieces.first().map_or("", String::as_str),
        ];
        for (column, part) in row::PARTS.into_iter().zip(parts) {
            line[column] = self.push(start, part);
        }
        line[row::GAPS] = number(self.gap_slots.len());
        line[row::GAP_COUNT] = number(texts.slots.len());
        for (&slot, piece) in texts.slots.iter().zip(texts.pieces.iter().skip(1)) {
            let end = self.push(start, piece);
            self.gap_slots.push(number(slot));
            self.gap_ends.push(end);
        }
        line[row::PLACEHOLDERS] = number(numbers.placeholders);
        line[row::PLACEHOLDER_COUNT] = number(numbers.placeholder_count);
        line[row::KIND] = number(numbers.kind);
        line[row::STATUS] = u32::from(numbers.status);
        self.rows.extend(line);
    }
}

/// A number for a table. Offsets into `TEXT` are the only ones that could
/// outgrow a `u32`, which would take a single string literal of 4 GiB, far
/// beyond what rustc accepts; past that they would saturate, and the
/// runtime would read empty strings.
pub fn number(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The generator's side of `KINDS` and `KIND_TEXT`.
#[derive(Default)]
pub struct KindWriter<'a> {
    /// Every part of every kind, in order: `KIND_TEXT` is their concatenation.
    pub parts: Vec<&'a str>,
    len: usize,
    /// `KINDS`, line after line.
    pub kinds: Vec<u32>,
    /// `KIND_CODES`, as indexes of the codes.
    pub kind_codes: Vec<u32>,
}

impl<'a> KindWriter<'a> {
    /// Appends one kind: its variant name and the indexes of its codes.
    pub fn kind(&mut self, name: &'a str, codes: &[usize]) {
        let start = self.len;
        let mut line = [0u32; kind::COUNT];
        line[kind::TEXT] = number(start);
        for (column, part) in kind::PARTS.into_iter().zip([name]) {
            self.parts.push(part);
            self.len += part.len();
            line[column] = number(self.len - start);
        }
        line[kind::CODES] = number(self.kind_codes.len());
        line[kind::CODE_COUNT] = number(codes.len());
        self.kind_codes
            .extend(codes.iter().map(|&code| number(code)));
        self.kinds.extend(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_writer_stores_the_reader_reads() {
        let pieces = ["Missing '".to_owned(), "' in ".to_owned(), String::new()];
        let mut writer = RowWriter::default();
        let texts = RowTexts {
            name: "Missing",
            description: "Missing '{input}' in {place}",
            published: "Missing 'INPUT' in PLACE",
            scenario: "When it is missing",
            deprecated: "",
            docs: "https://example.com/e/1",
            reason: "MISSING",
            berlin_group: "FORMAT_ERROR",
            pieces: &pieces,
            slots: &[0, 1],
        };
        let numbers = RowNumbers {
            placeholders: 3,
            placeholder_count: 2,
            kind: 7,
            status: 400,
        };
        writer.row(&texts, &numbers);
        writer.row(&texts, &numbers);
        let text: &'static str = writer.parts.concat().leak();
        let rows: &'static [u8] = to_bytes(&writer.rows).leak();
        let second = RowReader::<{ row::LINE_BYTES }>::new(rows, 1, text);
        let part = |column| second.part(&row::PARTS, column);
        assert_eq!(part(row::NAME), "Missing");
        assert_eq!(part(row::DESCRIPTION), texts.description);
        assert_eq!(part(row::PUBLISHED), texts.published);
        assert_eq!(part(row::SCENARIO), texts.scenario);
        assert_eq!(part(row::DEPRECATED), "");
        assert_eq!(part(row::DOCS), texts.docs);
        assert_eq!(part(row::REASON), "MISSING");
        assert_eq!(part(row::BERLIN_GROUP), "FORMAT_ERROR");
        assert_eq!(part(row::HEAD), "Missing '");
        assert_eq!(second.get(row::GAPS), 2);
        assert_eq!(second.get(row::GAP_COUNT), 2);
        assert_eq!(second.get(row::PLACEHOLDERS), 3);
        assert_eq!(second.get(row::KIND), 7);
        assert_eq!(second.get(row::STATUS), 400);
        let gap_ends = to_bytes(&writer.gap_ends);
        let end = word(&gap_ends, 3);
        assert_eq!(second.text(second.get(row::HEAD), end), "' in ");
        assert_eq!(second.text(end, word(&gap_ends, 3)), "");
    }

    #[test]
    fn kinds_read_back() {
        let mut writer = KindWriter::default();
        writer.kind("MissingInput", &[0, 1]);
        writer.kind("InvalidInput", &[2]);
        let text: &'static str = writer.parts.concat().leak();
        let kinds: &'static [u8] = to_bytes(&writer.kinds).leak();
        let second = RowReader::<{ kind::LINE_BYTES }>::new(kinds, 1, text);
        assert_eq!(second.part(&kind::PARTS, kind::NAME), "InvalidInput");
        assert_eq!(second.get(kind::CODES), 2);
        assert_eq!(second.get(kind::CODE_COUNT), 1);
        assert_eq!(writer.kind_codes, [0, 1, 2]);
    }

    #[test]
    fn past_the_end_reads_zero_and_empty() {
        let table: &'static [u8] = &[1, 0, 0, 0];
        assert_eq!(word(table, 0), 1);
        assert_eq!(word(table, 1), 0);
        assert_eq!(line::<8>(table, 0), &[0; 8]);
        assert_eq!(slice("abc", 1, 0, 5), "");
    }
}
