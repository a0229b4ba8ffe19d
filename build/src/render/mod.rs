//! Step 3: a validated catalogue becomes the files the build writes to
//! `OUT_DIR`. One file a job:
//!
//! - `tables.rs`: the byte layout, `TEXT` and the integer tables (through
//!   errcat-core's writers, which the runtime's readers mirror);
//! - `items.rs`: the Rust items, the enums, the trait impls that hand the
//!   tables to the runtime, the typed constructors;
//! - `docs.rs`: the rustdoc prose of every item and the Markdown page;
//! - `derive.rs`: the data `#[derive(Catalogued)]` checks attributes
//!   against, as a macro.
//!
//! Only data is generated: what the enums *do* is written once in errcat and
//! reached through its `CatalogueCode` and `CatalogueKind` traits.

mod derive;
mod docs;
mod items;
mod tables;

use crate::emit::Code;
use crate::validate::Catalogue;

/// How a catalogue's code is generated: what the user's `Config` says, for
/// one catalogue.
#[derive(Debug, Clone)]
pub struct Options {
    /// The catalogue's name: the module's and the generated files'.
    pub name: String,
    /// The file it was read from, as the user named it.
    pub source_name: String,
    /// The path the generated code reaches errcat by: `::errcat`, or
    /// `crate` inside errcat itself.
    pub crate_path: String,
    /// Typed constructors as inherent methods of `ApiError<ErrorCode>`, which
    /// only the crate that defines `ApiError` (errcat) may write; otherwise
    /// as inherent methods of the module's `ErrorCode`.
    pub inherent_constructors: bool,
    /// Where users reach the generated module, such as `payments::errors`:
    /// with it, the enums' docs carry examples that run as doctests.
    pub doc_path: Option<String>,
}

/// What the build writes to `OUT_DIR` for one catalogue.
#[derive(Debug, Clone)]
pub struct Generated {
    /// `errcat/NAME.rs`: the module's code, which `include_catalogue!`
    /// includes.
    pub code: String,
    /// `errcat/NAME.derive.rs`: the macro that hands the catalogue's rows to
    /// `#[derive(Catalogued)]`; the code includes it.
    pub derive: String,
    /// `errcat/NAME.md`: the catalogue's table, the module's documentation.
    pub docs: String,
    /// `errcat/NAME/*.bin`: the integer tables, which the code includes as
    /// bytes.
    pub tables: Vec<Table>,
}

/// A table of numbers that the generated code includes with
/// `include_bytes!` rather than as a literal: as literals, the 180,000
/// numbers of a 10,000-row catalogue cost rustc 0.35 s (debug) to 0.5 s
/// (release) and about 50 MiB; as included bytes, next to nothing.
#[derive(Debug, Clone)]
pub struct Table {
    /// The static's name in the generated code.
    pub name: String,
    /// How many numbers make one line of the table.
    pub columns: usize,
    /// Every number, line after line.
    pub words: Vec<u32>,
    /// How many bytes a number takes in the file.
    pub width: Width,
}

/// How a table stores its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Four bytes each, little-endian (errcat-core's `layout::to_bytes`).
    Word,
    /// Two bytes each (`layout::to_half_bytes`): a perfect hash's pilots and
    /// slots, whose numbers fit, in half the cache lines for a lookup to
    /// miss.
    Half,
    /// One byte each: a perfect hash's fingerprints.
    Byte,
}

impl Table {
    /// The file that holds the table, in the catalogue's folder.
    pub fn file(&self) -> String {
        format!("{}.bin", self.name.to_ascii_lowercase())
    }

    /// The file's contents, each number in [`width`](Self::width) bytes.
    pub fn bytes(&self) -> Vec<u8> {
        match self.width {
            Width::Word => errcat_core::layout::to_bytes(&self.words),
            Width::Half => errcat_core::layout::to_half_bytes(&self.words),
            // The generator puts only bytes in such a table.
            Width::Byte => self.words.iter().map(|&word| word as u8).collect(),
        }
    }

    /// How many bytes a number takes in the file.
    pub fn number_bytes(&self) -> usize {
        match self.width {
            Width::Word => 4,
            Width::Half => 2,
            Width::Byte => 1,
        }
    }
}

impl Generated {
    /// Every table as text, a line of numbers per line of the table (a list
    /// is cut into lines of 16): what a golden copy holds, so that review
    /// sees what the bytes say.
    pub fn tables_text(&self) -> String {
        let mut text = String::new();
        for table in &self.tables {
            let per_line = if table.columns == 1 {
                16
            } else {
                table.columns
            };
            text.push_str(&format!(
                "{} ({}, {} numbers{}, {} a line)\n",
                table.name,
                table.file(),
                table.words.len(),
                match table.width {
                    Width::Word => "",
                    Width::Half => " of two bytes",
                    Width::Byte => " of one byte",
                },
                per_line
            ));
            for line in table.words.chunks(per_line) {
                let numbers: Vec<String> = line.iter().map(u32::to_string).collect();
                text.push_str(&numbers.join(" "));
                text.push('\n');
            }
            text.push('\n');
        }
        text
    }
}

/// Renders `catalogue` with `options`; `fingerprint` tells the catalogue's
/// derive macro apart from any other's.
pub fn render(catalogue: &Catalogue, options: &Options, fingerprint: u64) -> Generated {
    let mut code = Code::new(header(catalogue, options));
    let mut tables = Vec::new();
    let paths = items::Paths::new(options);
    items::enums(&mut code, catalogue, options);
    items::metadata(&mut code, catalogue, &paths, options);
    let indexes = tables::text_and_tables(&mut code, &mut tables, catalogue, &paths, options);
    items::trait_impls(&mut code, catalogue, &paths, &indexes);
    items::constructors(&mut code, catalogue, &paths, options);
    derive::include(&mut code, options);
    Generated {
        code: code.finish(),
        derive: derive::render(catalogue, options, fingerprint),
        docs: docs::page(catalogue, options),
        tables,
    }
}

fn header(catalogue: &Catalogue, options: &Options) -> String {
    let header = format!(
        "// @generated by errcat-build {} from {}: the {} error catalogue, version {}.\n\
         // Do not edit: change the catalogue and build again.\n\n",
        env!("CARGO_PKG_VERSION"),
        options.source_name,
        catalogue.metadata.name,
        catalogue.metadata.version,
    );
    // The file's name is the user's, and may hold anything.
    header
        .lines()
        .map(|line| format!("{}\n", crate::emit::comment_text(line)))
        .collect()
}

/// `true` for two bytes a number, `false` for four.
impl From<bool> for Width {
    fn from(narrow: bool) -> Width {
        if narrow { Width::Half } else { Width::Word }
    }
}
