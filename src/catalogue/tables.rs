//! The tables a generated catalogue hands over, and the views the runtime
//! reads them through. Their layout is errcat-core's `layout`, which the
//! generator writes with; nothing here restates it.

use std::marker::PhantomData;
use std::ops::Range;

use errcat_core::layout::{RowReader, before, kind, row, span, word};
use errcat_core::phf::Phf;
use http::StatusCode;

use super::{CatalogueCode, CatalogueKind};

/// Everything a catalogue's generated code says about its codes: statics of
/// the generated module, referred to by the associated constant
/// `CatalogueCode::TABLES`, so that a probe inlined into any crate sees the
/// sizes and seeds as constants while the tables exist once.
#[doc(hidden)]
#[derive(Debug)]
pub struct CodeTables<C: 'static> {
    /// Every code, indexed by discriminant.
    pub all: &'static [C],
    /// Every code's text, indexed by discriminant.
    pub codes: &'static [&'static str],
    /// Every row's text, end to end.
    pub text: &'static str,
    /// `layout::row`'s lines.
    pub rows: &'static [u8],
    /// The placeholder names of every row.
    pub placeholder_names: &'static [&'static str],
    /// The metadata key of each placeholder name, in lowerCamelCase.
    pub placeholder_keys: &'static [&'static str],
    /// For each gap, which of its row's placeholders fills it.
    pub gap_slots: &'static [u8],
    /// For each gap, where the piece after it ends.
    pub gap_ends: &'static [u8],
    /// Every code to its discriminant.
    pub index: Phf,
    /// Placeholders declared `private`, with their published forms.
    pub private: &'static [(&'static str, &'static str)],
}

/// Everything a catalogue's generated code says about its tokens; see
/// [`CodeTables`].
#[doc(hidden)]
#[derive(Debug)]
pub struct KindTables<K: 'static, C: 'static> {
    /// Every kind, indexed by discriminant.
    pub all: &'static [K],
    /// Every token, in capitals, indexed by discriminant.
    pub tokens: &'static [&'static str],
    /// Every token as response bodies carry it, in lowercase, indexed by
    /// discriminant.
    pub wire_tokens: &'static [&'static str],
    /// Every kind's text, end to end.
    pub text: &'static str,
    /// `layout::kind`'s lines.
    pub kinds: &'static [u8],
    /// The codes of every kind, kind after kind.
    pub codes: &'static [C],
    /// Every token in lowercase to its discriminant: probed with
    /// `Phf::probe_ascii_lowercase`, so that a token matches in any case.
    pub index: Phf,
}

/// A view of one code's line of `ROWS`.
#[derive(Clone, Copy)]
pub(crate) struct Row<C> {
    reader: RowReader<{ row::LINE_BYTES }>,
    code: PhantomData<C>,
}

impl<C: CatalogueCode> Row<C> {
    #[inline(always)]
    pub fn of(code: C) -> Row<C> {
        Row {
            reader: RowReader::new(C::TABLES.rows, code.index(), C::TABLES.text),
            code: PhantomData,
        }
    }

    /// The text part that `column` ends (one of `layout::row::PARTS`).
    #[inline(always)]
    pub fn part(self, column: usize) -> &'static str {
        self.reader.part(&row::PARTS, column)
    }

    #[inline(always)]
    fn get(self, column: usize) -> u32 {
        self.reader.get(column)
    }

    #[inline]
    pub fn kind(self) -> C::Kind {
        let all = <C::Kind as CatalogueKind>::TABLES.all;
        let index = self.get(row::KIND) as usize;
        // The generator's tests rule the fallback out.
        all.get(index)
            .or(all.first())
            .copied()
            .unwrap_or_else(|| unreachable!("a catalogue has at least one kind"))
    }

    #[inline]
    pub fn status(self) -> StatusCode {
        // Validation keeps statuses in range; the fallback is never taken.
        u16::try_from(self.get(row::STATUS))
            .ok()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    #[inline]
    pub fn placeholders(self) -> &'static [&'static str] {
        C::TABLES
            .placeholder_names
            .get(self.placeholder_span())
            .unwrap_or_default()
    }

    /// The metadata keys of [`placeholders`](Self::placeholders).
    #[inline]
    pub fn placeholder_keys(self) -> &'static [&'static str] {
        C::TABLES
            .placeholder_keys
            .get(self.placeholder_span())
            .unwrap_or_default()
    }

    #[inline]
    fn placeholder_span(self) -> Range<usize> {
        span(
            self.get(row::PLACEHOLDERS),
            self.get(row::PLACEHOLDER_COUNT),
        )
    }

    /// The AIP-193 reason.
    #[inline]
    pub fn reason(self) -> &'static str {
        self.part(row::REASON)
    }

    /// The Berlin Group message code, when the row has one.
    #[inline]
    pub fn berlin_group(self) -> Option<&'static str> {
        Some(self.part(row::BERLIN_GROUP)).filter(|code| !code.is_empty())
    }

    /// How many gaps the description has.
    #[inline]
    pub fn gap_count(self) -> usize {
        self.get(row::GAP_COUNT) as usize
    }

    /// The description's first literal piece.
    #[inline]
    pub fn head(self) -> &'static str {
        self.part(row::HEAD)
    }

    /// The description's gaps: which placeholder fills each, and the literal
    /// piece after it.
    #[inline]
    pub fn gaps(self) -> Gaps<C> {
        Gaps {
            text: self.get(row::TEXT),
            from: self.get(row::HEAD),
            gaps: span(self.get(row::GAPS), self.get(row::GAP_COUNT)),
            code: PhantomData,
        }
    }

    /// The bytes of the text part that `column` ends.
    #[inline(always)]
    fn part_bytes(self, column: usize) -> &'static [u8] {
        let start = match before(&row::PARTS, column) {
            Some(previous) => self.get(previous),
            None => 0,
        };
        self.reader.bytes(start, self.get(column))
    }

    /// The description's first literal piece, as bytes.
    #[inline]
    pub fn head_bytes(self) -> &'static [u8] {
        self.part_bytes(row::HEAD)
    }
}

/// The gaps of a row's description, in order: see [`Row::gaps`].
pub(crate) struct Gaps<C> {
    text: u32,
    from: u32,
    /// The gaps not yet visited, as entries of `GAP_SLOTS` and `GAP_ENDS`.
    gaps: Range<usize>,
    code: PhantomData<C>,
}

impl<C: CatalogueCode> Iterator for Gaps<C> {
    /// The placeholder's index in [`Row::placeholders`], and the piece after it.
    type Item = (usize, &'static str);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let gap = self.gaps.next()?;
        let slot = word(C::TABLES.gap_slots, gap) as usize;
        let end = word(C::TABLES.gap_ends, gap);
        let piece = errcat_core::layout::slice(C::TABLES.text, self.text, self.from, end);
        self.from = end;
        Some((slot, piece))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.gaps.size_hint()
    }
}

impl<C: CatalogueCode> ExactSizeIterator for Gaps<C> {}

/// A view of one kind's line of `KINDS`.
#[derive(Clone, Copy)]
pub(crate) struct KindRow<K> {
    reader: RowReader<{ kind::LINE_BYTES }>,
    kind: PhantomData<K>,
}

impl<K: CatalogueKind> KindRow<K> {
    #[inline(always)]
    pub fn of(kind: K) -> KindRow<K> {
        KindRow {
            reader: RowReader::new(K::TABLES.kinds, kind.index(), K::TABLES.text),
            kind: PhantomData,
        }
    }

    /// The text part that `column` ends (one of `layout::kind::PARTS`).
    #[inline(always)]
    pub fn part(self, column: usize) -> &'static str {
        self.reader.part(&kind::PARTS, column)
    }

    pub fn codes(self) -> &'static [K::Code] {
        K::TABLES
            .codes
            .get(span(
                self.reader.get(kind::CODES),
                self.reader.get(kind::CODE_COUNT),
            ))
            .unwrap_or_default()
    }
}

/// The codes at `indexes` (a table of little-endian `u32`s) of `all`,
/// picked while compiling: a table of indexes compiles in a fraction of the
/// time a table of ten thousand paths to variants takes.
#[doc(hidden)]
pub const fn pick<C: Copy, const N: usize, const M: usize>(all: &[C; N], indexes: &[u8]) -> [C; M] {
    let mut codes = [all[0]; M];
    let mut index = 0;
    while index < M {
        let at = index * 4;
        let bytes = [
            indexes[at],
            indexes[at + 1],
            indexes[at + 2],
            indexes[at + 3],
        ];
        codes[index] = all[u32::from_le_bytes(bytes) as usize];
        index += 1;
    }
    codes
}
